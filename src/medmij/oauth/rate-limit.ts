/**
 * Rule: the back channel (token and revoke endpoints) limits requests per caller IP and per client_id
 * in fixed one-minute windows, so a guessed code or refresh token cannot be tried at speed. Past the
 * limit: 429 with Retry-After and an OAuth-style JSON error (`slow_down`, the name RFC 8628 gives this
 * answer at a token endpoint). Counts live in the node's memory: with several nodes each allows its share.
 * Every refusal is recorded in the audit log first (`onLimited`); when that fails, the answer is a 500.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const WINDOW_MS = 60_000;

/** A fixed-window counter per key. */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
  ) {}

  /** Counts one request; returns the seconds to wait when the key is over its limit, else 0. */
  hit(key: string): number {
    const t = this.now();
    if (this.windows.size > 10_000) {
      for (const [k, w] of this.windows) if (w.resetAt <= t) this.windows.delete(k);
    }
    let w = this.windows.get(key);
    if (!w || w.resetAt <= t) {
      w = { count: 0, resetAt: t + WINDOW_MS };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.limit ? Math.max(1, Math.ceil((w.resetAt - t) / 1000)) : 0;
  }
}

/**
 * A preHandler for the back-channel routes.
 * @param perIp - requests per minute per caller address
 * @param perClient - requests per minute per client_id
 * @param now - clock in epoch ms
 * @param onLimited - records the refusal; false when it could not (the request then fails)
 */
export function backchannelRateLimit(
  perIp: number,
  perClient: number,
  now: () => number,
  onLimited: (request: FastifyRequest) => Promise<boolean> = () => Promise.resolve(true),
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const ips = new WindowCounter(perIp, now);
  const clients = new WindowCounter(perClient, now);
  return async (request, reply) => {
    const body = request.body as Record<string, unknown> | undefined;
    const clientId = typeof body?.client_id === 'string' ? body.client_id : undefined;
    const wait = Math.max(ips.hit(request.ip), clientId === undefined ? 0 : clients.hit(clientId));
    if (wait === 0) return undefined;
    request.log.warn({ event: 'rate_limited', clientId, path: request.url }, 'back-channel rate limit');
    if (!(await onLimited(request))) {
      return reply
        .code(500)
        .header('cache-control', 'no-store')
        .send({ error: 'server_error', error_description: `internal error (trace id ${request.id})` });
    }
    return reply
      .code(429)
      .header('retry-after', String(wait))
      .header('cache-control', 'no-store')
      .send({ error: 'slow_down', error_description: 'too many requests; try again later' });
  };
}
