/**
 * Patient identifiers at rest: the BSN in a grant and in a parked browser session is sealed with
 * AES-256-GCM (a fresh IV per value), and grants are found by patient through a keyed index (HMAC), so
 * a copy of the database alone does not reveal who the patients are. Both keys are derived (HKDF) from
 * one secret: BRUG_AUDIT_KEY in production, a generated key file beside the database otherwise.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';

export interface BsnSealer {
  /** Seals a value (e.g. a BSN or a JSON text holding one). */
  seal(plain: string): string;
  /** Opens a sealed value; a value written before sealing existed is returned as it is. */
  open(stored: string): string;
  /** The keyed index value of a BSN, for lookups. */
  lookupKey(bsn: string): string;
}

/**
 * @param secret - 32 bytes or more
 */
export function createBsnSealer(secret: Buffer): BsnSealer {
  const encKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'brug: bsn at rest', 32));
  const idxKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'brug: bsn lookup', 32));
  return {
    seal: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64url')}.${ct.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
    },
    open: (stored) => {
      if (!stored.startsWith(PREFIX)) return stored;
      const [iv, ct, tag] = stored.slice(PREFIX.length).split('.');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv ?? '', 'base64url'));
      decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct ?? '', 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    lookupKey: (bsn) => createHmac('sha256', idxKey).update(bsn).digest('hex'),
  };
}
