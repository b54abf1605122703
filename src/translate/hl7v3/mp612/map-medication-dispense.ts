/**
 * One 6.12 dispense -> two FHIR MedicationDispenses, as the Nictiz 6.12 conversion does:
 * - a toedieningsafspraak (TA, `...-AdministrationAgreement`, category 422037009): dosing, period of
 *   use, duration; its agreement date is approximated by the dispense date;
 * - a verstrekking (MVE, `...-Dispense`, category 373784005): identifier, request date, quantity,
 *   days supply, whenHandedOver unknown (nullFlavor NI).
 * Both carry the dispense id as medication treatment (MBH) id.
 */
import type * as fhir from 'fhir';
import { CATEGORY } from './codes.ts';
import { mapDosages } from './map-dosage.ts';
import {
  addDays,
  durationDays,
  durationQuantity,
  endOfDay,
  nullFlavorExt,
  quantity,
  tsToDate,
  tsToDateTime,
} from './map-common.ts';
import type { Dispense, Duration, PivlTs } from './model.ts';
import { EXT, PROFILE, SYSTEM, urnOid } from './oids.ts';

/** The references a dispense's resources point to. */
export interface DispenseRefs {
  patient?: fhir.Reference;
  medication: fhir.Reference;
  performer?: fhir.Reference;
}

function treatment(d: Dispense): fhir.Extension {
  return {
    url: EXT.medicationTreatment,
    valueIdentifier: { system: urnOid(d.id.root ?? ''), value: d.id.extension ?? '' },
  };
}

function category(c: (typeof CATEGORY)[keyof typeof CATEGORY]): fhir.CodeableConcept[] {
  return [{ coding: [{ system: SYSTEM.snomed, code: c.code, display: c.display }], text: c.text }];
}

function common(r: fhir.MedicationDispense, refs: DispenseRefs): void {
  r.medicationReference = refs.medication;
  if (refs.patient) r.subject = refs.patient;
  if (refs.performer) r.performer = [{ actor: refs.performer }];
}

/** A TS at midnight (`YYYYMMDD0000` or `YYYYMMDD000000`). */
const MIDNIGHT = /^\d{8}(0{4}|0{6})$/;

/** The period of use: from the request's start (or the dispense date) over its width, or to its end. */
export function periodOfUse(d: Dispense): fhir.Period | undefined {
  let start: string | undefined;
  let end: string | undefined;
  for (const r of d.requests) {
    const ivl = r.schedule?.interval;
    if (ivl === undefined) continue;
    const s = ivl.low ?? (ivl.width || ivl.high ? d.effectiveTime : undefined);
    if (s === undefined) continue;
    // A start at midnight is a start date (as the Nictiz conversion writes it).
    const sDate = MIDNIGHT.test(s) ? tsToDate(s) : tsToDateTime(s);
    let e: string | undefined;
    if (ivl.high !== undefined)
      e = ivl.high.length > 8 ? tsToDateTime(ivl.high) : endOfDay(tsToDate(ivl.high));
    else if (ivl.width)
      e = endOfDay(addDays(tsToDate(s), Math.max(1, Math.round(durationDays(ivl.width))) - 1));
    if (start === undefined || sDate < start) start = sDate;
    if (e !== undefined && (end === undefined || e > end)) end = e;
  }
  if (start === undefined) return undefined;
  const p: fhir.Period = { start };
  if (end !== undefined) p.end = end;
  return p;
}

/**
 * The toedieningsafspraak.
 * @param d - the dispense
 * @param id - resource id (the uuid of its fullUrl)
 * @param refs - references to patient, medication and organization
 */
export function mapAdministrationAgreement(
  d: Dispense,
  id: string,
  refs: DispenseRefs,
): fhir.MedicationDispense {
  const r: fhir.MedicationDispense = {
    resourceType: 'MedicationDispense',
    id,
    meta: { profile: [PROFILE.administrationAgreement] },
  };
  const ext: fhir.Extension[] = [];
  if (d.effectiveTime !== undefined)
    ext.push({ url: EXT.authoredOn, valueDateTime: tsToDateTime(d.effectiveTime) });
  const period = periodOfUse(d);
  if (period) ext.push({ url: EXT.periodOfUse, valuePeriod: period });
  let width: Duration | undefined;
  let widths = 0;
  for (const q of d.requests) {
    const w = q.schedule?.interval?.width;
    if (w === undefined) continue;
    width = w;
    widths++;
  }
  if (widths === 1) ext.push({ url: EXT.duration, valueDuration: durationQuantity(width!) });
  ext.push(treatment(d));
  r.extension = ext;
  let cycle: PivlTs | undefined;
  for (const q of d.requests) {
    if (!q.schedule?.cyclic) continue;
    cycle = q.schedule.periods.find((p) => p.phaseWidth !== undefined);
    if (cycle) break;
  }
  if (cycle) {
    const c = cycle.period;
    r.modifierExtension = [
      {
        url: EXT.cyclicalSchedule,
        valueDuration: { value: c.value, unit: c.unit, system: SYSTEM.ucum, code: c.unit },
      },
    ];
  }
  r.category = category(CATEGORY.administrationAgreement)[0]!;
  common(r, refs);
  if (d.requests.length > 0) r.dosageInstruction = mapDosages(d.requests, d.location);
  return r;
}

/**
 * The verstrekking.
 * @param d - the dispense
 * @param id - resource id (the dispense id when it is a uuid)
 * @param refs - references to patient, medication and organization
 */
export function mapDispense(d: Dispense, id: string, refs: DispenseRefs): fhir.MedicationDispense {
  const r: fhir.MedicationDispense = {
    resourceType: 'MedicationDispense',
    id,
    meta: { profile: [PROFILE.dispense] },
  };
  const ext: fhir.Extension[] = [];
  if (d.effectiveTime !== undefined)
    ext.push({ url: EXT.requestDate, valueDateTime: tsToDateTime(d.effectiveTime) });
  ext.push(treatment(d));
  r.extension = ext;
  r.identifier = [{ system: urnOid(d.id.root ?? ''), value: d.id.extension ?? '' }];
  r.category = category(CATEGORY.dispense)[0]!;
  common(r, refs);
  if (d.quantity) r.quantity = quantity(d.quantity);
  if (d.expectedUseTime) r.daysSupply = durationQuantity(d.expectedUseTime);
  r._whenHandedOver = { extension: [nullFlavorExt('NI')] };
  return r;
}
