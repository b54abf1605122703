/**
 * The embedded store: one SQLite file (better-sqlite3, WAL mode) behind the Kysely repositories,
 * migrations from `migrations/sqlite/NNN_name.sql` recorded in `schema_migrations`.
 * Several processes may open the same file (the demo and a `brug` command): WAL lets readers and one
 * writer work side by side, and a busy timeout waits out short write locks. Within one process every
 * store on a file shares one connection, whose queries Kysely runs one at a time: better-sqlite3
 * waits for a lock synchronously, so two connections in one process could otherwise block each
 * other's event loop (a transaction here spans awaits).
 */
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { localAuditKey } from '../audit/pseudonym.ts';
import { createBsnSealer } from './seal.ts';
import { migrateSqlite } from './migrate.ts';
import { createKyselyStore, type Tx } from './kysely-store.ts';
import { KEYED_CHAIN_MIGRATION, sealNewAnchorSqlite } from './kysely-audit.ts';
import type { Database as Schema } from './schema.ts';
import type { Store } from './types.ts';

export { migrateSqlite } from './migrate.ts';

interface Shared {
  db: Kysely<Schema>;
  users: number;
}
const open = new Map<string, Shared>();

function connect(path: string, secret: Buffer): Kysely<Schema> {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  raw.pragma('synchronous = NORMAL');
  migrateSqlite(raw, (name, db) => {
    if (name === KEYED_CHAIN_MIGRATION) sealNewAnchorSqlite(db, secret);
  });
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
}

/** Most prepared statements kept; the store's queries are a few dozen shapes. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * The connection as Kysely sees it, with each SQL text prepared once: Kysely prepares every query it
 * runs, and preparing costs more than running the small statements a search makes. Safe because the
 * connection runs one query at a time (see above), so a statement is never in use twice at once.
 */
function withStatementCache(raw: Database.Database): {
  prepare: Database.Database['prepare'];
  close(): void;
} {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare: ((source: string) => {
      let stmt = cache.get(source);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
        stmt = raw.prepare(source);
        cache.set(source, stmt);
      }
      return stmt;
    }) as Database.Database['prepare'],
    close: () => {
      cache.clear();
      raw.close();
    },
  };
}

/**
 * Opens (and creates, and migrates) the SQLite store.
 * @param path - the database file, or ':memory:'
 * @param options.key - the secret behind the sealed BSNs (default: a key file beside the database)
 */
export function openSqliteStore(path: string, options: { key?: Buffer } = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const secret = options.key ?? (path === ':memory:' ? randomBytes(32) : localAuditKey(`${path}.key`));
  const sealer = createBsnSealer(secret);
  const id = path === ':memory:' ? `:memory:${Math.random()}` : resolve(path);
  let shared = open.get(id);
  if (!shared) {
    shared = { db: connect(path, secret), users: 0 };
    open.set(id, shared);
  }
  shared.users++;
  const db = shared.db;
  const tx: Tx = (fn) =>
    db.connection().execute(async (conn) => {
      // IMMEDIATE takes the write lock up front, so a read-then-write cannot lose a race midway.
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (err) {
        await sql`ROLLBACK`.execute(conn);
        throw err;
      }
    });
  let closed = false;
  return createKyselyStore({
    kind: 'sqlite',
    db,
    tx,
    sealer,
    secret,
    close: async () => {
      if (closed) return;
      closed = true;
      const s = open.get(id);
      if (s && --s.users === 0) {
        open.delete(id);
        await s.db.destroy();
      }
    },
  });
}
