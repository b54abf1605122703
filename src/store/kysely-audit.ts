/**
 * The hash-chained audit log over Kysely. An append reads the last record and writes the next one in
 * one write transaction that every writer serialises on: SQLite by BEGIN IMMEDIATE (one writer per
 * file), PostgreSQL by a transaction-scoped advisory lock taken first (one writer per schema across
 * all nodes). The primary key on `seq` turns any slip into an error rather than a fork or a gap.
 * Reads are single statements, so each is one consistent snapshot in either dialect.
 */
import { sql, type Kysely } from 'kysely';
import { GENESIS, recordHash, type ChainRow } from '../audit/chain.ts';
import type { Database, AuditLogTable } from './schema.ts';
import type { Tx } from './kysely-store.ts';
import type { AuditRepo } from './types.ts';

const fromRow = (r: AuditLogTable): ChainRow => ({
  seq: r.seq,
  at: r.at,
  event: r.event,
  data: r.data,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * @param db - the store's Kysely instance
 * @param tx - the dialect's write transaction
 * @param dialect - which lock an append takes inside the transaction
 */
export function kyselyAuditRepo(db: Kysely<Database>, tx: Tx, dialect: 'sqlite' | 'postgres'): AuditRepo {
  return {
    append: (entry) =>
      tx(async (t) => {
        if (dialect === 'postgres') {
          // Held until commit; keyed by schema so separate databases/schemas do not wait on each other.
          await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))`.execute(t);
        }
        const prev = await t
          .selectFrom('audit_log')
          .select(['seq', 'hash'])
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const seq = (prev?.seq ?? 0) + 1;
        const prevHash = prev?.hash ?? GENESIS;
        const hash = recordHash(prevHash, seq, entry.at, entry.event, entry.data);
        await t
          .insertInto('audit_log')
          .values({ seq, at: entry.at, event: entry.event, data: entry.data, prev_hash: prevHash, hash })
          .execute();
        return { seq, hash };
      }),
    snapshot: async () =>
      (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(fromRow),
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
  };
}
