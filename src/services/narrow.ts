/**
 * Narrowing the LSP question by the PGO's search parameters, where the HL7v3 query allows it, so the
 * pharmacy system sends less. Narrowing may only ever drop what the FHIR filter would drop anyway:
 * the FHIR layer filters the answer again, exactly.
 */
import { dateBounds } from '../medmij/fhir/index.ts';

const DAY = 86_400_000;

/**
 * `requestdate` (the dispense date, zib-Dispense-RequestDate) maps onto the 6.12 query's
 * `dispenseEventEffectiveTimeInterval`. The bounds are widened by a day on each side, because the
 * pharmacy's dates are local dates and the interval is sent at day precision.
 * `periodofuse` is not narrowed: the period of use is partly derived by the translator (dispense date
 * plus duration), which the XIS cannot know.
 * @param params - the parsed FHIR search parameters
 */
export function narrowDispenseQuery(params: [string, string][]): Record<string, unknown> {
  const { low, high } = dateBounds(params, 'requestdate');
  if (low === undefined && high === undefined) return {};
  const interval: { low?: string; high?: string } = {};
  if (low !== undefined) interval.low = isoDay(new Date(low.getTime() - DAY));
  if (high !== undefined) interval.high = isoDay(new Date(high.getTime() + DAY));
  return { dispenseEventEffectiveTimeInterval: interval };
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
