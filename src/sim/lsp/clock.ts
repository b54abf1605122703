/** Dates in Europe/Amsterdam, the time zone the simulator's "today" and HL7 timestamps are in. */

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(now: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of PARTS.formatToParts(now)) out[p.type] = p.value;
  return out;
}

/** Today's date in Amsterdam as YYYY-MM-DD. */
export function amsterdamDate(now: Date): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An HL7 TS to the second (yyyyMMddHHmmss) in Amsterdam local time. */
export function hl7Timestamp(now: Date): string {
  const p = parts(now);
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}
