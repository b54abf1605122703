/**
 * A Ketenzorg 3.0.2 general observations answer (`POOB_IN990003NL`) -> the pool: one Observation per
 * observation, the Patient (BSN masked) and the responsible practitioners with their roles, each once.
 */
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid } from '../allergy612/map-parts.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapGeneralObservation } from './map-observation.ts';
import type { GeneralObservationList } from './model.ts';
import { readGeneralObservationList } from './read-observations.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps a general observation list to FHIR resources.
 * @param list - the model
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapGeneralObservationList(
  list: GeneralObservationList,
  messageKey: string,
  where = '/POOB_IN990003NL',
): TranslatedResource[] {
  if (list.observations.length === 0) return [];
  const observations: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const o of list.observations) {
    if (o.performer) others.addCareProvider(o.performer);
    const id = nameUuid(`observation|${idKey(o.id)}`);
    observations.push({ fullUrl: `urn:uuid:${id}`, resource: mapGeneralObservation(o, id, patient) });
  }
  return [...observations, ...others.values()];
}

/**
 * Translates a `POOB_IN990003NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateGeneralObservations(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readGeneralObservationList, mapGeneralObservationList);
}
