import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../audit/chain.ts';
import { testDatabases, type TestDatabase } from './testing.ts';
import { breakAuditAppends, rawSql } from '../audit/raw-sql.test-util.ts';
import type { Grant, Store } from './types.ts';

// The contract every store implementation passes: SQLite on a real file always, PostgreSQL (a fresh
// schema) when BRUG_TEST_DATABASE_URL is set.
for (const dialect of testDatabases()) {
  describe(`store contract on ${dialect.name}`, { skip: dialect.skip }, () => {
    contract(dialect.create);
  });
}

function contract(create: () => TestDatabase): void {
  function withStore(fn: (store: Store, db: TestDatabase) => Promise<void>): () => Promise<void> {
    return async () => {
      const db = create();
      const store = await db.open();
      try {
        await fn(store, db);
      } finally {
        await store.close();
        await db.dispose();
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
    withStore(async (store, db) => {
      await store.grants.insert(grant);
      const other = await db.open();
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
      assert.equal(
        await store.refreshTokens.rotate('r1', 21, { ...rotation, next: refresh('r3', 21) }),
        false,
      );
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
      assert.equal(
        await store.refreshTokens.rotate('r2', 31, { ...rotation, next: refresh('r4', 31) }),
        false,
      );
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
    withStore(async (store, db) => {
      await store.grants.insert(grant);
      await store.sessions.insert({ id: 's9', data: { bsn: grant.bsn, step: 'consent' }, expiresAt: 9e15 });
      const dump = JSON.stringify([await db.rawRows('grants'), await db.rawRows('auth_sessions')]);
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

  test(
    'twenty parallel redemptions of one code, from two stores (nodes): exactly one wins',
    withStore(async (store, db) => {
      await store.grants.insert(grant);
      await store.codes.insert({
        hash: 'race',
        grantId: 'g1',
        clientId: grant.clientId,
        redirectUri: 'https://pgo.example.nl/cb',
        scope: 'ggzdemo~31',
        expiresAt: 5000,
        usedAt: null,
      });
      const other = await db.open();
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).codes.consume('race', 2000 + i)),
        );
        assert.equal(results.filter((r) => r && 'code' in r).length, 1);
        assert.equal(results.filter((r) => r && 'replayed' in r).length, 19);
      } finally {
        await other.close();
      }
    }),
  );

  test(
    'parallel refresh rotations of one token: exactly one spends it',
    withStore(async (store, db) => {
      await store.grants.insert({ ...grant, longLived: true });
      await store.refreshTokens.insert(refresh('r1', 10));
      const other = await db.open();
      try {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? store : other).refreshTokens.rotate('r1', 20 + i, {
              next: refresh(`n${i}`, 20 + i),
              access: access(`a${i}`),
              sealed: `answer ${i}`,
            }),
          ),
        );
        assert.equal(results.filter(Boolean).length, 1);
        const winner = results.indexOf(true);
        assert.equal((await store.refreshTokens.get('r1'))?.successor, `answer ${winner}`);
        for (let i = 0; i < 10; i++) {
          assert.equal(
            (await store.refreshTokens.get(`n${i}`)) !== undefined,
            i === winner,
            'only the winner stored a successor',
          );
        }
      } finally {
        await other.close();
      }
    }),
  );

  test(
    'parallel audit appends from two stores (nodes) form one gapless chain that verifies',
    withStore(async (store, db) => {
      const other = await db.open();
      try {
        const entry = (n: number): { event: string; data: string; clock: () => Date } => ({
          event: 'fhir.search',
          data: canonicalJson({ n }),
          clock: () => new Date(1_800_000_000_000 + n),
        });
        const appended = await Promise.all(
          Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? store : other).audit.append(entry(i))),
        );
        assert.deepEqual(
          appended.map((a) => a.seq).sort((x, y) => x - y),
          Array.from({ length: 60 }, (_, i) => i + 1),
        );
        assert.deepEqual(await other.audit.verify(), { ok: true, records: 60 });
        // Times are taken inside the lock and never run backwards, so they follow the order of seq.
        const ats = (await store.audit.snapshot()).map((r) => r.at);
        assert.deepEqual([...ats].sort(), ats);
      } finally {
        await other.close();
      }
    }),
  );

  test(
    'appends made at once commit together: each caller gets its own record, in call order, and a bad record fails alone',
    withStore(async (store) => {
      const data = (n: number): string => (n === 17 ? '{"n":' : canonicalJson({ n }));
      const settled = await Promise.allSettled(
        Array.from({ length: 40 }, (_, n) => store.audit.append({ event: 'fhir.search', data: data(n) })),
      );
      assert.equal(settled[17]!.status, 'rejected', 'the record that is not JSON is refused');
      const rows = new Map((await store.audit.snapshot()).map((r) => [r.seq, r]));
      const placed: number[] = [];
      settled.forEach((s, n) => {
        if (n === 17) return;
        assert.equal(s.status, 'fulfilled', `append ${n}`);
        const { seq, hash } = (s as PromiseFulfilledResult<{ seq: number; hash: string }>).value;
        assert.equal(rows.get(seq)?.data, data(n), `append ${n} was told the place of its own record`);
        assert.equal(rows.get(seq)?.hash, hash);
        placed.push(seq);
      });
      assert.deepEqual(
        placed,
        Array.from({ length: 39 }, (_, i) => i + 1),
        'in the order of the calls',
      );
      assert.deepEqual(await store.audit.verify(), { ok: true, records: 39 });
    }),
  );

  test(
    'the audit tables refuse UPDATE, DELETE and TRUNCATE around the store',
    withStore(async (store, db) => {
      await store.audit.append({ event: 'fhir.search', data: canonicalJson({ n: 1 }) });
      await store.audit.append({ event: 'fhir.search', data: canonicalJson({ n: 2 }) });
      const refusals: [string, RegExp][] = [
        ["UPDATE audit_log SET data = '{}' WHERE seq = 1", /append-only/],
        ['DELETE FROM audit_log WHERE seq = 2', /append-only/],
        ['DELETE FROM audit_log', /append-only/],
        ['DELETE FROM audit_anchor', /cannot be removed/],
        ['UPDATE audit_anchor SET seq = 1', /only moves forward/],
        ['UPDATE audit_anchor SET mac = NULL', /only moves forward/],
        ["INSERT INTO audit_anchor (id, seq, hash, at, keyed_from) VALUES (2, 0, 'x', '', 1)", /CHECK|check/],
      ];
      if (db.dialect === 'postgres') {
        refusals.push(['TRUNCATE audit_log', /append-only/], ['TRUNCATE audit_anchor', /cannot be removed/]);
      }
      for (const [statement, why] of refusals) await assert.rejects(rawSql(db, statement), why, statement);
      assert.deepEqual(await store.audit.verify(), { ok: true, records: 2 });
    }),
  );

  test(
    'a transaction commits a state change with its audit record, and a failing append rolls the change back',
    withStore(async (store, db) => {
      const committed: string[] = [];
      await store.transaction(async (tx) => {
        await tx.grants.insert(grant);
        await tx.grants.revoke(grant.id, 3000); // nested writes join the transaction
        await tx.audit.append({ event: 'oauth.consent', data: canonicalJson({ grant: grant.id }) });
        tx.afterCommit(() => committed.push('told'));
      });
      assert.deepEqual(committed, ['told']);
      assert.equal((await store.grants.get(grant.id))?.revokedAt, 3000);
      assert.equal((await store.audit.snapshot()).length, 1);

      await breakAuditAppends(db, true);
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.grants.insert({ ...grant, id: 'g2' });
          await tx.codes.insert({
            hash: 'h2',
            grantId: 'g2',
            clientId: grant.clientId,
            redirectUri: 'https://pgo.example.nl/cb',
            scope: 'ggzdemo~31',
            expiresAt: 5000,
            usedAt: null,
          });
          tx.afterCommit(() => committed.push('never'));
          await tx.audit.append({ event: 'oauth.consent', data: canonicalJson({ grant: 'g2' }) });
        }),
        /audit log unavailable/,
      );
      assert.equal(await store.grants.get('g2'), undefined, 'the grant was rolled back with its record');
      assert.equal(await store.codes.consume('h2', 2000), undefined, 'and so was the code');
      assert.deepEqual(committed, ['told']);
      await breakAuditAppends(db, false);
      assert.deepEqual(
        await store.audit.verify(),
        { ok: true, records: 1 },
        'the anchor did not move either',
      );
    }),
  );
}
