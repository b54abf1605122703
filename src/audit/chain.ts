/**
 * The hash chain: every record's hash covers its sequence number, time, event, fields and the hash of
 * the record before it, so changing, removing or reordering any record breaks every hash after it.
 * Fields are written as canonical JSON (keys sorted) so the hash does not depend on key order.
 */
import { createHash } from 'node:crypto';

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
 * The hash of one record.
 * @param prevHash - the previous record's hash (GENESIS for the first)
 * @param seq - its sequence number
 * @param at - its ISO time
 * @param event - its event name
 * @param data - its canonical JSON fields
 */
export function recordHash(prevHash: string, seq: number, at: string, event: string, data: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${at}\n${event}\n${data}`).digest('hex');
}

export interface ChainRow {
  seq: number;
  at: string;
  event: string;
  data: string;
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  { ok: true; records: number } | { ok: false; records: number; badSeq: number; reason: string };

/**
 * Checks a chain in sequence order.
 * @param rows - the records, in ascending `seq`
 */
export function verifyChain(rows: Iterable<ChainRow>): VerifyResult {
  let prev = GENESIS;
  let lastSeq = 0;
  let n = 0;
  for (const r of rows) {
    n++;
    if (r.seq !== lastSeq + 1)
      return { ok: false, records: n, badSeq: r.seq, reason: `expected record ${lastSeq + 1}` };
    if (r.prevHash !== prev)
      return { ok: false, records: n, badSeq: r.seq, reason: 'its link to the previous record is broken' };
    if (recordHash(r.prevHash, r.seq, r.at, r.event, r.data) !== r.hash) {
      return { ok: false, records: n, badSeq: r.seq, reason: 'its contents do not match its hash' };
    }
    prev = r.hash;
    lastSeq = r.seq;
  }
  return { ok: true, records: n };
}
