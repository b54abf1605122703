/**
 * The store's repositories, written once with the Kysely query builder for SQLite and PostgreSQL.
 * What must be atomic across nodes is a single guarded statement (a code is used by the one UPDATE
 * that finds `used_at IS NULL`) or one transaction (`tx`: a refresh rotation, a grant revoked with
 * its tokens). The dialect supplies only how a write transaction starts (store `tx`) and the audit
 * lock (kysely-audit.ts). `transaction` hands out the same repositories bound to one open transaction,
 * with the audit append among them, so a state change and its record commit together.
 */
import type { Kysely } from 'kysely';
import type { BsnSealer } from './seal.ts';
import type { Database, GrantsTable, RefreshTokensTable } from './schema.ts';
import { outboxRepo, providerRepo, sessionRepo } from './kysely-repos.ts';
import { applicationRepo, type OnboardingTables } from './applications.ts';
import { kyselyAuditRepo, kyselyAuditTxRepo } from './kysely-audit.ts';
import type {
  AccessToken,
  AuthCode,
  Grant,
  GrantRepo,
  CodeRepo,
  RefreshToken,
  RefreshTokenRepo,
  Store,
  StoreTx,
  TokenRepo,
} from './types.ts';

/** Runs `fn` in one write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED). */
export type Tx = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;

/** What a dialect hands to {@link createKyselyStore}. */
export interface StoreParts {
  kind: Store['kind'];
  db: Kysely<Database>;
  tx: Tx;
  sealer: BsnSealer;
  /** The audit secret (BRUG_AUDIT_KEY or the local key file): the audit chain's key is derived from it. */
  secret: Buffer;
  close: () => Promise<void>;
}

const grantFromRow = (r: GrantsTable, sealer: BsnSealer): Grant => ({
  id: r.id,
  clientId: r.client_id,
  provider: r.provider,
  services: JSON.parse(r.services) as string[],
  bsn: sealer.open(r.bsn),
  authTime: r.auth_time,
  authLevel: r.auth_level,
  assertionId: r.assertion_id,
  longLived: r.long_lived === 1,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

const refreshFromRow = (r: RefreshTokensTable): RefreshToken => ({
  hash: r.hash,
  grantId: r.grant_id,
  clientId: r.client_id,
  scope: r.scope,
  createdAt: r.created_at,
  idleExpiresAt: r.idle_expires_at,
  rotatedAt: r.rotated_at,
  successor: r.successor,
  revokedAt: r.revoked_at,
});

const insertToken = async (db: Kysely<Database>, t: AccessToken): Promise<void> => {
  await db
    .insertInto('access_tokens')
    .values({
      hash: t.hash,
      grant_id: t.grantId,
      client_id: t.clientId,
      scope: t.scope,
      expires_at: t.expiresAt,
      revoked_at: null,
      code_hash: t.codeHash,
    })
    .execute();
};

const insertRefresh = async (db: Kysely<Database>, t: RefreshToken): Promise<void> => {
  await db
    .insertInto('refresh_tokens')
    .values({
      hash: t.hash,
      grant_id: t.grantId,
      client_id: t.clientId,
      scope: t.scope,
      created_at: t.createdAt,
      idle_expires_at: t.idleExpiresAt,
      rotated_at: null,
      successor: null,
      revoked_at: null,
    })
    .execute();
};

function grantRepo(db: Kysely<Database>, tx: Tx, sealer: BsnSealer): GrantRepo {
  return {
    insert: async (g) => {
      await db
        .insertInto('grants')
        .values({
          id: g.id,
          client_id: g.clientId,
          provider: g.provider,
          services: JSON.stringify(g.services),
          bsn: sealer.seal(g.bsn),
          bsn_key: sealer.lookupKey(g.bsn),
          auth_time: g.authTime,
          auth_level: g.authLevel,
          assertion_id: g.assertionId,
          long_lived: g.longLived ? 1 : 0,
          created_at: g.createdAt,
          revoked_at: g.revokedAt,
        })
        .execute();
    },
    get: async (id) => {
      const r = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
      return r && grantFromRow(r, sealer);
    },
    revoke: async (id, at) => {
      await tx(async (t) => {
        await t
          .updateTable('grants')
          .set({ revoked_at: at })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        for (const table of ['access_tokens', 'refresh_tokens'] as const) {
          await t
            .updateTable(table)
            .set({ revoked_at: at })
            .where('grant_id', '=', id)
            .where('revoked_at', 'is', null)
            .execute();
        }
      });
    },
    listByBsn: async (bsn) =>
      (
        await db
          .selectFrom('grants')
          .selectAll()
          .where('bsn_key', '=', sealer.lookupKey(bsn))
          .orderBy('created_at', 'desc')
          .execute()
      ).map((r) => grantFromRow(r, sealer)),
  };
}

function codeRepo(db: Kysely<Database>): CodeRepo {
  const toCode = (r: Database['auth_codes']): AuthCode => ({
    hash: r.hash,
    grantId: r.grant_id,
    clientId: r.client_id,
    redirectUri: r.redirect_uri,
    scope: r.scope,
    expiresAt: r.expires_at,
    usedAt: r.used_at,
  });
  return {
    insert: async (c) => {
      await db
        .insertInto('auth_codes')
        .values({
          hash: c.hash,
          grant_id: c.grantId,
          client_id: c.clientId,
          redirect_uri: c.redirectUri,
          scope: c.scope,
          expires_at: c.expiresAt,
          used_at: null,
        })
        .execute();
    },
    consume: async (hash, at) => {
      // One guarded UPDATE: of any number of racing requests on any node, one finds used_at NULL.
      const won = await db
        .updateTable('auth_codes')
        .set({ used_at: at })
        .where('hash', '=', hash)
        .where('used_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (won) return { code: toCode(won) };
      const r = await db.selectFrom('auth_codes').selectAll().where('hash', '=', hash).executeTakeFirst();
      return r && { replayed: toCode(r) };
    },
  };
}

function tokenRepo(db: Kysely<Database>): TokenRepo {
  return {
    insert: (t) => insertToken(db, t),
    get: async (hash) => {
      const r = await db.selectFrom('access_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
      return (
        r && {
          hash: r.hash,
          grantId: r.grant_id,
          clientId: r.client_id,
          scope: r.scope,
          expiresAt: r.expires_at,
          revokedAt: r.revoked_at,
          codeHash: r.code_hash,
        }
      );
    },
    revoke: async (hash, at) => {
      await db
        .updateTable('access_tokens')
        .set({ revoked_at: at })
        .where('hash', '=', hash)
        .where('revoked_at', 'is', null)
        .execute();
    },
    revokeByCode: async (codeHash, at) => {
      const r = await db
        .updateTable('access_tokens')
        .set({ revoked_at: at })
        .where('code_hash', '=', codeHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}

function refreshRepo(db: Kysely<Database>, tx: Tx): RefreshTokenRepo {
  return {
    insert: (t) => insertRefresh(db, t),
    get: async (hash) => {
      const r = await db.selectFrom('refresh_tokens').selectAll().where('hash', '=', hash).executeTakeFirst();
      return r && refreshFromRow(r);
    },
    rotate: (hash, at, rotation) =>
      tx(async (t) => {
        const spent = await t
          .updateTable('refresh_tokens')
          .set({ rotated_at: at, successor: rotation.sealed })
          .where('hash', '=', hash)
          .where('rotated_at', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(spent.numUpdatedRows) !== 1) return false;
        await insertRefresh(t, rotation.next);
        await insertToken(t, rotation.access);
        return true;
      }),
    activeForGrant: async (grantId) => {
      const r = await db
        .selectFrom('refresh_tokens')
        .selectAll()
        .where('grant_id', '=', grantId)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r && refreshFromRow(r);
    },
  };
}

/** Builds the Store over a Kysely instance of either dialect. */
export function createKyselyStore(parts: StoreParts): Store {
  const { db, tx, sealer } = parts;
  const transaction = async <T>(fn: (t: StoreTx) => Promise<T>): Promise<T> => {
    const committed: (() => void)[] = [];
    const result = await tx(async (t) => {
      const inner: Tx = (f) => f(t); // already inside: nested writes join this transaction
      return fn({
        grants: grantRepo(t, inner, sealer),
        codes: codeRepo(t),
        tokens: tokenRepo(t),
        refreshTokens: refreshRepo(t, inner),
        sessions: sessionRepo(t, sealer),
        audit: kyselyAuditTxRepo(t, parts.secret, parts.kind),
        afterCommit: (f) => void committed.push(f),
      });
    });
    for (const f of committed) f();
    return result;
  };
  return {
    kind: parts.kind,
    grants: grantRepo(db, tx, sealer),
    codes: codeRepo(db),
    tokens: tokenRepo(db),
    refreshTokens: refreshRepo(db, tx),
    outbox: outboxRepo(db, tx, parts.kind),
    audit: kyselyAuditRepo(db, tx, parts.kind, parts.secret),
    transaction,
    sessions: sessionRepo(db, sealer),
    providers: providerRepo(db),
    applications: applicationRepo(db as unknown as Kysely<OnboardingTables>),
    ping: async () => {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      return true;
    },
    close: parts.close,
  };
}
