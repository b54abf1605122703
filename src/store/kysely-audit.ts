/**
 * The keyed, anchored audit log over Kysely. An append reads the anchor (the newest seq and hash,
 * sealed), writes the next record chained to it and moves the anchor, all in one write transaction
 * that every writer serialises on: SQLite by BEGIN IMMEDIATE (one writer per file), PostgreSQL by a
 * transaction-scoped advisory lock taken first (one writer per schema across all nodes). Chaining from
 * the anchor, not from the last row, means a record deleted off the end leaves a gap the next append
 * cannot hide. An anchor that is missing or not sealed with our key stops appends (fail closed: the
 * log was tampered with). The record's time is taken inside the lock and never runs backwards, so an
 * export by period follows sequence order. The primary key on `seq` turns any slip into an error.
 * Appends outside a state change are group-committed (`groupCommit`): several in one transaction.
 * Reads for verification run in one read transaction: rows and anchor from one snapshot.
 */
import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import {
  anchorIsSealed,
  chainKey,
  keyedHash,
  sealAnchor,
  verifyChain,
  type AuditAnchor,
  type ChainRow,
} from '../audit/chain.ts';
import type { Database, AuditLogTable, AuditAnchorTable } from './schema.ts';
import { groupCommit } from './group-commit.ts';
import type { Tx } from './kysely-store.ts';
import type { AuditAppend, AuditRepo, AuditTxRepo } from './types.ts';

/** The migration that keys the chain; its own transaction seals the anchor it creates. */
export const KEYED_CHAIN_MIGRATION = '012_audit_keyed.sql';

/** The log was changed around the store: appends stop until an operator has looked. */
export class AuditTamperError extends Error {
  override readonly name = 'AuditTamperError';
}

const fromRow = (r: AuditLogTable): ChainRow => ({
  seq: r.seq,
  at: r.at,
  event: r.event,
  data: r.data,
  prevHash: r.prev_hash,
  hash: r.hash,
  patient: r.patient ?? null,
});

const fromAnchor = (r: AuditAnchorTable): AuditAnchor => ({
  seq: r.seq,
  hash: r.hash,
  at: r.at,
  keyedFrom: r.keyed_from,
  mac: r.mac,
});

/** The `patient` field of a record's canonical JSON, for the indexed column. */
function patientOf(data: string): string | null {
  const p = (JSON.parse(data) as { patient?: unknown }).patient;
  return typeof p === 'string' ? p : null;
}

/**
 * Seals the anchor a migration just made (SQLite; inside the migration's transaction).
 * @param db - the raw database
 * @param secret - the audit secret
 */
export function sealNewAnchorSqlite(db: BetterSqlite3.Database, secret: Buffer): void {
  const r = db.prepare('SELECT * FROM audit_anchor WHERE id = 1').get() as AuditAnchorTable;
  const sealed = sealAnchor(chainKey(secret), fromAnchor(r));
  db.prepare('UPDATE audit_anchor SET mac = ? WHERE id = 1').run(sealed.mac);
}

/**
 * Seals the anchor a migration just made (PostgreSQL; inside the migration's transaction).
 * @param client - the migrating connection
 * @param secret - the audit secret
 */
export async function sealNewAnchorPostgres(client: pg.PoolClient, secret: Buffer): Promise<void> {
  const r = (await client.query<AuditAnchorTable>('SELECT * FROM audit_anchor WHERE id = 1')).rows[0]!;
  const sealed = sealAnchor(chainKey(secret), fromAnchor(r));
  await client.query('UPDATE audit_anchor SET mac = $1 WHERE id = 1', [sealed.mac]);
}

/** Where an appended record landed. */
type Appended = { seq: number; hash: string; at: string };

/**
 * Appends records, in order, inside an open write transaction: the anchor is read and checked once,
 * each record chained to the one before it, the anchor moved once to the last.
 * @param t - the transaction
 * @param key - the chain key
 * @param dialect - which lock to take
 * @param entries - the records
 */
async function appendIn(
  t: Kysely<Database>,
  key: Buffer,
  dialect: 'sqlite' | 'postgres',
  entries: readonly AuditAppend[],
): Promise<Appended[]> {
  if (dialect === 'postgres') {
    // Held until commit; keyed by schema so separate databases/schemas do not wait on each other.
    await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))`.execute(t);
  }
  const row = await t.selectFrom('audit_anchor').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) throw new AuditTamperError('the audit anchor is missing: run `brug audit verify`');
  const anchor = fromAnchor(row);
  if (!anchorIsSealed(key, anchor)) {
    throw new AuditTamperError(
      'the audit anchor is not sealed with this audit key (altered, or BRUG_AUDIT_KEY changed): run `brug audit verify`',
    );
  }
  let last: Appended = { seq: anchor.seq, hash: anchor.hash, at: anchor.at };
  const rows: AuditLogTable[] = [];
  for (const entry of entries) {
    const seq = last.seq + 1;
    const clock = (entry.clock ?? (() => new Date()))().toISOString();
    const at = clock < last.at ? last.at : clock; // never before the previous record
    const hash = keyedHash(key, last.hash, seq, at, entry.event, entry.data);
    rows.push({
      seq,
      at,
      event: entry.event,
      data: entry.data,
      prev_hash: last.hash,
      hash,
      patient: patientOf(entry.data),
    });
    last = { seq, hash, at };
  }
  if (rows.length === 0) return [];
  await t.insertInto('audit_log').values(rows).execute();
  const next = sealAnchor(key, { ...last, keyedFrom: anchor.keyedFrom });
  await t
    .updateTable('audit_anchor')
    .set({ seq: next.seq, hash: next.hash, at: next.at, mac: next.mac })
    .where('id', '=', 1)
    .execute();
  return rows.map(({ seq, hash, at }) => ({ seq, hash, at }));
}

/**
 * The append of a store transaction: the record commits or rolls back with the state change it records.
 * @param t - the open transaction
 * @param secret - the audit secret
 * @param dialect - which lock an append takes
 */
export function kyselyAuditTxRepo(
  t: Kysely<Database>,
  secret: Buffer,
  dialect: 'sqlite' | 'postgres',
): AuditTxRepo {
  const key = chainKey(secret);
  return { append: async (entry) => (await appendIn(t, key, dialect, [entry]))[0]! };
}

/**
 * @param db - the store's Kysely instance
 * @param tx - the dialect's write transaction
 * @param dialect - which lock an append takes inside the transaction
 * @param secret - the audit secret the chain key is derived from
 */
export function kyselyAuditRepo(
  db: Kysely<Database>,
  tx: Tx,
  dialect: 'sqlite' | 'postgres',
  secret: Buffer,
): AuditRepo {
  const key = chainKey(secret);
  /** One read transaction: everything `fn` reads comes from one snapshot. */
  const snapshot = <T>(fn: (t: Kysely<Database>) => Promise<T>): Promise<T> =>
    dialect === 'postgres'
      ? db.transaction().setIsolationLevel('repeatable read').execute(fn)
      : db.connection().execute(async (conn) => {
          await sql`BEGIN`.execute(conn);
          try {
            return await fn(conn);
          } finally {
            await sql`COMMIT`.execute(conn);
          }
        });
  const rows = async (t: Kysely<Database>): Promise<ChainRow[]> =>
    (await t.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(fromRow);
  const anchorIn = async (t: Kysely<Database>): Promise<AuditAnchor | undefined> => {
    const r = await t.selectFrom('audit_anchor').selectAll().where('id', '=', 1).executeTakeFirst();
    return r && fromAnchor(r);
  };
  return {
    append: groupCommit((entries) => tx((t) => appendIn(t, key, dialect, entries))),
    snapshot: () => rows(db),
    range: async (from, to) =>
      (
        await db
          .selectFrom('audit_log')
          .selectAll()
          .where('at', '>=', from)
          .where('at', '<', to)
          .orderBy('seq')
          .execute()
      ).map(fromRow),
    byPatient: async (patient, options = {}) => {
      let q = db.selectFrom('audit_log').selectAll().where('patient', '=', patient);
      if (options.event !== undefined) q = q.where('event', '=', options.event);
      q = q.orderBy('seq', options.newestFirst ? 'desc' : 'asc');
      if (options.limit !== undefined) q = q.limit(options.limit);
      return (await q.execute()).map(fromRow);
    },
    anchor: () => anchorIn(db),
    verify: (external) =>
      snapshot(async (t) => {
        const [all, anchor] = [await rows(t), await anchorIn(t)];
        return verifyChain(all, { key, anchor, ...(external ? { external } : {}) });
      }),
  };
}
