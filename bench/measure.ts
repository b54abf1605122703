/**
 * Timing: several named workloads measured in interleaved rounds (each round starting at the next
 * workload), so a noisy neighbour or a clock change hits all of them alike and their ratios stay
 * meaningful. Each round runs a batch of calls
 * sized to take about `roundMs`; the result per workload is the median (and spread) of its rounds.
 */

/** A named piece of work; its return value is kept so the engine cannot drop the call. */
export type Workload = () => unknown;

export interface MeasureOptions {
  /** Rounds per workload (the median is taken over these). */
  rounds: number;
  /** Wall time one batch should take, in milliseconds. */
  roundMs: number;
  /** Wall time spent warming each workload up first, in milliseconds. */
  warmupMs: number;
  /**
   * Which clock `Timing.ms` follows: 'wall' (default) or 'cpu' (this process's user + system time,
   * GC threads included; steadier when other processes compete for the cores).
   */
  clock?: 'wall' | 'cpu';
}

export interface Timing {
  /** Median milliseconds per call over the rounds, on the chosen clock. */
  ms: number;
  /** Median wall and CPU milliseconds per call. */
  wallMs: number;
  cpuMs: number;
  /** Fastest and slowest round, milliseconds per call, on the chosen clock. */
  minMs: number;
  maxMs: number;
  /** Calls per round. */
  batch: number;
  rounds: number;
}

/** Where results go so the engine cannot prove a call useless. */
let sink: unknown;

/** Milliseconds since an arbitrary origin, high resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * The median of a non-empty list of numbers.
 * @param values - the numbers (not changed)
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** Runs fn for about `ms` milliseconds and returns the milliseconds one call takes. */
function calibrate(fn: Workload, ms: number): number {
  let calls = 0;
  const start = nowMs();
  let elapsed = 0;
  do {
    sink = fn();
    calls++;
    elapsed = nowMs() - start;
  } while (elapsed < ms);
  return elapsed / calls;
}

/**
 * Measures workloads in interleaved rounds.
 * @param workloads - name -> work; every one is warmed up, then they take turns, one batch each
 * @param options - rounds, batch duration and warm-up
 * @returns the timing per workload name
 */
export function measure(
  workloads: Record<string, Workload>,
  options: MeasureOptions,
): Record<string, Timing> {
  const names = Object.keys(workloads);
  const batch: Record<string, number> = {};
  for (const name of names) {
    const perCall = calibrate(workloads[name]!, options.warmupMs);
    batch[name] = Math.max(1, Math.round(options.roundMs / Math.max(perCall, 1e-6)));
  }
  const wall: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < options.rounds; r++) {
    // Each round starts at the next workload, so none always runs first or after the same neighbour.
    for (let w = 0; w < names.length; w++) {
      const name = names[(r + w) % names.length]!;
      const fn = workloads[name]!;
      const n = batch[name]!;
      const cpu0 = process.cpuUsage();
      const start = nowMs();
      for (let k = 0; k < n; k++) sink = fn();
      const elapsed = nowMs() - start;
      const used = process.cpuUsage(cpu0);
      wall[name]!.push(elapsed / n);
      cpu[name]!.push((used.user + used.system) / 1000 / n);
    }
  }
  const out: Record<string, Timing> = {};
  for (const name of names) {
    const times = options.clock === 'cpu' ? cpu[name]! : wall[name]!;
    out[name] = {
      ms: median(times),
      wallMs: median(wall[name]!),
      cpuMs: median(cpu[name]!),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      batch: batch[name]!,
      rounds: options.rounds,
    };
  }
  return out;
}

/** The last value a workload returned (only to keep the engine honest; do not rely on it). */
export function lastResult(): unknown {
  return sink;
}
