/**
 * The keyed hash chain: every record's hash is an HMAC-SHA256, with a key derived from the audit
 * secret, over its sequence number, time, event, fields and the hash of the record before it. Changing,
 * removing or reordering a record breaks every hash after it, and recomputing them needs the secret.
 * An anchor (the newest sequence number and hash, sealed with the same key) is kept beside the log and
 * updated in the same transaction as each append, so cutting records off the end is found too; copies
 * of the anchor written elsewhere (a file, the log) prove that a whole rewritten log is not the one
 * that was there. Records written before the chain was keyed (plain SHA-256) still verify up to
 * `keyedFrom`, the first keyed record, which the sealed anchor fixes.
 * Fields are written as canonical JSON (keys sorted) so the hash does not depend on key order.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** The hash before the first record. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The chain's HMAC key, derived (HKDF) from the audit secret (BRUG_AUDIT_KEY or the local key file).
 * @param secret - the audit secret, 32 bytes or more
 */
export function chainKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'brug: audit chain', 32));
}

const material = (prevHash: string, seq: number, at: string, event: string, data: string): string =>
  `${prevHash}\n${seq}\n${at}\n${event}\n${data}`;

/**
 * The hash of one record as written before the chain was keyed (plain SHA-256; anyone can recompute it).
 * @param prevHash - the previous record's hash (GENESIS for the first)
 * @param seq - its sequence number
 * @param at - its ISO time
 * @param event - its event name
 * @param data - its canonical JSON fields
 */
export function plainHash(prevHash: string, seq: number, at: string, event: string, data: string): string {
  return createHash('sha256')
    .update(material(prevHash, seq, at, event, data))
    .digest('hex');
}

/**
 * The keyed hash of one record (HMAC-SHA256 with the chain key).
 * @param key - the chain key (chainKey)
 * @param prevHash - the previous record's hash (GENESIS for the first)
 * @param seq - its sequence number
 * @param at - its ISO time
 * @param event - its event name
 * @param data - its canonical JSON fields
 */
export function keyedHash(
  key: Buffer,
  prevHash: string,
  seq: number,
  at: string,
  event: string,
  data: string,
): string {
  return createHmac('sha256', key)
    .update(material(prevHash, seq, at, event, data))
    .digest('hex');
}

export interface ChainRow {
  seq: number;
  at: string;
  event: string;
  data: string;
  prevHash: string;
  hash: string;
  /** The indexed copy of the record's `patient` field (null when it has none). */
  patient?: string | null;
}

/**
 * The newest point of the chain, sealed: what the store keeps beside the log and what the periodic
 * anchor writes elsewhere. `mac` is null only for an anchor a migration made and nobody sealed yet.
 */
export interface AuditAnchor {
  /** The newest record's sequence number (0 for an empty log). */
  seq: number;
  /** Its hash (GENESIS for an empty log). */
  hash: string;
  /** Its time ('' for an empty log). */
  at: string;
  /** The first keyed record; the ones before it are plain SHA-256 (written before the chain was keyed). */
  keyedFrom: number;
  mac: string | null;
}

/**
 * The seal of an anchor.
 * @param key - the chain key
 * @param a - the anchor's facts
 */
export function anchorMac(key: Buffer, a: Omit<AuditAnchor, 'mac'>): string {
  return createHmac('sha256', key)
    .update(`brug audit anchor\n${a.seq}\n${a.hash}\n${a.at}\n${a.keyedFrom}`)
    .digest('hex');
}

/**
 * The anchor with its seal.
 * @param key - the chain key
 * @param a - the anchor's facts
 */
export function sealAnchor(key: Buffer, a: Omit<AuditAnchor, 'mac'>): AuditAnchor {
  return { seq: a.seq, hash: a.hash, at: a.at, keyedFrom: a.keyedFrom, mac: anchorMac(key, a) };
}

const sameHex = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** True when the anchor carries a seal made with this key. */
export function anchorIsSealed(key: Buffer, a: AuditAnchor): boolean {
  return a.mac !== null && sameHex(a.mac, anchorMac(key, a));
}

export type VerifyResult =
  { ok: true; records: number } | { ok: false; records: number; badSeq: number; reason: string };

export interface VerifyOptions {
  /** The chain key (chainKey of the audit secret). */
  key: Buffer;
  /** The anchor the store keeps beside the log, read in the same snapshot as the rows. */
  anchor: AuditAnchor | undefined;
  /** Anchors written elsewhere earlier (`brug audit verify --anchor FILE`): each must still be in the log. */
  external?: AuditAnchor[];
}

const fail = (records: number, badSeq: number, reason: string): VerifyResult => ({
  ok: false,
  records,
  badSeq,
  reason,
});

function patientOf(data: string): string | null {
  try {
    const p = (JSON.parse(data) as { patient?: unknown }).patient;
    return typeof p === 'string' ? p : null;
  } catch {
    return null;
  }
}

/**
 * Checks a chain in sequence order against its anchor (and any external anchors).
 * @param rows - the records, in ascending `seq`
 * @param options - the chain key and the anchors
 */
export function verifyChain(rows: Iterable<ChainRow>, options: VerifyOptions): VerifyResult {
  const { key, anchor } = options;
  let n = 0;
  if (anchor === undefined) return fail(0, 1, 'the anchor of the log is missing (removed around the store)');
  if (anchor.mac === null)
    return fail(0, anchor.seq, 'the anchor of the log is not sealed (run `brug audit reanchor`)');
  if (!anchorIsSealed(key, anchor))
    return fail(0, anchor.seq, 'the anchor of the log was altered, or belongs to another audit key');
  const external = new Map<number, AuditAnchor>();
  for (const e of options.external ?? []) {
    if (!anchorIsSealed(key, e))
      return fail(0, e.seq, `the external anchor for record ${e.seq} is not sealed with this audit key`);
    external.set(e.seq, e);
  }
  let prev = GENESIS;
  let prevAt = '';
  let lastSeq = 0;
  for (const r of rows) {
    n++;
    if (r.seq !== lastSeq + 1) return fail(n, r.seq, `expected record ${lastSeq + 1}`);
    if (r.prevHash !== prev) return fail(n, r.seq, 'its link to the previous record is broken');
    const keyed = r.seq >= anchor.keyedFrom;
    const expected = keyed
      ? keyedHash(key, r.prevHash, r.seq, r.at, r.event, r.data)
      : plainHash(r.prevHash, r.seq, r.at, r.event, r.data);
    if (!sameHex(expected, r.hash)) {
      return fail(
        n,
        r.seq,
        keyed
          ? 'its contents do not match its keyed hash (edited, or rehashed without the audit key)'
          : 'its contents do not match its hash',
      );
    }
    if (keyed && r.at < prevAt) return fail(n, r.seq, 'its time is before the previous record');
    if (r.patient !== undefined && r.patient !== patientOf(r.data))
      return fail(n, r.seq, 'its patient index does not match its contents');
    const ext = external.get(r.seq);
    if (ext && !sameHex(ext.hash, r.hash))
      return fail(n, r.seq, `it differs from the external anchor of ${ext.at || 'an earlier time'}`);
    prev = r.hash;
    prevAt = r.at;
    lastSeq = r.seq;
  }
  if (lastSeq < anchor.seq) {
    return fail(
      n,
      lastSeq + 1,
      `the log ends at record ${lastSeq} but its anchor names record ${anchor.seq}: records were cut off`,
    );
  }
  if (lastSeq > anchor.seq)
    return fail(n, anchor.seq + 1, 'it is not covered by the anchor (written around the store)');
  if (lastSeq > 0 && !sameHex(prev, anchor.hash))
    return fail(n, lastSeq, 'it is not the record its anchor names');
  for (const e of external.values()) {
    if (e.seq > lastSeq) {
      return fail(
        n,
        lastSeq + 1,
        `the log ends at record ${lastSeq} but an external anchor of ${e.at || 'an earlier time'} names record ${e.seq}: records were cut off`,
      );
    }
  }
  return { ok: true, records: n };
}
