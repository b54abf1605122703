/**
 * Resolves the Touchstone T-date placeholders of the Nictiz expected outputs, `${DATE, T, D, n}`
 * (T plus n days), optionally followed by a time and a UTC offset (`${DATE, T, D, +9}T23:59:59+02:00`).
 * T is today in Europe/Amsterdam. The literal offset in the placeholder files is always +02:00; it is
 * replaced by the Europe/Amsterdam offset of the resolved day (what a Dutch system writes that day).
 */
import { addDays, amsterdamOffset } from '../hl7v3/mp612/map-common.ts';

const PLACEHOLDER = /\$\{DATE,\s*T,\s*D,\s*([+-]?\d+)\s*\}(T(\d{2}):(\d{2})(:\d{2})?)?([+-]\d{2}:\d{2}|Z)?/g;

/** Today (or the day of `now`) in Europe/Amsterdam as YYYY-MM-DD. */
export function amsterdamToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Replaces every placeholder in a text.
 * @param text - e.g. the expected FHIR XML
 * @param today - T as YYYY-MM-DD
 */
export function resolvePlaceholders(text: string, today: string): string {
  return text.replace(
    PLACEHOLDER,
    (_all, n: string, time: string | undefined, hh: string, mm: string, ss: string | undefined) => {
      const date = addDays(today, Number(n));
      if (time === undefined) return date;
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      return `${date}T${hh}:${mm}${ss ?? ':00'}${amsterdamOffset(y, m, d, Number(hh), Number(mm))}`;
    },
  );
}
