/**
 * Backup and restore on PostgreSQL, the way the README's production guide tells an operator to do it:
 * `pg_dump` of Brug's schema, restored with `psql` into a fresh database; then `brug audit verify`
 * against the restored copy passes with every record, one patient's records can still be listed with
 * the audit key, and a long-lived grant's sealed BSN opens again. A dump that lost a record is caught by
 * the same verify. Runs when BRUG_TEST_DATABASE_URL names a server (as .ci/run does); the role needs
 * CREATEDB for the fresh database (.ci/run grants it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createAuditLog } from '../src/audit/index.ts';
import { openPostgresStore, parsePostgresUrl } from '../src/store/postgres.ts';
import {
  POSTGRES_SKIP,
  postgresTestDatabase,
  testPostgresUrl,
  type TestDatabase,
} from '../src/store/testing.ts';
import type { Grant } from '../src/store/index.ts';

const BRUG = join(import.meta.dirname, '..', 'bin', 'brug.js');
const BSN = '999990032';

const missingTool = ['pg_dump', 'psql'].find((tool) => spawnSync(tool, ['--version']).status !== 0);
const skip = !testPostgresUrl()
  ? POSTGRES_SKIP
  : missingTool
    ? `backup not tested: ${missingTool} is not installed (Debian: postgresql-client)`
    : false;

let source: TestDatabase;
let home: string;
let restoredDb: string;
let restoredUrl: string;
const grant: Grant = {
  id: `grant-${randomBytes(6).toString('hex')}`,
  clientId: 'pgo.example.nl',
  provider: 'ggzdemo',
  services: ['31'],
  bsn: BSN,
  authTime: 1_764_000_000,
  authLevel: 'substantieel',
  assertionId: 'assertion-1',
  longLived: true,
  createdAt: 1_764_000_000_000,
  revokedAt: null,
};

/** A statement on the server's maintenance connection (database-level DDL). */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server URL with another database name and a schema. */
function withDatabase(server: string, database: string, schema: string): string {
  const url = new URL(server);
  url.pathname = `/${database}`;
  url.searchParams.set('schema', schema);
  return url.toString();
}

function brug(
  args: string[],
  databaseUrl: string,
): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BRUG, ...args], {
    env: {
      PATH: process.env.PATH,
      BRUG_HOME: home,
      BRUG_DATABASE_URL: databaseUrl,
      BRUG_AUDIT_KEY: source.key.toString('hex'),
      BRUG_LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
  });
}

/** Restores a dump file into the fresh database; psql stops at the first error. */
function restore(file: string): void {
  const { connectionString } = parsePostgresUrl(restoredUrl);
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', connectionString, '-f', file], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `psql restore: ${r.stderr}`);
}

before(async () => {
  if (skip) return;
  home = mkdtempSync(join(tmpdir(), 'brug-backup-'));
  source = postgresTestDatabase();
  const store = await source.open();
  try {
    // What a running gateway leaves behind: a long-lived grant and audit records of both kinds.
    await store.grants.insert(grant);
    const audit = createAuditLog(store, source.key);
    for (let i = 0; i < 20; i++) {
      await audit.oauthDecision({
        step: 'consent',
        outcome: 'accepted',
        status: 302,
        bsn: BSN,
        provider: 'ggzdemo',
      });
      await audit.dataAccess({
        token: { grantId: grant.id, clientId: grant.clientId, provider: 'ggzdemo', bsn: BSN },
        provider: 'ggzdemo',
        serviceId: '31',
        resourceType: 'MedicationDispense',
        query: '_include=MedicationDispense:medication',
        status: 200,
        counts: { match: 4, include: 4, outcome: 0 },
      });
    }
  } finally {
    await store.close();
  }
  restoredDb = `brug_restore_${randomBytes(6).toString('hex')}`;
  const schema = parsePostgresUrl(source.url).schema!;
  restoredUrl = withDatabase(testPostgresUrl()!, restoredDb, schema);
  try {
    await onServer(`CREATE DATABASE ${restoredDb}`);
  } catch (e) {
    throw new Error(
      `could not create a fresh database (the role needs CREATEDB, as .ci/run grants): ${String(e)}`,
    );
  }
});

after(async () => {
  if (skip) return;
  if (restoredDb) await onServer(`DROP DATABASE IF EXISTS ${restoredDb} WITH (FORCE)`);
  await source.dispose();
  rmSync(home, { recursive: true, force: true });
});

test(
  'a pg_dump restored into a fresh database passes audit verify and keeps sealed BSNs',
  { skip },
  async () => {
    const { connectionString, schema } = parsePostgresUrl(source.url);
    const dump = join(home, 'brug.sql');
    const d = spawnSync(
      'pg_dump',
      ['--no-owner', '--no-privileges', '-n', schema!, '-f', dump, connectionString],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(d.status, 0, `pg_dump: ${d.stderr}`);
    assert.doesNotMatch(readFileSync(dump, 'utf8'), new RegExp(BSN), 'the dump holds no BSN in clear');

    restore(dump);
    const verify = brug(['audit', 'verify'], restoredUrl);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /intact: 40 records/);

    const mine = brug(['audit', 'patient', '--bsn', BSN], restoredUrl);
    assert.equal(mine.status, 0, mine.stderr);
    assert.equal(
      mine.stdout.trim().split('\n').length,
      40,
      'every record of the patient is found by pseudonym',
    );

    const restored = await openPostgresStore(restoredUrl, { key: source.key });
    try {
      const back = await restored.grants.get(grant.id);
      assert.equal(back?.bsn, BSN, 'the sealed BSN opens with the same BRUG_AUDIT_KEY');
    } finally {
      await restored.close();
    }
  },
);

test('a dump that lost an audit record is caught by verify on the restored copy', { skip }, async () => {
  const { connectionString, schema } = parsePostgresUrl(source.url);
  const dump = join(home, 'brug-damaged.sql');
  const d = spawnSync(
    'pg_dump',
    ['--no-owner', '--no-privileges', '-n', schema!, '-f', dump, connectionString],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(d.status, 0, d.stderr);
  // Drop the 7th row of the audit table's COPY block: a damaged or hand-edited backup.
  const lines = readFileSync(dump, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^COPY .*audit_log /.test(l));
  assert.ok(start > 0, 'the dump has the audit table');
  lines.splice(start + 7, 1);
  writeFileSync(dump, lines.join('\n'));

  await onServer(`DROP DATABASE ${restoredDb} WITH (FORCE)`);
  await onServer(`CREATE DATABASE ${restoredDb}`);
  restore(dump);
  const verify = brug(['audit', 'verify'], restoredUrl);
  assert.equal(verify.status, 1, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /broken at record \d+/);
});
