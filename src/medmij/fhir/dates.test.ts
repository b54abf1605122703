import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amsterdamToEpoch, dateBounds, dateRange, matchesDate, parseDateTerm, periodRange } from './dates.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

test('a date without zone is that day in Amsterdam, winter and summer', () => {
  const winter = dateRange('2026-12-03')!;
  assert.equal(iso(winter.low), '2026-12-02T23:00:00.000Z');
  assert.equal(iso(winter.high), '2026-12-03T23:00:00.000Z');
  const summer = dateRange('2026-07-01')!;
  assert.equal(iso(summer.low), '2026-06-30T22:00:00.000Z');
  assert.equal(iso(summer.high), '2026-07-01T22:00:00.000Z');
});

test('partial dates cover the year or month; the DST change day is 23 hours long', () => {
  const y = dateRange('2026')!;
  assert.equal(iso(y.low), '2025-12-31T23:00:00.000Z');
  assert.equal(iso(y.high), '2026-12-31T23:00:00.000Z');
  const m = dateRange('2026-12')!;
  assert.equal(iso(m.low), '2026-11-30T23:00:00.000Z');
  assert.equal(iso(m.high), '2026-12-31T23:00:00.000Z');
  const spring = dateRange('2026-03-29')!;
  assert.equal(spring.high - spring.low, 23 * 3_600_000);
  assert.equal(iso(amsterdamToEpoch(2026, 10, 25, 12)), '2026-10-25T11:00:00.000Z');
});

test('dateTimes with a zone are instants at their precision', () => {
  const r = dateRange('2026-12-03T10:00:00+01:00')!;
  assert.equal(iso(r.low), '2026-12-03T09:00:00.000Z');
  assert.equal(r.high - r.low, 1000);
  assert.equal(iso(dateRange('2026-12-03T10:00Z')!.low), '2026-12-03T10:00:00.000Z');
  assert.equal(dateRange('2026-02-30'), undefined);
  assert.equal(dateRange('2026-12-03T25:00:00Z'), undefined);
  assert.equal(dateRange('03-12-2026'), undefined);
});

test('an instant late on 30 November UTC is 1 December in Amsterdam', () => {
  const value = dateRange('2026-11-30T23:30:00Z')!;
  assert.ok(matchesDate(value, parseDateTerm('eq2026-12-01')!));
  assert.ok(!matchesDate(value, parseDateTerm('eq2026-11-30')!));
});

test('prefixes follow FHIR range semantics', () => {
  const p = periodRange({ start: '2026-11-01', end: '2026-11-30' })!;
  const t = (s: string): boolean => matchesDate(p, parseDateTerm(s)!);
  assert.ok(t('ge2026-11-30') && !t('ge2026-12-01'));
  assert.ok(t('le2026-11-01') && !t('le2026-10-31'));
  assert.ok(t('gt2026-11-29') && !t('gt2026-11-30'));
  assert.ok(t('lt2026-11-02') && !t('lt2026-11-01'));
  assert.ok(t('eq2026-11') && !t('eq2026-11-15') && t('ne2026-11-15'));
  assert.ok(t('sa2026-10-31') && !t('sa2026-11-01'));
  assert.ok(t('eb2026-12-01') && !t('eb2026-11-30'));
  const open = periodRange({ start: '2026-12-01' })!;
  assert.equal(open.high, Infinity);
  assert.equal(periodRange({}), undefined);
});

test('a + decoded as a space in the zone is read back as +', () => {
  const t = parseDateTerm('ge2026-12-03T10:00:00 01:00')!;
  assert.equal(t.prefix, 'ge');
  assert.equal(iso(t.range.low), '2026-12-03T09:00:00.000Z');
  assert.equal(parseDateTerm('xx2026'), undefined);
});

test('dateBounds gives the window the source must cover', () => {
  const b = dateBounds(
    [
      ['requestdate', 'ge2026-11-01'],
      ['requestdate', 'lt2026-12-01'],
      ['periodofuse', 'ge2020-01-01'],
    ],
    'requestdate',
  );
  assert.equal(b.low!.toISOString(), '2026-10-31T23:00:00.000Z');
  assert.equal(b.high!.toISOString(), '2026-11-30T23:00:00.000Z');
  assert.deepEqual(dateBounds([['requestdate', 'ne2026-11-01']], 'requestdate'), {});
  const le = dateBounds([['requestdate', 'le2026-11-01']], 'requestdate');
  assert.equal(le.low, undefined);
  assert.equal(le.high!.toISOString(), '2026-11-01T23:00:00.000Z');
});
