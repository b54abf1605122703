/**
 * Building blocks shared by the mp612 mappers: HL7 TS to FHIR date/dateTime (Europe/Amsterdam),
 * quantities with G-standaard units, durations in UCUM, codings, name-based uuids.
 */
import { createHash } from 'node:crypto';
import type * as fhir from 'fhir';
import { GSTD_UNIT_BY_UCUM, TIME_UNIT } from './codes.ts';
import type { Code, Duration, Pq } from './model.ts';
import { EXT, OID, SYSTEM, urnOid } from './oids.ts';

const AMS = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });

/** The Europe/Amsterdam UTC offset (`+01:00` / `+02:00`) at a local wall-clock time. */
export function amsterdamOffset(y: number, m: number, d: number, hh = 12, mm = 0): string {
  // Take the offset at the UTC instant one hour before; near the switch this is the local offset.
  const guess = Date.UTC(y, m - 1, d, hh - 1, mm);
  const name =
    AMS.formatToParts(new Date(guess)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

/** HL7 TS -> FHIR date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
export function tsToDate(ts: string): string {
  const y = ts.slice(0, 4);
  if (ts.length < 6) return y;
  if (ts.length < 8) return `${y}-${ts.slice(4, 6)}`;
  return `${y}-${ts.slice(4, 6)}-${ts.slice(6, 8)}`;
}

/**
 * HL7 TS -> FHIR dateTime. A date stays a date; a time of day gets seconds and the Europe/Amsterdam
 * offset unless the TS carries its own.
 */
export function tsToDateTime(ts: string): string {
  const m = /^(\d{8})(\d{2})?(\d{2})?(\d{2})?(?:\.\d+)?([+-]\d{4})?$/.exec(ts);
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

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const t = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return t.toISOString().slice(0, 10);
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
  const h = createHash('sha1').update(`brug:mp612:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical uuid string. */
export function isUuid(s: string | undefined): s is string {
  return s !== undefined && UUID.test(s);
}

/** The id part of a fullUrl (after `urn:uuid:` / `urn:oid:`). */
export function idOf(fullUrl: string): string {
  return fullUrl.replace(/^urn:(uuid|oid):/, '');
}
