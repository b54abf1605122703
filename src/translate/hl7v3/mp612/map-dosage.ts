/**
 * 6.12 medicationAdministrationRequest -> FHIR STU3 Dosage (keys in element-definition order:
 * sequence, text, additionalInstruction, timing, asNeeded[x], route, dose[x], maxDosePerPeriod).
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { TIME_UNIT } from './codes.ts';
import { dosageText, doseText, freeText, frequency, isStructured } from './dosage-text.ts';
import { coding, quantity } from './map-common.ts';
import type { AdministrationRequest, Code } from './model.ts';
import { OID, SYSTEM, urnOid } from './oids.ts';

function nhgCoding(c: Code): fhir.Coding {
  return coding(c, c.codeSystem === OID.nhgTable25 ? SYSTEM.nhgTable25 : undefined);
}

function otherText(text: string): fhir.CodeableConcept {
  return { coding: [{ system: SYSTEM.nullFlavor, code: 'OTH', display: 'overig' }], text };
}

/** Units FHIR Timing.repeat.periodUnit allows. */
const PERIOD_UNITS = new Set(['s', 'min', 'h', 'd', 'wk', 'mo', 'a']);

function timing(r: AdministrationRequest, where: string): fhir.Timing | undefined {
  const periods = r.schedule?.periods ?? [];
  if (periods.length === 0) return undefined;
  const repeat: fhir.TimingRepeat = {};
  const cycle = r.schedule?.cyclic ? periods.find((p) => p.phaseWidth !== undefined) : undefined;
  if (cycle?.phaseWidth) {
    const w = cycle.phaseWidth;
    repeat.boundsDuration = quantity({ value: w.value, unit: w.unit });
  }
  const times = periods.filter((p) => p.phaseCenter !== undefined && p.phaseCenter.length >= 12);
  const freqs = periods.filter((p) => p !== cycle && p.phaseCenter === undefined);
  if (times.length > 0) {
    repeat.timeOfDay = times.map((p) => `${p.phaseCenter!.slice(8, 10)}:${p.phaseCenter!.slice(10, 12)}:00`);
  } else if (freqs[0]) {
    const f = frequency(freqs[0]);
    if (!PERIOD_UNITS.has(f.unit)) {
      throw new TranslationError(`unsupported period unit '${f.unit}'`, where);
    }
    repeat.frequency = f.count;
    repeat.period = f.period;
    repeat.periodUnit = f.unit as fhir.TimingRepeat['periodUnit'];
  }
  return { repeat };
}

/**
 * Maps the dosing instructions of one dispense.
 * @param requests - the medicationAdministrationRequests, in message order
 * @param where - location of the dispense, for errors
 */
export function mapDosages(requests: AdministrationRequest[], where: string): fhir.Dosage[] {
  const supplement = asNeededSupplement(requests);
  if (supplement) return [supplement];
  return requests.map((r, i) => {
    const d: fhir.Dosage = {};
    if (requests.length > 1 || r.schedule?.cyclic === true) d.sequence = i + 1;
    d.text = dosageText(r);
    const additional: fhir.CodeableConcept[] = [];
    for (const c of r.instructions) {
      if (c.code !== undefined) additional.push({ coding: [nhgCoding(c)] });
      else if (c.originalText !== undefined) additional.push(otherText(c.originalText));
    }
    const own = isStructured(r) ? undefined : freeText(r);
    if (own !== undefined) additional.push(otherText(own));
    if (additional.length > 0) d.additionalInstruction = additional;
    const t = timing(r, `${where}/therapeuticAgentOf[${i + 1}]`);
    if (t) d.timing = t;
    const asNeeded = r.asNeeded[0];
    if (asNeeded) d.asNeededCodeableConcept = { coding: [nhgCoding(asNeeded)] };
    if (r.route?.code !== undefined) {
      d.route = { coding: [coding(r.route, urnOid(r.route.codeSystem ?? OID.gstdRoute))] };
    }
    if (r.dose?.kind === 'fixed') d.doseQuantity = quantity(r.dose.quantity);
    else if (r.dose?.kind === 'range')
      d.doseRange = { low: quantity(r.dose.low), high: quantity(r.dose.high) };
    if (r.maxDose) {
      d.maxDosePerPeriod = {
        numerator: quantity(r.maxDose.numerator),
        denominator: quantity(r.maxDose.denominator),
      };
    }
    return d;
  });
}

function sameDose(a: AdministrationRequest, b: AdministrationRequest): boolean {
  return JSON.stringify(a.dose) === JSON.stringify(b.dose);
}

/**
 * The 6.12 way to say "1 to 3 times a day": a fixed request plus a zo-nodig request with the same
 * dose and period unit for the extra times. Merged into one Dosage with frequency and frequencyMax
 * (the sum), as the Nictiz conversion output shows ("1 à 3 maal per dag, aanbrengen").
 * @param requests - the requests of one dispense
 */
export function asNeededSupplement(requests: AdministrationRequest[]): fhir.Dosage | undefined {
  if (requests.length !== 2) return undefined;
  const [base, extra] = requests as [AdministrationRequest, AdministrationRequest];
  if (base.asNeeded.length > 0 || extra.asNeeded.length === 0 || !sameDose(base, extra)) return undefined;
  const p1 = base.schedule?.periods;
  const p2 = extra.schedule?.periods;
  if (p1?.length !== 1 || p2?.length !== 1 || base.schedule?.cyclic || extra.schedule?.cyclic)
    return undefined;
  const f1 = frequency(p1[0]!);
  const f2 = frequency(p2[0]!);
  if (f1.unit !== f2.unit || f1.period !== 1 || f2.period !== 1) return undefined;
  const max = f1.count + f2.count;
  const unit = TIME_UNIT[f1.unit]!.one;
  const dose = doseText(base);
  const words = [`${f1.count} à ${max} maal per ${unit}`, dose].filter((w) => w !== '').join(' ');
  const instr = base.instructions.map((c) => c.displayName ?? c.originalText).filter((t) => t !== undefined);
  const d: fhir.Dosage = { text: [words, ...instr].join(', ') };
  const additional = base.instructions
    .filter((c) => c.code !== undefined)
    .map((c) => ({ coding: [nhgCoding(c)] }));
  if (additional.length > 0) d.additionalInstruction = additional;
  d.timing = {
    repeat: {
      frequency: f1.count,
      frequencyMax: max,
      period: 1,
      periodUnit: f1.unit as fhir.TimingRepeat['periodUnit'],
    },
  };
  if (base.dose?.kind === 'fixed') d.doseQuantity = quantity(base.dose.quantity);
  else if (base.dose?.kind === 'range')
    d.doseRange = { low: quantity(base.dose.low), high: quantity(base.dose.high) };
  return d;
}
