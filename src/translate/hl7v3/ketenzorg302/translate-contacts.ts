/**
 * A Ketenzorg 3.0.2 contacts answer (`PRPA_IN900350NL`) -> the pool: one Encounter per contact, the
 * Patient (BSN masked), the performing Practitioners with their PractitionerRoles and Organizations,
 * each once. Ids are name-based (contact ids, UZI, URA; the message id for the Patient).
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { child, type XmlElement } from '../../../xml/index.ts';
import { nameUuid, ref } from '../allergy612/map-parts.ts';
import {
  mapAllergyPatient as mapGpPatient,
  mapCareOrganization,
  mapPractitioner,
  mapPractitionerRole,
  organizationDisplay,
  organizationFullUrl,
  patientDisplay,
  practitionerFullUrl,
  roleFullUrl,
} from '../allergy612/map-people.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapEncounter } from './map-encounter.ts';
import type { ContactList } from './model.ts';
import { readContactList } from './read-contacts.ts';

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
  const others = new Map<string, TranslatedResource>();
  const add = (fullUrl: string, resource: fhir.Resource): void => {
    if (!others.has(fullUrl)) others.set(fullUrl, { fullUrl, resource });
  };
  let patient: fhir.Reference = { display: 'Patiënt' };
  if (list.patient) {
    const id = nameUuid(`gp-patient|${messageKey}`);
    add(`urn:uuid:${id}`, mapGpPatient(list.patient, id, `${where}/recordTarget/patientRole`));
    patient = ref(`urn:uuid:${id}`, patientDisplay(list.patient));
  }
  for (const c of list.contacts) {
    let serviceProvider: fhir.Reference | undefined;
    for (const p of c.performers) {
      add(practitionerFullUrl(p), mapPractitioner(p));
      if (p.organization) {
        const url = organizationFullUrl(p.organization);
        add(url, mapCareOrganization(p.organization));
        serviceProvider ??= ref(url, organizationDisplay(p.organization));
      }
      add(roleFullUrl(p), mapPractitionerRole(p));
    }
    if (!serviceProvider && list.organization) {
      const url = organizationFullUrl(list.organization);
      add(url, mapCareOrganization(list.organization));
      serviceProvider = ref(url, organizationDisplay(list.organization));
    }
    const id = nameUuid(`encounter|${c.id.root ?? ''}|${c.id.extension ?? ''}`);
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
  const mid = child(message, 'id');
  const key =
    mid?.attrs.extension !== undefined ? `${mid.attrs.root ?? ''}|${mid.attrs.extension}` : randomUUID();
  return mapContactList(
    readContactList(message),
    key,
    `/${message.name}/ControlActProcess/subject/organizer`,
  );
}
