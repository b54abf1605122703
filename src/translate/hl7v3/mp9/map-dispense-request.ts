/**
 * One MP 9 verstrekkingsverzoek (VV) -> FHIR MedicationRequest (`zib-DispenseRequest`, category
 * SNOMED 52711000146108), field by field as the MP 9.0.7 zib profile carries it: additional wishes,
 * the related medication agreement and the medication treatment as extensions, identifier, intent
 * order, the product, the patient, the request date, the prescriber who asks, the comment, and the
 * dispense request itself (delivery location, validity period, repeats, quantity, use duration and
 * the intended dispenser).
 */
import type * as fhir from 'fhir';
import { practitionerWithRole } from '../allergy612/map-allergy.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { oidIdentifier } from '../ketenzorg302/map-common.ts';
import { durationQuantity, quantity } from '../mp612/map-common.ts';
import { blockRef, cancelledStatus, codeConcept, notes, treatmentExtension, tsPeriod } from './map-common.ts';
import type { DispenseRequest } from './model.ts';
import { CATEGORY, EXT, PROFILE } from './oids.ts';

/** References a dispense request points at. */
export interface DispenseRequestRefs {
  patient: fhir.Reference;
  medication: fhir.Reference;
  /** The intended dispenser's Organization, when the request names one. */
  dispenser?: fhir.Reference;
}

/**
 * Maps a dispense request.
 * @param v - the dispense request
 * @param id - resource id
 * @param refs - patient, product and intended dispenser
 */
export function mapDispenseRequest(
  v: DispenseRequest,
  id: string,
  refs: DispenseRequestRefs,
): fhir.MedicationRequest {
  const r = {
    resourceType: 'MedicationRequest',
    id,
    meta: { profile: [PROFILE.dispenseRequest] },
  } as fhir.MedicationRequest;
  const extension: fhir.Extension[] = v.additionalWishes.map((c) => ({
    url: EXT.additionalInformation,
    valueCodeableConcept: codeConcept(c),
  }));
  for (const ref of v.refs.filter((x) => x.kind === 'MA'))
    extension.push({ url: EXT.relatedAgreement, valueReference: blockRef(ref) });
  extension.push(...treatmentExtension(v.treatmentId));
  if (extension.length > 0) r.extension = extension;
  const identifier = oidIdentifier(v.id);
  if (identifier) r.identifier = [identifier];
  if (cancelledStatus(v.statusCode, 'dispense request', v.location)) r.status = 'entered-in-error';
  r.intent = 'order';
  const { text, ...coding } = CATEGORY.dispenseRequest;
  r.category = { coding: [{ ...coding }], text };
  r.medicationReference = refs.medication;
  r.subject = refs.patient;
  if (v.authoredOn !== undefined) r.authoredOn = tsToDateTime(v.authoredOn);
  if (v.author) r.requester = { agent: practitionerWithRole(v.author) };
  const note = notes(v.comment);
  if (note) r.note = note;
  const request: fhir.MedicationRequestDispenseRequest = {};
  if (v.deliveryLocation !== undefined)
    request.extension = [{ url: EXT.dispenseLocation, valueReference: { display: v.deliveryLocation } }];
  const validity = tsPeriod(v.validityStart, v.validityEnd);
  if (validity) request.validityPeriod = validity;
  if (v.repeats !== undefined) request.numberOfRepeatsAllowed = v.repeats;
  if (v.quantity) request.quantity = quantity(v.quantity);
  if (v.useDuration) request.expectedSupplyDuration = durationQuantity(v.useDuration);
  if (refs.dispenser) request.performer = refs.dispenser;
  if (Object.keys(request).length > 0) r.dispenseRequest = request;
  return r;
}
