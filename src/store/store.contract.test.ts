import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
