/**
 * A concurrency limit per destination: at most `maxActive` calls run at once, up to `maxQueued` wait
 * (first come, first served); beyond that a call is refused at once so load is shed early. A waiting
 * call leaves the queue when its signal aborts.
 */
import { LspError } from '../errors.ts';

export interface LimiterSettings {
  maxActive: number;
  maxQueued: number;
}

interface Lane {
  active: number;
  queue: { start: () => void; cancel: (e: Error) => void }[];
}

export class Limiter {
  private readonly lanes = new Map<string, Lane>();

  /** @param settings - per-destination limits */
  constructor(private readonly settings: LimiterSettings) {}

  /**
   * Waits for a slot for `key`; returns the function that releases it.
   * @param key - the destination
   * @param signal - aborts the wait
   * @param onAbort - makes the error a wait ends with when the signal aborts
   * @throws LspError 'busy' when the queue is full; the signal's error when it aborts while waiting
   */
  acquire(key: string, signal: AbortSignal, onAbort: () => Error): Promise<() => void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { active: 0, queue: [] };
      this.lanes.set(key, lane);
    }
    const l = lane;
    if (signal.aborted) return Promise.reject(onAbort());
    const release = (): void => {
      l.active--;
      const next = l.queue.shift();
      if (next) next.start();
      else if (l.active === 0) this.lanes.delete(key);
    };
    if (l.active < this.settings.maxActive) {
      l.active++;
      return Promise.resolve(release);
    }
    if (l.queue.length >= this.settings.maxQueued) {
      return Promise.reject(
        new LspError('busy', `too many LSP requests waiting for this destination (${l.queue.length})`),
      );
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: (): void => {
          signal.removeEventListener('abort', abort);
          l.active++;
          resolve(release);
        },
        cancel: (e: Error): void => reject(e),
      };
      function abort(): void {
        const i = l.queue.indexOf(entry);
        if (i >= 0) l.queue.splice(i, 1);
        entry.cancel(onAbort());
      }
      signal.addEventListener('abort', abort, { once: true });
      l.queue.push(entry);
    });
  }

  /** Calls running and waiting for `key`. */
  load(key: string): { active: number; queued: number } {
    const l = this.lanes.get(key);
    return { active: l?.active ?? 0, queued: l?.queue.length ?? 0 };
  }
}
