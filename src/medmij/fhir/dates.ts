/**
 * FHIR date search (http://hl7.org/fhir/STU3/search.html#date) with every date read in
 * Europe/Amsterdam: a value without a zone (`2026`, `2026-12`, `2026-12-03`, or a time without an
 * offset) means that period on the Amsterdam clock. Values and search terms are half-open ranges of
 * epoch milliseconds `[low, high)`; a Period with no start or end is open on that side.
 */
export const ZONE = 'Europe/Amsterdam';

/** A range of instants, epoch milliseconds; `high` is exclusive. */
export interface DateRange {
  low: number;
  high: number;
}

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

const PREFIXES: readonly DatePrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb'];

/** A parsed date search term: `ge2026-12-03` -> prefix ge and the range of that day. */
export interface DateTerm {
  prefix: DatePrefix;
  range: DateRange;
}

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/**
 * Date.UTC for every year: Date.UTC reads years 0-99 as 1900-1999, so those are set explicitly.
 * @param y - full year
 * @param mo0 - month 0-11 (may overflow, as in Date.UTC)
 */
function utc(y: number, mo0: number, d = 1, h = 0, mi = 0, s = 0, ms = 0): number {
  if (y >= 100) return Date.UTC(y, mo0, d, h, mi, s, ms);
  const t = new Date(0);
  t.setUTCFullYear(y, mo0, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** Offset of Amsterdam from UTC at an instant, in milliseconds (+1h or +2h). */
function zoneOffset(epochMs: number): number {
  const p: Record<string, number> = {};
  for (const { type, value } of partsFormat.formatToParts(new Date(epochMs))) p[type] = Number(value);
  const asUtc = utc(p['year']!, p['month']! - 1, p['day'], p['hour'], p['minute'], p['second']);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in Amsterdam. For a time skipped by the spring change the later
 * offset applies; for a repeated autumn hour, the first.
 * @param y - year
 * @param mo - month 1-12
 * @param d - day 1-31
 */
export function amsterdamToEpoch(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const wall = utc(y, mo - 1, d, h, mi, s, ms);
  const o1 = zoneOffset(wall - 3_600_000);
  const t = wall - o1;
  const o2 = zoneOffset(t);
  return o2 === o1 ? t : wall - Math.max(o1, o2);
}

const DATE_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function daysInMonth(y: number, mo: number): number {
  return new Date(utc(y, mo, 0)).getUTCDate();
}

/**
 * The range a FHIR date, dateTime or instant string stands for, at its own precision.
 * @param value - e.g. `2026`, `2026-12`, `2026-12-03`, `2026-12-03T10:00:00+01:00`
 * @returns the range, or undefined when the value is not a valid date
 */
export function dateRange(value: string): DateRange | undefined {
  const m = DATE_RE.exec(value.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? undefined : Number(m[2]);
  const d = m[3] === undefined ? undefined : Number(m[3]);
  if (mo !== undefined && (mo < 1 || mo > 12)) return undefined;
  if (d !== undefined && (d < 1 || d > daysInMonth(y, mo!))) return undefined;
  if (mo === undefined) return { low: amsterdamToEpoch(y, 1, 1), high: amsterdamToEpoch(y + 1, 1, 1) };
  if (d === undefined) {
    return {
      low: amsterdamToEpoch(y, mo, 1),
      high: mo === 12 ? amsterdamToEpoch(y + 1, 1, 1) : amsterdamToEpoch(y, mo + 1, 1),
    };
  }
  if (m[4] === undefined) {
    const next = new Date(utc(y, mo - 1, d + 1));
    return {
      low: amsterdamToEpoch(y, mo, d),
      high: amsterdamToEpoch(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()),
    };
  }
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || mi > 59 || s > 60) return undefined;
  const frac = m[7];
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const width = frac !== undefined ? 1 : m[6] !== undefined ? 1000 : 60_000;
  let low: number;
  const zone = m[8];
  if (zone === undefined) low = amsterdamToEpoch(y, mo, d, h, mi, s, ms);
  else {
    low = utc(y, mo - 1, d, h, mi, s, ms);
    if (zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const zh = Number(zone.slice(1, 3));
      const zm = Number(zone.slice(4, 6));
      // FHIR allows offsets from -14:00 to +14:00 with minutes 00-59.
      if (zm > 59 || zh * 60 + zm > 14 * 60) return undefined;
      low -= sign * (zh * 60 + zm) * 60_000;
    }
  }
  return { low, high: low + width };
}

/**
 * The range of a FHIR Period: from the start of `start` to the end of `end`, open where missing.
 * @returns undefined when the period has neither start nor end, or an invalid one
 */
export function periodRange(period: { start?: string; end?: string } | undefined): DateRange | undefined {
  if (!period || (period.start === undefined && period.end === undefined)) return undefined;
  const s = period.start === undefined ? undefined : dateRange(period.start);
  const e = period.end === undefined ? undefined : dateRange(period.end);
  if ((period.start !== undefined && !s) || (period.end !== undefined && !e)) return undefined;
  return { low: s ? s.low : -Infinity, high: e ? e.high : Infinity };
}

/**
 * Parses a date search term: an optional two-letter prefix and a date. A space where the zone's `+`
 * should be (a `+` decoded as a space) is read as `+`.
 * @param raw - the parameter value, e.g. `ge2026-12-03` or `lt2026-12-03T10:00:00+01:00`
 * @returns the term, or undefined when it is not valid
 */
export function parseDateTerm(raw: string): DateTerm | undefined {
  let v = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  let prefix: DatePrefix = 'eq';
  const p = v.slice(0, 2) as DatePrefix;
  if (PREFIXES.includes(p)) {
    prefix = p;
    v = v.slice(2);
  }
  const range = dateRange(v);
  return range ? { prefix, range } : undefined;
}

/**
 * Whether a value range satisfies a search term (FHIR STU3 date prefix semantics).
 * @param value - the resource's date as a range
 * @param term - the search term
 */
export function matchesDate(value: DateRange, term: DateTerm): boolean {
  const s = term.range;
  switch (term.prefix) {
    case 'eq':
      return value.low >= s.low && value.high <= s.high;
    case 'ne':
      return !(value.low >= s.low && value.high <= s.high);
    case 'gt':
      return value.high > s.high;
    case 'lt':
      return value.low < s.low;
    case 'ge':
      return value.high > s.low;
    case 'le':
      return value.low < s.high;
    case 'sa':
      return value.low >= s.high;
    case 'eb':
      return value.high <= s.low;
  }
}

/**
 * The narrowest window that every value matching all the given terms must overlap, to narrow a query
 * to the source (e.g. the LSP). `high` is exclusive. Terms that do not bound (ne) are ignored; invalid
 * terms are skipped (validation reports them).
 * @param params - the search parameters
 * @param name - the date parameter, e.g. `requestdate`
 */
export function dateBounds(
  params: readonly (readonly [string, string])[],
  name: string,
): { low?: Date; high?: Date } {
  let low = -Infinity;
  let high = Infinity;
  for (const [n, v] of params) {
    if (n !== name) continue;
    const t = parseDateTerm(v);
    if (!t) continue;
    const s = t.range;
    switch (t.prefix) {
      case 'eq':
        low = Math.max(low, s.low);
        high = Math.min(high, s.high);
        break;
      case 'ge':
        low = Math.max(low, s.low);
        break;
      case 'gt':
      case 'sa':
        low = Math.max(low, s.high);
        break;
      case 'le':
        high = Math.min(high, s.high);
        break;
      case 'lt':
      case 'eb':
        high = Math.min(high, s.low);
        break;
      case 'ne':
        break;
    }
  }
  const out: { low?: Date; high?: Date } = {};
  if (Number.isFinite(low)) out.low = new Date(low);
  if (Number.isFinite(high)) out.high = new Date(high);
  return out;
}
