/**
 * The Dispense612Conversion filter scenarios 3.1b-g of the MedMij qualification (Nictiz-testscripts,
 * patient VEENOORD), on a pool with the same dates relative to T as the expected FHIR of
 * `QURX_EX990113NL_MVS_3_filtering` (six dispenses, each a TA with a period of use and an MVE with a
 * request date). The scripts expect equal TA and MVE counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as fhir from 'fhir';
import { DEFAULT_SEARCH_TABLES } from './registry.ts';
import { searchType } from './search.ts';
import * as P from './test-pool.ts';
import type { PooledResource } from './types.ts';
import {
  EXT_MEDICATION_TREATMENT,
  EXT_PERIOD_OF_USE,
  EXT_REQUEST_DATE,
} from './medication-dispense.params.ts';

const T = Date.UTC(2026, 11, 3);
const day = (n: number): string => new Date(T + n * 86_400_000).toISOString().slice(0, 10);

/** [request date, period start, period end] in days from T, as in the Nictiz expected output. */
const DISPENSES: [number, number, number][] = [
  [-20, -20, 9],
  [-100, -100, -72],
  [-50, -50, -11],
  [-10, -10, 19],
  [-50, -50, -44],
  [-5, -5, 1],
];

function pool(): PooledResource[] {
  const out: PooledResource[] = [];
  DISPENSES.forEach(([req, start, end], i) => {
    const treatment: fhir.Extension = {
      url: EXT_MEDICATION_TREATMENT,
      valueIdentifier: { system: P.TREATMENT_SYSTEM, value: `d${i}` },
    };
    const common = {
      meta: {
        profile: ['http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense'],
      },
      medicationReference: { reference: P.MED_1.fullUrl, display: 'x' },
    };
    out.push({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-0000000001${i}0`,
      resource: {
        resourceType: 'MedicationDispense',
        id: `ta${i}`,
        ...common,
        extension: [
          { url: EXT_PERIOD_OF_USE, valuePeriod: { start: day(start), end: `${day(end)}T23:59:59+02:00` } },
          treatment,
        ],
        category: { coding: [{ system: P.SNOMED, code: P.TA, display: 'TA' }] },
      },
    });
    out.push({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-0000000001${i}1`,
      resource: {
        resourceType: 'MedicationDispense',
        id: `mve${i}`,
        ...common,
        extension: [{ url: EXT_REQUEST_DATE, valueDateTime: day(req) }, treatment],
        category: { coding: [{ system: P.SNOMED, code: P.MVE, display: 'MVE' }] },
      },
    });
  });
  return [...out, P.MED_1];
}

async function counts(filters: [string, string][]): Promise<[number, number]> {
  const r = await searchType(
    {
      url: 'https://brug.example.nl/fhir/ggzdemo/31/stu3/MedicationDispense',
      provider: 'ggzdemo',
      serviceId: '31',
      resourceType: 'MedicationDispense',
      params: [
        ['category', `${P.SNOMED}|${P.MVE},${P.SNOMED}|${P.TA}`],
        ['_include', 'MedicationDispense:medication'],
        ...filters,
      ],
      token: P.testToken(),
      strict: false,
    },
    { search: () => Promise.resolve({ pool: pool(), warnings: [] }), tables: DEFAULT_SEARCH_TABLES },
  );
  const codes = (r.resource.entry ?? [])
    .filter((e) => e.search?.mode === 'match')
    .map((e) => (e.resource as fhir.MedicationDispense).category!.coding![0]!.code);
  return [codes.filter((c) => c === P.TA).length, codes.filter((c) => c === P.MVE).length];
}

test('3.1a no filter: 6 TA + 6 MVE', async () => {
  assert.deepEqual(await counts([]), [6, 6]);
});
test('3.1b requestdate ge T-90: 5 + 5', async () => {
  assert.deepEqual(await counts([['requestdate', `ge${day(-90)}`]]), [5, 5]);
});
test('3.1c requestdate lt T-90: 1 + 1', async () => {
  assert.deepEqual(await counts([['requestdate', `lt${day(-90)}`]]), [1, 1]);
});
test('3.1d requestdate ge T-90 & le T-30: 2 + 2', async () => {
  assert.deepEqual(
    await counts([
      ['requestdate', `ge${day(-90)}`],
      ['requestdate', `le${day(-30)}`],
    ]),
    [2, 2],
  );
});
test('3.1e periodofuse ge T-21: 4 + 4', async () => {
  assert.deepEqual(await counts([['periodofuse', `ge${day(-21)}`]]), [4, 4]);
});
test('3.1f periodofuse lt T-21: 3 + 3', async () => {
  assert.deepEqual(await counts([['periodofuse', `lt${day(-21)}`]]), [3, 3]);
});
test('3.1g periodofuse gt T-22 & lt T-8: 3 + 3 by FHIR overlap (the script expects 2 + 2, warning only)', async () => {
  // Periods [-20,+9], [-50,-11] and [-10,+19] each end after T-22 and start before T-8, so all three
  // overlap the window. The script's 2 fits "start inside the window", which would give 3.1e 3, not 4.
  assert.deepEqual(
    await counts([
      ['periodofuse', `gt${day(-22)}`],
      ['periodofuse', `lt${day(-8)}`],
    ]),
    [3, 3],
  );
});
