/**
 * A Ketenzorg 3.0.2 allergies answer (`REPC_IN990131NL`) -> the pool: one AllergyIntolerance per
 * allergy, the Patient (BSN masked) and the authors with their roles and organizations, each once.
 */
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid } from '../allergy612/map-parts.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapGpAllergy } from './map-allergy-gp.ts';
import type { GpAllergyList } from './model.ts';
import { readGpAllergyList } from './read-allergies.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps an allergy list to FHIR resources.
 * @param list - the model
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapGpAllergyList(
  list: GpAllergyList,
  messageKey: string,
  where = '/REPC_IN990131NL',
): TranslatedResource[] {
  if (list.allergies.length === 0) return [];
  const allergies: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const a of list.allergies) {
    if (a.author) others.addCareProvider(a.author);
    const id = nameUuid(`gp-allergy|${idKey(a.id)}`);
    allergies.push({ fullUrl: `urn:uuid:${id}`, resource: mapGpAllergy(a, id, patient) });
  }
  return [...allergies, ...others.values()];
}

/**
 * Translates a `REPC_IN990131NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateGpAllergies(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readGpAllergyList, mapGpAllergyList);
}
