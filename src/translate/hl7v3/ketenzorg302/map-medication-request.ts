/**
 * One Ketenzorg medication agreement -> FHIR MedicationRequest (`zib-MedicationAgreement`, category
 * SNOMED 16076005) as the Nictiz Ketenzorg output writes it: period of use and medication treatment
 * extensions, identifier, intent order, the product by reference, the patient, the agreement date, the
 * prescriber (Practitioner with its PractitionerRole) and the dosing instructions (the 6.12 dosage
 * mapper, with the sequence number and the agreement's own text).
 */
import type * as fhir from 'fhir';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { mapDosages } from '../mp612/map-dosage.ts';
import { dosageText } from '../mp612/dosage-text.ts';
import { lookupStatus, oidIdentifier, period } from './map-common.ts';
import type { AgreementDosage, MedicationAgreement } from './model.ts';
import { AGREEMENT_CATEGORY, AGREEMENT_STATUS, EXT, PROFILE } from './oids.ts';

/**
 * One dosing instruction: the 6.12 mapping of its structured parts, with the source's sequence number
 * and, as text, the agreement's own description (else the text generated from the dosing).
 * @param d - the dosing
 * @param agreementText - the agreement's text, if any
 * @param where - location of the agreement, for errors
 */
export function mapAgreementDosage(
  d: AgreementDosage,
  agreementText: string | undefined,
  where: string,
): fhir.Dosage {
  const mapped = mapDosages([d.request], where)[0] ?? {};
  // Sequence and text first (element order), then the 6.12 mapping's other elements in its order.
  const head: fhir.Dosage = {};
  if (d.sequence !== undefined) head.sequence = d.sequence;
  head.text = agreementText ?? dosageText(d.request);
  const out: fhir.Dosage = { ...head, ...mapped, text: head.text };
  if (d.sequence === undefined) delete out.sequence;
  else out.sequence = d.sequence;
  return out;
}

/** References a medication agreement points at. */
export interface AgreementRefs {
  patient: fhir.Reference;
  medication: fhir.Reference;
}

/**
 * Maps a medication agreement.
 * @param a - the agreement
 * @param id - resource id
 * @param refs - the patient and the product
 */
export function mapMedicationAgreement(
  a: MedicationAgreement,
  id: string,
  refs: AgreementRefs,
): fhir.MedicationRequest {
  const r = {
    resourceType: 'MedicationRequest',
    id,
    meta: { profile: [PROFILE.medicationAgreement] },
  } as fhir.MedicationRequest;
  const extension: fhir.Extension[] = [];
  const use = period(a.start, a.end);
  if (use) extension.push({ url: EXT.periodOfUse, valuePeriod: use });
  const treatment = oidIdentifier(a.treatmentId);
  if (treatment) extension.push({ url: EXT.medicationTreatment, valueIdentifier: treatment });
  if (extension.length > 0) r.extension = extension;
  const identifier = oidIdentifier(a.id);
  if (identifier) r.identifier = [identifier];
  if (a.statusCode !== undefined)
    r.status = lookupStatus(AGREEMENT_STATUS, a.statusCode, 'active', 'medication agreement', a.location);
  r.intent = 'order';
  const { text, ...coding } = AGREEMENT_CATEGORY;
  r.category = { coding: [{ ...coding }], text };
  r.medicationReference = refs.medication;
  r.subject = refs.patient;
  if (a.authoredOn !== undefined) r.authoredOn = tsToDateTime(a.authoredOn);
  if (a.prescriber) r.requester = { agent: practitionerWithRole(a.prescriber) };
  if (a.dosages.length > 0)
    r.dosageInstruction = a.dosages.map((d) => mapAgreementDosage(d, a.text, a.location));
  return r;
}
