/**
 * Cross-patient access by chained and reverse-chained search parameters: a PGO holding a token of one
 * patient (BRUGH) names another patient (OVERWEG) by BSN, by identifier system, by the Patient id
 * their own answers carry, through `patient.`, `subject:Patient.`, `patient:Patient.`, `_has:` and
 * `patient._id`. Each request must be refused (4xx) or answered for the token's patient only: never one
 * of OVERWEG's resources, names or medicines, never their BSN, never a 5xx. Were the FHIR layer to
 * pass such a parameter on to the LSP query, the simulator would answer with OVERWEG's data and these
 * tests would fail.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as fhir from 'fhir';
import { startDemo, type Demo } from '../support/demo.ts';
import { assertHealthy } from './flow.ts';

const ATTACKER = '999990032'; // BRUGH: the token's own patient
const VICTIM = '999990056'; // OVERWEG: another patient at the same provider
const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
/** Words only OVERWEG's answers carry (their family name, their medicines). */
const VICTIM_WORDS = ['Overweg', 'SERTRALINE', 'QUETIAPINE', 'IBUPROFEN'];

let demo: Demo;
let fhirBase: string;
let token: string;
let own: { ids: Set<string>; count: number };
let victim: { ids: string[]; patientIds: string[] };

async function search(
  bearer: string,
  query: string,
  type = 'MedicationDispense',
): Promise<{ status: number; body: string }> {
  const res = await fetch(`${fhirBase}/${type}?${query}`, {
    headers: { authorization: `Bearer ${bearer}`, accept: 'application/fhir+json' },
  });
  return { status: res.status, body: await res.text() };
}

const entries = (body: string): fhir.BundleEntry[] => (JSON.parse(body) as fhir.Bundle).entry ?? [];

before(async () => {
  demo = await startDemo();
  fhirBase = `${demo.base}/fhir/ggzdemo/31/stu3`;
  token = await demo.token(ATTACKER, 'ggzdemo~31');
  const mine = await search(token, '_include=MedicationDispense:patient');
  assert.equal(mine.status, 200);
  const mineEntries = entries(mine.body);
  own = { ids: new Set(mineEntries.map((e) => e.resource!.id!)), count: mineEntries.length };
  // What the attacker may have seen of the victim elsewhere: their resource ids and Patient ids.
  const theirs = entries(
    (await search(await demo.token(VICTIM, 'ggzdemo~31'), '_include=MedicationDispense:patient')).body,
  );
  victim = {
    ids: theirs.filter((e) => e.resource!.resourceType !== 'Patient').map((e) => e.resource!.id!),
    patientIds: theirs.filter((e) => e.resource!.resourceType === 'Patient').map((e) => e.resource!.id!),
  };
  assert.ok(victim.ids.length > 0 && victim.patientIds.length > 0, 'the victim has data to steal');
  for (const w of VICTIM_WORDS.slice(1))
    assert.ok(!mine.body.includes(w), `the attacker's own data has no ${w}`);
});

after(async () => {
  await assertHealthy(demo);
  await demo.close();
});

/** The answer holds the token's patient's data at most: none of the victim's. */
function assertNothingOfVictim(query: string, r: { status: number; body: string }): void {
  assert.ok(r.status < 500, `${query}: no server error (${r.status})`);
  assert.ok(
    r.status === 200 || (r.status >= 400 && r.status < 500),
    `${query}: refused or answered (${r.status})`,
  );
  assert.ok(!r.body.includes(VICTIM), `${query}: the victim's BSN is not in the answer`);
  for (const w of VICTIM_WORDS) assert.ok(!r.body.includes(w), `${query}: nothing of the victim (${w})`);
  // The answer without its self link (which repeats the attacker's own query, ids included).
  const answer = JSON.parse(r.body) as { link?: unknown };
  delete answer.link;
  const rest = JSON.stringify(answer);
  for (const id of [...victim.ids, ...victim.patientIds])
    assert.ok(!rest.includes(id), `${query}: not the victim's ${id}`);
  if (r.status === 200) {
    const got = entries(r.body).filter(
      (e) => e.search?.mode !== 'outcome' && e.resource!.resourceType !== 'Patient',
    );
    for (const e of got) assert.ok(own.ids.has(e.resource!.id!), `${query}: only the token's own resources`);
  }
}

const chains = (value: string): string[] => [
  `patient.identifier=${value}`,
  `patient.identifier:exact=${value}`,
  `subject:Patient.identifier=${value}`,
  `patient:Patient.identifier=${value}`,
  `subject.identifier=${value}`,
  `patient%2Eidentifier=${value}`,
  `_has:MedicationDispense:patient:identifier=${value}`,
  `_has:Patient:link:identifier=${value}`,
];

test('chained searches naming another patient by BSN (with and without its system) give nothing of theirs', async () => {
  for (const value of [encodeURIComponent(`${BSN_SYSTEM}|${VICTIM}`), VICTIM, `%7C${VICTIM}`]) {
    for (const q of chains(value)) assertNothingOfVictim(q, await search(token, q));
  }
});

test('chained searches naming another patient by the Patient id their answers carry give nothing of theirs', async () => {
  for (const pid of victim.patientIds) {
    for (const q of [
      `patient._id=${pid}`,
      `patient:Patient._id=${pid}`,
      `subject._id=${pid}`,
      `patient=Patient/${pid}`,
      `patient=${pid}`,
      `subject=Patient/${pid}`,
      `_has:MedicationDispense:patient:_id=${pid}`,
    ]) {
      assertNothingOfVictim(q, await search(token, q));
    }
  }
});

test("_id of another patient's dispense, alone or beside a chain, finds nothing of theirs", async () => {
  for (const id of victim.ids) {
    for (const q of [
      `_id=${id}`,
      `_id=${id}&patient.identifier=${encodeURIComponent(`${BSN_SYSTEM}|${VICTIM}`)}`,
    ]) {
      const r = await search(token, q);
      assertNothingOfVictim(q, r);
    }
  }
});

test('reverse chains on the Patient type give nothing of the other patient either', async () => {
  for (const q of [
    `_has:MedicationDispense:patient:identifier=${encodeURIComponent(`${BSN_SYSTEM}|${VICTIM}`)}`,
    `identifier=${encodeURIComponent(`${BSN_SYSTEM}|${VICTIM}`)}`,
    `_id=${victim.patientIds[0]!}`,
  ]) {
    assertNothingOfVictim(`Patient?${q}`, await search(token, q, 'Patient'));
  }
});

test("the token's own search still works beside these refusals (they are not blanket)", async () => {
  const r = await search(token, '_include=MedicationDispense:patient');
  assert.equal(r.status, 200);
  assert.equal(entries(r.body).length, own.count);
});
