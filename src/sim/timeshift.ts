/**
 * Shifts the HL7v3 timestamps (TS values) in a message by whole days, so that example answers written
 * against an "anchor" day come out relative to today (DESIGN.md, simulator data). Birth times are not
 * shifted. Precision and time of day are kept: `20071208` stays a date, `200712081530` stays minutes.
 * Pure string-in, string-out, so the simulator serves exactly the bytes of the file apart from the dates.
 */

const TS_ATTR = /<((?:[\w.-]+:)?([\w.-]+))(\s[^<>]*?)\bvalue="(\d{8})(\d{0,6})((?:\.\d+)?(?:[+-]\d{4})?)"/g;

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function shiftDate(yyyymmdd: string, days: number): string | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || y > 2300 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d) + days * 86_400_000);
  return `${t.getUTCFullYear().toString().padStart(4, '0')}${(t.getUTCMonth() + 1).toString().padStart(2, '0')}${t
    .getUTCDate()
    .toString()
    .padStart(2, '0')}`;
}

/**
 * Adds `days` to every TS `value` attribute in the message except those of `birthTime` elements.
 * @param xml - the HL7v3 message text
 * @param days - whole days to add (negative to go back)
 */
export function shiftTimestamps(xml: string, days: number): string {
  if (days === 0) return xml;
  return xml.replace(
    TS_ATTR,
    (whole, qname: string, local: string, between: string, date: string, time: string, rest: string) => {
      if (local === 'birthTime' || time.length % 2 !== 0) return whole;
      const shifted = shiftDate(date, days);
      return shifted === undefined ? whole : `<${qname}${between}value="${shifted}${time}${rest}"`;
    },
  );
}
