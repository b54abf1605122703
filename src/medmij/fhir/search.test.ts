import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as fhir from 'fhir';
import { FhirError } from './outcome.ts';
import { DEFAULT_SEARCH_TABLES } from './registry.ts';
import { checkMedMijRules } from './rules.ts';
import { searchType, type TypeSearch } from './search.ts';
import * as P from './test-pool.ts';
import type { SearchRequest, SearchResult } from './types.ts';

const URL_BASE = 'https://brug.example.nl/fhir/ggzdemo/31/stu3/MedicationDispense';
const BOTH = `${P.SNOMED}|${P.MVE},${P.SNOMED}|${P.TA}`;

async function run(
  params: [string, string][],
  opts: { strict?: boolean; warnings?: fhir.OperationOutcome[] } = {},
): Promise<{ bundle: fhir.Bundle; seen: SearchRequest[] }> {
  const seen: SearchRequest[] = [];
  const source = (req: SearchRequest): Promise<SearchResult> => {
    seen.push(req);
    return Promise.resolve({ pool: P.testPool(), warnings: opts.warnings ?? [] });
  };
  const req: TypeSearch = {
    url: URL_BASE,
    provider: 'ggzdemo',
    serviceId: '31',
    resourceType: 'MedicationDispense',
    params,
    token: P.testToken(),
    strict: opts.strict ?? false,
  };
  const r = await searchType(req, { search: source, tables: DEFAULT_SEARCH_TABLES });
  assert.equal(r.status, 200);
  const violations = checkMedMijRules(r.resource, params);
  assert.deepEqual(
    violations.filter((v) => !v.startsWith('14:')),
    [],
    'MedMij rules hold',
  );
  return { bundle: r.resource, seen };
}

function matchIds(b: fhir.Bundle): string[] {
  return (b.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id!);
}

const id = (p: { resource: fhir.Resource }): string => p.resource.id!;

test('category: one code selects that building block, a comma ORs both', async () => {
  const ta = await run([['category', `${P.SNOMED}|${P.TA}`]]);
  assert.deepEqual(matchIds(ta.bundle), [P.TA_A, P.TA_B, P.TA_C, P.TA_D].map(id));
  assert.equal(ta.bundle.total, 4);
  const both = await run([['category', BOTH]]);
  assert.equal(both.bundle.total, 8);
  const codeOnly = await run([['category', P.MVE]]);
  assert.deepEqual(matchIds(codeOnly.bundle), [P.MVE_A, P.MVE_B, P.MVE_C, P.MVE_D].map(id));
  const wrongSystem = await run([['category', `http://loinc.org|${P.MVE}`]]);
  assert.equal(wrongSystem.bundle.total, 0);
  assert.equal(wrongSystem.bundle.entry, undefined);
});

test('requestdate ge / lt / range keep or drop TA and MVE of a dispense together', async () => {
  const ge = await run([
    ['category', BOTH],
    ['requestdate', 'ge2026-10-01'],
  ]);
  assert.deepEqual(matchIds(ge.bundle), [P.TA_A, P.MVE_A, P.TA_C, P.MVE_C].map(id));
  const lt = await run([
    ['category', BOTH],
    ['requestdate', 'lt2026-10-01'],
  ]);
  assert.deepEqual(matchIds(lt.bundle), [P.TA_B, P.MVE_B].map(id));
  const range = await run([
    ['category', BOTH],
    ['requestdate', 'ge2026-11-01'],
    ['requestdate', 'le2026-11-30'],
  ]);
  assert.deepEqual(matchIds(range.bundle), [P.TA_A, P.MVE_A].map(id));
  const month = await run([['requestdate', '2026-12']]);
  assert.deepEqual(matchIds(month.bundle), [P.TA_C, P.MVE_C].map(id));
});

test('periodofuse ge / lt / gt&lt use FHIR range overlap; no value means no match', async () => {
  const ge = await run([
    ['category', BOTH],
    ['periodofuse', 'ge2026-11-15'],
  ]);
  assert.deepEqual(matchIds(ge.bundle), [P.TA_A, P.MVE_A, P.TA_C, P.MVE_C].map(id));
  const lt = await run([
    ['category', BOTH],
    ['periodofuse', 'lt2026-07-01'],
  ]);
  assert.deepEqual(matchIds(lt.bundle), [P.TA_B, P.MVE_B].map(id));
  const window = await run([
    ['category', BOTH],
    ['periodofuse', 'gt2026-11-29'],
    ['periodofuse', 'lt2026-12-02'],
  ]);
  assert.deepEqual(matchIds(window.bundle), [P.TA_A, P.MVE_A, P.TA_C, P.MVE_C].map(id));
  const late = await run([['periodofuse', 'gt2027-01-01']]);
  assert.deepEqual(
    matchIds(late.bundle),
    [P.TA_C, P.MVE_C].map(id),
    'an open end extends past any date; pair D has no value',
  );
});

test('medication.code follows the reference to the Medication (ZI, HPK, GPK, PRK)', async () => {
  const zi = await run([['medication.code', `${P.ZI}|15401367`]]);
  assert.deepEqual(matchIds(zi.bundle), [P.TA_A, P.MVE_A, P.TA_C, P.MVE_C].map(id));
  const hpk = await run([['medication.code', `${P.HPK}|1234567`]]);
  assert.equal(hpk.bundle.total, 4);
  const gpk = await run([['medication.code', `${P.GPK}|2194`]]);
  assert.equal(gpk.bundle.total, 4);
  const prk = await run([['medication.code', `${P.PRK}|67903`]]);
  assert.deepEqual(
    matchIds(prk.bundle),
    [P.TA_B, P.MVE_B, P.TA_D, P.MVE_D].map(id),
    'resolved through Medication/med-2',
  );
  const wrong = await run([['medication.code', `${P.HPK}|15401367`]]);
  assert.equal(wrong.bundle.total, 0);
});

test('identifier matches system|value', async () => {
  const r = await run([['identifier', `${P.TREATMENT_SYSTEM}|A`]]);
  assert.deepEqual(matchIds(r.bundle), [id(P.MVE_A)]);
  const none = await run([['identifier', `${P.TREATMENT_SYSTEM}|Z`]]);
  assert.equal(none.bundle.total, 0);
});

test('_include adds referenced resources once with search.mode=include, not counted in total', async () => {
  const params: [string, string][] = [
    ['category', `${P.SNOMED}|${P.TA}`],
    ['_include', 'MedicationDispense:medication'],
    ['_include', 'MedicationDispense:patient'],
    ['_include', 'MedicationDispense:performer'],
  ];
  const { bundle } = await run(params);
  assert.equal(bundle.total, 4);
  const inc = (bundle.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => e.fullUrl);
  assert.deepEqual(inc, [P.MED_1.fullUrl, P.PATIENT.fullUrl, P.ORGANIZATION.fullUrl, P.MED_2.fullUrl]);
  const self = bundle.link!.find((l) => l.relation === 'self')!.url;
  assert.equal(
    self,
    `${URL_BASE}?category=${P.SNOMED}|${P.TA}&_include=MedicationDispense:medication&_include=MedicationDispense:patient&_include=MedicationDispense:performer`,
  );
  assert.deepEqual(checkMedMijRules(bundle, params), []);
});

test('_count pages with a next link in stable order; includes follow the page', async () => {
  const base: [string, string][] = [
    ['category', BOTH],
    ['_include', 'MedicationDispense:medication'],
    ['_count', '3'],
  ];
  const p1 = await run(base);
  assert.equal(p1.bundle.total, 8);
  assert.deepEqual(matchIds(p1.bundle), [P.TA_A, P.MVE_A, P.TA_B].map(id));
  const next = p1.bundle.link!.find((l) => l.relation === 'next')!.url;
  assert.ok(next.endsWith('&_offset=3'), next);
  const q = new URL(next).searchParams;
  const p2 = await run([...q.entries()]);
  assert.deepEqual(matchIds(p2.bundle), [P.MVE_B, P.TA_C, P.MVE_C].map(id));
  const inc2 = (p2.bundle.entry ?? []).filter((e) => e.search?.mode === 'include').map((e) => e.fullUrl);
  assert.deepEqual(inc2, [P.MED_2.fullUrl, P.MED_1.fullUrl]);
  const next2 = p2.bundle.link!.find((l) => l.relation === 'next')!.url;
  const p3 = await run([...new URL(next2).searchParams.entries()]);
  assert.deepEqual(matchIds(p3.bundle), [P.TA_D, P.MVE_D].map(id));
  assert.equal(
    p3.bundle.link!.find((l) => l.relation === 'next'),
    undefined,
  );
  const all = await run([['category', BOTH]]);
  assert.equal(all.bundle.link!.length, 1, 'no paging links without _count');
  assert.equal(matchIds(all.bundle).length, 8);
});

test('unknown parameters are ignored and left out of the self link and the source request; strict refuses them', async () => {
  const r = await run([
    ['category', `${P.SNOMED}|${P.TA}`],
    ['patient', P.TEST_BSN],
    ['foo', 'bar'],
  ]);
  assert.equal(r.bundle.total, 4);
  const self = r.bundle.link![0]!.url;
  assert.ok(!self.includes('patient') && !self.includes(P.TEST_BSN) && !self.includes('foo'), self);
  assert.deepEqual(r.seen[0]!.params, [['category', `${P.SNOMED}|${P.TA}`]]);
  await assert.rejects(run([['foo', 'bar']], { strict: true }), (e: unknown) => {
    assert.ok(e instanceof FhirError);
    assert.equal(e.status, 400);
    assert.match(e.outcome.issue[0]!.details!.text!, /'foo'/);
    return true;
  });
});

test('_id narrows within the pool and never widens it', async () => {
  const r = await run([['_id', id(P.TA_B)]]);
  assert.deepEqual(matchIds(r.bundle), [id(P.TA_B)]);
  const other = await run([['_id', 'not-in-pool']]);
  assert.equal(other.bundle.total, 0);
});

test('a known parameter with a bad value is a 400 naming it', async () => {
  for (const [name, value] of [
    ['requestdate', 'ge2026-13-01'],
    ['periodofuse', 'yesterday'],
    ['_count', '-1'],
    ['category', ','],
    ['_offset', 'x'],
  ] as [string, string][]) {
    await assert.rejects(run([[name, value]]), (e: unknown) => {
      assert.ok(e instanceof FhirError, `${name}=${value}`);
      assert.equal(e.status, 400);
      assert.ok(e.outcome.issue[0]!.details!.text!.includes(`'${name}'`));
      assert.deepEqual(e.outcome.issue[0]!.expression, [name]);
      return true;
    });
  }
  await assert.rejects(
    run([['category:not', P.TA]]),
    (e: unknown) => e instanceof FhirError && e.status === 400,
  );
});

test('a parameter naming the BSN system is refused, so it can never reach the self link', async () => {
  await assert.rejects(
    run([['identifier', `http://fhir.nl/fhir/NamingSystem/bsn|${P.TEST_BSN}`]]),
    (e: unknown) => {
      assert.ok(e instanceof FhirError);
      assert.equal(e.status, 400);
      assert.ok(!JSON.stringify(e.outcome).includes(P.TEST_BSN));
      return true;
    },
  );
});

test('source warnings become OperationOutcome entries with search.mode=outcome', async () => {
  const warning: fhir.OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'warning', code: 'incomplete', details: { text: 'Eén bron antwoordde niet.' } }],
  };
  const { bundle } = await run([['category', `${P.SNOMED}|${P.TA}`]], { warnings: [warning] });
  const out = (bundle.entry ?? []).filter((e) => e.search?.mode === 'outcome');
  assert.equal(out.length, 1);
  assert.equal(out[0]!.resource!.resourceType, 'OperationOutcome');
  assert.equal(out[0]!.fullUrl, `urn:uuid:${out[0]!.resource!.id!}`);
  assert.equal(bundle.total, 4);
});

test('Bundle is built in definition order', async () => {
  const { bundle } = await run([['category', `${P.SNOMED}|${P.TA}`]]);
  assert.deepEqual(Object.keys(bundle), ['resourceType', 'id', 'meta', 'type', 'total', 'link', 'entry']);
  assert.deepEqual(Object.keys(bundle.entry![0]!), ['fullUrl', 'resource', 'search']);
  assert.match(bundle.id!, /^[0-9a-f-]{36}$/);
});

test('an unknown resource type is a 404', async () => {
  await assert.rejects(
    searchType(
      {
        url: URL_BASE,
        provider: 'ggzdemo',
        serviceId: '31',
        resourceType: 'Basic',
        params: [],
        token: P.testToken(),
        strict: false,
      },
      { search: () => Promise.resolve({ pool: [], warnings: [] }), tables: DEFAULT_SEARCH_TABLES },
    ),
    (e: unknown) => e instanceof FhirError && e.status === 404,
  );
});
