/**
 * The GP results a patient can have: a diagnostic or lab result is an event that happened (moodCode
 * EVN), so one dated after today is no result (a typing error in the source, or, in test data, a
 * result moved into the future by a date shift) and the GP data Observation search leaves it out.
 * The MedMij 14-month window is the PGO's own `date=ge...` filter, applied by the FHIR layer.
 */
import type * as fhir from 'fhir';
import type { TranslatedResource } from '../mp612/translate.ts';
import { PROFILE } from './oids.ts';

const RESULT_PROFILES: ReadonlySet<string> = new Set([PROFILE.diagnosticResult, PROFILE.laboratoryResult]);

const DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Today in Europe/Amsterdam as YYYY-MM-DD.
 * @param now - the moment
 */
export function amsterdamDate(now: Date): string {
  return DAY.format(now);
}

/** The day a result was taken (YYYY-MM-DD), or undefined when it has no time. */
function resultDay(o: fhir.Observation): string | undefined {
  return (o.effectiveDateTime ?? o.effectivePeriod?.start)?.slice(0, 10);
}

/**
 * The pool without the GP results dated after today; everything else is kept as it is.
 * @param pool - the pooled resources of the Observation search
 * @param today - today as YYYY-MM-DD (Europe/Amsterdam)
 */
export function withoutFutureResults(pool: TranslatedResource[], today: string): TranslatedResource[] {
  return pool.filter((r) => {
    if (r.resource.resourceType !== 'Observation') return true;
    const o = r.resource as fhir.Observation;
    if (!(o.meta?.profile ?? []).some((p) => RESULT_PROFILES.has(p))) return true;
    const day = resultDay(o);
    return day === undefined || day <= today;
  });
}
