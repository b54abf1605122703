/**
 * Test schemas do not pile up on the PostgreSQL server: testConfig() names each one after the test run
 * (BRUG_TEST_RUN, set by scripts/test.js) and the run's schemas are dropped when it ends; schemas left
 * by a run that died are dropped by age at the start of a later one, while a younger run's stay.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { testConfig } from '../src/config.ts';
import { openStore } from '../src/store/index.ts';
import { parsePostgresUrl } from '../src/store/postgres.ts';
import { POSTGRES_SKIP, postgresTestDatabase, testPostgresUrl } from '../src/store/testing.ts';

const skip = testPostgresUrl() ? false : POSTGRES_SKIP;

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const exists = async (schema: string): Promise<boolean> =>
  (await sql('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).length === 1;

/** scripts/test-schemas.ts, as scripts/test.js runs it. */
function cleanup(...args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test-schemas.ts', ...args], {
    cwd: join(import.meta.dirname, '..'),
    env: process.env,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
}

test("a run's schemas are dropped at its end, another run's stay", { skip }, async () => {
  const saved = process.env.BRUG_TEST_RUN;
  const homes = [mkdtempSync(join(tmpdir(), 'brug-schemas-')), mkdtempSync(join(tmpdir(), 'brug-schemas-'))];
  const runs = [randomBytes(4).toString('hex'), randomBytes(4).toString('hex')];
  try {
    const schemas: string[] = [];
    for (const [i, run] of runs.entries()) {
      process.env.BRUG_TEST_RUN = run;
      const config = testConfig(homes[i]!);
      const schema = parsePostgresUrl(config.databaseUrl).schema!;
      assert.ok(schema.startsWith(`brug_t_${run}_`), schema);
      const store = await openStore(config);
      await store.close();
      assert.ok(await exists(schema));
      schemas.push(schema);
    }
    cleanup('run', runs[0]!);
    assert.equal(await exists(schemas[0]!), false, 'the ended run left nothing behind');
    assert.equal(await exists(schemas[1]!), true, 'the other run keeps its schema');
    cleanup('run', runs[1]!);
    assert.equal(await exists(schemas[1]!), false);
  } finally {
    if (saved === undefined) delete process.env.BRUG_TEST_RUN;
    else process.env.BRUG_TEST_RUN = saved;
    for (const h of homes) rmSync(h, { recursive: true, force: true });
  }
});

test('schemas left by a run that died are dropped by age; younger ones stay', { skip }, async () => {
  const old = postgresTestDatabase();
  const young = postgresTestDatabase();
  try {
    for (const db of [old, young]) await (await db.open()).close();
    const oldSchema = parsePostgresUrl(old.url).schema!;
    const youngSchema = parsePostgresUrl(young.url).schema!;
    // The old one was made three hours ago.
    await sql(`UPDATE "${oldSchema}".schema_migrations SET applied_at = $1`, [Date.now() - 3 * 3_600_000]);
    cleanup('older-than', String(2 * 3_600_000));
    assert.equal(await exists(oldSchema), false);
    assert.equal(await exists(youngSchema), true);
  } finally {
    await old.dispose();
    await young.dispose();
  }
});
