/**
 * Sealing a refresh answer for a retry: AES-256-GCM with a key derived (HKDF-SHA-256) from the spent
 * refresh token itself. The store keeps only the token's hash and this sealed text, so the answer can
 * be read again only by whoever presents that token (the retrying client), never from the database.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'brug refresh retry v1';

function keyFor(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(token, 'utf8'), Buffer.alloc(0), INFO, 32));
}

/**
 * Seals a value with a key derived from a secret.
 * @param secret - the refresh token that was spent
 * @param value - what to seal (JSON-serialisable)
 * @returns base64url of iv, tag and ciphertext
 */
export function sealFor(secret: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * Opens what `sealFor` sealed; undefined when the secret does not fit or the text was altered.
 * @param secret - the refresh token presented again
 * @param sealed - the stored sealed text
 */
export function openSealed(secret: string, sealed: string): unknown {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
