/**
 * Building blocks shared by the mp612 mappers: HL7 TS to FHIR date/dateTime (Europe/Amsterdam),
 * quantities with G-standaard units, durations in UCUM, codings, name-based uuids.
 */
import { hash } from 'node:crypto';
import type * as fhir from 'fhir';
import { GSTD_UNIT_BY_UCUM, TIME_UNIT } from './codes.ts';
import type { Code, Duration, Pq } from './model.ts';
import { EXT, OID, SYSTEM, urnOid } from './oids.ts';

const AMS = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (a Thursday) -> day of the week, 0 = Sunday. */
function weekday(utcMs: number): number {
  return (((Math.floor(utcMs / DAY_MS) + 4) % 7) + 7) % 7;
}

/**
 * The summer time of a year under the EU rule Europe/Amsterdam follows since 1996: from the last Sunday
 * of March to the last Sunday of October, both at 01:00 UTC. Returned as [start, end) in UTC ms.
 */
function summerTime(y: number): [number, number] {
  const mar31 = Date.UTC(y, 2, 31);
  const oct31 = Date.UTC(y, 9, 31);
  return [mar31 - weekday(mar31) * DAY_MS + HOUR_MS, oct31 - weekday(oct31) * DAY_MS + HOUR_MS];
}

/** The offset the time zone database gives, through Intl (for years outside the EU rule). */
function intlOffset(utcMs: number): string {
  const name =
    AMS.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

/** The Europe/Amsterdam UTC offset (`+01:00` / `+02:00`) at a local wall-clock time. */
export function amsterdamOffset(y: number, m: number, d: number, hh = 12, mm = 0): string {
  // Take the offset at the UTC instant one hour before; near the switch this is the local offset.
  const guess = Date.UTC(y, m - 1, d, hh - 1, mm);
  // The EU rule (in the time zone database from 1996 on, with no end) without Intl, which costs
  // microseconds per call; wall-clock fields out of range and other years ask Intl.
  if (
    y >= 1996 &&
    y <= 2499 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= 31 &&
    hh >= 0 &&
    hh <= 23 &&
    mm >= 0 &&
    mm <= 59
  ) {
    const [start, end] = summerTime(y);
    return guess >= start && guess < end ? '+02:00' : '+01:00';
  }
  return intlOffset(guess);
}

/** HL7 TS -> FHIR date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
export function tsToDate(ts: string): string {
  const y = ts.slice(0, 4);
  if (ts.length < 6) return y;
  if (ts.length < 8) return `${y}-${ts.slice(4, 6)}`;
  return `${y}-${ts.slice(4, 6)}-${ts.slice(6, 8)}`;
}

/** True when every character of s[from..to) (default: all of s) is an ASCII digit. */
function allDigits(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number written by the ASCII digits s[from..to). */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

const TS_PARTS = /^(\d{8})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/;

/**
 * HL7 TS -> FHIR dateTime. A date stays a date; a time of day gets seconds and the Europe/Amsterdam
 * offset unless the TS carries its own.
 */
export function tsToDateTime(ts: string): string {
  // The usual shapes (`YYYYMMDDHH[MM[SS]]`, digits only) without a regex match and its substrings.
  const n = ts.length;
  if ((n === 10 || n === 12 || n === 14) && allDigits(ts)) {
    const hh = ts.slice(8, 10);
    const mi = n >= 12 ? ts.slice(10, 12) : '00';
    const ss = n === 14 ? ts.slice(12, 14) : '00';
    const off = amsterdamOffset(
      digits(ts, 0, 4),
      digits(ts, 4, 6),
      digits(ts, 6, 8),
      digits(ts, 8, 10),
      n >= 12 ? digits(ts, 10, 12) : 0,
    );
    return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${hh}:${mi}:${ss}${off}`;
  }
  const m = TS_PARTS.exec(ts);
  if (!m || m[2] === undefined) return tsToDate(ts);
  const date = m[1]!;
  const hh = m[2];
  const mi = m[3] ?? '00';
  const ss = m[4] ?? '00';
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  const off = m[5]
    ? `${m[5].slice(0, 3)}:${m[5].slice(3)}`
    : amsterdamOffset(y, mo, d, Number(hh), Number(mi));
  return `${tsToDate(date)}T${hh}:${mi}:${ss}${off}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const m = DATE.exec(date);
  if (m && Number.isInteger(days)) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    // Date.parse rolls days 29-31 over into the next month just as Date.UTC does.
    if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
      const t = Date.UTC(y, mo - 1, d) + days * DAY_MS;
      const out = ymd(t);
      if (out !== undefined) return out;
    }
  }
  const t = new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
  return t.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of a UTC instant in the years 1000-9999, without a Date object; else undefined. */
function ymd(utcMs: number): string | undefined {
  // Civil-from-days (proleptic Gregorian), as in Howard Hinnant's date algorithms.
  const z = Math.floor(utcMs / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!(y >= 1000 && y <= 9999)) return undefined;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Whole days in a duration (weeks 7, months 30, years 365; hours and less round up to a day). */
export function durationDays(d: Duration): number {
  switch (d.unit) {
    case 'wk':
      return d.value * 7;
    case 'mo':
      return d.value * 30;
    case 'a':
      return d.value * 365;
    case 'd':
      return d.value;
    default:
      return 1;
  }
}

/** The end of a day as a FHIR dateTime in Europe/Amsterdam (`YYYY-MM-DDT23:59:59+01:00`). */
export function endOfDay(date: string): string {
  if (
    date.length === 10 &&
    date.charCodeAt(4) === 45 &&
    date.charCodeAt(7) === 45 &&
    allDigits(date, 0, 4) &&
    allDigits(date, 5, 7) &&
    allDigits(date, 8, 10)
  ) {
    return `${date}T23:59:59${amsterdamOffset(digits(date, 0, 4), digits(date, 5, 7), digits(date, 8, 10), 23, 59)}`;
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${date}T23:59:59${amsterdamOffset(y, m, d, 23, 59)}`;
}

/** The nullFlavor extension. */
export function nullFlavorExt(code: string): fhir.Extension {
  return { url: EXT.nullFlavor, valueCode: code };
}

/** A FHIR Quantity for a duration (UCUM, Dutch singular word as unit, as the Nictiz output does). */
export function durationQuantity(d: Duration): fhir.Quantity {
  const u = TIME_UNIT[d.unit]!;
  return { value: d.value, unit: u.one, system: SYSTEM.ucum, code: u.ucum };
}

/**
 * A FHIR Quantity for an HL7 PQ. The G-standaard 902 translation wins; a UCUM unit with a 902
 * equivalent becomes that unit; a time unit stays UCUM; anything else keeps its UCUM code.
 */
export function quantity(pq: Pq): fhir.Quantity {
  if (pq.value === undefined) {
    return { extension: [nullFlavorExt(pq.nullFlavor ?? 'NI')] };
  }
  if (pq.gstdUnit) {
    const q: fhir.Quantity = { value: pq.value };
    if (pq.gstdUnit.displayName !== undefined) q.unit = pq.gstdUnit.displayName;
    q.system = urnOid(OID.gstdUnit);
    q.code = pq.gstdUnit.code;
    return q;
  }
  const g = GSTD_UNIT_BY_UCUM[pq.unit];
  if (g) return { value: pq.value, unit: g.display, system: urnOid(OID.gstdUnit), code: g.code };
  const t = TIME_UNIT[pq.unit];
  if (t) return { value: pq.value, unit: t.one, system: SYSTEM.ucum, code: t.ucum };
  return { value: pq.value, unit: pq.unit, system: SYSTEM.ucum, code: pq.unit };
}

/** The word of a quantity's unit (902 display, 902 table or UCUM). */
export function unitDisplay(pq: Pq): string {
  return quantity(pq).unit ?? pq.unit;
}

/** A Coding for an HL7 code; unknown systems become `urn:oid:`. */
export function coding(c: Code, system?: string): fhir.Coding {
  const out: fhir.Coding = {};
  out.system = system ?? urnOid(c.codeSystem ?? '');
  if (c.code !== undefined) out.code = c.code;
  if (c.displayName !== undefined) out.display = c.displayName;
  return out;
}

/** A name-based uuid (SHA-1, version 5 layout) from a string that carries no patient identifier. */
export function nameUuid(name: string): string {
  const x = hash('sha1', `brug:mp612:${name}`, 'hex');
  // Version nibble 5 (byte 6), variant bits 10 (byte 8).
  const variant = VARIANT[x.charCodeAt(16)]!;
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-5${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

/** Hex digit char code -> the hex digit with its top two bits set to 10. */
const VARIANT: string[] = [];
for (const c of '0123456789abcdef') VARIANT[c.charCodeAt(0)] = ((parseInt(c, 16) & 0x3) | 0x8).toString(16);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical uuid string. */
export function isUuid(s: string | undefined): s is string {
  return s !== undefined && UUID.test(s);
}

/** The id part of a fullUrl (after `urn:uuid:` / `urn:oid:`). */
export function idOf(fullUrl: string): string {
  if (fullUrl.startsWith('urn:uuid:')) return fullUrl.slice(9);
  if (fullUrl.startsWith('urn:oid:')) return fullUrl.slice(8);
  return fullUrl;
}
