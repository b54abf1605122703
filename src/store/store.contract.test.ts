import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from './sqlite.ts';
import type { Grant, Store } from './types.ts';

// The contract every store implementation passes. Run here against SQLite on a real file.
function withStore(fn: (store: Store, dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brug-store-'));
    const store = openSqliteStore(join(dir, 'brug.db'));
    try {
      await fn(store, dir);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const grant: Grant = {
  id: 'g1',
  clientId: 'pgo.example.nl',
  provider: 'ggzdemo',
  services: ['31'],
  bsn: '999990019',
  authTime: 1000,
  authLevel: 'substantieel',
  assertionId: 'a1',
  longLived: false,
  createdAt: 1000,
  revokedAt: null,
};

test(
  'a code is consumed once; the second attempt is reported as a replay',
  withStore(async (store) => {
    await store.grants.insert(grant);
    await store.codes.insert({
      hash: 'h1',
      grantId: 'g1',
      clientId: grant.clientId,
      redirectUri: 'https://pgo.example.nl/cb',
      scope: 'ggzdemo~31',
      expiresAt: 5000,
      usedAt: null,
    });
    const first = await store.codes.consume('h1', 2000);
    assert.ok(first && 'code' in first);
    assert.equal(first.code.grantId, 'g1');
    const second = await store.codes.consume('h1', 2001);
    assert.ok(second && 'replayed' in second);
    assert.equal(await store.codes.consume('nope', 2002), undefined);
  }),
);

test(
  'tokens are revoked singly and by the code they came from',
  withStore(async (store) => {
    await store.grants.insert(grant);
    for (const h of ['t1', 't2']) {
      await store.tokens.insert({
        hash: h,
        grantId: 'g1',
        clientId: grant.clientId,
        scope: 'ggzdemo~31',
        expiresAt: 9000,
        revokedAt: null,
        codeHash: 'c1',
      });
    }
    await store.tokens.revoke('t1', 3000);
    assert.equal((await store.tokens.get('t1'))?.revokedAt, 3000);
    assert.equal(await store.tokens.revokeByCode('c1', 3100), 1);
    assert.equal((await store.tokens.get('t2'))?.revokedAt, 3100);
    assert.equal((await store.tokens.get('t1'))?.revokedAt, 3000);
  }),
);

test(
  'sessions expire, grants round-trip, providers upsert idempotently',
  withStore(async (store) => {
    await store.sessions.insert({ id: 's1', data: { step: 'login' }, expiresAt: 100 });
    assert.deepEqual((await store.sessions.get('s1', 50))?.data, { step: 'login' });
    await store.sessions.update('s1', { step: 'consent' });
    assert.deepEqual((await store.sessions.get('s1', 60))?.data, { step: 'consent' });
    assert.equal(await store.sessions.get('s1', 100), undefined);

    await store.grants.insert(grant);
    assert.deepEqual(await store.grants.get('g1'), grant);
    await store.grants.revoke('g1', 7);
    assert.equal((await store.grants.get('g1'))?.revokedAt, 7);

    const p = {
      naam: 'ggzdemo',
      displayName: 'A',
      ura: '90000101',
      applicationIds: ['1'],
      services: [{ id: '31' }],
      status: 'live' as const,
    };
    await store.providers.upsert(p);
    await store.providers.upsert({ ...p, displayName: 'B' });
    const all = await store.providers.list();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.displayName, 'B');
  }),
);

test(
  'migrations are applied once; a second process opening the file sees the same data',
  withStore(async (store, dir) => {
    await store.grants.insert(grant);
    const other = openSqliteStore(join(dir, 'brug.db'));
    try {
      assert.equal((await other.grants.get('g1'))?.clientId, grant.clientId);
    } finally {
      await other.close();
    }
  }),
);

const refresh = (hash: string, at: number) => ({
  hash,
  grantId: 'g1',
  clientId: grant.clientId,
  scope: 'ggzdemo~31',
  createdAt: at,
  idleExpiresAt: at + 1000,
  rotatedAt: null,
  successor: null,
  revokedAt: null,
});
const access = (hash: string) => ({
  hash,
  grantId: 'g1',
  clientId: grant.clientId,
  scope: 'ggzdemo~31',
  expiresAt: 9999,
  revokedAt: null,
  codeHash: null,
});

test(
  'a refresh token is spent once; revoking the grant revokes its access and refresh tokens',
  withStore(async (store) => {
    await store.grants.insert({ ...grant, longLived: true });
    await store.refreshTokens.insert(refresh('r1', 10));
    const rotation = { next: refresh('r2', 20), access: access('a2'), sealed: 'sealed-answer' };
    assert.equal(await store.refreshTokens.rotate('r1', 20, rotation), true);
    assert.equal(await store.refreshTokens.rotate('r1', 21, { ...rotation, next: refresh('r3', 21) }), false);
    const spent = await store.refreshTokens.get('r1');
    assert.equal(spent?.rotatedAt, 20);
    assert.equal(spent?.successor, 'sealed-answer');
    assert.equal(await store.refreshTokens.get('r3'), undefined, 'the losing rotation stored nothing');
    assert.equal((await store.refreshTokens.activeForGrant('g1'))?.hash, 'r2');
    assert.equal((await store.tokens.get('a2'))?.revokedAt, null);

    await store.grants.revoke('g1', 30);
    assert.equal((await store.grants.get('g1'))?.revokedAt, 30);
    assert.equal((await store.tokens.get('a2'))?.revokedAt, 30);
    assert.equal((await store.refreshTokens.get('r2'))?.revokedAt, 30);
    assert.equal(await store.refreshTokens.activeForGrant('g1'), undefined);
    assert.equal(await store.refreshTokens.rotate('r2', 31, { ...rotation, next: refresh('r4', 31) }), false);
    assert.deepEqual(
      (await store.grants.listByBsn(grant.bsn)).map((g) => g.id),
      ['g1'],
    );
    assert.deepEqual(await store.grants.listByBsn('999990020'), []);
  }),
);

test(
  'outbox events wait until delivered; failures are retried later',
  withStore(async (store) => {
    const a = await store.outbox.add({ type: 'receive_authorization_request' }, 100);
    const b = await store.outbox.add({ type: 'show_landing_page' }, 101);
    assert.deepEqual(
      (await store.outbox.due(200, 10)).map((e) => e.event.type),
      ['receive_authorization_request', 'show_landing_page'],
    );
    await store.outbox.markFailed([a, b], 500, 'connection refused');
    assert.deepEqual(await store.outbox.due(200, 10), []);
    const again = await store.outbox.due(500, 1);
    assert.equal(again.length, 1);
    assert.equal(again[0]?.attempts, 1);
    assert.equal(again[0]?.lastError, 'connection refused');
    await store.outbox.markDelivered([a], 600);
    assert.equal(await store.outbox.pending(), 1);
    assert.deepEqual(
      (await store.outbox.due(600, 10)).map((e) => e.id),
      [b],
    );
  }),
);

test(
  'BSNs are sealed at rest: not in the grants table or the parked sessions, yet found and read back',
  withStore(async (store, dir) => {
    await store.grants.insert(grant);
    await store.sessions.insert({ id: 's9', data: { bsn: grant.bsn, step: 'consent' }, expiresAt: 9e15 });
    const raw = new Database(join(dir, 'brug.db'), { readonly: true });
    const dump = JSON.stringify([
      raw.prepare('SELECT * FROM grants').all(),
      raw.prepare('SELECT * FROM auth_sessions').all(),
    ]);
    raw.close();
    assert.doesNotMatch(dump, new RegExp(grant.bsn), 'no BSN in clear in the database');
    assert.equal((await store.grants.get('g1'))?.bsn, grant.bsn);
    assert.deepEqual(
      (await store.grants.listByBsn(grant.bsn)).map((g) => g.id),
      ['g1'],
    );
    assert.deepEqual((await store.grants.listByBsn('999990020')).length, 0);
    assert.equal((await store.sessions.get('s9', 0))?.data.bsn, grant.bsn);
  }),
);
