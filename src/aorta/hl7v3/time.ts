/**
 * HL7v3 TS (point in time) values: `YYYYMMDD[HHMM[SS[.ffff]]][+ZZzz]`. Brug writes times in the
 * Europe/Amsterdam zone with an explicit offset; query parameters keep the precision they were given.
 */

const ZONE = 'Europe/Amsterdam';

/** Made once: building an Intl.DateTimeFormat costs far more than formatting with it. */
const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * An instant's calendar and clock fields in Amsterdam (year, month, day, hour, minute, second), each
 * as two digits (the year four).
 * @param ms - epoch milliseconds
 */
export function amsterdamParts(
  ms: number,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const out = { year: '0000', month: '00', day: '00', hour: '00', minute: '00', second: '00' };
  for (const p of AMSTERDAM.formatToParts(ms)) if (p.type in out) out[p.type as keyof typeof out] = p.value;
  return out;
}

/**
 * Formats an instant as an HL7 TS to the second with the Amsterdam offset, e.g. `20260312143005+0100`.
 * @param ms - epoch milliseconds
 */
export function formatTs(ms: number): string {
  const p = amsterdamParts(ms);
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  const offsetMin = Math.round((local - Math.floor(ms / 1000) * 1000) / 60000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}${off}`;
}

const TS_RE = /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,4})?)?)?)?)?)?([+-]\d{4})?$/;
const ISO_RE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/**
 * Converts a query parameter time to an HL7 TS, keeping its precision: an HL7 TS is returned as is, an
 * ISO 8601 date or date-time (`2024-01-31`, `2024-01-31T10:00:00+01:00`) is rewritten, a `Date` or a
 * number (epoch ms) is formatted to the second in Europe/Amsterdam.
 * @param value - the parameter value
 * @throws TypeError when the value is not a time
 */
export function toTs(value: unknown): string {
  if (value instanceof Date) return formatTs(value.getTime());
  if (typeof value === 'number' && Number.isFinite(value)) return formatTs(value);
  if (typeof value !== 'string') throw new TypeError('a time must be a string, Date or epoch milliseconds');
  if (TS_RE.test(value)) return value;
  const m = ISO_RE.exec(value);
  if (!m) throw new TypeError(`not an HL7 TS or ISO 8601 time: "${value}"`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let out = `${y}${mo ?? ''}${d ?? ''}${h ?? ''}${mi ?? ''}${s ?? ''}`;
  if (frac !== undefined && s !== undefined) out += frac.slice(0, 5);
  if (zone !== undefined) out += zone === 'Z' ? '+0000' : zone.replace(':', '');
  return out;
}

/** True when `s` is a syntactically valid HL7 TS. */
export function isTs(s: string): boolean {
  return TS_RE.test(s);
}
