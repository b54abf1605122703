/**
 * The smaller repositories (chain-logging outbox, parked browser sessions, providers), written once
 * with Kysely for both dialects.
 */
import { sql, type Kysely } from 'kysely';
import type { BsnSealer } from './seal.ts';
import type { Tx } from './kysely-store.ts';
import type { Database, OutboxTable, ProvidersTable } from './schema.ts';
import type {
  OutboxEvent,
  OutboxRepo,
  Provider,
  ProviderRepo,
  ProviderStatus,
  SessionRepo,
  Store,
} from './types.ts';

const providerFromRow = (r: ProvidersTable): Provider => ({
  naam: r.naam,
  displayName: r.display_name,
  ura: r.ura,
  applicationIds: JSON.parse(r.application_ids) as string[],
  services: JSON.parse(r.services) as Provider['services'],
  status: r.status as ProviderStatus,
});

type OutboxRow = { [K in keyof OutboxTable]: K extends 'id' | 'attempts' ? number : OutboxTable[K] };

/**
 * The claim check and the claim in one transaction, which no other node's claim can interleave with:
 * on PostgreSQL a transaction-level advisory lock per schema (taken before the first read, so every
 * statement after it sees the claims committed before), on SQLite the single-writer lock of BEGIN
 * IMMEDIATE that every store transaction takes.
 */
function claimDue(
  tx: Tx,
  kind: Store['kind'],
): (now: number, limit: number, owner: string, leaseMs: number) => Promise<OutboxRow[]> {
  return (now, limit, owner, leaseMs) =>
    tx(async (t) => {
      if (kind === 'postgres')
        await sql`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.chain_log_outbox'))`.execute(t);
      const held = await t
        .selectFrom('chain_log_outbox')
        .select('id')
        .where('delivered_at', 'is', null)
        .where('claimed_until', '>', now)
        .where('claimed_by', '!=', owner)
        .limit(1)
        .executeTakeFirst();
      if (held) return [];
      const rows = await t
        .selectFrom('chain_log_outbox')
        .selectAll()
        .where('delivered_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('id')
        .limit(limit)
        .execute();
      if (rows.length === 0) return [];
      await t
        .updateTable('chain_log_outbox')
        .set({ claimed_by: owner, claimed_until: now + leaseMs })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows;
    });
}

const outboxFromRow = (r: OutboxRow): OutboxEvent => ({
  id: r.id,
  event: JSON.parse(r.event) as Record<string, unknown>,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  deliveredAt: r.delivered_at,
  lastError: r.last_error,
});

/**
 * The chain-logging outbox.
 * @param db - the store's database
 * @param tx - the store's write transaction (claims run in one)
 * @param kind - the dialect (how a claim is made exclusive)
 */
export function outboxRepo(db: Kysely<Database>, tx: Tx, kind: Store['kind']): OutboxRepo {
  const claim = claimDue(tx, kind);
  return {
    add: async (event, at) => {
      const r = await db
        .insertInto('chain_log_outbox')
        .values({ event: JSON.stringify(event), created_at: at, attempts: 0, next_attempt_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    due: async (now, limit) =>
      (
        await db
          .selectFrom('chain_log_outbox')
          .selectAll()
          .where('delivered_at', 'is', null)
          .where('next_attempt_at', '<=', now)
          .orderBy('id')
          .limit(limit)
          .execute()
      ).map(outboxFromRow),
    claim: async (now, limit, owner, leaseMs) => (await claim(now, limit, owner, leaseMs)).map(outboxFromRow),
    markDelivered: async (ids, at) => {
      if (ids.length === 0) return;
      await db
        .updateTable('chain_log_outbox')
        .set({ delivered_at: at, claimed_by: null, claimed_until: null })
        .where('id', 'in', ids)
        .execute();
    },
    markFailed: async (ids, nextAt, error) => {
      if (ids.length === 0) return;
      await db
        .updateTable('chain_log_outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          next_attempt_at: nextAt,
          last_error: error.slice(0, 500),
          claimed_by: null,
          claimed_until: null,
        }))
        .where('id', 'in', ids)
        .execute();
    },
    pending: async () => {
      const r = await db
        .selectFrom('chain_log_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('delivered_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

/** Parked browser interactions; their data (which may hold the BSN) is sealed at rest. */
export function sessionRepo(db: Kysely<Database>, sealer: BsnSealer): SessionRepo {
  return {
    insert: async (s) => {
      await db
        .insertInto('auth_sessions')
        .values({ id: s.id, data: sealer.seal(JSON.stringify(s.data)), expires_at: s.expiresAt })
        .execute();
    },
    get: async (id, now) => {
      const r = await db
        .selectFrom('auth_sessions')
        .selectAll()
        .where('id', '=', id)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          data: JSON.parse(sealer.open(r.data)) as Record<string, unknown>,
          expiresAt: r.expires_at,
        }
      );
    },
    update: async (id, data) => {
      await db
        .updateTable('auth_sessions')
        .set({ data: sealer.seal(JSON.stringify(data)) })
        .where('id', '=', id)
        .execute();
    },
    delete: async (id) => {
      await db.deleteFrom('auth_sessions').where('id', '=', id).execute();
    },
  };
}

/** The providers Brug serves, upserted by MedMij name. */
export function providerRepo(db: Kysely<Database>): ProviderRepo {
  return {
    upsert: async (p) => {
      const row = {
        naam: p.naam,
        display_name: p.displayName,
        ura: p.ura,
        application_ids: JSON.stringify(p.applicationIds),
        services: JSON.stringify(p.services),
        status: p.status,
      };
      await db
        .insertInto('providers')
        .values(row)
        .onConflict((oc) =>
          oc.column('naam').doUpdateSet((eb) => ({
            display_name: eb.ref('excluded.display_name'),
            ura: eb.ref('excluded.ura'),
            application_ids: eb.ref('excluded.application_ids'),
            services: eb.ref('excluded.services'),
            status: eb.ref('excluded.status'),
          })),
        )
        .execute();
    },
    get: async (naam) => {
      const r = await db.selectFrom('providers').selectAll().where('naam', '=', naam).executeTakeFirst();
      return r && providerFromRow(r);
    },
    list: async () =>
      (await db.selectFrom('providers').selectAll().orderBy('naam').execute()).map(providerFromRow),
  };
}
