/**
 * Every row of the LSP error table (../shared/domain/aorta.md section 3) end to end: the simulator
 * answers a patient with `error-ack:CODE` (acknowledgement AE from the LSP itself), the gateway's LSP
 * client and FHIR edge turn it into the status our rules give and an OperationOutcome carrying the LSP
 * code and VZVZ's issue code, over real HTTP and real mutual TLS.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testBsn } from './bsn.ts';
import { assertLspError } from './expect.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * Rows: LSP code, our status (the PGO's request was fine: LSP-side failures 502/503/504, timeouts 504,
 * authorization refusals 403), VZVZ's OperationOutcome issue code from the table.
 */
const ROWS: { code: string; status: number; issueCode: string }[] = [
  { code: 'NOSTORE', status: 503, issueCode: 'exception' },
  { code: 'RTEDEST', status: 504, issueCode: 'no-store' },
  { code: 'RTUDEST', status: 502, issueCode: 'no-store' },
  { code: 'KEY204', status: 502, issueCode: 'not-found' },
  { code: 'QABRTITI', status: 504, issueCode: 'timeout' },
  { code: 'AUTERR_MEDISCH', status: 403, issueCode: 'forbidden' },
  { code: 'AUTERR_SWV_FALSE', status: 403, issueCode: 'suppressed' },
  { code: 'AUTERR_CONFRCV', status: 403, issueCode: 'not-found' },
  { code: 'SYN105', status: 502, issueCode: 'invalid' },
  { code: 'XYZ_UNKNOWN_42', status: 502, issueCode: 'incomplete' },
];

const bsnOf = new Map(ROWS.map((r, i) => [r.code, testBsn(i, 999991000)]));
let h: Harness;

before(async () => {
  h = await startHarness({
    timeoutMs: 3000,
    patients: ROWS.map((r) => ({
      bsn: bsnOf.get(r.code)!,
      label: `error ${r.code}`,
      fault: `error-ack:${r.code}`,
    })),
  });
});
after(async () => {
  await h.close();
});

for (const row of ROWS) {
  test(`LSP ${row.code} -> HTTP ${row.status}, OperationOutcome ${row.issueCode} with the code`, async () => {
    const bsn = bsnOf.get(row.code)!;
    const res = await h.search(bsn);
    assertLspError(res, { status: row.status, lspCode: row.code, issueCode: row.issueCode, bsn });
    if (row.status === 503) assert.ok(res.headers.get('retry-after'), '503 says when to retry');
    assert.ok(res.ms < h.timeoutMs, `an LSP error answer is quick (${Math.round(res.ms)} ms)`);
  });
}

test('the same refusals in FHIR XML carry the code too', async () => {
  const bsn = bsnOf.get('AUTERR_MEDISCH')!;
  const res = await h.search(bsn, '_format=xml');
  assert.equal(res.status, 403);
  assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+xml/);
  assert.match(res.text, /<OperationOutcome xmlns="http:\/\/hl7.org\/fhir">/);
  assert.match(res.text, /<code value="AUTERR_MEDISCH"\/>/);
  assert.match(res.text, /<code value="forbidden"\/>/);
  assert.ok(!res.text.includes(bsn));
});

test('no log line of the gateway holds a BSN of these patients', () => {
  const logs = h.logs();
  assert.ok(logs.includes('LSP query failed'), 'the failures were logged');
  for (const bsn of bsnOf.values()) assert.ok(!logs.includes(bsn), 'BSN absent from the logs');
});
