/**
 * The PostgreSQL database of scenario (c): which URL it comes from, and a fresh schema of its own on
 * that server (`?schema=brug_bench_<random>`) that is dropped after the run, so the benchmark never
 * writes Brug's tables into a schema someone else uses and leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parsePostgresUrl, redactDatabaseUrl } from '../../src/store/postgres.ts';
import { quoteIdent } from '../../src/store/migrate.ts';

/** Where (c)'s server comes from, or why there is none. */
export type BenchDatabase = { url: string; from: string } | { url: undefined; why: string };

/**
 * Picks the server: `--database-url`, else BRUG_BENCH_DATABASE_URL, else BRUG_TEST_DATABASE_URL.
 * @param flag - the value of `--database-url`, if given
 * @param env - the environment
 * @throws Error when the chosen URL is not postgres://
 */
export function benchDatabase(flag: string | undefined, env: NodeJS.ProcessEnv): BenchDatabase {
  const candidates: [string | undefined, string][] = [
    [flag, '--database-url'],
    [env.BRUG_BENCH_DATABASE_URL, 'BRUG_BENCH_DATABASE_URL'],
    [env.BRUG_TEST_DATABASE_URL, 'BRUG_TEST_DATABASE_URL'],
  ];
  const found = candidates.find(([v]) => v !== undefined && v !== '');
  if (!found) {
    return {
      url: undefined,
      why: 'no PostgreSQL server given (--database-url, BRUG_BENCH_DATABASE_URL or BRUG_TEST_DATABASE_URL)',
    };
  }
  const [url, from] = found as [string, string];
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`${from} must be postgres://..., got "${url}"`);
  return { url, from };
}

/** A fresh schema for one run. */
export interface BenchSchema {
  /** The URL the nodes get: the server's, with `?schema=` the fresh schema. */
  url: string;
  schema: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function onServer(connectionString: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Creates `brug_bench_<random>` on the server (any `schema=` in the URL is replaced).
 * @param server - a postgres:// URL
 * @throws Error naming the server (password masked) when it cannot be reached or the schema not made
 */
export async function freshBenchSchema(server: string): Promise<BenchSchema> {
  const { connectionString } = parsePostgresUrl(server);
  const schema = `brug_bench_${randomBytes(6).toString('hex')}`;
  try {
    await onServer(connectionString, `CREATE SCHEMA ${quoteIdent(schema)}`);
  } catch (e) {
    throw new Error(`cannot create a schema on ${redactDatabaseUrl(server)}: ${(e as Error).message}`);
  }
  const url = new URL(connectionString);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    schema,
    drop: () => onServer(connectionString, `DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`),
  };
}
