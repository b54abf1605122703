/**
 * A Ketenzorg 3.0.2 episodes answer (`REPC_IN990111NL`) -> the pool: one EpisodeOfCare per concern,
 * a Condition per diagnosis, the Patient (BSN masked) and the managing Organization, each once. Ids
 * are name-based (concern and diagnosis ids; the message id for the Patient, never the BSN), so a
 * message repeated in an LSP batch gives the same fullUrls.
 */
import type * as fhir from 'fhir';
import type { XmlElement } from '../../../xml/index.ts';
import { idKey, nameUuid, ref } from '../allergy612/map-parts.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { mapEpisode, mapProblem } from './map-episodes.ts';
import type { EpisodeList } from './model.ts';
import { readEpisodeList } from './read-episodes.ts';
import { ResourcePool, translateOrganizerMessage } from './translate-pool.ts';

/**
 * Maps an episode list to FHIR resources.
 * @param list - the model from readEpisodeList
 * @param messageKey - the message id, for the Patient's name-based id; never a BSN
 * @param where - location of the message, for errors
 */
export function mapEpisodeList(
  list: EpisodeList,
  messageKey: string,
  where = '/REPC_IN990111NL',
): TranslatedResource[] {
  if (list.concerns.length === 0) return [];
  const episodes: TranslatedResource[] = [];
  const others = new ResourcePool();
  const patient = others.addPatient(list.patient, messageKey, where);
  const organization = list.organization ? others.addOrganization(list.organization) : undefined;
  const conditions: TranslatedResource[] = [];
  for (const c of list.concerns) {
    const refs = { patient, conditions: [] as fhir.Reference[], ...(organization ? { organization } : {}) };
    c.diagnoses.forEach((d, i) => {
      const key = d.id ? idKey(d.id) : `${idKey(c.id)}|${i}`;
      const id = nameUuid(`problem|${key}`);
      conditions.push({ fullUrl: `urn:uuid:${id}`, resource: mapProblem(d, c, id, patient) });
      refs.conditions.push(ref(`urn:uuid:${id}`, d.value?.displayName ?? c.title ?? 'Diagnose'));
    });
    const id = nameUuid(`episode|${idKey(c.id)}`);
    episodes.push({ fullUrl: `urn:uuid:${id}`, resource: mapEpisode(c, id, refs) });
  }
  return [...episodes, ...others.values(), ...conditions];
}

/**
 * Translates a `REPC_IN990111NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateEpisodes(message: XmlElement): TranslatedResource[] {
  return translateOrganizerMessage(message, readEpisodeList, mapEpisodeList);
}
