/**
 * A Ketenzorg 3.0.2 lab results answer (`POLB_IN364001NL03`, labbepalingen) -> the pool: one
 * Observation (`gp-LaboratoryResult`, NHG table 45 lab code) per result, the Patient (BSN masked) and
 * the responsible practitioners with their roles, each once. A lab result has the shape of a general
 * observation (same reader and mapper), with the lab profile and the laboratory category.
 */
import type * as fhir from 'fhir';
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid } from '../allergy612/map-parts.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapGeneralObservation } from './map-observation.ts';
import type { GeneralObservation, GeneralObservationList } from './model.ts';
import { LAB_CATEGORY, LAB_RESULTS_INTERACTION, PROFILE } from './oids.ts';
import { readObservation } from './read-observations.ts';
import { readOrganizerList } from './read-organizer.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps one lab result: the general observation mapping, with the lab profile and, after `status`
 * (FHIR element order), the laboratory category.
 * @param o - the result
 * @param id - resource id
 * @param patient - reference to the patient
 */
export function mapLabResult(o: GeneralObservation, id: string, patient: fhir.Reference): fhir.Observation {
  const general = mapGeneralObservation(o, id, patient);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(general)) {
    out[k] = k === 'meta' ? { profile: [PROFILE.laboratoryResult] } : v;
    if (k === 'status')
      out.category = [
        {
          coding: [{ system: LAB_CATEGORY.system, code: LAB_CATEGORY.code, display: LAB_CATEGORY.display }],
        },
      ];
  }
  return out as unknown as fhir.Observation;
}

/**
 * Reads the lab results of a `POLB_IN364001NL03` message.
 * @param message - the message root element
 */
export function readLabResultList(message: XmlElement): GeneralObservationList {
  const { items, ...parts } = readOrganizerList(
    message,
    LAB_RESULTS_INTERACTION,
    'observation',
    () => readObservation,
  );
  return { ...parts, observations: items };
}

/**
 * Maps a lab result list to FHIR resources.
 * @param list - the model
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the organizer, for errors
 */
export function mapLabResultList(
  list: GeneralObservationList,
  messageKey: string,
  where = '/POLB_IN364001NL03',
): TranslatedResource[] {
  if (list.observations.length === 0) return [];
  const results: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  for (const o of list.observations) {
    if (o.performer) others.addCareProvider(o.performer);
    const id = nameUuid(`observation|${idKey(o.id)}`);
    results.push({ fullUrl: `urn:uuid:${id}`, resource: mapLabResult(o, id, patient) });
  }
  return [...results, ...others.values()];
}

/**
 * Translates a `POLB_IN364001NL03` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateLabResults(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readLabResultList, mapLabResultList);
}
