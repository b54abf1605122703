/**
 * One MP 9 medication use (medicatiegebruik, MGB) -> FHIR MedicationStatement (`zib-MedicationUse`,
 * category 77.5.3|6): the medication treatment extension, identifier, status, category, the product
 * by reference, the period of use as effectivePeriod, the registration date (author time) as
 * dateAsserted, the author as information source, the patient, `taken` (y: a use statement says the
 * medication is taken) and the dosing (the 6.12 dosage mapper, as for agreements).
 * Built from the domain doc facts (no Nictiz MGB example with HL7v3 input exists).
 */
import type * as fhir from 'fhir';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { mapAgreementDosage } from '../ketenzorg302/map-medication-request.ts';
import { lookupStatus, oidIdentifier, period } from '../ketenzorg302/map-common.ts';
import type { MedicationAgreement } from '../ketenzorg302/model.ts';
import { EXT } from '../ketenzorg302/oids.ts';
import { MEDICATION_USE_CATEGORY, MEDICATION_USE_STATUS, PROFILE } from './oids.ts';

/**
 * Maps a medication use.
 * @param u - the medication use (read with the agreement reader: the same elements)
 * @param id - resource id
 * @param refs - the patient and the product
 */
export function mapMedicationUse(
  u: MedicationAgreement,
  id: string,
  refs: { patient: fhir.Reference; medication: fhir.Reference },
): fhir.MedicationStatement {
  const r = {
    resourceType: 'MedicationStatement',
    id,
    meta: { profile: [PROFILE.medicationUse] },
  } as fhir.MedicationStatement;
  const treatment = oidIdentifier(u.treatmentId);
  if (treatment) r.extension = [{ url: EXT.medicationTreatment, valueIdentifier: treatment }];
  const identifier = oidIdentifier(u.id);
  if (identifier) r.identifier = [identifier];
  r.status = lookupStatus(MEDICATION_USE_STATUS, u.statusCode, 'active', 'medication use', u.location);
  r.category = { coding: [{ ...MEDICATION_USE_CATEGORY }] };
  r.medicationReference = refs.medication;
  const use = period(u.start, u.end);
  if (use) r.effectivePeriod = use;
  if (u.authoredOn !== undefined) r.dateAsserted = tsToDateTime(u.authoredOn);
  if (u.prescriber) r.informationSource = practitionerWithRole(u.prescriber);
  r.subject = refs.patient;
  r.taken = 'y';
  if (u.dosages.length > 0) r.dosage = u.dosages.map((d) => mapAgreementDosage(d, u.text, u.location));
  return r;
}
