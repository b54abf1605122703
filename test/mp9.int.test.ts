/**
 * MP 9 building blocks on data service 31 (`ggzdemo`) end to end, for Brug's synthetic patient VELD
 * 999990123 (src/sim/data: sertraline ongoing, quetiapine ended): the real gateway on a socket, the
 * real LSP client, the LSP/XIS simulator over mutual TLS. One test per MedMij category search of
 * fhir.md 2.2 (MA, VV, TA, MVE, MGB) with its `_include`, the identifier / medicationtreatment /
 * periodofuse filters on MA, a search without category (all building blocks of the type, pooled), and
 * which LSP queries each search sends (read from the simulator's log: a TA search asks only QUTA).
 * Every Bundle passes the MedMij response rules and carries no BSN.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as fhir from 'fhir';
import { createLogger } from '../src/log.ts';
import { checkMedMijRules } from '../src/medmij/fhir/index.ts';
import { startDemo, type Demo } from './support/demo.ts';

const BSN = '999990123';
const SNOMED = 'http://snomed.info/sct';
const MP_ACTS = 'urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3';
const MA_ID = 'urn:oid:2.16.840.1.113883.2.4.3.11.999.77.16076005.1';
const MBH = 'urn:oid:2.16.840.1.113883.2.4.3.11.999.77.1.1';
/** The synthetic files' anchor day; the simulator moves it to today. */
const ANCHOR = Date.UTC(2026, 10, 2);

/** The simulator's "answered" log lines: which query each search sent. */
const asked: string[] = [];
const logger = createLogger('info', 'brug', {
  write(line: string): void {
    const rec = JSON.parse(line) as { msg?: string; interaction?: string };
    if (rec.msg === 'LSP simulator: answered' && rec.interaction) asked.push(rec.interaction);
  },
});

let demo: Demo;
let token: string;

before(async () => {
  demo = await startDemo({}, [], logger);
  token = await demo.token(BSN, 'ggzdemo~31');
});

after(async () => {
  await demo?.close();
});

beforeEach(() => {
  asked.length = 0;
});

/** Today in Europe/Amsterdam shifted by `days`, as YYYY-MM-DD (the simulator's clock). */
function day(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const t = Date.parse(`${today}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A date in the synthetic files (before the shift) as the day the gateway shows it. */
function shifted(y: number, m: number, d: number): string {
  return day(Math.round((Date.UTC(y, m - 1, d) - ANCHOR) / 86_400_000));
}

async function search(type: string, params: [string, string][]): Promise<fhir.Bundle> {
  const res = await fetch(
    `${demo.base}/fhir/ggzdemo/31/stu3/${type}?${new URLSearchParams(params).toString()}`,
    {
      headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
    },
  );
  const body = await res.text();
  assert.equal(res.status, 200, body);
  assert.doesNotMatch(body, new RegExp(BSN), 'no BSN in the response');
  const bundle = JSON.parse(body) as fhir.Bundle;
  assert.deepEqual(checkMedMijRules(bundle, params), [], 'the MedMij response rules hold');
  return bundle;
}

function matches<T extends fhir.Resource>(b: fhir.Bundle): T[] {
  return (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as T);
}

function included(b: fhir.Bundle, type: string): fhir.Resource[] {
  return (b.entry ?? [])
    .filter((e) => e.search?.mode === 'include' && e.resource?.resourceType === type)
    .map((e) => e.resource!);
}

function ids(rs: { identifier?: fhir.Identifier[] }[]): string[] {
  return rs.map((r) => r.identifier?.[0]?.value ?? '?').sort();
}

function profiles(rs: fhir.Resource[]): string[] {
  return [...new Set(rs.map((r) => r.meta?.profile?.[0] ?? '?'))];
}

test('MA: MedicationRequest?category=16076005 gives both agreements with their products, asking only QUMA', async () => {
  const b = await search('MedicationRequest', [
    ['category', `${SNOMED}|16076005`],
    ['_include', 'MedicationRequest:medication'],
  ]);
  const mas = matches<fhir.MedicationRequest>(b);
  assert.deepEqual(ids(mas), ['BRUG-MB-0123-1-MA1', 'BRUG-MB-0123-2-MA1']);
  assert.deepEqual(profiles(mas), ['http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement']);
  const products = included(b, 'Medication') as fhir.Medication[];
  assert.deepEqual(products.map((m) => m.code?.coding?.[0]?.display).sort(), [
    'Quetiapine tablet 25mg',
    'Sertraline tablet 50mg',
  ]);
  const sertraline = mas.find((m) => m.identifier?.[0]?.value === 'BRUG-MB-0123-1-MA1');
  assert.equal(sertraline?.dosageInstruction?.[0]?.timing?.repeat?.frequency, 1);
  assert.deepEqual(asked, ['QUMA_IN991201NL04']);
});

test('MA filters: identifier, medicationtreatment and periodofuse pick the right agreement', async () => {
  const base: [string, string][] = [['category', `${SNOMED}|16076005`]];
  const byId = await search('MedicationRequest', [...base, ['identifier', `${MA_ID}|BRUG-MB-0123-2-MA1`]]);
  assert.deepEqual(ids(matches(byId)), ['BRUG-MB-0123-2-MA1']);
  const byTreatment = await search('MedicationRequest', [
    ...base,
    ['medicationtreatment', `${MBH}|BRUG-MB-0123-1`],
  ]);
  assert.deepEqual(ids(matches(byTreatment)), ['BRUG-MB-0123-1-MA1']);
  // Quetiapine ran from 1 June to 31 August, sertraline from 1 September on (before the shift).
  const current = await search('MedicationRequest', [...base, ['periodofuse', `ge${shifted(2026, 10, 1)}`]]);
  assert.deepEqual(ids(matches(current)), ['BRUG-MB-0123-1-MA1']);
  const early = await search('MedicationRequest', [...base, ['periodofuse', `le${shifted(2026, 7, 1)}`]]);
  assert.deepEqual(ids(matches(early)), ['BRUG-MB-0123-2-MA1']);
  const summer = await search('MedicationRequest', [
    ...base,
    ['periodofuse', `ge${shifted(2026, 8, 1)}`],
    ['periodofuse', `le${shifted(2026, 8, 31)}`],
  ]);
  assert.deepEqual(ids(matches(summer)), ['BRUG-MB-0123-2-MA1']);
  const none = await search('MedicationRequest', [...base, ['identifier', `${MA_ID}|NO-SUCH-MA`]]);
  assert.equal(matches(none).length, 0, 'an identifier no agreement has: an empty searchset');
});

test('VV: MedicationRequest?category=52711000146108 gives the dispense request, asking only QUVV', async () => {
  const b = await search('MedicationRequest', [
    ['category', `${SNOMED}|52711000146108`],
    ['_include', 'MedicationRequest:medication'],
  ]);
  const [vv, ...rest] = matches<fhir.MedicationRequest>(b);
  assert.equal(rest.length, 0);
  assert.equal(vv?.meta?.profile?.[0], 'http://nictiz.nl/fhir/StructureDefinition/zib-DispenseRequest');
  assert.equal(vv?.identifier?.[0]?.value, 'BRUG-MB-0123-1-VV1');
  assert.equal(vv?.dispenseRequest?.quantity?.value, 30);
  assert.equal(vv?.dispenseRequest?.numberOfRepeatsAllowed, 2);
  assert.ok(vv?.dispenseRequest?.performer?.display, 'the intended pharmacy');
  assert.equal(included(b, 'Medication').length, 1);
  assert.deepEqual(asked, ['QUVV_IN992201NL03']);
});

test('TA: MedicationDispense?category=422037009 gives both administration agreements, asking only QUTA', async () => {
  const b = await search('MedicationDispense', [
    ['category', `${SNOMED}|422037009`],
    ['_include', 'MedicationDispense:medication'],
  ]);
  const tas = matches<fhir.MedicationDispense>(b);
  assert.deepEqual(ids(tas), ['BRUG-MB-0123-1-TA1', 'BRUG-MB-0123-2-TA1']);
  assert.deepEqual(profiles(tas), ['http://nictiz.nl/fhir/StructureDefinition/zib-AdministrationAgreement']);
  for (const ta of tas) assert.ok(ta.performer?.[0]?.actor?.display, 'the pharmacy agreed it');
  assert.equal(included(b, 'Medication').length, 2);
  assert.deepEqual(asked, ['QUTA_IN991211NL02'], 'no QUMV and no 6.12 query for a TA search');
});

test('MVE: MedicationDispense?category=373784005 gives the three dispenses, asking only QUMV', async () => {
  const b = await search('MedicationDispense', [
    ['category', `${SNOMED}|373784005`],
    ['_include', 'MedicationDispense:medication'],
  ]);
  const mves = matches<fhir.MedicationDispense>(b);
  assert.deepEqual(ids(mves), ['BRUG-MB-0123-1-MVE1', 'BRUG-MB-0123-1-MVE2', 'BRUG-MB-0123-2-MVE1']);
  assert.deepEqual(profiles(mves), ['http://nictiz.nl/fhir/StructureDefinition/zib-Dispense']);
  const october = mves.find((m) => m.identifier?.[0]?.value === 'BRUG-MB-0123-1-MVE2');
  assert.equal(october?.whenHandedOver, shifted(2026, 10, 1));
  assert.equal(october?.quantity?.value, 30);
  assert.deepEqual(asked, ['QUMV_IN992211NL02']);
  const handed = await search('MedicationDispense', [
    ['category', `${SNOMED}|373784005`],
    ['whenhandedover', `ge${shifted(2026, 9, 15)}`],
  ]);
  assert.deepEqual(ids(matches(handed)), ['BRUG-MB-0123-1-MVE2']);
});

test('MGB: MedicationStatement?category=77.5.3|6 gives both uses, taken from the use indicator, asking only QUMG', async () => {
  const b = await search('MedicationStatement', [
    ['category', `${MP_ACTS}|6`],
    ['_include', 'MedicationStatement:medication'],
  ]);
  const uses = matches<fhir.MedicationStatement>(b);
  assert.deepEqual(ids(uses), ['BRUG-MB-0123-1-MGB1', 'BRUG-MB-0123-2-MGB1']);
  const taken = Object.fromEntries(uses.map((u) => [u.identifier?.[0]?.value, u.taken]));
  assert.deepEqual(taken, { 'BRUG-MB-0123-1-MGB1': 'y', 'BRUG-MB-0123-2-MGB1': 'n' });
  const stopped = uses.find((u) => u.identifier?.[0]?.value === 'BRUG-MB-0123-2-MGB1');
  assert.equal(stopped?.status, 'stopped');
  assert.match(stopped?.informationSource?.display ?? '', /Visser/, 'told by the nurse');
  assert.equal(included(b, 'Medication').length, 2);
  assert.deepEqual(asked, ['QUMG_IN991221NL02']);
});

test('no category: every building block of the type, each once, from all its queries', async () => {
  const dispenses = await search('MedicationDispense', [['_include', 'MedicationDispense:medication']]);
  assert.deepEqual(ids(matches(dispenses)), [
    'BRUG-MB-0123-1-MVE1',
    'BRUG-MB-0123-1-MVE2',
    'BRUG-MB-0123-1-TA1',
    'BRUG-MB-0123-2-MVE1',
    'BRUG-MB-0123-2-TA1',
  ]);
  assert.deepEqual([...asked].sort(), ['QUMV_IN992211NL02', 'QURX_IN990111NL', 'QUTA_IN991211NL02']);
  asked.length = 0;
  const requests = await search('MedicationRequest', []);
  assert.deepEqual(ids(matches(requests)), [
    'BRUG-MB-0123-1-MA1',
    'BRUG-MB-0123-1-VV1',
    'BRUG-MB-0123-2-MA1',
  ]);
  assert.deepEqual([...asked].sort(), ['QUMA_IN991201NL04', 'QUVV_IN992201NL03']);
});

test('the 6.12 conversion search asks only the 6.12 query (VELD has no 6.12 dispenses: empty)', async () => {
  const b = await search('MedicationDispense', [
    ['category', `${SNOMED}|373784005,${SNOMED}|422037009`],
    ['_include', 'MedicationDispense:medication'],
    ['_include', 'MedicationDispense:patient'],
    ['_include', 'MedicationDispense:performer'],
  ]);
  assert.equal(matches(b).length, 0);
  assert.deepEqual(asked, ['QURX_IN990111NL']);
});

test('a category service 31 does not serve: an empty searchset, no LSP question', async () => {
  const b = await search('MedicationRequest', [['category', `${SNOMED}|123456789`]]);
  assert.equal(matches(b).length, 0);
  assert.deepEqual(asked, []);
});

test('the MGB search in XML: the same building blocks as FHIR XML', async () => {
  const res = await fetch(
    `${demo.base}/fhir/ggzdemo/31/stu3/MedicationStatement?category=${encodeURIComponent(`${MP_ACTS}|6`)}&_format=xml`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+xml/);
  const xml = await res.text();
  assert.equal(xml.match(/<MedicationStatement>/g)?.length, 2);
  assert.match(xml, /<taken value="y"\/>/);
  assert.doesNotMatch(xml, new RegExp(BSN));
});
