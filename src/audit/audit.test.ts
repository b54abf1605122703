import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/index.ts';
import { testDatabases, type TestDatabase } from '../store/testing.ts';
import type { Store } from '../store/types.ts';
import { AuditTamperError } from '../store/kysely-audit.ts';
import { canonicalJson, GENESIS, plainHash } from './chain.ts';
import { anchorLine, readAnchors, startAnchorWriter } from './anchor.ts';
import { localAuditKey, pseudonym } from './pseudonym.ts';
import { createAuditLog } from './record.ts';
import { dropAuditGuards, ph, rawSql } from './raw-sql.test-util.ts';
import { openLegacyDatabase } from './legacy.test-util.ts';

const BSN = '999990032';
const PKEY = Buffer.alloc(32, 7);

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

test('anchor lines round-trip, are found in a log file among other lines, and a damaged one is an error', () => {
  const a = {
    seq: 7,
    hash: 'a'.repeat(64),
    at: '2026-01-01T00:00:00.000Z',
    keyedFrom: 1,
    mac: 'b'.repeat(64),
  };
  const logLine = JSON.stringify({ level: 30, event: 'audit.anchor', anchor: JSON.parse(anchorLine(a)) });
  assert.deepEqual(readAnchors(`{"level":30,"msg":"hello"}\n${anchorLine(a)}\n\n${logLine}\n`), [a, a]);
  assert.throws(
    () => readAnchors(anchorLine({ ...a, hash: 'xyz' })),
    /line 1 is not a complete audit anchor/,
  );
  assert.throws(() => readAnchors('audit.anchor {'), /line 1 mentions audit.anchor but is not JSON/);
});

/** Five searches of one patient, through the audit log. */
async function fiveSearches(store: Store): Promise<void> {
  const log = createAuditLog(store, PKEY);
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
      lsp: [{ interaction: 'QURX_IN990111NL', messageId: `m${i}` }],
    });
  }
}

for (const dialect of testDatabases()) {
  describe(`the audit log on ${dialect.name}`, { skip: dialect.skip }, () => {
    const withLog = (fn: (store: Store, db: TestDatabase) => Promise<void>) => async (): Promise<void> => {
      const db = dialect.create();
      const store = await db.open();
      try {
        await fiveSearches(store);
        await fn(store, db);
      } finally {
        await store.close();
        await db.dispose();
      }
    };

    test(
      'records chain in order under a keyed hash, the anchor names the newest, no BSN anywhere',
      withLog(async (store) => {
        const rows = await store.audit.snapshot();
        assert.deepEqual(
          rows.map((r) => r.seq),
          [1, 2, 3, 4, 5],
        );
        assert.deepEqual(await store.audit.verify(), { ok: true, records: 5 });
        assert.doesNotMatch(JSON.stringify(rows), new RegExp(BSN), 'no BSN in the audit log');
        const first = JSON.parse(rows[0]!.data) as { patient: string; lsp: unknown };
        assert.equal(first.patient, pseudonym(BSN, PKEY));
        assert.equal(rows[0]!.patient, first.patient, 'the indexed column holds the pseudonym');
        assert.deepEqual(first.lsp, [{ interaction: 'QURX_IN990111NL', messageId: 'm0' }]);
        const r = rows[2]!;
        assert.notEqual(r.hash, plainHash(r.prevHash, r.seq, r.at, r.event, r.data), 'not a plain hash');
        const anchor = await store.audit.anchor();
        assert.deepEqual(
          { seq: anchor?.seq, hash: anchor?.hash, keyedFrom: anchor?.keyedFrom },
          { seq: 5, hash: rows[4]!.hash, keyedFrom: 1 },
        );
      }),
    );

    test(
      'the tables refuse UPDATE and DELETE (TRUNCATE on PostgreSQL); an edited record is named by verify',
      withLog(async (store, db) => {
        const isPg = db.dialect === 'postgres';
        await assert.rejects(rawSql(db, "UPDATE audit_log SET event = 'x' WHERE seq = 3"), /append-only/);
        await assert.rejects(rawSql(db, 'DELETE FROM audit_log WHERE seq = 3'), /append-only/);
        await assert.rejects(rawSql(db, 'DELETE FROM audit_anchor'), /cannot be removed/);
        await assert.rejects(rawSql(db, 'UPDATE audit_anchor SET seq = 2'), /only moves forward/);
        if (isPg) {
          await assert.rejects(rawSql(db, 'TRUNCATE audit_log'), /append-only/);
          await assert.rejects(rawSql(db, 'TRUNCATE audit_anchor'), /cannot be removed/);
        }
        assert.deepEqual(
          await store.audit.verify(),
          { ok: true, records: 5 },
          'the refusals changed nothing',
        );
        await dropAuditGuards(db);
        await rawSql(
          db,
          `UPDATE audit_log SET data = replace(data, '"status":200', '"status":404') WHERE seq = 3`,
        );
        assert.deepEqual(await store.audit.verify(), {
          ok: false,
          records: 3,
          badSeq: 3,
          reason: 'its contents do not match its keyed hash (edited, or rehashed without the audit key)',
        });
      }),
    );

    test(
      'a deleted last record is named by verify, and the next append leaves the gap in view',
      withLog(async (store, db) => {
        await dropAuditGuards(db);
        await rawSql(db, 'DELETE FROM audit_log WHERE seq = 5');
        const cut = await store.audit.verify();
        assert.equal(cut.ok, false);
        assert.equal((cut as { badSeq: number }).badSeq, 5);
        assert.match(
          (cut as { reason: string }).reason,
          /ends at record 4 but its anchor names record 5: records were cut off/,
        );
        await fiveSearches(store); // appends continue from the anchor: 6..10
        const after = await store.audit.verify();
        assert.deepEqual(after, { ok: false, records: 5, badSeq: 6, reason: 'expected record 5' });
      }),
    );

    test(
      'a chain recomputed with plain SHA-256 after an edit is named by verify, with or without a forged anchor',
      withLog(async (store, db) => {
        await dropAuditGuards(db);
        const rows = await store.audit.snapshot();
        let prev = rows[1]!.hash;
        for (const r of rows.slice(2)) {
          const data = r.seq === 3 ? r.data.replace('"match":2', '"match":0') : r.data;
          const hash = plainHash(prev, r.seq, r.at, r.event, data);
          await rawSql(db, [
            `UPDATE audit_log SET data = ${ph(db, 1)}, prev_hash = ${ph(db, 2)}, hash = ${ph(db, 3)} WHERE seq = ${r.seq}`,
            [data, prev, hash],
          ]);
          prev = hash;
        }
        assert.deepEqual(await store.audit.verify(), {
          ok: false,
          records: 3,
          badSeq: 3,
          reason: 'its contents do not match its keyed hash (edited, or rehashed without the audit key)',
        });
        // The tamperer also moves the anchor: marks every record as pre-key (plain) and names the new hash.
        await rawSql(db, [`UPDATE audit_anchor SET keyed_from = 6, hash = ${ph(db, 1)}`, [prev]]);
        assert.deepEqual(await store.audit.verify(), {
          ok: false,
          records: 0,
          badSeq: 5,
          reason: 'the anchor of the log was altered, or belongs to another audit key',
        });
        await rawSql(db, 'UPDATE audit_anchor SET mac = NULL');
        assert.match(
          ((await store.audit.verify()) as { reason: string }).reason,
          /the anchor of the log is not sealed/,
        );
        await assert.rejects(fiveSearches(store), AuditTamperError, 'appends stop on a tampered anchor');
      }),
    );

    test(
      'a log cut short with an earlier sealed anchor put back verifies on its own; an external anchor finds the cut',
      withLog(async (store, db) => {
        const early = (await rawSql(db, 'SELECT * FROM audit_anchor'))[0]!;
        await fiveSearches(store);
        const external = readAnchors(`${anchorLine((await store.audit.anchor())!)}\n`);
        assert.deepEqual(await store.audit.verify(external), { ok: true, records: 10 });
        await dropAuditGuards(db);
        await rawSql(db, 'DELETE FROM audit_log WHERE seq > 5', [
          `UPDATE audit_anchor SET seq = ${ph(db, 1)}, hash = ${ph(db, 2)}, at = ${ph(db, 3)}, mac = ${ph(db, 4)}`,
          [Number(early.seq), early.hash, early.at, early.mac],
        ]);
        assert.deepEqual(
          await store.audit.verify(),
          { ok: true, records: 5 },
          'self-consistent without outside help',
        );
        const found = await store.audit.verify(external);
        assert.equal(found.ok, false);
        assert.equal((found as { badSeq: number }).badSeq, 6);
        assert.match(
          (found as { reason: string }).reason,
          /an external anchor of .* names record 10: records were cut off/,
        );
        // An anchor made with another key is no proof of anything.
        const foreign = { ...external[0]!, mac: 'c'.repeat(64) };
        assert.match(
          ((await store.audit.verify([foreign])) as { reason: string }).reason,
          /not sealed with this audit key/,
        );
      }),
    );

    test(
      'a removed anchor stops appends (fail closed) and verify names it',
      withLog(async (store, db) => {
        await dropAuditGuards(db);
        await rawSql(db, 'DELETE FROM audit_anchor');
        await assert.rejects(fiveSearches(store), AuditTamperError);
        assert.match(
          ((await store.audit.verify()) as { reason: string }).reason,
          /anchor of the log is missing/,
        );
      }),
    );

    test(
      'the time is taken inside the append: a clock running backwards never dates a record before the previous one',
      withLog(async (store) => {
        let t = Date.parse('2030-01-01T00:00:10Z');
        const log = createAuditLog(store, PKEY, () => new Date((t -= 1000)));
        for (let i = 0; i < 3; i++)
          await log.oauthDecision({ step: 'token', outcome: 'refused', status: 400 });
        const ats = (await store.audit.snapshot()).map((r) => r.at);
        assert.deepEqual([...ats].sort(), ats, 'times follow sequence order');
        assert.deepEqual(await store.audit.verify(), { ok: true, records: 8 });
        assert.equal((await store.audit.range('2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')).length, 3);
      }),
    );

    test(
      "a patient's history comes from the pseudonym index: their searches only, newest first",
      withLog(async (store) => {
        const log = createAuditLog(store, PKEY);
        await log.dataAccess({
          token: { grantId: 'g2', clientId: 'pgo.example.nl', provider: 'ggzdemo', bsn: '999990044' },
          provider: 'ggzdemo',
          serviceId: '31',
          resourceType: 'MedicationDispense',
          query: '',
          status: 200,
          counts: { match: 9, include: 0, outcome: 0 },
        });
        await log.oauthDecision({ step: 'login', outcome: 'accepted', status: 303, bsn: BSN });
        const mine = await log.patientHistory(BSN, 3);
        assert.equal(mine.length, 3);
        assert.ok(mine.every((h) => h.matches === 2 && h.resourceType === 'MedicationDispense'));
        assert.ok(mine[0]!.at >= mine[2]!.at);
        assert.equal((await log.patientHistory('999990044', 10))[0]?.matches, 9);
        assert.equal(
          (await store.audit.byPatient(pseudonym(BSN, PKEY))).length,
          6,
          'five searches and a login',
        );
      }),
    );

    test('a plain-hash log from before migration 012 still verifies, is keyed from the next record, and an edit of an old record is found', async () => {
      const legacy = await openLegacyDatabase(dialect.create());
      try {
        let prev = GENESIS;
        for (let seq = 1; seq <= 3; seq++) {
          const at = new Date(1_700_000_000_000 + seq).toISOString();
          const data = canonicalJson({ patient: pseudonym(BSN, PKEY), n: seq });
          const hash = plainHash(prev, seq, at, 'fhir.search', data);
          await legacy.insertPlain({ seq, at, event: 'fhir.search', data, prevHash: prev, hash });
          prev = hash;
        }
        const store = await legacy.db.open(); // applies 012: the anchor is made and sealed
        try {
          const anchor = await store.audit.anchor();
          assert.deepEqual({ seq: anchor?.seq, keyedFrom: anchor?.keyedFrom }, { seq: 3, keyedFrom: 4 });
          assert.deepEqual(await store.audit.verify(), { ok: true, records: 3 });
          await fiveSearches(store);
          assert.deepEqual(await store.audit.verify(), { ok: true, records: 8 });
          assert.equal(
            (await store.audit.byPatient(pseudonym(BSN, PKEY))).length,
            8,
            'old records are indexed too',
          );
          await dropAuditGuards(legacy.db);
          await rawSql(
            legacy.db,
            `UPDATE audit_log SET data = replace(data, '"n":2', '"n":7') WHERE seq = 2`,
          );
          assert.deepEqual(await store.audit.verify(), {
            ok: false,
            records: 2,
            badSeq: 2,
            reason: 'its contents do not match its hash',
          });
        } finally {
          await store.close();
        }
      } finally {
        await legacy.db.dispose();
      }
    });
  });
}

test('the anchor writer appends the anchor to its file and log only when it moved, and once more on stop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'brug-anchor-'));
  const store = openSqliteStore(join(dir, 'brug.db'));
  const logged: object[] = [];
  const writer = startAnchorWriter({
    store,
    logger: { info: (o) => logged.push(o), error: (o) => assert.fail(JSON.stringify(o)) },
    file: join(dir, 'anchors.jsonl'),
    intervalMs: 3_600_000,
  });
  try {
    await fiveSearches(store);
    await writer.writeNow();
    await writer.writeNow(); // nothing new: nothing written
    await fiveSearches(store);
    await writer.stop();
    const anchors = readAnchors(readFileSync(join(dir, 'anchors.jsonl'), 'utf8'));
    assert.deepEqual(
      anchors.map((a) => a.seq),
      [5, 10],
    );
    assert.equal(logged.length, 2);
    assert.deepEqual(
      readAnchors(logged.map((o) => JSON.stringify(o)).join('\n')),
      anchors,
      'the log lines are anchors too',
    );
    assert.deepEqual(await store.audit.verify(anchors), { ok: true, records: 10 });
  } finally {
    await store.close();
  }
});

test('appends from two processes on one file keep one unbroken order', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'brug-audit2-')), 'brug.db');
  const a = openSqliteStore(path);
  const b = openSqliteStore(path);
  const entry = (n: number): { event: string; data: string } => ({
    event: 'fhir.search',
    data: canonicalJson({ n }),
  });
  await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).audit.append(entry(i))));
  assert.deepEqual(await a.audit.verify(), { ok: true, records: 40 });
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
    rows.map((r) => [r.event, r.at]),
    [
      ['oauth.consent', '2026-12-01T10:00:00.000Z'],
      ['oauth.token', '2026-12-01T10:00:00.000Z'],
    ],
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
  assert.deepEqual(await store.audit.verify(), { ok: true, records: 2 });
  await store.close();
});
