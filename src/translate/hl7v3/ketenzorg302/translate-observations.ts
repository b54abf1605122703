/**
 * A Ketenzorg 3.0.2 general observations answer (`POOB_IN990003NL`) -> the pool: one Observation per
 * observation, the Patient (BSN masked) and the responsible practitioners with their roles, each once.
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { child, type XmlElement } from '../../../xml/index.ts';
import { nameUuid, ref } from '../allergy612/map-parts.ts';
import {
  mapAllergyPatient as mapGpPatient,
  mapPractitioner,
  mapPractitionerRole,
  patientDisplay,
  practitionerFullUrl,
  roleFullUrl,
} from '../allergy612/map-people.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapGeneralObservation } from './map-observation.ts';
import type { GeneralObservationList } from './model.ts';
import { readGeneralObservationList } from './read-observations.ts';

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
  for (const o of list.observations) {
    if (o.performer) {
      add(practitionerFullUrl(o.performer), mapPractitioner(o.performer));
      add(roleFullUrl(o.performer), mapPractitionerRole(o.performer));
    }
    const id = nameUuid(`observation|${o.id.root ?? ''}|${o.id.extension ?? ''}`);
    observations.push({ fullUrl: `urn:uuid:${id}`, resource: mapGeneralObservation(o, id, patient) });
  }
  return [...observations, ...others.values()];
}

/**
 * Translates a `POOB_IN990003NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateGeneralObservations(message: XmlElement): TranslatedResource[] {
  const mid = child(message, 'id');
  const key =
    mid?.attrs.extension !== undefined ? `${mid.attrs.root ?? ''}|${mid.attrs.extension}` : randomUUID();
  return mapGeneralObservationList(
    readGeneralObservationList(message),
    key,
    `/${message.name}/ControlActProcess/subject/organizer`,
  );
}
