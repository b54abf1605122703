/**
 * The LSP side of a search's audit record: which HL7v3 interactions were asked, under which message
 * ids, and which LSP codes came back. The LSP client is wrapped so that every query gets a message id
 * Brug chooses (and so can record) and its outcome is noted on the trail of the search it runs in
 * (AsyncLocalStorage follows the search through `services/`); the FHIR edge's record then takes the
 * trail by the search's token context, which is one object per request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { LspAnswer, LspClient, LspQuery } from '../aorta/index.ts';
import type { SearchSource } from '../medmij/fhir/index.ts';
import type { LspExchange } from './record.ts';

/** The LSP codes an answer carries: acknowledgement details, detected issues, the LSP's own issues. */
export function answerCodes(answer: LspAnswer): string[] {
  const codes = new Set<string>();
  for (const p of answer.parts) {
    if (p.queryResponseCode !== undefined && p.queryResponseCode !== 'OK') codes.add(p.queryResponseCode);
    for (const i of p.issues) if (i.code !== '') codes.add(i.code);
  }
  for (const i of answer.lspIssues ?? []) if (i.code !== '') codes.add(i.code);
  return [...codes];
}

/**
 * What one failed exchange records: the error's kind and codes (LspError), else only that it failed.
 * @param e - what the LSP client threw
 */
export function failedExchange(e: unknown): Pick<LspExchange, 'error' | 'codes'> {
  const kind = (e as { kind?: unknown }).kind;
  const codes = (e as { codes?: unknown }).codes;
  return {
    error: typeof kind === 'string' ? kind : 'failed',
    ...(Array.isArray(codes) && codes.length > 0 ? { codes: codes.map(String) } : {}),
  };
}

/**
 * Asks the LSP and notes the exchange on `trail`.
 * @param lsp - the LSP client
 * @param q - the query (its message id is chosen here when absent)
 * @param trail - where the exchange is noted
 * @param signal - aborts the query
 */
export async function askRecorded(
  lsp: LspClient,
  q: LspQuery,
  trail: LspExchange[],
  signal?: AbortSignal,
): Promise<LspAnswer> {
  const messageId = q.messageId ?? randomUUID();
  try {
    const answer = await lsp.query({ ...q, messageId }, signal);
    const codes = answerCodes(answer);
    trail.push({ interaction: q.interaction, messageId, ...(codes.length > 0 ? { codes } : {}) });
    return answer;
  } catch (e) {
    trail.push({ interaction: q.interaction, messageId, ...failedExchange(e) });
    throw e;
  }
}

export interface LspTrail {
  /** The LSP client to give `services/`: records each query on the current search's trail. */
  lsp(client: LspClient): LspClient;
  /** The search source to give the FHIR routes: runs each search with a trail of its own. */
  search(source: SearchSource): SearchSource;
  /** The trail of the search made with this token context (once; then forgotten). */
  take(token: object | undefined): LspExchange[] | undefined;
}

/** One trail keeper per gateway. */
export function createLspTrail(): LspTrail {
  const current = new AsyncLocalStorage<LspExchange[]>();
  const byToken = new WeakMap<object, LspExchange[]>();
  return {
    lsp: (client) => ({
      query: (q, signal) => {
        const trail = current.getStore();
        return trail ? askRecorded(client, q, trail, signal) : client.query(q, signal);
      },
      ping: () => client.ping(),
      close: () => client.close(),
    }),
    search: (source) => (req, signal) => {
      const trail: LspExchange[] = [];
      byToken.set(req.token, trail);
      return current.run(trail, () => source(req, signal));
    },
    take: (token) => {
      if (token === undefined) return undefined;
      const trail = byToken.get(token);
      byToken.delete(token);
      return trail;
    },
  };
}
