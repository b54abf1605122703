/**
 * One MP 9 toedieningsafspraak (TA) -> FHIR MedicationDispense (`zib-AdministrationAgreement`,
 * category SNOMED 422037009), field by field as the MP 9.0.7 zib profile carries it: agreement date,
 * reason, period of use, duration, additional information and medication treatment as extensions,
 * identifier, status (only for a cancelled agreement), the product, the patient, the dispensing
 * organization as performer, the related medication agreement, the comment and the dosing (with the
 * additional instructions).
 */
import type * as fhir from 'fhir';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { oidIdentifier } from '../ketenzorg302/map-common.ts';
import { durationQuantity } from '../mp612/map-common.ts';
import {
  blockRef,
  cancelledStatus,
  codeConcept,
  mapBlockDosages,
  notes,
  treatmentExtension,
  tsPeriod,
} from './map-common.ts';
import type { AdministrationAgreement } from './model.ts';
import { CATEGORY, EXT, PROFILE } from './oids.ts';

/** References an administration agreement or dispense points at. */
export interface DispenseRefs {
  patient: fhir.Reference;
  medication: fhir.Reference;
  /** The dispensing organization, when known. */
  dispenser?: fhir.Reference;
}

/**
 * Maps an administration agreement.
 * @param a - the agreement
 * @param id - resource id
 * @param refs - patient, product and the dispensing organization
 */
export function mapAdministrationAgreement(
  a: AdministrationAgreement,
  id: string,
  refs: DispenseRefs,
): fhir.MedicationDispense {
  const r: fhir.MedicationDispense = {
    resourceType: 'MedicationDispense',
    id,
    meta: { profile: [PROFILE.administrationAgreement] },
  };
  const extension: fhir.Extension[] = [];
  if (a.authoredOn !== undefined)
    extension.push({ url: EXT.agreementAuthoredOn, valueDateTime: tsToDateTime(a.authoredOn) });
  if (a.reason !== undefined) extension.push({ url: EXT.agreementReason, valueString: a.reason });
  const use = tsPeriod(a.start, a.end);
  if (use) extension.push({ url: EXT.periodOfUse, valuePeriod: use });
  if (a.duration) extension.push({ url: EXT.useDuration, valueDuration: durationQuantity(a.duration) });
  for (const c of a.additionalInformation)
    extension.push({ url: EXT.additionalInformation, valueCodeableConcept: codeConcept(c) });
  extension.push(...treatmentExtension(a.treatmentId));
  if (extension.length > 0) r.extension = extension;
  const identifier = oidIdentifier(a.id);
  if (identifier) r.identifier = [identifier];
  const status = cancelledStatus(a.statusCode, 'administration agreement', a.location);
  if (status) r.status = status;
  const { text, ...coding } = CATEGORY.administrationAgreement;
  r.category = { coding: [{ ...coding }], text };
  r.medicationReference = refs.medication;
  r.subject = refs.patient;
  if (refs.dispenser) r.performer = [{ actor: refs.dispenser }];
  const agreements = a.refs.filter((x) => x.kind === 'MA').map(blockRef);
  if (agreements.length > 0) r.authorizingPrescription = agreements;
  const note = notes(a.comment);
  if (note) r.note = note;
  if (a.dosages.length > 0)
    r.dosageInstruction = mapBlockDosages(a.dosages, a.text, a.instructions, a.location);
  return r;
}
