/**
 * The patient in the audit log: a keyed pseudonym of the BSN, HMAC-SHA256 with a secret key. A plain
 * hash would be reversible (there are only ~10^8 valid BSNs); without the key the pseudonym tells
 * nothing, with it an operator can find a patient's records for a data-subject request.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';

/**
 * @param bsn - the patient's BSN
 * @param key - the audit key (32 bytes or more)
 */
export function pseudonym(bsn: string, key: Buffer): string {
  return createHmac('sha256', key).update(`bsn:${bsn}`).digest('hex');
}

/**
 * The demo's and tests' audit key: generated once (32 random bytes, mode 0600) beside the database.
 * Production gives BRUG_AUDIT_KEY instead.
 * @param path - the key file
 */
export function localAuditKey(path: string): Buffer {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    try {
      writeFileSync(path, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
    }
    chmodSync(path, 0o600);
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
}

/**
 * The audit key in force: BRUG_AUDIT_KEY, or (demo and tests) the generated key under BRUG_HOME.
 * @param config - the configuration
 */
export function auditKeyFor(config: Config): Buffer {
  return config.audit.key !== undefined
    ? Buffer.from(config.audit.key, 'hex')
    : localAuditKey(join(config.home, 'audit.key'));
}
