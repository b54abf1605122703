/**
 * A Ketenzorg 3.0.2 contacts answer (`PRPA_IN900350NL`) -> the pool: one Encounter per contact, the
 * Patient (BSN masked), the performing Practitioners with their PractitionerRoles and Organizations,
 * each once. Ids are name-based (contact ids, UZI, URA; the message id for the Patient).
 */
import type * as fhir from 'fhir';
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid, ref } from '../allergy612/map-parts.ts';
import { organizationDisplay, organizationFullUrl } from '../allergy612/map-people.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapEncounter } from './map-encounter.ts';
import type { ContactList } from './model.ts';
import { readContactList } from './read-contacts.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps a contact list to FHIR resources.
 * @param list - the model from readContactList
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapContactList(
  list: ContactList,
  messageKey: string,
  where = '/PRPA_IN900350NL',
): TranslatedResource[] {
  if (list.contacts.length === 0) return [];
  const encounters: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const c of list.contacts) {
    let serviceProvider: fhir.Reference | undefined;
    for (const p of c.performers) {
      others.addCareProvider(p);
      if (p.organization)
        serviceProvider ??= ref(organizationFullUrl(p.organization), organizationDisplay(p.organization));
    }
    if (!serviceProvider && list.organization) serviceProvider = others.addOrganization(list.organization);
    const id = nameUuid(`encounter|${idKey(c.id)}`);
    encounters.push({
      fullUrl: `urn:uuid:${id}`,
      resource: mapEncounter(c, id, { patient, ...(serviceProvider ? { serviceProvider } : {}) }),
    });
  }
  return [...encounters, ...others.values()];
}

/**
 * Translates a `PRPA_IN900350NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateContacts(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readContactList, mapContactList);
}
