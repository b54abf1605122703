/**
 * Partial failures and "no data" end to end: LSP batches in which the addressed provider's part
 * arrived next to a failed part or an LSP error part (200 with the data and a warning OperationOutcome
 * entry, search.mode outcome), the same errors without provider data (403 for a refusal, 5xx for a
 * failure), and NF (200 with an empty searchset).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { batch, dataPart, emptyPart } from './batch.ts';
import { testBsn } from './bsn.ts';
import { assertLspError, dispensesIn, entriesByMode, issueWithCode, issuesOf } from './expect.ts';
import { startHarness, type Harness, type SimPatient } from './harness.ts';

const GGZ = { applicationId: '900101', ura: '90000101' }; // ggzdemo (seeded demo provider)
const GGZ_OTHER_SYSTEM = { applicationId: '900109', ura: '90000101' }; // a second system of ggzdemo
const FOREIGN = { applicationId: '900555', ura: '90000555' }; // another provider
const LSP = { applicationId: '1' };
const OUTSIDE_REGION_URA = '00003232';

const bsn = (n: number): string => testBsn(n, 999993000);
const B = {
  otherSystemFails: bsn(0),
  foreignFails: bsn(1),
  swvWithData: bsn(2),
  swvAlone: bsn(3),
  swvWithNf: bsn(4),
  providerRefuses: bsn(5),
  failureAndRefusal: bsn(6),
  unknown: bsn(7),
};
/** Someone else's BSN in an LSP text: must be masked like any other. */
const STRANGER = bsn(8);
const swvText = `Er zijn gegevens beschikbaar buiten uw samenwerkingsverband/regio bij zorgaanbieder (URA: ${OUTSIDE_REGION_URA}) voor ${STRANGER}`;
const NF_PATIENT = '999990044'; // built-in: queryResponseCode NF

const files: Record<string, string> = {
  'other-system-fails.xml': batch([
    dataPart(GGZ, B.otherSystemFails),
    emptyPart(GGZ_OTHER_SYSTEM, { ack: 'AE', qrc: 'AE', code: 'RTEDEST' }),
  ]),
  'foreign-fails.xml': batch([
    dataPart(GGZ, B.foreignFails),
    emptyPart(FOREIGN, { ack: 'AE', qrc: 'AE', code: 'NOSTORE' }),
  ]),
  'swv-with-data.xml': batch([
    emptyPart(LSP, { ack: 'AE', qrc: 'AE', code: 'AUTERR_SWV_FALSE', text: swvText }),
    dataPart(GGZ, B.swvWithData),
  ]),
  'swv-alone.xml': batch([
    emptyPart(LSP, { ack: 'AE', qrc: 'AE', code: 'AUTERR_SWV_FALSE', text: swvText }),
    dataPart({ applicationId: FOREIGN.applicationId, ura: FOREIGN.ura }, B.swvAlone),
  ]),
  'swv-with-nf.xml': batch([
    emptyPart(LSP, { ack: 'AE', qrc: 'AE', code: 'AUTERR_SWV_FALSE', text: swvText }),
    emptyPart(GGZ, { ack: 'AA', qrc: 'NF' }),
  ]),
  'provider-refuses.xml': batch([emptyPart(GGZ, { ack: 'AE', qrc: 'AE', code: 'AUTERR_MEDISCH' })]),
  'failure-and-refusal.xml': batch([
    emptyPart(LSP, { ack: 'AE', qrc: 'AE', code: 'AUTERR_SWV_FALSE', text: swvText }),
    emptyPart(GGZ, { ack: 'AE', qrc: 'AE', code: 'NOSTORE' }),
  ]),
};

const entry = (b: string, file: string, label: string): SimPatient => ({
  bsn: b,
  label,
  keepSources: true,
  answers: [{ interaction: 'QURX_IN990113NL', file, anchor: '2026-11-02' }],
});

let h: Harness;
before(async () => {
  h = await startHarness({
    files,
    patients: [
      entry(B.otherSystemFails, 'other-system-fails.xml', 'data + a failed part of a second system'),
      entry(B.foreignFails, 'foreign-fails.xml', 'data + a failed part of another provider'),
      entry(B.swvWithData, 'swv-with-data.xml', 'data + LSP AUTERR_SWV_FALSE'),
      entry(B.swvAlone, 'swv-alone.xml', 'LSP AUTERR_SWV_FALSE + foreign data only'),
      entry(B.swvWithNf, 'swv-with-nf.xml', 'LSP AUTERR_SWV_FALSE + provider NF'),
      entry(B.providerRefuses, 'provider-refuses.xml', 'provider part AE AUTERR_MEDISCH'),
      entry(B.failureAndRefusal, 'failure-and-refusal.xml', 'LSP refusal + provider failure'),
    ],
  });
});
after(async () => {
  await h.close();
});

/** The single warning OperationOutcome entry of a searchset. */
function warningOf(res: { json: Record<string, unknown> }): Record<string, unknown> {
  const outcomes = entriesByMode(res.json, 'outcome');
  assert.equal(outcomes.length, 1, 'one OperationOutcome entry (search.mode outcome)');
  for (const i of issuesOf(outcomes[0]!)) assert.equal(i.severity, 'warning');
  return outcomes[0]!;
}

test("a batch where the provider's data arrived and its second system failed: 200, data, warning RTEDEST", async () => {
  const res = await h.search(B.otherSystemFails);
  assert.equal(res.status, 200, res.text);
  assert.equal(dispensesIn(res.json), 4);
  assert.equal(res.json.total, 8, 'total counts matches only, not the outcome');
  const issue = issueWithCode(warningOf(res), 'RTEDEST');
  assert.equal(issue.code, 'no-store', "VZVZ's issue code");
  assert.ok(!res.text.includes(B.otherSystemFails), 'BSN masked');
});

test("another provider's failed part is dropped with its data: 200, our data, no warning about it", async () => {
  const res = await h.search(B.foreignFails);
  assert.equal(res.status, 200, res.text);
  assert.equal(dispensesIn(res.json), 4);
  assert.deepEqual(entriesByMode(res.json, 'outcome'), []);
  assert.ok(!res.text.includes('NOSTORE'));
});

test('LSP AUTERR_SWV_FALSE next to the provider data: 200, data, warning "suppressed", texts masked', async () => {
  const res = await h.search(B.swvWithData);
  assert.equal(res.status, 200, res.text);
  assert.equal(dispensesIn(res.json), 4);
  const issue = issueWithCode(warningOf(res), 'AUTERR_SWV_FALSE');
  assert.equal(issue.code, 'suppressed');
  assert.match(
    issue.diagnostics ?? '',
    new RegExp(`URA: ${OUTSIDE_REGION_URA}`),
    "the LSP's text as diagnostics",
  );
  assert.match(issue.diagnostics ?? '', /XXXXXXXXX/, 'with the BSN in it masked');
  assert.ok(!res.text.includes(STRANGER) && !res.text.includes(B.swvWithData), 'no BSN anywhere');
});

test('the same LSP AUTERR_SWV_FALSE without provider data (only a foreign part): 403', async () => {
  const res = await h.search(B.swvAlone);
  assertLspError(res, { status: 403, lspCode: 'AUTERR_SWV_FALSE', issueCode: 'suppressed', bsn: B.swvAlone });
  assert.ok(!res.text.includes(STRANGER));
});

test('LSP AUTERR_SWV_FALSE next to a provider NF: the provider answered, so 200 empty + warning', async () => {
  const res = await h.search(B.swvWithNf);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.total, 0);
  assert.deepEqual(entriesByMode(res.json, 'match'), []);
  assert.equal(issueWithCode(warningOf(res), 'AUTERR_SWV_FALSE').code, 'suppressed');
});

test("the provider's own part refuses (AUTERR_MEDISCH) and nothing else answered: 403", async () => {
  const res = await h.search(B.providerRefuses);
  assertLspError(res, {
    status: 403,
    lspCode: 'AUTERR_MEDISCH',
    issueCode: 'forbidden',
    bsn: B.providerRefuses,
  });
});

test('a refusal together with a failure and no data: the failure wins (503), both codes shown', async () => {
  const res = await h.search(B.failureAndRefusal);
  assertLspError(res, { status: 503, lspCode: 'NOSTORE', issueCode: 'exception', bsn: B.failureAndRefusal });
  assert.equal(issueWithCode(res.json, 'AUTERR_SWV_FALSE').code, 'suppressed');
});

test('NF (no data): 200 with an empty searchset, total 0, no error', async () => {
  for (const b of [NF_PATIENT, B.unknown]) {
    const res = await h.search(b);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.resourceType, 'Bundle');
    assert.equal(res.json.type, 'searchset');
    assert.equal(res.json.total, 0);
    assert.deepEqual(entriesByMode(res.json, 'match'), []);
    assert.deepEqual(entriesByMode(res.json, 'outcome'), [], 'NF is not a warning either');
    assert.ok(!res.text.includes(b));
  }
});

test('no BSN in any gateway log line', () => {
  const logs = h.logs();
  for (const b of [...Object.values(B), STRANGER, NF_PATIENT]) assert.ok(!logs.includes(b));
});
