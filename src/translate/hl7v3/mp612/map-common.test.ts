import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, amsterdamOffset, endOfDay, nameUuid, tsToDateTime } from './map-common.ts';

// The fast paths must give exactly what the plain implementations (Intl, Date, Buffer) give.

const AMS = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

function offsetByIntl(y: number, m: number, d: number, hh: number, mm: number): string {
  const name = AMS.formatToParts(new Date(Date.UTC(y, m - 1, d, hh - 1, mm))).find(
    (p) => p.type === 'timeZoneName',
  )!.value;
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

function addDaysByDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function nameUuidByBuffer(name: string): string {
  const h = createHash('sha1').update(`brug:mp612:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

test('the Amsterdam offset follows the time zone database hour by hour around every switch, 1990-2100', () => {
  let checked = 0;
  for (let y = 1990; y <= 2100; y++) {
    for (const m of [3, 10]) {
      for (let d = 24; d <= 31; d++) {
        for (let hh = 0; hh < 24; hh++) {
          for (const mm of [0, 30, 59]) {
            assert.equal(
              amsterdamOffset(y, m, d, hh, mm),
              offsetByIntl(y, m, d, hh, mm),
              `${y}-${m}-${d} ${hh}:${mm}`,
            );
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 100_000);
  // Winter and summer plainly.
  assert.equal(amsterdamOffset(2026, 1, 15), '+01:00');
  assert.equal(amsterdamOffset(2026, 7, 15), '+02:00');
});

test('the Amsterdam offset equals Intl for any wall-clock fields, in and out of range', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1900, max: 2600 }),
      fc.integer({ min: 0, max: 14 }),
      fc.integer({ min: 0, max: 33 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 61 }),
      (y, m, d, hh, mm) => amsterdamOffset(y, m, d, hh, mm) === offsetByIntl(y, m, d, hh, mm),
    ),
    { numRuns: 5000 },
  );
  assert.equal(tsToDateTime('202603290230'), '2026-03-29T02:30:00+02:00');
  assert.equal(tsToDateTime('202610250230'), '2026-10-25T02:30:00+01:00');
});

test('addDays equals Date arithmetic, also for rolled-over and odd dates', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 999, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: -1000, max: 40_000 }),
      (y, m, d, days) => {
        const date = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        let want: string;
        try {
          want = addDaysByDate(date, days);
        } catch (e) {
          assert.throws(() => addDays(date, days), (e as Error).constructor as new () => Error);
          return true;
        }
        return addDays(date, days) === want;
      },
    ),
    { numRuns: 5000 },
  );
  assert.equal(addDays('2026-02-27', 3), '2026-03-02');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  for (const odd of ['2026', '2026-02', '2026-02-30', '0999-01-01'])
    assert.equal(addDays(odd, 1), addDaysByDate(odd, 1));
});

test('name-based uuids are the SHA-1 version 5 layout of the name', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary', maxLength: 80 }),
      (name) => nameUuid(name) === nameUuidByBuffer(name),
    ),
    { numRuns: 2000 },
  );
  const u = nameUuid('verstrekking|1.2.3|abc');
  assert.match(u, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

/** The regex version of tsToDateTime, the reference of the fast path. */
function tsToDateTimeByRegex(ts: string): string {
  const m = /^(\d{8})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(ts);
  const date = (t: string): string =>
    t.length < 6
      ? t.slice(0, 4)
      : t.length < 8
        ? `${t.slice(0, 4)}-${t.slice(4, 6)}`
        : `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
  if (!m || m[2] === undefined) return date(ts);
  const d = m[1]!;
  const mi = m[3] ?? '00';
  const off = m[5]
    ? `${m[5].slice(0, 3)}:${m[5].slice(3)}`
    : offsetByIntl(
        Number(d.slice(0, 4)),
        Number(d.slice(4, 6)),
        Number(d.slice(6, 8)),
        Number(m[2]),
        Number(mi),
      );
  return `${date(d)}T${m[2]}:${mi}:${m[4] ?? '00'}${off}`;
}

test('tsToDateTime and endOfDay equal the regex and Intl versions for TS and date shapes', () => {
  const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
  const ts = fc.tuple(
    fc.integer({ min: 1990, max: 2110 }),
    fc.array(digit, { minLength: 0, maxLength: 11 }),
    fc.constantFrom('', '.5', '.123', '+0100', '-0500', '.5+0200', 'x'),
  );
  fc.assert(
    fc.property(ts, ([y, rest, tail]) => {
      const t = `${y}${rest.join('')}${tail}`;
      let want: string | Error;
      try {
        want = tsToDateTimeByRegex(t);
      } catch (e) {
        want = e as Error;
      }
      if (want instanceof Error) assert.throws(() => tsToDateTime(t));
      else assert.equal(tsToDateTime(t), want, t);
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1990, max: 2110 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
      (y, m, d) => {
        const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        return endOfDay(date) === `${date}T23:59:59${offsetByIntl(y, m, d, 23, 59)}`;
      },
    ),
    { numRuns: 3000 },
  );
  assert.throws(() => endOfDay('2026'), RangeError);
  assert.equal(tsToDateTime('20261026080000'), '2026-10-26T08:00:00+01:00');
  assert.equal(tsToDateTime('2026102608'), '2026-10-26T08:00:00+01:00');
  assert.equal(tsToDateTime('202607010930+0000'), '2026-07-01T09:30:00+00:00');
});
