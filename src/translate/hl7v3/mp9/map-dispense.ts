/**
 * One MP 9 medicatieverstrekking (MVE) -> FHIR MedicationDispense (`zib-Dispense`, category SNOMED
 * 373784005), field by field as the MP 9.0.7 zib profile carries it: distribution form, request date
 * (aanschrijfdatum) and medication treatment as extensions, identifier, status (only when cancelled),
 * the product, the patient, the dispensing organization, the related dispense request, the quantity,
 * the use duration as days supply, the hand-over date, the delivery location and the comment.
 */
import type * as fhir from 'fhir';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import { oidIdentifier } from '../ketenzorg302/map-common.ts';
import { durationQuantity, quantity } from '../mp612/map-common.ts';
import type { DispenseRefs } from './map-administration-agreement.ts';
import { blockRef, cancelledStatus, codeConcept, notes, treatmentExtension } from './map-common.ts';
import type { Mp9Dispense } from './model.ts';
import { CATEGORY, EXT, PROFILE } from './oids.ts';

/**
 * Maps a dispense.
 * @param d - the dispense
 * @param id - resource id
 * @param refs - patient, product and the dispensing organization
 */
export function mapMp9Dispense(d: Mp9Dispense, id: string, refs: DispenseRefs): fhir.MedicationDispense {
  const r: fhir.MedicationDispense = {
    resourceType: 'MedicationDispense',
    id,
    meta: { profile: [PROFILE.dispense] },
  };
  const extension: fhir.Extension[] = [];
  if (d.distributionForm)
    extension.push({ url: EXT.distributionForm, valueCodeableConcept: codeConcept(d.distributionForm) });
  if (d.requestDate !== undefined)
    extension.push({ url: EXT.requestDate, valueDateTime: tsToDateTime(d.requestDate) });
  extension.push(...treatmentExtension(d.treatmentId));
  if (extension.length > 0) r.extension = extension;
  const identifier = oidIdentifier(d.id);
  if (identifier) r.identifier = [identifier];
  const status = cancelledStatus(d.statusCode, 'dispense', d.location);
  if (status) r.status = status;
  const { text, ...coding } = CATEGORY.dispense;
  r.category = { coding: [{ ...coding }], text };
  r.medicationReference = refs.medication;
  r.subject = refs.patient;
  if (refs.dispenser) r.performer = [{ actor: refs.dispenser }];
  const requests = d.refs.filter((x) => x.kind === 'VV').map(blockRef);
  if (requests.length > 0) r.authorizingPrescription = requests;
  if (d.quantity) r.quantity = quantity(d.quantity);
  if (d.useDuration) r.daysSupply = durationQuantity(d.useDuration);
  if (d.handedOver !== undefined) r.whenHandedOver = tsToDateTime(d.handedOver);
  if (d.deliveryLocation !== undefined) r.destination = { display: d.deliveryLocation };
  const note = notes(d.comment);
  if (note) r.note = note;
  return r;
}
