/** Random values and hashes for codes, tokens, sessions and CSRF tokens. */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a code or token, hex: the only form in which codes and tokens are stored.
 * @param value - the code or token
 */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new code, token or session id: a random UUID version 4 (MedMij UUIDs). */
export function newUuid(): string {
  return randomUUID();
}

/** A new CSRF token (32 random bytes, base64url). */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares two strings in constant time (for CSRF tokens).
 * @param a - the expected value
 * @param b - the presented value
 */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A short, non-secret reference to a session for pages and logs (the session id itself is a
 * credential and stays in the HttpOnly cookie).
 * @param sessionId - the session id
 */
export function sessionRef(sessionId: string): string {
  return hashSecret(`session:${sessionId}`).slice(0, 16);
}
