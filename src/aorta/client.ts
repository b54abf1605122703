/**
 * The LSP client: builds the HL7v3 query for one patient and one provider, sends it in SOAP over mutual
 * TLS, parses the answer and keeps only the addressed provider's parts. Logs carry ids, never a BSN.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { LspError } from './errors.ts';
import { buildQuery, type BuiltQuery } from './hl7v3/build-query.ts';
import type { Addressing, SenderIdentity } from './hl7v3/identity.ts';
import { parseAnswer } from './hl7v3/parse-answer.ts';
import { soapActionFor } from './soap-actions.ts';
import { createLspAgent, loadTlsMaterial, probeTls } from './transport/agent.ts';
import { CircuitBreakers } from './transport/breaker.ts';
import { ByteBudget } from './transport/budget.ts';
import { Limiter } from './transport/limiter.ts';
import { SoapTransport } from './transport/soap-client.ts';
import { soapEnvelope } from './transport/soap.ts';
import type { LspAnswer, LspClient, LspQuery } from './types.ts';
import { createTokenHeader } from './token/sign.ts';
import type { AortaTokenOptions } from './token/token.ts';

export interface LspClientOptions {
  /** Largest answer accepted, in bytes; a larger one is an LspError 'malformed'. Default 20 MB. */
  maxResponseBytes: number;
  /** Queries running at once per provider. Default 32. */
  maxConcurrentPerDestination: number;
  /** Queries waiting per provider before new ones fail with 'busy'. Default 512. */
  maxQueuedPerDestination: number;
  /** Queries running at once over all providers (the node's limit; BRUG_LSP_MAX_ACTIVE). Default: no limit beyond per provider. */
  maxConcurrentTotal?: number;
  /** Queries waiting over all providers before new ones fail with 'busy' (BRUG_LSP_MAX_QUEUED). Default: no limit beyond per provider. */
  maxQueuedTotal?: number;
  /** Answer bytes all queries in flight may hold together (BRUG_LSP_MAX_BUFFERED_BYTES); beyond it new queries fail with 'busy'. Default: no limit beyond the per-answer one. */
  maxBufferedBytes?: number;
  /** Consecutive failures (timeout, unreachable, TLS, HTTP 5xx) that open a provider's circuit. Default 5. */
  breakerThreshold: number;
  /** How long an open circuit refuses calls, ms. Default 30 000. */
  breakerResetMs: number;
  /** Retries of a query whose connection failed before a byte was sent. Default 1. */
  retries: number;
  /** Sockets open at once toward the LSP. Default 256. */
  maxSockets: number;
  /** Brug's organization name in the query author. */
  organizationName?: string;
  /** Brug's UZI server certificate number, written as a second author device id. */
  uziServerId?: string;
  /** How a query names its provider (see SenderIdentity.addressing; [U]). Default 'lsp'. */
  addressing: Addressing;
  /** processingCode P/T/D. Default P. */
  processingCode: 'P' | 'T' | 'D';
  /** responseModalityCode R/B. Default B. */
  responseModalityCode: 'R' | 'B';
  /** SOAPAction per interaction, overriding the defaults (soap-actions.ts). */
  soapActions: Record<string, string>;
  /**
   * The signed AORTA authentication token in the SOAP header (token/): its shape options, or false to
   * send no token. Default: as BRUG_LSP_AORTA_TOKEN (`lsp.aortaToken`) says, signed with the LSP client
   * key and certificate.
   */
  token?: Partial<AortaTokenOptions> | false;
  /** Custom SOAP header blocks for a query; replaces the token when given. */
  securityHeader?: (query: LspQuery, built: BuiltQuery) => string;
}

export const DEFAULT_LSP_CLIENT_OPTIONS: LspClientOptions = {
  maxResponseBytes: 20 * 1024 * 1024,
  maxConcurrentPerDestination: 32,
  maxQueuedPerDestination: 512,
  breakerThreshold: 5,
  breakerResetMs: 30_000,
  retries: 1,
  maxSockets: 256,
  addressing: 'lsp',
  processingCode: 'P',
  responseModalityCode: 'B',
  soapActions: {},
};

export interface LspClientDeps {
  logger?: Logger;
  options?: Partial<LspClientOptions>;
  /** Told of every query when it ends (metrics/): interaction, duration, and the error if it failed. */
  observe?: (o: { interaction: string; ms: number; error?: unknown }) => void;
}

/**
 * The token option for a BRUG_LSP_AORTA_TOKEN value.
 * @param setting - `signed`, `signed-no-patient` or `off`
 */
function tokenSetting(setting: Config['lsp']['aortaToken']): Partial<AortaTokenOptions> | false {
  if (setting === 'off') return false;
  return setting === 'signed-no-patient' ? { includePatientAuthentication: false } : {};
}

/**
 * Creates the LSP client. Reads the TLS files now (a missing file throws at start-up, not per request).
 * @param lsp - the `lsp` section of the configuration
 * @param deps - logger and options
 */
export function createLspClient(lsp: Config['lsp'], deps: LspClientDeps = {}): LspClient {
  const o: LspClientOptions = { ...DEFAULT_LSP_CLIENT_OPTIONS, ...deps.options };
  const url = new URL(lsp.url);
  const serverName = lsp.serverName ?? url.hostname.replace(/^\[|\]$/g, '');
  const tls = loadTlsMaterial(lsp, serverName);
  const agent = createLspAgent(tls, o.maxSockets);
  const log = deps.logger?.child({ component: 'aorta' });
  const token = o.token ?? tokenSetting(lsp.aortaToken);
  const securityHeader =
    o.securityHeader ?? (token === false ? undefined : createTokenHeader(lsp, lsp.lspApplicationId, token));
  const transport = new SoapTransport({
    url,
    agent,
    serverName,
    timeoutMs: lsp.timeoutMs,
    maxResponseBytes: o.maxResponseBytes,
    retries: o.retries,
    limiter: new Limiter({
      maxActive: o.maxConcurrentPerDestination,
      maxQueued: o.maxQueuedPerDestination,
      ...(o.maxConcurrentTotal === undefined ? {} : { maxActiveTotal: o.maxConcurrentTotal }),
      ...(o.maxQueuedTotal === undefined ? {} : { maxQueuedTotal: o.maxQueuedTotal }),
    }),
    ...(o.maxBufferedBytes === undefined ? {} : { budget: new ByteBudget(o.maxBufferedBytes) }),
    breakers: new CircuitBreakers({ threshold: o.breakerThreshold, resetMs: o.breakerResetMs }),
  });
  const identity: SenderIdentity = {
    applicationId: lsp.applicationId,
    ura: lsp.ura,
    lspApplicationId: lsp.lspApplicationId,
    addressing: o.addressing,
    processingCode: o.processingCode,
    responseModalityCode: o.responseModalityCode,
    ...(o.organizationName ? { organizationName: o.organizationName } : {}),
    ...(o.uziServerId ? { uziServerId: o.uziServerId } : {}),
  };

  async function query(q: LspQuery, signal?: AbortSignal): Promise<LspAnswer> {
    const started = Date.now();
    const built = buildQuery(identity, {
      interaction: q.interaction,
      bsn: q.bsn,
      target: q.target,
      ...(q.parameters ? { parameters: q.parameters } : {}),
      ...(q.messageId ? { uniqueId: q.messageId } : {}),
    });
    const ctx = {
      interaction: q.interaction,
      provider: q.target.applicationId,
      ura: q.target.ura,
      messageId: built.messageId.extension,
      requestId: q.requestId,
      correlationId: q.correlationId,
    };
    const headers: Record<string, string> = {};
    if (q.correlationId) headers['x-correlation-id'] = q.correlationId;
    try {
      const header = securityHeader ? securityHeader(q, built) : '';
      const doc = await transport.send({
        destination: q.target.applicationId || q.target.ura,
        envelope: soapEnvelope(built.xml, header),
        soapAction: soapActionFor(q.interaction, o.soapActions),
        idempotent: true,
        headers,
        ...(signal ? { signal } : {}),
      });
      const answer = parseAnswer(doc, { target: q.target, lspApplicationId: lsp.lspApplicationId });
      log?.info(
        {
          ...ctx,
          ms: Date.now() - started,
          parts: answer.parts.length,
          dropped: answer.droppedParts,
          responseCodes: answer.parts.map((p) => p.queryResponseCode ?? p.ackType),
          lspCodes: (answer.lspIssues ?? []).map((i) => i.code),
        },
        'LSP query answered',
      );
      deps.observe?.({ interaction: q.interaction, ms: Date.now() - started });
      return answer;
    } catch (e) {
      if (e instanceof LspError) {
        log?.warn(
          { ...ctx, ms: Date.now() - started, kind: e.kind, codes: e.codes, err: e.message },
          'LSP query failed',
        );
      }
      deps.observe?.({ interaction: q.interaction, ms: Date.now() - started, error: e });
      throw e;
    }
  }

  return {
    query,
    ping: () => probeTls(url, tls, Math.min(lsp.timeoutMs, 5000)),
    close: () => agent.destroy(),
  };
}
