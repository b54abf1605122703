/**
 * Sends SOAP 1.1 requests to the LSP and returns the parsed answer document: per-request timeout and
 * caller abort, a concurrency limit and a circuit breaker per destination, one retry for queries when the
 * connection failed before any byte was sent, HTTP status and SOAP Fault handling, safe XML parsing with
 * limits. Knows nothing of HL7v3 beyond the envelope.
 */
import type { Agent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseXml, XmlError, type XmlElement } from '../../xml/index.ts';
import { LspError } from '../errors.ts';
import { maskBsns } from '../mask.ts';
import type { CircuitBreakers } from './breaker.ts';
import type { BudgetReader, ByteBudget } from './budget.ts';
import type { Limiter } from './limiter.ts';
import { PostFailure, postSoap, TimeoutReason, type PostResponse } from './post.ts';
import { readSoapFault } from './soap.ts';

export interface SoapTransportSettings {
  url: URL;
  agent: Agent;
  serverName?: string;
  /** Per-request timeout in ms (queue wait included). */
  timeoutMs: number;
  /** Largest answer in bytes. */
  maxResponseBytes: number;
  /** Retries for idempotent requests whose connection failed before a byte was sent. */
  retries: number;
  limiter: Limiter;
  /** The node's byte budget for answers being read (BRUG_LSP_MAX_BUFFERED_BYTES); none = no sum limit. */
  budget?: ByteBudget;
  breakers: CircuitBreakers;
  /** Most elements in an answer document. */
  maxElements?: number;
}

export interface SoapSend {
  /** Destination key for the limiter and the circuit breaker (e.g. the provider's application id). */
  destination: string;
  envelope: string;
  soapAction: string;
  /** True for queries: may be retried when nothing was sent. */
  idempotent: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

function countsAsFailure(e: LspError): boolean {
  return (
    e.kind === 'timeout' ||
    e.kind === 'unreachable' ||
    e.kind === 'tls' ||
    (e.kind === 'http' && (e.httpStatus ?? 0) >= 500)
  );
}

export class SoapTransport {
  /** @param s - endpoint, agent, limits and shared limiter/breakers */
  constructor(private readonly s: SoapTransportSettings) {}

  /**
   * Sends one request and returns the parsed answer document (SOAP envelope or bare).
   * @param req - destination, envelope, SOAPAction, idempotency, signal
   * @throws LspError of every kind but 'refused'
   */
  async send(req: SoapSend): Promise<XmlElement> {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new TimeoutReason(this.s.timeoutMs)), this.s.timeoutMs);
    const onCaller = (): void => ctl.abort(new Error('aborted by caller'));
    req.signal?.addEventListener('abort', onCaller, { once: true });
    if (req.signal?.aborted) onCaller();
    const key = req.destination;
    try {
      if (!this.s.breakers.allow(key)) {
        throw new LspError('unreachable', 'circuit open: recent LSP calls for this destination failed');
      }
      let release: (() => void) | undefined;
      let reader: BudgetReader | undefined;
      try {
        release = await this.s.limiter.acquire(key, ctl.signal, () =>
          ctl.signal.reason instanceof TimeoutReason
            ? new LspError('timeout', `LSP timeout while waiting for a free slot (${this.s.timeoutMs} ms)`)
            : new LspError('aborted', 'LSP request aborted by the caller'),
        );
        // Admitted to the byte budget only once it runs, so every reader is one that reads.
        reader = this.s.budget?.open();
        const res = await this.postWithRetry(req, ctl.signal, reader);
        const doc = this.interpret(res);
        this.s.breakers.success(key);
        return doc;
      } catch (e) {
        const err = e instanceof LspError ? e : new LspError('malformed', String(e), { cause: e });
        if (countsAsFailure(err)) this.s.breakers.failure(key);
        else if (err.kind === 'aborted' || err.kind === 'busy') this.s.breakers.release(key);
        else this.s.breakers.success(key);
        throw err;
      } finally {
        // The answer's bytes count until it is parsed.
        reader?.release();
        release?.();
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCaller);
    }
  }

  private async postWithRetry(
    req: SoapSend,
    signal: AbortSignal,
    budget: BudgetReader | undefined,
  ): Promise<PostResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await postSoap({
          url: this.s.url,
          agent: this.s.agent,
          body: req.envelope,
          soapAction: req.soapAction,
          signal,
          maxBytes: this.s.maxResponseBytes,
          ...(budget ? { budget } : {}),
          ...(this.s.serverName ? { serverName: this.s.serverName } : {}),
          ...(req.headers ? { headers: req.headers } : {}),
        });
      } catch (e) {
        if (!(e instanceof PostFailure)) throw e;
        const retry =
          req.idempotent &&
          !e.mayHaveSent &&
          e.error.kind === 'unreachable' &&
          attempt < this.s.retries &&
          !signal.aborted;
        if (!retry) throw e.error;
        await sleep(50 * 2 ** attempt, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private interpret(res: PostResponse): XmlElement {
    let doc: XmlElement | undefined;
    let parseError: unknown;
    try {
      doc = parseXml(res.body, {
        maxLength: this.s.maxResponseBytes,
        maxElements: this.s.maxElements ?? 1_000_000,
        maxDepth: 256,
      });
    } catch (e) {
      parseError = e;
    }
    const fault = doc ? readSoapFault(doc) : undefined;
    if (fault) {
      throw new LspError('soap-fault', `SOAP fault ${fault.faultCode}: ${fault.faultString}`, {
        faultCode: fault.faultCode,
        httpStatus: res.status,
      });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new LspError('http', `LSP answered HTTP ${res.status}`, { httpStatus: res.status });
    }
    if (!doc) {
      const why = parseError instanceof XmlError ? parseError.message : String(parseError);
      throw new LspError('malformed', `LSP answer is not well-formed XML: ${maskBsns(why)}`, {
        httpStatus: res.status,
        cause: parseError,
      });
    }
    return doc;
  }
}
