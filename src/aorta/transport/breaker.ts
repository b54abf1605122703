/**
 * A circuit breaker per destination: after `threshold` consecutive failures the destination is given up
 * for `resetMs` (calls fail at once); then one trial call is let through (half-open), whose outcome
 * closes or re-opens the circuit.
 */

export interface BreakerSettings {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  /** How long an open circuit stays open, in ms. */
  resetMs: number;
}

type State = { kind: 'closed'; failures: number } | { kind: 'open'; until: number } | { kind: 'half-open' };

export class CircuitBreakers {
  private readonly states = new Map<string, State>();

  /**
   * @param settings - threshold and reset time
   * @param now - clock, for tests
   */
  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Asks to make a call to `key`. Returns false when the circuit is open (or a half-open trial is
   * already running): the caller must fail fast.
   * @param key - the destination
   */
  allow(key: string): boolean {
    const s = this.states.get(key);
    if (!s || s.kind === 'closed') return true;
    if (s.kind === 'half-open') return false;
    if (this.now() < s.until) return false;
    this.states.set(key, { kind: 'half-open' });
    return true;
  }

  /** Records a successful call: the circuit closes. */
  success(key: string): void {
    this.states.delete(key);
  }

  /** Records a failed call (timeout, unreachable, TLS, HTTP 5xx). */
  failure(key: string): void {
    const s = this.states.get(key);
    if (s?.kind === 'half-open') {
      this.states.set(key, { kind: 'open', until: this.now() + this.settings.resetMs });
      return;
    }
    const failures = (s?.kind === 'closed' ? s.failures : 0) + 1;
    this.states.set(
      key,
      failures >= this.settings.threshold
        ? { kind: 'open', until: this.now() + this.settings.resetMs }
        : { kind: 'closed', failures },
    );
  }

  /** Records a call that neither succeeded nor failed (aborted by the caller): a trial slot is freed. */
  release(key: string): void {
    const s = this.states.get(key);
    if (s?.kind === 'half-open') this.states.set(key, { kind: 'open', until: 0 });
  }

  /** 'closed', 'open' or 'half-open', for /ready and tests. */
  state(key: string): State['kind'] {
    const s = this.states.get(key);
    if (s?.kind === 'open' && this.now() >= s.until) return 'half-open';
    return s?.kind ?? 'closed';
  }
}
