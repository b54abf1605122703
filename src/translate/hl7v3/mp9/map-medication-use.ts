/**
 * One MP 9 medicatiegebruik (MGB) -> FHIR MedicationStatement (`zib-MedicationUse`, category
 * 77.5.3|6), field by field as the MP 9.0.7 zib profile carries it: as-agreed indicator, prescriber,
 * author, reason for change or stop and medication treatment as extensions; identifier, status, the
 * product, the period of use, the registration date (author time), the informant as information
 * source, the patient, the building blocks it derives from, `taken` from the use indicator (true y,
 * false n, nullFlavor NA na, anything else or absent unk), the reason of use, the comment and the
 * dosing.
 */
import type * as fhir from 'fhir';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { lookupStatus, oidIdentifier } from '../ketenzorg302/map-common.ts';
import { blockRef, codeConcept, mapBlockDosages, notes, treatmentExtension, tsPeriod } from './map-common.ts';
import type { MedicationUse } from './model.ts';
import { EXT, MEDICATION_USE_CATEGORY, MEDICATION_USE_STATUS, PROFILE } from './oids.ts';

/** References a medication use points at. */
export interface MedicationUseRefs {
  patient: fhir.Reference;
  medication: fhir.Reference;
}

/**
 * `taken` from the use indicator.
 * @param taken - the indicator: a boolean, a nullFlavor, or absent
 */
export function takenCode(taken: boolean | string | undefined): 'y' | 'n' | 'na' | 'unk' {
  if (taken === true) return 'y';
  if (taken === false) return 'n';
  return taken === 'NA' ? 'na' : 'unk';
}

/**
 * Maps a medication use.
 * @param u - the medication use
 * @param id - resource id
 * @param refs - the patient and the product
 */
export function mapMedicationUse(
  u: MedicationUse,
  id: string,
  refs: MedicationUseRefs,
): fhir.MedicationStatement {
  const r = {
    resourceType: 'MedicationStatement',
    id,
    meta: { profile: [PROFILE.medicationUse] },
  } as fhir.MedicationStatement;
  const extension: fhir.Extension[] = [];
  if (u.asAgreed !== undefined) extension.push({ url: EXT.asAgreed, valueBoolean: u.asAgreed });
  if (u.prescriber)
    extension.push({ url: EXT.prescriber, valueReference: practitionerWithRole(u.prescriber) });
  if (u.author)
    extension.push({
      url: EXT.useAuthor,
      valueReference: u.author === 'patient' ? refs.patient : practitionerWithRole(u.author),
    });
  if (u.changeReason)
    extension.push({ url: EXT.changeReason, valueCodeableConcept: codeConcept(u.changeReason) });
  extension.push(...treatmentExtension(u.treatmentId));
  if (extension.length > 0) r.extension = extension;
  const identifier = oidIdentifier(u.id);
  if (identifier) r.identifier = [identifier];
  r.status = lookupStatus(MEDICATION_USE_STATUS, u.statusCode, 'active', 'medication use', u.location);
  r.category = { coding: [{ ...MEDICATION_USE_CATEGORY }] };
  r.medicationReference = refs.medication;
  const use = tsPeriod(u.start, u.end);
  if (use) r.effectivePeriod = use;
  if (u.authoredOn !== undefined) r.dateAsserted = tsToDateTime(u.authoredOn);
  const informant = u.informant;
  if (informant?.kind === 'patient') r.informationSource = refs.patient;
  else if (informant?.kind === 'care-provider')
    r.informationSource = practitionerWithRole(informant.provider);
  else if (informant?.kind === 'person') r.informationSource = { display: informant.name };
  r.subject = refs.patient;
  const derived = u.refs.filter((x) => x.kind !== 'VV').map(blockRef);
  if (derived.length > 0) r.derivedFrom = derived;
  r.taken = takenCode(u.taken);
  if (u.reason !== undefined) r.reasonCode = [{ text: u.reason }];
  const note = notes(u.comment);
  if (note) r.note = note;
  if (u.dosages.length > 0) r.dosage = mapBlockDosages(u.dosages, u.text, u.instructions ?? [], u.location);
  return r;
}
