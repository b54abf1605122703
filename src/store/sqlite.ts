/**
 * The embedded store: one SQLite file (better-sqlite3, WAL mode), migrations from
 * `migrations/sqlite/NNN_name.sql` applied in order and recorded in `schema_migrations`.
 * Several processes may open the same file (the demo and a `brug` command): WAL lets readers and
 * one writer work side by side, and a busy timeout waits out short write locks.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { localAuditKey } from '../audit/pseudonym.ts';
import { createBsnSealer } from './seal.ts';
import { sqliteAuditRepo } from './sqlite-audit.ts';
import type {
  AccessToken,
  AuthCode,
  AuthSession,
  Grant,
  OutboxEvent,
  Provider,
  ProviderStatus,
  RefreshToken,
  Store,
} from './types.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations', 'sqlite');

/** Applies every migration not yet recorded, each in its own transaction. Returns the names applied. */
export function migrateSqlite(db: Database.Database): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const done = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name),
  );
  const files = readdirSync(MIGRATIONS)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const applied: string[] = [];
  for (const f of files) {
    if (done.has(f)) continue;
    const sql = readFileSync(join(MIGRATIONS, f), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(f, Date.now());
    }).immediate();
    applied.push(f);
  }
  return applied;
}

interface GrantRow {
  id: string;
  client_id: string;
  provider: string;
  services: string;
  bsn: string;
  auth_time: number;
  auth_level: string;
  assertion_id: string;
  long_lived: number;
  created_at: number;
  revoked_at: number | null;
}
interface CodeRow {
  hash: string;
  grant_id: string;
  client_id: string;
  redirect_uri: string;
  scope: string;
  expires_at: number;
  used_at: number | null;
}
interface TokenRow {
  hash: string;
  grant_id: string;
  client_id: string;
  scope: string;
  expires_at: number;
  revoked_at: number | null;
  code_hash: string | null;
}
interface RefreshRow {
  hash: string;
  grant_id: string;
  client_id: string;
  scope: string;
  created_at: number;
  idle_expires_at: number;
  rotated_at: number | null;
  successor: string | null;
  revoked_at: number | null;
}
interface OutboxRow {
  id: number;
  event: string;
  created_at: number;
  attempts: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}
interface ProviderRow {
  naam: string;
  display_name: string;
  ura: string;
  application_ids: string;
  services: string;
  status: string;
}

const grantFromRow = (r: GrantRow): Grant => ({
  id: r.id,
  clientId: r.client_id,
  provider: r.provider,
  services: JSON.parse(r.services) as string[],
  bsn: r.bsn,
  authTime: r.auth_time,
  authLevel: r.auth_level,
  assertionId: r.assertion_id,
  longLived: r.long_lived === 1,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});
const codeFromRow = (r: CodeRow): AuthCode => ({
  hash: r.hash,
  grantId: r.grant_id,
  clientId: r.client_id,
  redirectUri: r.redirect_uri,
  scope: r.scope,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});
const tokenFromRow = (r: TokenRow): AccessToken => ({
  hash: r.hash,
  grantId: r.grant_id,
  clientId: r.client_id,
  scope: r.scope,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  codeHash: r.code_hash,
});
const refreshFromRow = (r: RefreshRow): RefreshToken => ({
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
const outboxFromRow = (r: OutboxRow): OutboxEvent => ({
  id: r.id,
  event: JSON.parse(r.event) as Record<string, unknown>,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  deliveredAt: r.delivered_at,
  lastError: r.last_error,
});
const providerFromRow = (r: ProviderRow): Provider => ({
  naam: r.naam,
  displayName: r.display_name,
  ura: r.ura,
  applicationIds: JSON.parse(r.application_ids) as string[],
  services: JSON.parse(r.services) as Provider['services'],
  status: r.status as ProviderStatus,
});

/**
 * Opens (and creates, and migrates) the SQLite store.
 * @param path - the database file, or ':memory:'
 */
export function openSqliteStore(path: string, options: { key?: Buffer } = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // The secret behind the sealed BSNs: given (BRUG_AUDIT_KEY), or a key file beside the database.
  const sealer = createBsnSealer(
    options.key ?? (path === ':memory:' ? randomBytes(32) : localAuditKey(`${path}.key`)),
  );
  const grantFromStored = (r: GrantRow): Grant => grantFromRow({ ...r, bsn: sealer.open(r.bsn) });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrateSqlite(db);

  const q = {
    grantInsert: db.prepare(
      `INSERT INTO grants (id, client_id, provider, services, bsn, bsn_key, auth_time, auth_level, assertion_id, long_lived, created_at, revoked_at)
       VALUES (@id, @client_id, @provider, @services, @bsn, @bsn_key, @auth_time, @auth_level, @assertion_id, @long_lived, @created_at, @revoked_at)`,
    ),
    grantGet: db.prepare('SELECT * FROM grants WHERE id = ?'),
    grantRevoke: db.prepare('UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    grantsByBsn: db.prepare('SELECT * FROM grants WHERE bsn_key = ? ORDER BY created_at DESC'),
    tokenRevokeByGrant: db.prepare(
      'UPDATE access_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL',
    ),
    refreshRevokeByGrant: db.prepare(
      'UPDATE refresh_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL',
    ),
    refreshInsert: db.prepare(
      `INSERT INTO refresh_tokens (hash, grant_id, client_id, scope, created_at, idle_expires_at, rotated_at, successor, revoked_at)
       VALUES (@hash, @grant_id, @client_id, @scope, @created_at, @idle_expires_at, NULL, NULL, NULL)`,
    ),
    refreshGet: db.prepare('SELECT * FROM refresh_tokens WHERE hash = ?'),
    refreshSpend: db.prepare(
      'UPDATE refresh_tokens SET rotated_at = ?, successor = ? WHERE hash = ? AND rotated_at IS NULL AND revoked_at IS NULL',
    ),
    refreshActive: db.prepare(
      'SELECT * FROM refresh_tokens WHERE grant_id = ? AND rotated_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1',
    ),
    outboxAdd: db.prepare(
      'INSERT INTO chain_log_outbox (event, created_at, attempts, next_attempt_at) VALUES (?, ?, 0, ?)',
    ),
    outboxDue: db.prepare(
      'SELECT * FROM chain_log_outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?',
    ),
    outboxDelivered: db.prepare('UPDATE chain_log_outbox SET delivered_at = ? WHERE id = ?'),
    outboxFailed: db.prepare(
      'UPDATE chain_log_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
    ),
    outboxPending: db.prepare('SELECT count(*) AS n FROM chain_log_outbox WHERE delivered_at IS NULL'),
    codeInsert: db.prepare(
      `INSERT INTO auth_codes (hash, grant_id, client_id, redirect_uri, scope, expires_at, used_at)
       VALUES (@hash, @grant_id, @client_id, @redirect_uri, @scope, @expires_at, NULL)`,
    ),
    codeUse: db.prepare('UPDATE auth_codes SET used_at = ? WHERE hash = ? AND used_at IS NULL'),
    codeGet: db.prepare('SELECT * FROM auth_codes WHERE hash = ?'),
    tokenInsert: db.prepare(
      `INSERT INTO access_tokens (hash, grant_id, client_id, scope, expires_at, revoked_at, code_hash)
       VALUES (@hash, @grant_id, @client_id, @scope, @expires_at, NULL, @code_hash)`,
    ),
    tokenGet: db.prepare('SELECT * FROM access_tokens WHERE hash = ?'),
    tokenRevoke: db.prepare('UPDATE access_tokens SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL'),
    tokenRevokeByCode: db.prepare(
      'UPDATE access_tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL',
    ),
    sessionInsert: db.prepare('INSERT INTO auth_sessions (id, data, expires_at) VALUES (?, ?, ?)'),
    sessionGet: db.prepare('SELECT * FROM auth_sessions WHERE id = ? AND expires_at > ?'),
    sessionUpdate: db.prepare('UPDATE auth_sessions SET data = ? WHERE id = ?'),
    sessionDelete: db.prepare('DELETE FROM auth_sessions WHERE id = ?'),
    providerUpsert: db.prepare(
      `INSERT INTO providers (naam, display_name, ura, application_ids, services, status)
       VALUES (@naam, @display_name, @ura, @application_ids, @services, @status)
       ON CONFLICT (naam) DO UPDATE SET display_name = excluded.display_name, ura = excluded.ura,
         application_ids = excluded.application_ids, services = excluded.services, status = excluded.status`,
    ),
    providerGet: db.prepare('SELECT * FROM providers WHERE naam = ?'),
    providerList: db.prepare('SELECT * FROM providers ORDER BY naam'),
  };

  const consume = db.transaction((hash: string, at: number) => {
    const changed = q.codeUse.run(at, hash).changes;
    const row = q.codeGet.get(hash) as CodeRow | undefined;
    if (!row) return undefined;
    return changed === 1 ? { code: codeFromRow(row) } : { replayed: codeFromRow(row) };
  });

  const revokeGrant = db.transaction((id: string, at: number) => {
    q.grantRevoke.run(at, id);
    q.tokenRevokeByGrant.run(at, id);
    q.refreshRevokeByGrant.run(at, id);
  });
  const insertToken = (t: AccessToken): void => {
    q.tokenInsert.run({
      hash: t.hash,
      grant_id: t.grantId,
      client_id: t.clientId,
      scope: t.scope,
      expires_at: t.expiresAt,
      code_hash: t.codeHash,
    });
  };
  const insertRefresh = (t: RefreshToken): void => {
    q.refreshInsert.run({
      hash: t.hash,
      grant_id: t.grantId,
      client_id: t.clientId,
      scope: t.scope,
      created_at: t.createdAt,
      idle_expires_at: t.idleExpiresAt,
    });
  };
  const rotate = db.transaction(
    (hash: string, at: number, next: RefreshToken, access: AccessToken, sealed: string): boolean => {
      if (q.refreshSpend.run(at, sealed, hash).changes !== 1) return false;
      insertRefresh(next);
      insertToken(access);
      return true;
    },
  );
  const each = db.transaction((ids: number[], fn: (id: number) => void) => ids.forEach(fn));

  return {
    kind: 'sqlite',
    audit: sqliteAuditRepo(db),
    grants: {
      insert: async (g) => {
        q.grantInsert.run({
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
        });
      },
      get: async (id) => {
        const r = q.grantGet.get(id) as GrantRow | undefined;
        return r && grantFromStored(r);
      },
      revoke: async (id, at) => {
        revokeGrant.immediate(id, at);
      },
      listByBsn: async (bsn) => (q.grantsByBsn.all(sealer.lookupKey(bsn)) as GrantRow[]).map(grantFromStored),
    },
    codes: {
      insert: async (c) => {
        q.codeInsert.run({
          hash: c.hash,
          grant_id: c.grantId,
          client_id: c.clientId,
          redirect_uri: c.redirectUri,
          scope: c.scope,
          expires_at: c.expiresAt,
        });
      },
      consume: async (hash, at) => consume.immediate(hash, at),
    },
    tokens: {
      insert: async (t) => {
        insertToken(t);
      },
      get: async (hash) => {
        const r = q.tokenGet.get(hash) as TokenRow | undefined;
        return r && tokenFromRow(r);
      },
      revoke: async (hash, at) => {
        q.tokenRevoke.run(at, hash);
      },
      revokeByCode: async (codeHash, at) => q.tokenRevokeByCode.run(at, codeHash).changes,
    },
    refreshTokens: {
      insert: async (t) => {
        insertRefresh(t);
      },
      get: async (hash) => {
        const r = q.refreshGet.get(hash) as RefreshRow | undefined;
        return r && refreshFromRow(r);
      },
      rotate: async (hash, at, r) => rotate.immediate(hash, at, r.next, r.access, r.sealed),
      activeForGrant: async (grantId) => {
        const r = q.refreshActive.get(grantId) as RefreshRow | undefined;
        return r && refreshFromRow(r);
      },
    },
    outbox: {
      add: async (event, at) => Number(q.outboxAdd.run(JSON.stringify(event), at, at).lastInsertRowid),
      due: async (now, limit) => (q.outboxDue.all(now, limit) as OutboxRow[]).map(outboxFromRow),
      markDelivered: async (ids, at) => {
        each.immediate(ids, (id) => q.outboxDelivered.run(at, id));
      },
      markFailed: async (ids, nextAt, error) => {
        each.immediate(ids, (id) => q.outboxFailed.run(nextAt, error.slice(0, 500), id));
      },
      pending: async () => (q.outboxPending.get() as { n: number }).n,
    },
    sessions: {
      insert: async (s: AuthSession) => {
        q.sessionInsert.run(s.id, sealer.seal(JSON.stringify(s.data)), s.expiresAt);
      },
      get: async (id, now) => {
        const r = q.sessionGet.get(id, now) as { id: string; data: string; expires_at: number } | undefined;
        return (
          r && {
            id: r.id,
            data: JSON.parse(sealer.open(r.data)) as Record<string, unknown>,
            expiresAt: r.expires_at,
          }
        );
      },
      update: async (id, data) => {
        q.sessionUpdate.run(sealer.seal(JSON.stringify(data)), id);
      },
      delete: async (id) => {
        q.sessionDelete.run(id);
      },
    },
    providers: {
      upsert: async (p) => {
        q.providerUpsert.run({
          naam: p.naam,
          display_name: p.displayName,
          ura: p.ura,
          application_ids: JSON.stringify(p.applicationIds),
          services: JSON.stringify(p.services),
          status: p.status,
        });
      },
      get: async (naam) => {
        const r = q.providerGet.get(naam) as ProviderRow | undefined;
        return r && providerFromRow(r);
      },
      list: async () => (q.providerList.all() as ProviderRow[]).map(providerFromRow),
    },
    ping: async () => {
      db.prepare('SELECT 1').get();
      return true;
    },
    close: async () => {
      db.close();
    },
  };
}
