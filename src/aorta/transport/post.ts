/**
 * One SOAP 1.1 POST over the mutual-TLS agent, with the body size capped while reading and an abort
 * signal (timeout or caller). Reports how far it got, so the caller knows whether a retry is safe.
 */
import { request, type Agent } from 'node:https';
import type { Socket } from 'node:net';
import { LspError } from '../errors.ts';
import type { BudgetReader } from './budget.ts';
import { classifyNetworkError, type Progress } from './classify.ts';

export interface PostRequest {
  url: URL;
  agent: Agent;
  /** The SOAP envelope. */
  body: string;
  soapAction: string;
  /** Aborts the exchange; `reason` decides the error kind (see `abortError`). */
  signal: AbortSignal;
  /** Largest answer body accepted, in bytes. */
  maxBytes: number;
  /** This query's share of the node's byte budget: reading pauses while it says so. */
  budget?: BudgetReader;
  /** SNI name, when not the URL's host. */
  serverName?: string;
  /** Extra request headers (correlation ids). */
  headers?: Record<string, string>;
}

export interface PostResponse {
  status: number;
  contentType: string;
  body: string;
}

/** A failed exchange and whether any request byte may have reached the server. */
export class PostFailure extends Error {
  constructor(
    readonly error: LspError,
    readonly mayHaveSent: boolean,
  ) {
    super(error.message);
  }
}

/** Marks an abort caused by Brug's own timeout (as opposed to the caller's signal). */
export class TimeoutReason extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

function abortError(signal: AbortSignal): LspError {
  const r: unknown = signal.reason;
  if (r instanceof TimeoutReason) return new LspError('timeout', `LSP timeout: ${r.message}`);
  if (r instanceof LspError) return r;
  return new LspError('aborted', 'LSP request aborted by the caller');
}

/**
 * Sends one POST and reads the whole answer (up to `maxBytes`).
 * @param r - the request
 * @returns the status, content type and body text (UTF-8)
 * @throws PostFailure with a classified LspError
 */
export function postSoap(r: PostRequest): Promise<PostResponse> {
  return new Promise((resolve, reject) => {
    const progress: Progress = { tcp: false, tls: false };
    let settled = false;
    const fail = (e: LspError): void => {
      if (settled) return;
      settled = true;
      r.signal.removeEventListener('abort', onAbort);
      reject(new PostFailure(e, progress.tls));
    };
    if (r.signal.aborted) {
      fail(abortError(r.signal));
      return;
    }
    const payload = Buffer.from(r.body, 'utf8');
    const req = request({
      protocol: 'https:',
      hostname: r.url.hostname.replace(/^\[|\]$/g, ''),
      port: r.url.port === '' ? 443 : Number(r.url.port),
      path: `${r.url.pathname}${r.url.search}`,
      method: 'POST',
      agent: r.agent,
      ...(r.serverName ? { servername: r.serverName } : {}),
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        'content-length': String(payload.length),
        soapaction: `"${r.soapAction}"`,
        accept: 'text/xml',
        ...r.headers,
      },
    });
    function onAbort(): void {
      const e = abortError(r.signal);
      fail(e);
      req.destroy(e);
    }
    r.signal.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket: Socket) => {
      if (!socket.connecting) {
        progress.tcp = true;
        progress.tls = true;
        return;
      }
      progress.fresh = true;
      socket.once('connect', () => (progress.tcp = true));
      socket.once('secureConnect', () => (progress.tls = true));
    });
    req.on('error', (err) => fail(classifyNetworkError(err, progress)));
    req.on('response', (res) => {
      progress.response = true;
      const declared = Number(res.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > r.maxBytes) {
        const e = new LspError(
          'malformed',
          `answer of ${declared} bytes exceeds the limit of ${r.maxBytes}`,
          {
            httpStatus: res.statusCode,
          },
        );
        fail(e);
        req.destroy(e);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > r.maxBytes) {
          const e = new LspError('malformed', `answer exceeds the limit of ${r.maxBytes} bytes`, {
            httpStatus: res.statusCode,
          });
          fail(e);
          req.destroy(e);
          return;
        }
        chunks.push(chunk);
        const room = r.budget?.take(chunk.length);
        if (room) {
          res.pause();
          void room.then(() => {
            if (!settled) res.resume();
          });
        }
      });
      res.on('error', (err) => fail(classifyNetworkError(err, progress)));
      res.on('aborted', () => fail(new LspError('unreachable', 'the LSP closed the connection mid-answer')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        r.signal.removeEventListener('abort', onAbort);
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          body: Buffer.concat(chunks, size).toString('utf8'),
        });
      });
    });
    req.end(payload);
  });
}
