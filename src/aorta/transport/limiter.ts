/**
 * Back-pressure toward the LSP: at most `maxActive` calls run at once per destination and
 * `maxActiveTotal` over all destinations (the node's limit), and up to `maxQueued` per destination and
 * `maxQueuedTotal` in all wait, first come, first served. Beyond that a call is refused at once
 * (LspError 'busy', which the FHIR side answers with 503 and Retry-After) so load is shed before the
 * node runs out of memory. A waiting call holds only its closure and the small request envelope, and
 * leaves the queue when its signal aborts (timeout, or the PGO went away).
 */
import { LspError } from '../errors.ts';

export interface LimiterSettings {
  /** Calls running at once per destination. */
  maxActive: number;
  /** Calls waiting per destination. */
  maxQueued: number;
  /** Calls running at once over all destinations. Default: no limit beyond the per-destination one. */
  maxActiveTotal?: number;
  /** Calls waiting over all destinations. Default: no limit beyond the per-destination one. */
  maxQueuedTotal?: number;
}

interface Lane {
  active: number;
  queued: number;
}

interface Waiter {
  lane: Lane;
  start: () => void;
}

export class Limiter {
  private readonly lanes = new Map<string, Lane>();
  /** Every waiting call, oldest first (one queue, so the node-wide order is first come, first served). */
  private readonly queue: Waiter[] = [];
  private active = 0;
  private readonly maxActiveTotal: number;
  private readonly maxQueuedTotal: number;

  /** @param settings - per-destination and node-wide limits */
  constructor(private readonly settings: LimiterSettings) {
    this.maxActiveTotal = settings.maxActiveTotal ?? Number.POSITIVE_INFINITY;
    this.maxQueuedTotal = settings.maxQueuedTotal ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Waits for a slot for `key`; returns the function that releases it (call it exactly once).
   * @param key - the destination
   * @param signal - aborts the wait
   * @param onAbort - makes the error a wait ends with when the signal aborts
   * @throws LspError 'busy' when the queue is full; the signal's error when it aborts while waiting
   */
  acquire(key: string, signal: AbortSignal, onAbort: () => Error): Promise<() => void> {
    if (signal.aborted) return Promise.reject(onAbort());
    const lane = this.lane(key);
    if (this.hasRoom(lane)) {
      this.begin(lane);
      return Promise.resolve(this.releaser(key, lane));
    }
    if (lane.queued >= this.settings.maxQueued) {
      this.tidy(key, lane);
      return Promise.reject(
        new LspError('busy', `too many LSP requests waiting for this destination (${lane.queued})`),
      );
    }
    if (this.queue.length >= this.maxQueuedTotal) {
      this.tidy(key, lane);
      return Promise.reject(
        new LspError('busy', `too many LSP requests waiting on this node (${this.queue.length})`),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        lane,
        start: (): void => {
          signal.removeEventListener('abort', abort);
          resolve(this.releaser(key, lane));
        },
      };
      const abort = (): void => {
        const i = this.queue.indexOf(waiter);
        if (i < 0) return;
        this.queue.splice(i, 1);
        lane.queued--;
        this.tidy(key, lane);
        reject(onAbort());
      };
      signal.addEventListener('abort', abort, { once: true });
      lane.queued++;
      this.queue.push(waiter);
    });
  }

  /** Calls running and waiting for `key`. */
  load(key: string): { active: number; queued: number } {
    const l = this.lanes.get(key);
    return { active: l?.active ?? 0, queued: l?.queued ?? 0 };
  }

  /** Calls running and waiting over all destinations. */
  total(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { active: 0, queued: 0 };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private hasRoom(lane: Lane): boolean {
    return lane.active < this.settings.maxActive && this.active < this.maxActiveTotal;
  }

  private begin(lane: Lane): void {
    lane.active++;
    this.active++;
  }

  private tidy(key: string, lane: Lane): void {
    if (lane.active === 0 && lane.queued === 0) this.lanes.delete(key);
  }

  private releaser(key: string, lane: Lane): () => void {
    let released = false;
    return (): void => {
      if (released) return;
      released = true;
      lane.active--;
      this.active--;
      this.pump();
      this.tidy(key, lane);
    };
  }

  /** Starts the oldest waiters that have room now (a waiter for a full destination lets others pass). */
  private pump(): void {
    for (let i = 0; i < this.queue.length && this.active < this.maxActiveTotal;) {
      const w = this.queue[i]!;
      if (w.lane.active < this.settings.maxActive) {
        this.queue.splice(i, 1);
        w.lane.queued--;
        this.begin(w.lane);
        w.start();
      } else {
        i++;
      }
    }
  }
}
