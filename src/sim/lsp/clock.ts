/** Dates in Europe/Amsterdam, the time zone the simulator's "today" and HL7 timestamps are in. */
import { amsterdamParts } from '../../aorta/hl7v3/time.ts';

/** Today's date in Amsterdam as YYYY-MM-DD. */
export function amsterdamDate(now: Date): string {
  const p = amsterdamParts(now.getTime());
  return `${p.year}-${p.month}-${p.day}`;
}

/** An HL7 TS to the second (yyyyMMddHHmmss) in Amsterdam local time. */
export function hl7Timestamp(now: Date): string {
  const p = amsterdamParts(now.getTime());
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}
