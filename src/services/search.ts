/**
 * Answering a FHIR search from the LSP: find the provider the token is for, ask its system the HL7v3
 * query the data service declares (addressed to that provider only), translate every part of the
 * answer that came from it, and hand the pool of resources to the FHIR layer. LSP failures become
 * FHIR errors here, by the rules in `lsp-outcome.ts`.
 */
import type * as fhir from 'fhir';
import type { LspAnswer, LspClient, LspErrorKind, LspIssue } from '../aorta/index.ts';
import { LspError, maskBsns } from '../aorta/index.ts';
import {
  FhirError,
  notFound,
  operationOutcome,
  type PooledResource,
  type SearchRequest,
  type SearchResult,
  type SearchSource,
} from '../medmij/fhir/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { TranslationError, type TranslatedResource } from '../translate/index.ts';
import type { XmlElement } from '../xml/index.ts';
import { queriesOf, type LspFeed, type SearchBinding } from './binding.ts';
import type { Registry } from './registry.ts';
import { selectBindings } from './route.ts';
import { isAuthorizationRefusal, ruleFor, type LspOutcomeRule } from './lsp-outcome.ts';

export interface SearchSourceDeps {
  store: Store;
  lsp: LspClient;
  registry: Registry;
  logger: Logger;
}

/** Longest LSP text passed on as `diagnostics`. */
const MAX_DIAGNOSTICS = 500;

/**
 * The OperationOutcome issue for one LSP code: VZVZ's issue code, our text, the code itself, and the
 * LSP's own text (BSNs masked again here, whatever `aorta/` did) as `diagnostics`.
 */
function lspIssue(
  severity: 'error' | 'warning',
  issue: LspIssue,
  rule: LspOutcomeRule,
): fhir.OperationOutcomeIssue {
  const out: fhir.OperationOutcomeIssue = {
    severity,
    code: rule.issueCode,
    details: {
      coding: [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.6.1.1000', code: issue.code, display: issue.code }],
      text: rule.text,
    },
  };
  const text = issue.text?.trim();
  if (text) out.diagnostics = maskBsns(text).slice(0, MAX_DIAGNOSTICS);
  return out;
}

/** One OperationOutcome for LSP issues; an issue repeated (same code and text) is listed once. */
function outcomeFor(severity: 'error' | 'warning', issues: LspIssue[]): fhir.OperationOutcome {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = `${i.code}\u0000${i.text ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    resourceType: 'OperationOutcome',
    issue: unique.map((i) => lspIssue(severity, i, ruleFor(i.code))),
  };
}

/** Transport failures: HTTP status, OperationOutcome issue code and the text the PGO's user reads. */
const TRANSPORT_FAILURES: Readonly<Record<Exclude<LspErrorKind, 'refused'>, [number, string, string]>> = {
  timeout: [504, 'timeout', 'Het LSP antwoordde niet op tijd.'],
  aborted: [504, 'timeout', 'De vraag aan het LSP is afgebroken.'],
  unreachable: [503, 'transient', 'Het LSP is nu niet bereikbaar.'],
  busy: [503, 'throttled', 'Het LSP is nu te druk; probeer het later opnieuw.'],
  tls: [502, 'security', 'De beveiligde verbinding met het LSP mislukte.'],
  'soap-fault': [502, 'exception', 'Het LSP meldde een fout (SOAP fault).'],
  http: [502, 'exception', 'Het LSP gaf een onverwacht antwoord.'],
  malformed: [502, 'structure', 'Het antwoord van het LSP was onleesbaar.'],
};

/** Maps a failed LSP call to the FHIR error the PGO gets. */
export function fhirErrorForLsp(e: LspError): FhirError {
  if (e.kind === 'refused') {
    const codes = e.codes.length > 0 ? e.codes : ['OTHER'];
    return statusForIssues(
      codes.map((code) => ({ code })),
      e.message,
    );
  }
  const [status, issue, text] = TRANSPORT_FAILURES[e.kind];
  return new FhirError(
    status,
    {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: issue,
          details: { coding: [{ system: 'urn:brug:lsp-failure', code: e.kind, display: e.kind }], text },
        },
      ],
    },
    status === 503 ? { 'Retry-After': '30' } : {},
    e.message,
  );
}

/**
 * One error for the issues of an answer in which no source answered. Authorization refusals (AUTERR_*)
 * give 403 only when every issue is one; otherwise the LSP side failed: 504 when anything timed out,
 * else the highest 5xx of the codes (503 carries Retry-After).
 */
function statusForIssues(issues: LspIssue[], detail: string): FhirError {
  // A code that is no refusal is a failure behind Brug: never a 4xx, whatever its rule says.
  const failures = issues
    .filter((i) => !isAuthorizationRefusal(i.code))
    .map((i) => Math.max(ruleFor(i.code).status, 502));
  const status = failures.length === 0 ? 403 : failures.includes(504) ? 504 : Math.max(...failures);
  return new FhirError(
    status,
    outcomeFor('error', issues),
    status === 503 ? { 'Retry-After': '30' } : {},
    detail,
  );
}

function withCodes(issues: LspIssue[]): LspIssue[] {
  return issues.filter((i) => i.code !== '');
}

/** How the parts of an answer become resources: the translators per answer interaction, the reduce. */
export interface AnswerPlan {
  translate: (message: XmlElement) => TranslatedResource[];
  reduce?: (pool: TranslatedResource[]) => TranslatedResource[];
}

/**
 * The plan for a set of bindings: each answer part goes to the feeds that declare its interaction
 * (parts of other interactions give nothing: a GP batch may carry other building blocks), and the
 * bindings' reduces run one after the other.
 * @param bindings - the bindings that answer the search
 */
export function planFor(bindings: readonly SearchBinding[]): AnswerPlan {
  const byResponse = new Map<string, LspFeed['translate'][]>();
  for (const f of bindings.flatMap((b) => b.feeds)) {
    const list = byResponse.get(f.response) ?? [];
    if (!list.includes(f.translate)) list.push(f.translate);
    byResponse.set(f.response, list);
  }
  const reduces = bindings.flatMap((b) => (b.reduce ? [b.reduce] : []));
  return {
    translate: (message) => (byResponse.get(message.name) ?? []).flatMap((t) => t(message)),
    ...(reduces.length === 0
      ? {}
      : { reduce: (pool: TranslatedResource[]) => reduces.reduce((p, r) => r(p), pool) }),
  };
}

/** What one LSP answer gave: how many parts answered (data or "no data"), and the issues. */
interface AnswerTally {
  answered: number;
  issues: LspIssue[];
}

/**
 * Translates the answering parts of one answer into `pool` (each resource once, by fullUrl) and
 * tallies the rest: parts that failed, and the LSP's own issues.
 */
function collect(
  answer: LspAnswer,
  plan: AnswerPlan,
  pool: PooledResource[],
  seen: Set<string>,
): AnswerTally {
  const failed: LspIssue[] = [];
  let answered = 0;
  for (const part of answer.parts) {
    const ok = part.ackType === 'AA' || part.ackType === 'CA';
    const qrc = part.queryResponseCode ?? 'OK';
    if (ok && (qrc === 'OK' || qrc === 'NF')) {
      answered++;
      if (qrc === 'NF') continue;
      let resources;
      try {
        resources = plan.translate(part.message);
      } catch (e) {
        if (e instanceof TranslationError) {
          throw new FhirError(
            502,
            operationOutcome('error', 'structure', 'Het antwoord van de bron kon niet worden vertaald.'),
            {},
            `translation failed at ${e.location}: ${e.message}`,
          );
        }
        throw e;
      }
      for (const r of resources) {
        if (seen.has(r.fullUrl)) continue;
        seen.add(r.fullUrl);
        pool.push(r);
      }
    } else {
      const issues = withCodes(part.issues);
      failed.push(...(issues.length > 0 ? issues : [{ code: 'OTHER' }]));
    }
  }
  return { answered, issues: [...failed, ...withCodes(answer.lspIssues ?? [])] };
}

/**
 * Turns the answers to a search's queries into the pool, or into an error.
 *
 * Per answer: parts that answered (data or "no data") count; an answer in which nothing answered
 * but issues came back is unanswered. The search fails when an answer is unanswered and no resource
 * came from any answer: "no data" from one building block does not speak for another that could not
 * be asked (a refusal of the 6.12 query next to MP 9 "no data" is still the refusal). With data, the
 * failures and issues become a warning OperationOutcome beside it (a partial answer).
 * @param answers - the answers, in query order (one for most searches)
 * @param plan - translators per interaction and the reduce
 */
export function poolFromAnswers(answers: readonly LspAnswer[], plan: AnswerPlan): SearchResult {
  const pool: PooledResource[] = [];
  const seen = new Set<string>();
  const unanswered: LspIssue[] = [];
  const warnings: LspIssue[] = [];
  for (const answer of answers) {
    const tally = collect(answer, plan, pool, seen);
    (tally.answered === 0 ? unanswered : warnings).push(...tally.issues);
  }
  const kept = plan.reduce ? plan.reduce(pool) : pool;
  const all = [...unanswered, ...warnings];
  if (unanswered.length > 0 && kept.length === 0) throw statusForIssues(all, 'no source answered');
  return { pool: kept, warnings: all.length > 0 ? [outcomeFor('warning', all)] : [] };
}

/**
 * The LSP questions of a search: each query of the chosen bindings once, with the LSP parameters the
 * first binding that sends it derives from the search (narrowing; every narrowing only drops what the
 * FHIR filter drops anyway).
 * @param bindings - the chosen bindings
 * @param params - the validated search parameters
 */
export function questionsFor(
  bindings: readonly SearchBinding[],
  params: [string, string][],
): { interaction: string; parameters: Record<string, unknown> }[] {
  const out = new Map<string, Record<string, unknown>>();
  for (const b of bindings)
    for (const q of queriesOf(b)) if (!out.has(q)) out.set(q, b.narrow?.(params) ?? {});
  return [...out].map(([interaction, parameters]) => ({ interaction, parameters }));
}

/**
 * The `SearchSource` the FHIR layer calls: it knows the registry, the store and the LSP client.
 * @param deps - store, LSP client, registry, logger
 */
export function createSearchSource(deps: SearchSourceDeps): SearchSource {
  return async (req: SearchRequest, signal?: AbortSignal): Promise<SearchResult> => {
    const service = deps.registry.get(req.serviceId);
    const ofType = service?.searches.filter((s) => s.resourceType === req.resourceType) ?? [];
    if (!service || ofType.length === 0) {
      throw notFound(`Deze gegevensdienst biedt geen ${req.resourceType}.`);
    }
    const provider = await deps.store.providers.get(req.provider);
    const target = provider?.applicationIds[0];
    if (!provider || provider.status !== 'live' || target === undefined) {
      throw notFound('Deze zorgaanbieder is niet (meer) bereikbaar via Brug.');
    }
    const chosen = selectBindings(ofType, req.params);
    // A category no binding of this type answers: nothing can match, and nothing is asked.
    if (chosen.length === 0) return { pool: [], warnings: [] };
    // One failed query fails the search: its siblings are called off, so a search refused for want
    // of a slot leaves no queries of its own behind in the queue or on the way to the LSP.
    const siblings = new AbortController();
    const querySignal = signal ? AbortSignal.any([signal, siblings.signal]) : siblings.signal;
    let answers: LspAnswer[];
    try {
      answers = await Promise.all(
        questionsFor(chosen, req.params).map(({ interaction, parameters }) =>
          deps.lsp
            .query(
              {
                interaction,
                bsn: req.token.bsn,
                target: { applicationId: target, ura: provider.ura },
                auth: req.token.auth,
                parameters,
                requestId: req.requestId,
                correlationId: req.correlationId,
              },
              querySignal,
            )
            .catch((e: unknown) => {
              siblings.abort();
              throw e;
            }),
        ),
      );
    } catch (e) {
      if (e instanceof LspError) {
        deps.logger.warn(
          { kind: e.kind, codes: e.codes, provider: provider.naam, requestId: req.requestId },
          'LSP query failed',
        );
        throw fhirErrorForLsp(e);
      }
      throw e;
    }
    return poolFromAnswers(answers, planFor(chosen));
  };
}
