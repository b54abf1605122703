import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../store/index.ts';
import { canonicalJson, verifyChain } from './chain.ts';
import { localAuditKey, pseudonym } from './pseudonym.ts';
import { createAuditLog } from './record.ts';

const BSN = '999990032';

test('canonical JSON sorts keys at every level and drops undefined', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
  );
});

test('the pseudonym is keyed: not a plain hash of the BSN, different per key, stable per key', () => {
  const k1 = Buffer.alloc(32, 1);
  const k2 = Buffer.alloc(32, 2);
  assert.equal(pseudonym(BSN, k1), pseudonym(BSN, k1));
  assert.notEqual(pseudonym(BSN, k1), pseudonym(BSN, k2));
  for (const plain of ['sha256', 'sha1', 'md5']) {
    assert.notEqual(pseudonym(BSN, k1), createHash(plain).update(BSN).digest('hex'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'brug-key-'));
  const key = localAuditKey(join(dir, 'audit.key'));
  assert.equal(key.length, 32);
  assert.deepEqual(localAuditKey(join(dir, 'audit.key')), key, 'generated once, then reused');
});

test('records chain in order; verification names the first record that was changed, dropped or relinked', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'brug-audit-')), 'brug.db');
  const store = openSqliteStore(path);
  const log = createAuditLog(store, Buffer.alloc(32, 7));
  for (let i = 0; i < 5; i++) {
    await log.dataAccess({
      token: { grantId: 'g', clientId: 'pgo.example.nl', provider: 'ggzdemo', bsn: BSN },
      provider: 'ggzdemo',
      serviceId: '31',
      resourceType: 'MedicationDispense',
      query: `n=${i}`,
      status: 200,
      counts: { match: 2, include: 3, outcome: 0 },
      requestId: `r${i}`,
    });
  }
  const rows = await store.audit.snapshot();
  assert.deepEqual(
    rows.map((r) => r.seq),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(verifyChain(rows), { ok: true, records: 5 });
  assert.doesNotMatch(JSON.stringify(rows), new RegExp(BSN), 'no BSN in the audit log');
  assert.equal(
    (JSON.parse(rows[0]!.data) as { patient: string }).patient,
    pseudonym(BSN, Buffer.alloc(32, 7)),
  );

  // The table refuses edits; a tamperer must drop the guard first, and verification then finds it.
  const db = new Database(path);
  assert.throws(() => db.prepare("UPDATE audit_log SET event = 'x' WHERE seq = 3").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run(), /append-only/);
  db.exec('DROP TRIGGER audit_log_no_update');
  db.prepare(`UPDATE audit_log SET data = replace(data, '"status":200', '"status":404') WHERE seq = 3`).run();
  db.close();
  const broken = verifyChain(await store.audit.snapshot());
  assert.deepEqual(broken, {
    ok: false,
    records: 3,
    badSeq: 3,
    reason: 'its contents do not match its hash',
  });

  const dropped = rows.filter((r) => r.seq !== 2);
  assert.equal((verifyChain(dropped) as { badSeq: number }).badSeq, 3);
  await store.close();
});

test('appends from two processes on one file keep one unbroken order', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'brug-audit2-')), 'brug.db');
  const a = openSqliteStore(path);
  const b = openSqliteStore(path);
  const entry = (n: number): { at: string; event: string; data: string } => ({
    at: new Date(1_800_000_000_000 + n).toISOString(),
    event: 'fhir.search',
    data: canonicalJson({ n }),
  });
  await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).audit.append(entry(i))));
  assert.deepEqual(verifyChain(await a.audit.snapshot()), { ok: true, records: 40 });
  await a.close();
  await b.close();
});

test('an OAuth decision is a chained record: step, outcome, reason, client, pseudonym; told to onAppend', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'brug-audit-oauth-')), 'brug.db');
  const store = openSqliteStore(path);
  const key = Buffer.alloc(32, 9);
  const told: string[] = [];
  const log = createAuditLog(
    store,
    key,
    () => new Date('2026-12-01T10:00:00Z'),
    (e) => told.push(e),
  );
  await log.oauthDecision({
    step: 'consent',
    outcome: 'accepted',
    status: 303,
    clientId: 'pgo.example.nl',
    bsn: BSN,
    provider: 'ggzdemo',
    services: ['31', '58'],
    grantId: 'g1',
    facts: { decision: 'approve', longLived: false },
    requestId: 'r1',
  });
  await log.oauthDecision({ step: 'token', outcome: 'refused', status: 400, reason: 'invalid_grant' });
  const rows = await store.audit.snapshot();
  assert.deepEqual(
    rows.map((r) => r.event),
    ['oauth.consent', 'oauth.token'],
  );
  assert.deepEqual(told, ['oauth.consent', 'oauth.token']);
  assert.deepEqual(JSON.parse(rows[0]!.data), {
    patient: pseudonym(BSN, key),
    client: 'pgo.example.nl',
    grant: 'g1',
    provider: 'ggzdemo',
    service: '31 58',
    action: { type: 'consent', decision: 'approve', longLived: false },
    outcome: { result: 'accepted', status: 303 },
    requestId: 'r1',
    node: (JSON.parse(rows[0]!.data) as { node: string }).node,
  });
  assert.deepEqual((JSON.parse(rows[1]!.data) as { outcome: unknown }).outcome, {
    result: 'refused',
    status: 400,
    reason: 'invalid_grant',
  });
  assert.doesNotMatch(JSON.stringify(rows), new RegExp(BSN));
  assert.deepEqual(verifyChain(rows), { ok: true, records: 2 });
  await store.close();
});
