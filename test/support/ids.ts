/**
 * Request and correlation ids for tests that look for them again in logs and audit records. Brug masks
 * every run of nine digits in what it logs (a BSN is nine digits), and about one random UUID in a few
 * hundred has such a run in its last group, so an id compared afterwards must not have one.
 */
import { randomUUID } from 'node:crypto';

/** A random UUID without a run of nine digits. */
export function unmaskedId(): string {
  for (;;) {
    const id = randomUUID();
    if (!/\d{9}/.test(id)) return id;
  }
}
