/**
 * Test support: a fresh, empty store of each dialect under test. SQLite always (a file in a temporary
 * folder); PostgreSQL when BRUG_TEST_DATABASE_URL names a server (a schema of its own, dropped after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openSqliteStore } from './sqlite.ts';
import { openPostgresStore, parsePostgresUrl } from './postgres.ts';
import { quoteIdent } from './migrate.ts';
import type { Store } from './types.ts';

/** One fresh database: open as many stores (nodes) on it as a test needs. */
export interface TestDatabase {
  dialect: Store['kind'];
  /** Another store on the same database (another node, another process). */
  open(): Promise<Store>;
  /** Every row of a table, read around the store (what a copy of the database shows). */
  rawRows(table: string): Promise<Record<string, unknown>[]>;
  /** The URL a `brug` process would be given for this database. */
  url: string;
  /** The secret behind the sealed BSNs (BRUG_AUDIT_KEY) every store on it uses. */
  key: Buffer;
  dispose(): Promise<void>;
}

/** The PostgreSQL server of the test run, or undefined (then PostgreSQL tests skip). */
export const testPostgresUrl = (): string | undefined => process.env.BRUG_TEST_DATABASE_URL || undefined;

/** Says why PostgreSQL tests were skipped. */
export const POSTGRES_SKIP =
  'PostgreSQL not tested: set BRUG_TEST_DATABASE_URL=postgres://user:pass@host:port/db (as .ci/run does)';

/**
 * The test run that the schemas made now belong to: BRUG_TEST_RUN (scripts/test.js sets one per run
 * and drops the run's schemas at its end), or `x` for a test file run by hand.
 */
export function testRun(): string {
  const run = process.env.BRUG_TEST_RUN ?? '';
  return /^[a-z0-9]{1,12}$/.test(run) ? run : 'x';
}

/**
 * Drops test schemas on a PostgreSQL server (testConfig's and postgresTestDatabase's `brug_t_*`, the
 * load benchmark's `brug_bench_*`): those of one run, or those made before a time (by the
 * `schema_migrations` row of their first migration), so repeated runs do not pile schemas up.
 * @param server - a postgres:// URL
 * @param which - `run`: every schema of that run; `createdBefore`: epoch ms
 * @returns the names dropped
 */
export async function dropTestSchemas(
  server: string,
  which: { run: string } | { createdBefore: number },
): Promise<string[]> {
  const client = new pg.Client({ connectionString: parsePostgresUrl(server).connectionString });
  await client.connect();
  try {
    const names = (
      await client.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'brug\\_t\\_%' OR nspname LIKE 'brug\\_bench\\_%'",
      )
    ).rows.map((r) => r.name);
    const dropped: string[] = [];
    for (const name of names) {
      if ('run' in which) {
        if (!name.startsWith(`brug_t_${which.run}_`)) continue;
      } else {
        // Made when its first migration was applied; a schema without one yet is being made now.
        const made = await client
          .query<{ at: number | string | null }>(
            `SELECT min(applied_at) AS at FROM ${quoteIdent(name)}.schema_migrations`,
          )
          .then(
            (r) => (r.rows[0]?.at == null ? undefined : Number(r.rows[0].at)),
            () => undefined,
          );
        if (made === undefined || made >= which.createdBefore) continue;
      }
      await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
      dropped.push(name);
    }
    return dropped;
  } finally {
    await client.end();
  }
}

/** A fresh SQLite database in a temporary folder. */
export function sqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'brug-store-'));
  const path = join(dir, 'brug.db');
  const key = randomBytes(32);
  return {
    dialect: 'sqlite',
    url: `sqlite:${path}`,
    key,
    open: async () => openSqliteStore(path, { key }),
    rawRows: async (table) => {
      const raw = new Database(path, { readonly: true });
      try {
        return raw.prepare(`SELECT * FROM ${quoteIdent(table)}`).all() as Record<string, unknown>[];
      } finally {
        raw.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh schema on the PostgreSQL server of BRUG_TEST_DATABASE_URL (which must be set). */
export function postgresTestDatabase(): TestDatabase {
  const server = testPostgresUrl();
  if (!server) throw new Error(POSTGRES_SKIP);
  const schema = `brug_t_${testRun()}_${randomBytes(8).toString('hex')}`;
  const url = `${server}${server.includes('?') ? '&' : '?'}schema=${schema}`;
  const key = randomBytes(32);
  const query = async (text: string): Promise<Record<string, unknown>[]> => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(text)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    dialect: 'postgres',
    url,
    key,
    open: () => openPostgresStore(url, { key }),
    rawRows: (table) => query(`SELECT * FROM ${quoteIdent(schema)}.${quoteIdent(table)}`),
    dispose: async () => {
      await query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
    },
  };
}

/** The dialects a contract test runs on: SQLite, and PostgreSQL when a server is given. */
export function testDatabases(): { name: Store['kind']; create: () => TestDatabase; skip: string | false }[] {
  return [
    { name: 'sqlite', create: sqliteTestDatabase, skip: false },
    { name: 'postgres', create: postgresTestDatabase, skip: testPostgresUrl() ? false : POSTGRES_SKIP },
  ];
}

/**
 * Every table of the database behind a BRUG_DATABASE_URL with all its rows, read around the store
 * (what a stolen copy of the database would show).
 * @param url - `sqlite:PATH` or `postgres://...[?schema=NAME]`
 */
export async function dumpTables(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  if (url.startsWith('sqlite:')) {
    const raw = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      for (const { name } of tables)
        out[name] = raw.prepare(`SELECT * FROM ${quoteIdent(name)}`).all() as Record<string, unknown>[];
    } finally {
      raw.close();
    }
    return out;
  }
  const { connectionString, schema } = parsePostgresUrl(url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const where = schema ?? (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
      [where],
    );
    for (const { table_name: name } of tables.rows)
      out[name] = (
        await client.query<Record<string, unknown>>(`SELECT * FROM ${quoteIdent(where)}.${quoteIdent(name)}`)
      ).rows;
  } finally {
    await client.end();
  }
  return out;
}

/**
 * The database of a `brug` process under test (cli and ops tests): with BRUG_TEST_DATABASE_URL a fresh
 * PostgreSQL schema, handed to the process as BRUG_DATABASE_URL; else the SQLite file the process makes
 * in its own home (HOME/brug.db), as the demo does.
 */
export interface ProcessTestDatabase {
  dialect: Store['kind'];
  /** Settings for the process (none on SQLite: the home's default file). */
  env: Record<string, string>;
  /** Every row of a table, read around the store. */
  rows(table: string): Promise<Record<string, unknown>[]>;
  /** Runs SQL on the database around the store, as someone with access to it could. */
  exec(sql: string): Promise<void>;
  /** Drops the PostgreSQL schema (the SQLite file goes with the home). */
  dispose(): Promise<void>;
}

/**
 * A database for a process whose home is `home`.
 * @param home - the process's BRUG_HOME
 */
export function processTestDatabase(home: string): ProcessTestDatabase {
  if (!testPostgresUrl()) {
    const path = join(home, 'brug.db');
    return {
      dialect: 'sqlite',
      env: {},
      rows: async (table) => {
        const raw = new Database(path, { readonly: true });
        try {
          return raw.prepare(`SELECT * FROM ${quoteIdent(table)}`).all() as Record<string, unknown>[];
        } finally {
          raw.close();
        }
      },
      exec: async (text) => {
        const raw = new Database(path);
        try {
          raw.exec(text);
        } finally {
          raw.close();
        }
      },
      dispose: async () => undefined,
    };
  }
  const db = postgresTestDatabase();
  const { connectionString, schema } = parsePostgresUrl(db.url);
  return {
    dialect: 'postgres',
    env: { BRUG_DATABASE_URL: db.url },
    rows: (table) => db.rawRows(table),
    exec: async (text) => {
      const client = new pg.Client({ connectionString, options: `-c search_path=${schema!}` });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    },
    dispose: () => db.dispose(),
  };
}
