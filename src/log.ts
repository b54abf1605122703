/**
 * Structured JSON logs (pino) to stderr, so `brug` commands keep stdout for their answer. Request and
 * correlation ids travel as fields on every line written while a request is handled: Fastify's request
 * logger carries them as bindings (see `requestLogBindings`), and any other logger (the LSP client, the
 * services, the OAuth routes' logger) gets them from the request's async context (`logContext`), so an
 * LSP call line names the PGO request it serves. BSNs must never be logged: fields that could carry one
 * are redacted as a second line of defence, and `maskBsn` masks nine-digit runs in free text.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** The ids that tie a log line to one request. */
export interface LogIds {
  /** Brug's id of the request (Fastify's `request.id`): the MedMij-Request-ID when sent, else a UUID. */
  reqId: string;
  /** `MedMij-Request-ID` as the PGO sent it (header; query parameter on authorize). */
  requestId?: string;
  /** `X-Correlation-ID` as the PGO sent it (header; query parameter on authorize). */
  correlationId?: string;
}

/** The ids of the request being handled, for log lines written outside Fastify's request logger. */
export const logContext = new AsyncLocalStorage<LogIds>();

/** Request loggers already carry the ids as bindings: the mixin leaves them alone (no duplicate keys). */
const requestLoggers = new WeakSet<object>();

/**
 * Marks a logger as a request's own (it carries the ids itself).
 * @param logger - a child made for one request
 */
export function markRequestLogger(logger: object): void {
  requestLoggers.add(logger);
}

/** An id as MedMij sends it: short, printable, no spaces; nine-digit runs masked like any text. */
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

function cleanId(v: unknown): string | undefined {
  const s = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof s === 'string' && ID.test(s) ? maskBsn(s) : undefined;
}

/**
 * The MedMij trace ids of a raw request: headers, or query parameters on `/oauth/authorize` (the
 * browser cannot send headers there; DESIGN.md). Malformed ids are dropped, never refused.
 * @param req - the raw request
 */
export function traceIdsOf(req: IncomingMessage): { requestId?: string; correlationId?: string } {
  const out: { requestId?: string; correlationId?: string } = {};
  let requestId = cleanId(req.headers['medmij-request-id']);
  let correlationId = cleanId(req.headers['x-correlation-id']);
  const url = req.url ?? '';
  if (url.startsWith('/oauth/authorize?')) {
    try {
      const q = new URLSearchParams(url.slice(url.indexOf('?') + 1));
      requestId ??= cleanId(q.get('MedMij-Request-ID') ?? undefined);
      correlationId ??= cleanId(q.get('X-Correlation-ID') ?? undefined);
    } catch {
      // an unreadable query carries no ids
    }
  }
  if (requestId !== undefined) out.requestId = requestId;
  if (correlationId !== undefined) out.correlationId = correlationId;
  return out;
}

/**
 * Brug's request id: the MedMij-Request-ID header when it is id-shaped, else a fresh UUID (Fastify's
 * `genReqId`; the raw header is never logged unchecked).
 * @param req - the raw request
 */
export function requestIdOf(req: IncomingMessage): string {
  return cleanId(req.headers['medmij-request-id']) ?? crypto.randomUUID();
}

/**
 * Creates the process logger.
 * @param level - pino level, or 'silent'
 * @param name - the component ('brug', 'sim-lsp', ...)
 * @param destination - where lines go (tests capture them); default stderr
 */
export function createLogger(level: string, name = 'brug', destination?: DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: {
        paths: [
          'bsn',
          '*.bsn',
          'req.headers.authorization',
          'req.headers.cookie',
          'patientId',
          '*.patientId',
        ],
        censor: '[redacted]',
      },
      // Lines written while a request is handled carry its ids, whichever logger writes them.
      mixin: (_merge, _level, logger) => {
        const ids = logContext.getStore();
        return ids === undefined || requestLoggers.has(logger) ? {} : ids;
      },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

/** Replaces every run of exactly nine digits (a possible BSN) by XXXXXXXXX. */
export function maskBsn(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, 'XXXXXXXXX');
}
