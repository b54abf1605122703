/**
 * A Ketenzorg 3.0.2 medication agreements answer (`QUMA_IN991203NL02`) -> the pool: one
 * MedicationRequest per agreement, the Patient (BSN masked), each prescriber with their organization and
 * role, and each product (Medication, `zib-Product`), each once.
 */
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid, ref } from '../allergy612/map-parts.ts';
import { medicationDisplay, medicationFullUrl, mapMedication } from '../mp612/map-medication.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapMedicationAgreement } from './map-medication-request.ts';
import type { MedicationAgreementList } from './model.ts';
import { PROFILE } from './oids.ts';
import { readMedicationAgreementList } from './read-medication.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps a medication agreement list to FHIR resources.
 * @param list - the model
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapMedicationAgreementList(
  list: MedicationAgreementList,
  messageKey: string,
  where = '/QUMA_IN991203NL02',
): TranslatedResource[] {
  if (list.agreements.length === 0) return [];
  const agreements: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const a of list.agreements) {
    if (a.prescriber) others.addCareProvider(a.prescriber);
    const productUrl = medicationFullUrl(a.product);
    // The G-standaard mapping of the 6.12 conversion, with the zib profile the Ketenzorg output names.
    others.add(productUrl, { ...mapMedication(a.product, productUrl), meta: { profile: [PROFILE.product] } });
    const id = nameUuid(`medication-agreement|${idKey(a.id)}`);
    agreements.push({
      fullUrl: `urn:uuid:${id}`,
      resource: mapMedicationAgreement(a, id, {
        patient,
        medication: ref(productUrl, medicationDisplay(a.product)),
      }),
    });
  }
  return [...agreements, ...others.values()];
}

/**
 * Translates a `QUMA_IN991203NL02` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateMedicationAgreements(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readMedicationAgreementList, mapMedicationAgreementList);
}
