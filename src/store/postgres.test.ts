/**
 * The PostgreSQL settings an operator gives: BRUG_DATABASE_POOL_SIZE bounds the connections one node
 * opens (checked on a real server in pg_stat_activity), and a URL shown on screen never shows its
 * password.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, ConfigError } from '../config.ts';
import { openStore } from './index.ts';
import { redactDatabaseUrl } from './postgres.ts';
import { POSTGRES_SKIP, postgresTestDatabase, testPostgresUrl } from './testing.ts';

test('a database URL on screen has its password masked', () => {
  assert.equal(
    redactDatabaseUrl('postgres://brug:s3cret@db.example.nl:5432/brug?schema=brug'),
    'postgres://brug:***@db.example.nl:5432/brug?schema=brug',
  );
  assert.equal(
    redactDatabaseUrl('postgresql://brug@db/brug?password=s3cret&sslmode=require'),
    'postgresql://brug@db/brug?password=***&sslmode=require',
  );
  assert.equal(redactDatabaseUrl('postgres://db/brug'), 'postgres://db/brug');
  assert.equal(redactDatabaseUrl('sqlite:/srv/brug/brug.db'), 'sqlite:/srv/brug/brug.db');
  assert.doesNotMatch(redactDatabaseUrl('postgres://u:s3cret@[bad'), /s3cret/);
});

test('BRUG_DATABASE_POOL_SIZE defaults to 10 and a bad value names the setting', () => {
  assert.equal(loadConfig({}, '/srv').databasePoolSize, 10);
  assert.equal(loadConfig({ BRUG_DATABASE_POOL_SIZE: '40' }, '/srv').databasePoolSize, 40);
  for (const bad of ['0', 'ten', '5000']) {
    assert.throws(
      () => loadConfig({ BRUG_DATABASE_POOL_SIZE: bad }, '/srv'),
      (e: unknown) => e instanceof ConfigError && e.setting === 'BRUG_DATABASE_POOL_SIZE',
    );
  }
});

/** Connections open on the server under one application_name. */
async function connectionsNamed(name: string): Promise<number> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1',
      [name],
    );
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

test(
  'a node opens at most BRUG_DATABASE_POOL_SIZE connections, however many queries wait',
  { skip: testPostgresUrl() ? false : POSTGRES_SKIP },
  async () => {
    const db = postgresTestDatabase();
    try {
      for (const [size, expectAtMost, expectAtLeast] of [
        ['2', 2, 2],
        ['12', 12, 3],
      ] as const) {
        const app = `brug_pool_${randomBytes(4).toString('hex')}`;
        const config = loadConfig(
          {
            BRUG_DATABASE_URL: `${db.url}&application_name=${app}`,
            BRUG_DATABASE_POOL_SIZE: size,
            BRUG_AUDIT_KEY: db.key.toString('hex'),
          },
          '/srv',
        );
        const store = await openStore(config);
        try {
          // 40 reads at once: the pool opens connections up to its limit, the rest wait for one.
          await Promise.all(Array.from({ length: 40 }, () => store.providers.list()));
          const open = await connectionsNamed(app);
          assert.ok(open <= expectAtMost, `pool ${size}: ${open} connections open`);
          assert.ok(open >= expectAtLeast, `pool ${size}: ${open} connections open`);
        } finally {
          await store.close();
        }
      }
    } finally {
      await db.dispose();
    }
  },
);
