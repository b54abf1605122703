/**
 * autocannon runs (in the bench process) and the few figures taken from each: requests per second,
 * latency percentiles, errors (non-2xx answers plus socket errors and timeouts).
 */
import autocannon from 'autocannon';

export interface CannonOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds to run; ignored when `amount` is given. */
  duration?: number;
  /** Requests in all, then stop. */
  amount?: number;
  /** Seconds before a request counts as timed out. Default 10. */
  timeout?: number;
}

export interface CannonFigures {
  requests: number;
  /** Average requests per second over the run. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  timeouts: number;
  seconds: number;
  /** Answers per HTTP status. */
  statuses: Record<string, number>;
}

/**
 * Runs autocannon once.
 * @param o - target, headers, connections and how long
 */
export async function cannon(o: CannonOptions): Promise<CannonFigures> {
  // Which socket errors, by code: a reset, a refused connect and a timeout mean different things.
  const errorCodes: Record<string, number> = {};
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        headers: o.headers,
        connections: o.connections,
        timeout: o.timeout ?? 10,
        ...(o.amount === undefined ? { duration: o.duration ?? 10 } : { amount: o.amount }),
      },
      (err: unknown, result: autocannon.Result) =>
        err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve(result),
    );
    instance.on('reqError', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? e.message.slice(0, 40);
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
    });
  });
  return {
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
    statuses: {
      ...Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, v]) => [code, v.count ?? 0])),
      ...errorCodes,
    },
  };
}

/** Figures of several runs against the same target as one: summed counts, mean rate, worst percentiles. */
export function combine(runs: readonly CannonFigures[]): CannonFigures {
  const sum = (f: (r: CannonFigures) => number): number => runs.reduce((s, r) => s + f(r), 0);
  const worst = (f: (r: CannonFigures) => number): number => Math.max(...runs.map(f));
  return {
    requests: sum((r) => r.requests),
    rps: sum((r) => r.rps) / runs.length,
    p50: worst((r) => r.p50),
    p99: worst((r) => r.p99),
    max: worst((r) => r.max),
    ok: sum((r) => r.ok),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds: worst((r) => r.seconds),
    statuses: runs.reduce<Record<string, number>>((acc, r) => {
      for (const [code, n] of Object.entries(r.statuses)) acc[code] = (acc[code] ?? 0) + n;
      return acc;
    }, {}),
  };
}
