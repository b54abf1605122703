import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TIME_UNIT, UNIT_PLURAL, UNIT_TEXT } from './codes.ts';
import {
  doseText,
  dosageText,
  dutchDate,
  freeText,
  frequency,
  isStructured,
  num,
  span,
} from './dosage-text.ts';
import { unitDisplay } from './map-common.ts';
import type { AdministrationRequest, Code, Duration, PivlTs, Pq } from './model.ts';

// The array-and-join version of dosageText, kept as the reference the string-building version must
// match for any dosing instruction.

function unitWord(pq: Pq, plural: boolean): string {
  const w = unitDisplay(pq).toLowerCase();
  const short = UNIT_TEXT[w] ?? w;
  return plural ? (UNIT_PLURAL[short] ?? short) : short;
}

function amount(pq: Pq): string {
  const v = pq.value ?? 0;
  return `${num(v)} ${unitWord(pq, v > 1)}`;
}

/** The toFixed version of num. */
function referenceNum(n: number): string {
  return String(Number(n.toFixed(4)));
}

function frequencyText(p: PivlTs): string {
  const f = frequency(p);
  const u = TIME_UNIT[f.unit]!;
  const per = f.period === 1 ? u.one : `${num(f.period)} ${u.many}`;
  return `${f.count} maal per ${per}`;
}
function timesOfDay(periods: PivlTs[]): string[] {
  return periods
    .filter((p) => p.phaseCenter !== undefined && p.phaseCenter.length >= 12)
    .map((p) => `${p.phaseCenter!.slice(8, 10)}:${p.phaseCenter!.slice(10, 12)}`);
}
function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]!}`;
}
function referenceDosageText(r: AdministrationRequest): string {
  const parts: string[] = [];
  const ivl = r.schedule?.interval;
  if (ivl?.low !== undefined) parts.push(`Vanaf ${dutchDate(ivl.low)}`);
  if (ivl?.width) parts.push(`gedurende ${span(ivl.width)}`);
  else if (ivl?.high !== undefined) parts.push(`tot en met ${dutchDate(ivl.high.slice(0, 8))}`);
  const periods = r.schedule?.periods ?? [];
  const cycle = r.schedule?.cyclic ? periods.find((p) => p.phaseWidth !== undefined) : undefined;
  if (!isStructured(r)) {
    const own = freeText(r);
    if (own !== undefined) parts.push(own);
  } else {
    const words: string[] = [];
    if (r.asNeeded[0]?.displayName !== undefined) words.push(r.asNeeded[0].displayName);
    const tod = timesOfDay(periods);
    const freqs = periods.filter((p) => p !== cycle && p.phaseCenter === undefined);
    let lead = '';
    if (cycle) lead = `cyclus van ${span(cycle.period)}: steeds gedurende ${span(cycle.phaseWidth!)} `;
    if (tod.length > 0) words.push(`${lead}elke dag om ${list(tod)}`);
    else if (freqs[0]) words.push(`${lead}${frequencyText(freqs[0])}`);
    const dose = doseText(r);
    if (dose !== '') words.push(dose);
    parts.push(words.join(' '));
  }
  let text = parts.filter((p) => p !== '').join(', ');
  if (r.maxDose?.numerator.value !== undefined) {
    const max = `maximaal ${amount(r.maxDose.numerator)} per ${r.maxDose.denominator.value === 1 || r.maxDose.denominator.value === undefined ? (TIME_UNIT[r.maxDose.denominator.unit]?.one ?? r.maxDose.denominator.unit) : span({ value: r.maxDose.denominator.value, unit: r.maxDose.denominator.unit })}`;
    // Without frequency or dose the Nictiz output leaves a space before the comma; kept for equality.
    text += r.dose === undefined && periods.length === 0 ? ` , ${max}` : `, ${max}`;
  }
  for (const i of r.instructions) {
    const t = i.displayName ?? i.originalText;
    // An instruction the text already says (often so in free texts from real LSP traffic) is not repeated.
    const a = t?.toLowerCase();
    const b = text.toLowerCase();
    if (t !== undefined && a !== undefined && !b.includes(a) && !(b !== '' && a.includes(b)))
      text += `, ${t}`;
  }
  return text;
}

const unit = fc.constantFrom('s', 'min', 'h', 'd', 'wk', 'mo', 'a');
const duration: fc.Arbitrary<Duration> = fc.record({
  value: fc.constantFrom(0.25, 0.5, 1, 2, 4, 7, 21, 28, 1.5),
  unit,
});
const ts = fc.constantFrom(
  '20261019',
  '202610260000',
  '202610260800',
  '202610262000',
  '20270101',
  '202603291530',
);
const pq: fc.Arbitrary<Pq> = fc.record(
  {
    value: fc.constantFrom(0, 0.5, 1, 2, 10, 2.25),
    unit: fc.constantFrom('1', 'g', 'ml', 'mg', 'd'),
    gstdUnit: fc.record(
      {
        code: fc.constantFrom('245', '233', '208'),
        displayName: fc.constantFrom('stuk', 'milliliter', 'dosis', 'Tablet'),
      },
      { requiredKeys: ['code'] },
    ),
  },
  { requiredKeys: ['unit'] },
);
const code: fc.Arbitrary<Code> = fc.record(
  {
    code: fc.constantFrom('1', '1137', '9'),
    displayName: fc.constantFrom('bij pijn', 'innemen', '', 'Aanbrengen', 'INNEMEN'),
    originalText: fc.constantFrom('voor het slapen', 'pijn'),
    translations: fc.constant([]),
  },
  { requiredKeys: ['translations'] },
);
const pivl: fc.Arbitrary<PivlTs> = fc.record(
  { period: duration, phaseCenter: ts, phaseWidth: duration },
  { requiredKeys: ['period'] },
);
const request: fc.Arbitrary<AdministrationRequest> = fc.record(
  {
    text: fc.constantFrom(
      'Gedurende 90 dagen, om 8:00 en 20:00 uur 1 tablet',
      'zo nodig',
      '',
      ' 1 maal daags ',
    ),
    schedule: fc.record(
      {
        interval: fc.record({ low: ts, high: ts, width: duration }, { requiredKeys: [] }),
        periods: fc.array(pivl, { maxLength: 3 }),
        cyclic: fc.boolean(),
      },
      { requiredKeys: ['periods', 'cyclic'] },
    ),
    dose: fc.oneof(
      fc.record({ kind: fc.constant('fixed' as const), quantity: pq }),
      fc.record({ kind: fc.constant('range' as const), low: pq, high: pq }),
    ),
    maxDose: fc.record({ numerator: pq, denominator: fc.record({ value: fc.constantFrom(1, 2), unit }) }),
    asNeeded: fc.array(code, { maxLength: 2 }),
    instructions: fc.array(code, { maxLength: 3 }),
  },
  { requiredKeys: ['asNeeded', 'instructions'] },
);

test('dosageText gives what the reference gives for any dosing instruction', () => {
  fc.assert(
    fc.property(request, (r) => {
      let want: string | Error;
      try {
        want = referenceDosageText(r);
      } catch (e) {
        want = e as Error;
      }
      if (want instanceof Error) assert.throws(() => dosageText(r), want.constructor as new () => Error);
      else assert.equal(dosageText(r), want, JSON.stringify(r));
    }),
    { numRuns: 5000 },
  );
});

test('num reads whole and fractional numbers as the toFixed version does', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, min: -1e16, max: 1e16 })), (n) => {
      assert.equal(num(n), referenceNum(n));
    }),
    { numRuns: 5000 },
  );
  assert.equal(num(2), '2');
  assert.equal(num(0.12345), '0.1235');
});
