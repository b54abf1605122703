/**
 * The audit log on SQLite: appends are serialised by an immediate transaction (one order for every
 * process on the file), each record chained to the one before it; reads run in one transaction, a
 * consistent snapshot even while others append.
 */
import type Database from 'better-sqlite3';
import { GENESIS, recordHash, type ChainRow } from '../audit/chain.ts';
import type { AuditRepo } from './types.ts';

interface Row {
  seq: number;
  at: string;
  event: string;
  data: string;
  prev_hash: string;
  hash: string;
}

const fromRow = (r: Row): ChainRow => ({
  seq: r.seq,
  at: r.at,
  event: r.event,
  data: r.data,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** @param db - the open store database (migrated to 003_audit) */
export function sqliteAuditRepo(db: Database.Database): AuditRepo {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, event, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const all = db.prepare('SELECT * FROM audit_log ORDER BY seq');
  const between = db.prepare('SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq');
  const append = db.transaction((at: string, event: string, data: string) => {
    const prev = last.get() as { seq: number; hash: string } | undefined;
    const seq = (prev?.seq ?? 0) + 1;
    const prevHash = prev?.hash ?? GENESIS;
    const hash = recordHash(prevHash, seq, at, event, data);
    insert.run(seq, at, event, data, prevHash, hash);
    return { seq, hash };
  });
  const snapshot = db.transaction(() => (all.all() as Row[]).map(fromRow));
  const range = db.transaction((from: string, to: string) => (between.all(from, to) as Row[]).map(fromRow));
  return {
    append: async (entry) => append.immediate(entry.at, entry.event, entry.data),
    snapshot: async () => snapshot.deferred(),
    range: async (from, to) => range.deferred(from, to),
  };
}
