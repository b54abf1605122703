/**
 * The simulator's transport faults end to end (per-patient `fault` in a manifest): timeout, SOAP
 * fault, malformed XML, a slow answer under and over the LSP timeout, and the LSP gone altogether.
 * Each must end in the status our rules give with an OperationOutcome, within the configured LSP
 * timeout plus a margin, and the gateway must keep serving.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { testBsn } from './bsn.ts';
import { assertTransportError, dispensesIn, entriesByMode } from './expect.ts';
import { startHarness, type Harness } from './harness.ts';

const TIMEOUT_MS = 2000;
/** Slack on top of the LSP timeout for the HTTP round trip and the gateway's own work. */
const MARGIN_MS = 2000;
const GGZ_PATIENT = '999990032'; // built-in: four dispenses

const B = {
  timeout: testBsn(0, 999992000),
  soapfault: testBsn(1, 999992000),
  malformed: testBsn(2, 999992000),
  slowUnder: testBsn(3, 999992000),
  slowOver: testBsn(4, 999992000),
};
let h: Harness;

before(async () => {
  const data = { interaction: 'QURX_IN990113NL', file: 'ggz.xml', anchor: '2026-11-02' };
  h = await startHarness({
    timeoutMs: TIMEOUT_MS,
    files: {
      'ggz.xml': readFileSync(join(BUILTIN_SIM_DATA, 'QURX_IN990113NL_ggz_999990032.hl7v3.xml'), 'utf8'),
    },
    patients: [
      { bsn: B.timeout, label: 'fault timeout', fault: 'timeout' },
      { bsn: B.soapfault, label: 'fault soapfault', fault: 'soapfault' },
      { bsn: B.malformed, label: 'fault malformed', fault: 'malformed' },
      {
        bsn: B.slowUnder,
        label: 'slow under the timeout',
        fault: `slow:${TIMEOUT_MS / 5}`,
        answers: [data],
        asPatient: { bsn: B.slowUnder },
      },
      {
        bsn: B.slowOver,
        label: 'slow over the timeout',
        fault: `slow:${TIMEOUT_MS * 3}`,
        answers: [data],
        asPatient: { bsn: B.slowOver },
      },
    ],
  });
});
after(async () => {
  await h.close();
});

test(`an LSP that never answers gives 504 within the timeout (${TIMEOUT_MS} ms + ${MARGIN_MS} ms)`, async (t) => {
  const res = await h.search(B.timeout);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assertTransportError(res, { status: 504, kind: 'timeout', issueCode: 'timeout', bsn: B.timeout });
  assert.ok(res.ms >= TIMEOUT_MS - 50, `waited for the timeout (${Math.round(res.ms)} ms)`);
  assert.ok(res.ms < TIMEOUT_MS + MARGIN_MS, `answered in ${Math.round(res.ms)} ms`);
});

test('a SOAP fault from the LSP gives 502', async (t) => {
  const res = await h.search(B.soapfault);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assertTransportError(res, { status: 502, kind: 'soap-fault', issueCode: 'exception', bsn: B.soapfault });
  assert.ok(res.ms < TIMEOUT_MS, `answered in ${Math.round(res.ms)} ms`);
});

test('a malformed (truncated) answer gives 502', async (t) => {
  const res = await h.search(B.malformed);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assertTransportError(res, { status: 502, kind: 'malformed', issueCode: 'structure', bsn: B.malformed });
  assert.ok(res.ms < TIMEOUT_MS, `answered in ${Math.round(res.ms)} ms`);
});

test('a slow answer under the timeout is still a 200 with the data', async (t) => {
  const res = await h.search(B.slowUnder);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assert.equal(res.status, 200, res.text);
  assert.ok(res.ms >= TIMEOUT_MS / 5 - 50, `the delay happened (${Math.round(res.ms)} ms)`);
  assert.equal(dispensesIn(res.json), 4, 'the four dispenses of the answer');
  assert.equal(res.json.total, 8, 'each dispense with its administration agreement');
  assert.deepEqual(entriesByMode(res.json, 'outcome'), [], 'no warning');
  assert.ok(!res.text.includes(B.slowUnder), 'BSN masked in the Bundle');
});

test(`a slow answer over the timeout gives 504 within ${TIMEOUT_MS} ms + ${MARGIN_MS} ms`, async (t) => {
  const res = await h.search(B.slowOver);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assertTransportError(res, { status: 504, kind: 'timeout', issueCode: 'timeout', bsn: B.slowOver });
  assert.ok(res.ms < TIMEOUT_MS + MARGIN_MS, `answered in ${Math.round(res.ms)} ms`);
});

test('after all that a normal search still answers with data', async (t) => {
  const res = await h.search(GGZ_PATIENT);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assert.equal(res.status, 200, res.text);
  assert.equal(dispensesIn(res.json), 4);
});

test('with the LSP gone: 503 with Retry-After and an OperationOutcome, and the gateway stays up', async (t) => {
  await h.stopSimulator();
  const res = await h.search(GGZ_PATIENT);
  t.diagnostic(`answered in ${Math.round(res.ms)} ms`);
  assertTransportError(res, { status: 503, kind: 'unreachable', issueCode: 'transient', bsn: GGZ_PATIENT });
  assert.ok(res.headers.get('retry-after'), 'Retry-After on 503');
  assert.ok(res.ms < TIMEOUT_MS + MARGIN_MS, `answered in ${Math.round(res.ms)} ms`);
  const health = await h.get('/health');
  assert.equal(health.status, 200, 'the process still accepts requests');
  const again = await h.search(GGZ_PATIENT);
  assert.equal(again.status, 503, 'and answers the next search the same way');
  const logs = h.logs();
  for (const bsn of [...Object.values(B), GGZ_PATIENT]) assert.ok(!logs.includes(bsn), 'no BSN in the logs');
});
