/**
 * Fuzzing the FHIR search-parameter parsers (`parseQuery`, `parseSearch`, `parseDateTerm`/`dateRange`):
 * no input makes them crash or hang, every rejection is a 4xx FhirError with an OperationOutcome and
 * no BSN, and what is accepted stays inside the resource type's table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dateRange, parseDateTerm } from '../../src/medmij/fhir/dates.ts';
import { FhirError } from '../../src/medmij/fhir/outcome.ts';
import { encodeQuery, parseQuery } from '../../src/medmij/fhir/query.ts';
import { DEFAULT_SEARCH_TABLES } from '../../src/medmij/fhir/registry.ts';
import { BSN_SYSTEM } from '../../src/medmij/fhir/scrub.ts';
import { MAX_COUNT, parseSearch } from '../../src/medmij/fhir/validate.ts';
import { fuzz, NINE_DIGITS } from './harness.ts';

/** A surrogate code unit not part of a pair. */
const LONE_SURROGATE = /\p{Cs}/u;

const CONTROL = ['_format', '_count', '_offset', '_include'];
const tableNames = Object.keys(DEFAULT_SEARCH_TABLES);

/** Raw query strings: arbitrary text, and text built from the characters queries are made of. */
const rawQuery = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('&', '=', '%', '%2', '%ZZ', '%E2%82', '%C3%A9', '+', '?', '#', '%00', '%26', '%3D'),
        fc.string({ maxLength: 8 }),
      ),
      { maxLength: 40 },
    )
    .map((xs) => xs.join('')),
);

/** Two-digit numbers in a range, zero-padded (also out-of-range ones). */
const num2 = (lo: number, hi: number): fc.Arbitrary<string> =>
  fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, '0'));

/** Date-like strings at every precision, mostly near-valid. */
const dateLike = (minYear: number): fc.Arbitrary<string> =>
  fc
    .record({
      y: fc
        .oneof(fc.integer({ min: minYear, max: minYear + 150 }), fc.integer({ min: minYear, max: 9999 }))
        .map((n) => String(n).padStart(4, '0')),
      mo: fc.option(num2(0, 13)),
      d: fc.option(num2(0, 32)),
      time: fc.option(
        fc.tuple(num2(0, 25), num2(0, 61), fc.option(num2(0, 61)), fc.option(fc.stringMatching(/^\d{1,9}$/))),
      ),
      zone: fc.option(
        fc.oneof(
          fc.constant('Z'),
          fc
            .tuple(fc.constantFrom('+', '-', ' '), num2(0, 99), num2(0, 99))
            .map(([s, h, m]) => `${s}${h}:${m}`),
        ),
      ),
    })
    .map(({ y, mo, d, time, zone }) => {
      let v = y;
      if (mo === null) return v;
      v += `-${mo}`;
      if (d === null) return v;
      v += `-${d}`;
      if (time === null) return v;
      const [h, mi, s, frac] = time;
      v += `T${h}:${mi}`;
      if (s !== null) v += `:${s}${frac === null ? '' : `.${frac}`}`;
      return v + (zone ?? '');
    });

const datePrefix = fc.constantFrom('', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap', 'xx');

/** Values a search parameter may carry: tokens, dates, numbers, BSN-like strings and noise. */
const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.tuple(datePrefix, dateLike(1000)).map(([p, d]) => p + d),
  fc.stringMatching(/^\d{1,12}$/),
  fc.constant(`${BSN_SYSTEM}|999990032`),
  fc.constant('999990032'),
  fc
    .array(
      fc.oneof(fc.constantFrom('|', ',', '\\', '\\,', '\\|', ''), fc.stringMatching(/^[a-z0-9.:/]{0,10}$/)),
      {
        maxLength: 8,
      },
    )
    .map((xs) => xs.join('')),
);

/** Search parameters for one table: known names (with and without modifiers), control names, noise. */
function paramsFor(table: string): fc.Arbitrary<[string, string][]> {
  const t = DEFAULT_SEARCH_TABLES[table]!;
  const known = [...Object.keys(t.params), ...CONTROL];
  const includeValue = fc.oneof(fc.constantFrom(...Object.keys(t.includes), 'Patient:x'), value);
  const name = fc.oneof(
    fc.constantFrom(...known),
    fc
      .tuple(fc.constantFrom(...known), fc.constantFrom('missing', 'exact', 'not', 'text', '', '999990032'))
      .map(([n, m]) => `${n}:${m}`),
    fc.string({ maxLength: 15 }),
  );
  const pair = fc.oneof(
    fc.tuple(name, value),
    fc.tuple(fc.constant('_include'), includeValue),
  ) as fc.Arbitrary<[string, string]>;
  return fc.array(pair, { maxLength: 12 });
}

const searchCase = fc
  .constantFrom(...tableNames)
  .chain((table) => fc.record({ table: fc.constant(table), params: paramsFor(table), strict: fc.boolean() }));

/** Asserts that `e` is a proper 4xx FhirError with an OperationOutcome. */
function assertProperRejection(e: unknown): asserts e is FhirError {
  assert.ok(e instanceof FhirError, `not a FhirError: ${String(e)}`);
  assert.ok(e.status >= 400 && e.status < 500, `status ${e.status}`);
  assert.equal(e.outcome.resourceType, 'OperationOutcome');
  assert.ok(e.outcome.issue.length >= 1);
  assert.ok(e.outcome.issue.every((i) => (i.details?.text ?? '') !== ''));
}

test('parseQuery never throws, and what it gives back survives encodeQuery', (t) => {
  fuzz(t, rawQuery, (q) => {
    const pairs = parseQuery(q);
    if (pairs === undefined) return;
    for (const [n, v] of pairs) assert.ok(typeof n === 'string' && typeof v === 'string');
    // Lone surrogates cannot arrive over HTTP (the URL is bytes); only well-formed text is re-encoded.
    if (pairs.some(([n, v]) => LONE_SURROGATE.test(n) || LONE_SURROGATE.test(v))) return;
    assert.deepEqual(parseQuery(encodeQuery(pairs)), pairs);
  });
});

test('encodeQuery then parseQuery gives back any well-formed pairs', (t) => {
  const text = fc.string({ unit: 'grapheme', maxLength: 20 });
  fuzz(t, fc.array(fc.tuple(text, text), { maxLength: 8 }), (pairs) => {
    const back = parseQuery(encodeQuery(pairs));
    // An empty name with an empty value encodes to "=" and comes back; nothing is lost or added.
    assert.deepEqual(back, pairs);
  });
});

test('parseSearch accepts only what its table knows and rejects with a 4xx FhirError', (t) => {
  fuzz(t, searchCase, ({ table, params, strict }) => {
    const tab = DEFAULT_SEARCH_TABLES[table]!;
    let r: ReturnType<typeof parseSearch>;
    try {
      r = parseSearch(tab, params, strict);
    } catch (e) {
      assertProperRejection(e);
      return;
    }
    for (const [n, v] of r.used) {
      assert.ok(
        params.some(([pn, pv]) => pn === n && pv === v),
        `used pair not in input: ${n}=${v}`,
      );
      const base = n.split(':', 1)[0]!;
      assert.ok(base in tab.params || CONTROL.includes(base), `used name outside the table: ${n}`);
      assert.ok(!v.includes(BSN_SYSTEM));
    }
    for (const f of r.filters) assert.ok(f.name in tab.params, `filter outside the table: ${f.name}`);
    for (const inc of r.includes) assert.ok(inc in tab.includes, `include outside the table: ${inc}`);
    if (strict) assert.deepEqual(r.ignored, []);
    for (const n of r.ignored) assert.ok(!r.used.some(([u]) => u === n) || n === '_include');
    if (r.count !== undefined) assert.ok(Number.isInteger(r.count) && r.count >= 0 && r.count <= MAX_COUNT);
    assert.ok(Number.isInteger(r.offset) && r.offset >= 0);
    for (const f of r.filters) {
      if (f.kind !== 'date') continue;
      assert.ok(Number.isFinite(f.term.range.low) && Number.isFinite(f.term.range.high));
    }
  });
});

test('parseSearch rejections carry no 9-digit number (a possible BSN) in what goes to the PGO', (t) => {
  fuzz(t, searchCase, ({ table, params, strict }) => {
    try {
      parseSearch(DEFAULT_SEARCH_TABLES[table]!, params, strict);
    } catch (e) {
      assertProperRejection(e);
      const shown = JSON.stringify(e.outcome) + e.message;
      assert.doesNotMatch(shown, NINE_DIGITS, `a 9-digit number in the outcome: ${shown}`);
    }
  });
});

test('parseSearch on the parameters parseQuery reads from a raw query string', (t) => {
  const arb = fc.record({ table: fc.constantFrom(...tableNames), q: rawQuery, strict: fc.boolean() });
  fuzz(t, arb, ({ table, q, strict }) => {
    const pairs = parseQuery(q);
    if (pairs === undefined) return;
    try {
      parseSearch(DEFAULT_SEARCH_TABLES[table]!, pairs, strict);
    } catch (e) {
      assertProperRejection(e);
    }
  });
});

test('parseDateTerm and dateRange never throw on arbitrary text', (t) => {
  const arb = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.tuple(datePrefix, fc.string({ maxLength: 40 })).map(([p, s]) => p + s),
  );
  fuzz(t, arb, (s) => {
    const term = parseDateTerm(s);
    if (term) assert.ok(term.range.low < term.range.high);
    const r = dateRange(s);
    if (r) assert.ok(r.low < r.high);
  });
});

/** Checks a range dateRange accepted: finite, non-empty, and (with a zone and seconds) the instant Date.parse reads. */
function checkRange(v: string): void {
  const r = dateRange(v);
  if (!r) return;
  assert.ok(Number.isFinite(r.low) && Number.isFinite(r.high), `not finite: ${v}`);
  assert.ok(r.low < r.high, `empty or reversed range for ${v}: [${r.low}, ${r.high})`);
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:(\d{2})(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  // Date.parse reads neither a leap second nor an offset past 23:59.
  if (full && full[1] !== '60' && !/^[+-](?:2[4-9]|[3-9]\d)|:[6-9]\d$/.test(full[3]!)) {
    assert.equal(r.low, Date.parse(v), `wrong instant for ${v}`);
  }
}

test('dateRange on near-valid dates from year 1000: finite, ordered, the same instant as Date.parse', (t) => {
  fuzz(t, dateLike(1000), checkRange);
});

test('dateRange on near-valid dates from year 0000', (t) => {
  fuzz(t, dateLike(0), checkRange);
});

test("dateRange refuses a zone offset outside FHIR's -14:00..+14:00 with minutes 00-59", (t) => {
  const zoned = fc
    .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([s, h, m]) => `2026-01-01T10:00:00${s}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  fuzz(t, zoned, (v) => {
    const off = /([+-])(\d{2}):(\d{2})$/.exec(v)!;
    const ok = Number(off[3]) <= 59 && Number(off[2]) * 60 + Number(off[3]) <= 14 * 60;
    assert.equal(dateRange(v) !== undefined, ok, `offset ${off[0]}`);
  });
});
