/**
 * The PostgreSQL store, for several gateway nodes on one database: a `pg` pool behind the Kysely
 * repositories, migrations from `migrations/postgres/NNN_name.sql` under an advisory lock.
 * `BRUG_DATABASE_URL=postgres://user:password@host:port/db` uses the user's default schema;
 * `?schema=NAME` puts every table in schema NAME (created if missing), which is how each test gets a
 * fresh database of its own (see `testConfig`).
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { ConfigError } from '../config.ts';
import { createBsnSealer } from './seal.ts';
import { migratePostgres } from './migrate.ts';
import { createKyselyStore, type Tx } from './kysely-store.ts';
import { KEYED_CHAIN_MIGRATION, sealNewAnchorPostgres } from './kysely-audit.ts';
import type { Database as Schema } from './schema.ts';
import type { Store } from './types.ts';

/** Times are BIGINT milliseconds: well inside a double, so they are read as numbers, not strings. */
const bigintAsNumber: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) =>
    oid === pg.types.builtins.INT8
      ? (v: string) => Number(v)
      : (pg.types.getTypeParser(oid, format) as (v: string) => unknown),
};

/** Splits `?schema=NAME` off a PostgreSQL URL; the rest goes to `pg` as it is. */
export function parsePostgresUrl(url: string): { connectionString: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('BRUG_DATABASE_URL', 'is not a valid postgres:// URL');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigError('BRUG_DATABASE_URL', 'schema= must be a lower-case SQL name (a-z, 0-9, _)');
  }
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}

/**
 * A database URL fit for a banner or a log line: the password (in the user part or a `password=`
 * parameter) becomes `***`. Anything that is not a postgres:// URL is returned as it is.
 * @param url - a BRUG_DATABASE_URL
 */
export function redactDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not parseable: hide everything between the scheme and the host rather than guess.
    return url.replace(/^(postgres(?:ql)?:\/\/)[^@/]*@/, '$1***@');
  }
  if (parsed.password !== '') parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

/**
 * Opens (and migrates) the PostgreSQL store.
 * @param url - `postgres://...`, optionally with `?schema=NAME`
 * @param options.key - the secret behind the sealed BSNs; every node must use the same one
 * @param options.max - the pool's connection limit (default 10)
 */
export async function openPostgresStore(url: string, options: { key: Buffer; max?: number }): Promise<Store> {
  const { connectionString, schema } = parsePostgresUrl(url);
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
    types: bigintAsNumber,
  });
  // An idle client that loses its connection must not take the process down; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, schema, async (name, client) => {
      if (name === KEYED_CHAIN_MIGRATION) await sealNewAnchorPostgres(client, options.key);
    });
  } catch (err) {
    await pool.end();
    throw err;
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const tx: Tx = (fn) => db.transaction().execute(fn);
  let closed = false;
  return createKyselyStore({
    kind: 'postgres',
    db,
    tx,
    sealer: createBsnSealer(options.key),
    secret: options.key,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  });
}
