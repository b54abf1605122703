/**
 * MP 9 building blocks from the LSP -> the pool: medication agreements (`QUMA_IN991203NL04` ->
 * MedicationRequest, zib-MedicationAgreement, category 16076005) and medication use
 * (`QUMG_IN991223NL02` -> MedicationStatement, zib-MedicationUse, category 77.5.3|6), each with the
 * Patient (BSN masked), the authors with their roles and organizations, and the products (zib-Product),
 * each once. The answers are organizers of MP 9 building blocks in the shape the Ketenzorg 3.0.2
 * medication agreements use (aorta.md 2.2); the readers and dosage mappers are shared with
 * `../ketenzorg302/`. No public HL7v3 example of these interactions exists: Brug's synthetic patient
 * (src/sim/data) is the test input. Pure; no I/O.
 */
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid, ref } from '../allergy612/map-parts.ts';
import type { MedicationAgreementList } from '../ketenzorg302/model.ts';
import { readMedicationAgreementList } from '../ketenzorg302/read-medication.ts';
import { mapMedicationAgreementList } from '../ketenzorg302/translate-medication.ts';
import { ResourcePool, translateOrganizerMessage } from '../ketenzorg302/translate-pool.ts';
import { medicationDisplay, medicationFullUrl, mapMedication } from '../mp612/map-medication.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapMedicationUse } from './map-medication-use.ts';
import { MP9_AGREEMENTS_INTERACTION, MP9_MEDICATION_USE_INTERACTION, PROFILE } from './oids.ts';

/**
 * Translates a `QUMA_IN991203NL04` message (MP 9 medication agreements).
 * @param message - the message root element
 */
export function translateMp9Agreements(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(
    message,
    (m) => readMedicationAgreementList(m, MP9_AGREEMENTS_INTERACTION),
    mapMedicationAgreementList,
  );
}

/**
 * Maps a list of medication use statements to FHIR resources.
 * @param list - the model (read with the agreement reader)
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapMedicationUseList(
  list: MedicationAgreementList,
  messageKey: string,
  where = `/${MP9_MEDICATION_USE_INTERACTION}`,
): TranslatedResource[] {
  if (list.agreements.length === 0) return [];
  const uses: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const u of list.agreements) {
    if (u.prescriber) others.addCareProvider(u.prescriber);
    const productUrl = medicationFullUrl(u.product);
    others.add(productUrl, { ...mapMedication(u.product, productUrl), meta: { profile: [PROFILE.product] } });
    const id = nameUuid(`medication-use|${idKey(u.id)}`);
    uses.push({
      fullUrl: `urn:uuid:${id}`,
      resource: mapMedicationUse(u, id, {
        patient,
        medication: ref(productUrl, medicationDisplay(u.product)),
      }),
    });
  }
  return [...uses, ...others.values()];
}

/**
 * Translates a `QUMG_IN991223NL02` message (MP 9 medication use).
 * @param message - the message root element
 */
export function translateMp9MedicationUse(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(
    message,
    (m) => readMedicationAgreementList(m, MP9_MEDICATION_USE_INTERACTION),
    mapMedicationUseList,
  );
}
