/**
 * Deciding what the simulator answers to one query: which provider(s) answer, which file (or none),
 * and the error answer for `error-ack`. Pure apart from reading answer files through the cache.
 */
import type { XmlElement } from '../../xml/index.ts';
import { INDEX_INTERACTION } from '../../services/interactions.ts';
import { QUERY_INTERACTIONS, responsesFor, type QueryInteraction } from '../../services/lsp-table.ts';
import { dataAnswer, emptyAnswer, type AnswerContext, type AnswerFiles } from './answers.ts';
import { wrapBatch } from './batch.ts';
import type { PatientEntry } from './manifest.ts';
import type { ReceivedQuery } from './query.ts';
import type { Source } from './stamp.ts';

export interface Providers {
  /** Providers the simulator knows (application id + URA), e.g. the demo providers. */
  known: Source[];
  /** Used when the query names no provider and `known` is empty, or to complete a partial one. */
  fallback: Source;
}

/** How the answering provider(s) were found, for logs. */
export type ProviderChoice = 'query' | 'known' | 'all-known' | 'default';

/**
 * The providers that answer a query. A query that names a provider (receiver application id or a
 * URA) gets that one, completed from `known`; one that names none is answered by every known
 * provider (as the LSP asks every source), or by the fallback when none are known.
 * @param q - the query
 * @param p - known providers and the fallback
 */
export function answeringProviders(
  q: ReceivedQuery,
  p: Providers,
): { providers: Source[]; how: ProviderChoice } {
  const { applicationId, ura } = q.provider;
  if (applicationId !== undefined || ura !== undefined) {
    const match = p.known.find((k) =>
      applicationId !== undefined ? k.applicationId === applicationId : k.ura === ura,
    );
    if (match)
      return { providers: [{ applicationId: match.applicationId, ura: ura ?? match.ura }], how: 'known' };
    return {
      providers: [{ applicationId: applicationId ?? p.fallback.applicationId, ura: ura ?? p.fallback.ura }],
      how: 'query',
    };
  }
  if (p.known.length > 0) return { providers: [...p.known], how: 'all-known' };
  return { providers: [p.fallback], how: 'default' };
}

/** The LSP index query Brug's availability check sends (services/interactions.ts). */
const INDEX_QUERY = INDEX_INTERACTION.query;

export interface Decision {
  /** The HL7v3 answer, or undefined for an unknown query interaction. */
  answer?: XmlElement;
  /** NF, OK (data), or AE (error-ack). */
  result: 'NF' | 'OK' | 'AE';
  response?: string;
  how: ProviderChoice;
}

/**
 * Builds the answer to a query.
 * @param q - the query
 * @param entry - the patient's manifest entry, if the BSN is known
 * @param errorCode - an LSP error code to answer with (error-ack fault), if any
 * @param ctx - clock (ctx.provider is replaced per answering provider)
 * @param files - answer file cache
 * @param p - providers
 * @param lspApplicationId - the LSP's application id (batch sender)
 * @param table - the query -> answer table of the running registry (default: every shipped binding)
 */
export function decide(
  q: ReceivedQuery,
  entry: PatientEntry | undefined,
  errorCode: string | undefined,
  ctx: Omit<AnswerContext, 'provider'>,
  files: AnswerFiles,
  p: Providers,
  lspApplicationId: string,
  table: readonly QueryInteraction[] = QUERY_INTERACTIONS,
): Decision {
  const responses = responsesFor(q.interaction, table);
  const { providers, how } = answeringProviders(q, p);
  if (!responses || responses.length === 0) return { result: 'NF', how };
  const chosen = entry && responses.flatMap((r) => entry.answers.filter((a) => a.interaction === r))[0];
  // The index query (availability check) asks only whether there is data: OK without content when the
  // patient has an answer with data (a part with queryResponseCode OK), NF otherwise. [UNVERIFIED] the real index answer's payload; none is sent.
  const indexed =
    q.interaction === INDEX_QUERY &&
    entry !== undefined &&
    entry.answers.some((a) => /<(?:\w+:)?queryResponseCode\s+code="OK"/.test(files.get(a.file)));
  const per = (provider: Source): XmlElement => {
    const c: AnswerContext = { ...ctx, provider };
    if (errorCode) return emptyAnswer(responses[0]!, c, errorCode, lspApplicationId);
    if (indexed) return emptyAnswer(responses[0]!, c, undefined, lspApplicationId, true);
    return entry && chosen ? dataAnswer(files, entry, chosen, c) : emptyAnswer(responses[0]!, c);
  };
  const result = errorCode ? 'AE' : chosen || indexed ? 'OK' : 'NF';
  const base = { result, how, response: chosen?.interaction ?? responses[0]! } as const;
  // An entry that keeps its sources is served as the file has it, once; an LSP error comes once.
  if (entry?.keepSources || errorCode || providers.length === 1)
    return { ...base, answer: per(providers[0]!) };
  return {
    ...base,
    answer: wrapBatch(providers.map(per), { ...ctx, provider: providers[0]! }, lspApplicationId),
  };
}
