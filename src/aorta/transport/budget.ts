/**
 * The node-wide byte budget for LSP answers being read (BRUG_LSP_MAX_BUFFERED_BYTES): the answer
 * bytes held by every query in flight, counted chunk by chunk as they arrive and given back when the
 * query is done with them (after parsing). Each answer is capped on its own by
 * BRUG_LSP_MAX_ANSWER_BYTES; this caps their sum, so 256 queries in flight cannot hold 256 x 20 MiB.
 *
 * Rules:
 * - A new query is admitted only while the bytes held are below the budget and no reader waits for
 *   room; otherwise it is refused at once with LspError 'busy' (503 with Retry-After at the FHIR edge).
 * - A reader whose chunk takes the total over the budget pauses its answer (the rest stays in the
 *   socket, under TCP flow control) until others give bytes back, oldest reader first.
 * - The oldest reader never pauses, so some answer always completes and gives its bytes back: no
 *   deadlock. The bytes held therefore stay under budget + one answer + one socket chunk per reader.
 */
import { LspError } from '../errors.ts';

/** One query's share of the budget. */
export interface BudgetReader {
  /**
   * Counts `bytes` just read. Returns undefined when reading may go on, or a promise that resolves
   * when there is room again (pause the stream until then).
   * @param bytes - the size of the chunk that arrived
   */
  take(bytes: number): Promise<void> | undefined;
  /** Gives every byte back and leaves (idempotent). A pending `take` promise resolves. */
  release(): void;
  /** Bytes this reader holds. */
  readonly held: number;
}

interface Entry {
  held: number;
  /** Set while paused: resolves the `take` promise. */
  wake: (() => void) | undefined;
  done: boolean;
}

export class ByteBudget {
  private used = 0;
  private peak = 0;
  /** Readers in admission order (a Set keeps insertion order): the first is the oldest. */
  private readonly readers = new Set<Entry>();

  /** @param limit - bytes all answers being read may hold together */
  constructor(readonly limit: number) {
    if (!(limit > 0)) throw new RangeError('the byte budget must be positive');
  }

  /**
   * Admits a new query's answer.
   * @throws LspError 'busy' when the budget is spent or readers are waiting for room
   */
  open(): BudgetReader {
    if (this.used >= this.limit || this.waiting() > 0) {
      throw new LspError(
        'busy',
        `LSP answers being read hold ${this.used} bytes (budget ${this.limit}): try again later`,
      );
    }
    const e: Entry = { held: 0, wake: undefined, done: false };
    this.readers.add(e);
    return {
      take: (bytes) => this.take(e, bytes),
      release: () => this.release(e),
      get held() {
        return e.held;
      },
    };
  }

  /** Bytes held now, the most held so far, readers admitted and readers paused. */
  stats(): { used: number; peak: number; readers: number; waiting: number } {
    return { used: this.used, peak: this.peak, readers: this.readers.size, waiting: this.waiting() };
  }

  private waiting(): number {
    let n = 0;
    for (const r of this.readers) if (r.wake) n++;
    return n;
  }

  private oldest(): Entry | undefined {
    return this.readers.values().next().value;
  }

  private take(e: Entry, bytes: number): Promise<void> | undefined {
    if (e.done) return undefined;
    e.held += bytes;
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
    if (this.used <= this.limit || this.oldest() === e) return undefined;
    return new Promise<void>((resolve) => {
      e.wake = resolve;
    });
  }

  private release(e: Entry): void {
    if (e.done) return;
    e.done = true;
    this.used -= e.held;
    e.held = 0;
    this.readers.delete(e);
    e.wake?.();
    e.wake = undefined;
    this.pump();
  }

  /** Wakes paused readers, oldest first, while there is room (the oldest always). */
  private pump(): void {
    for (const r of this.readers) {
      if (!r.wake) continue;
      if (this.used > this.limit && this.oldest() !== r) break;
      const wake = r.wake;
      r.wake = undefined;
      wake();
    }
  }
}
