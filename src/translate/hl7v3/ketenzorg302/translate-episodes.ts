/**
 * A Ketenzorg 3.0.2 episodes answer (`REPC_IN990111NL`) -> the pool: one EpisodeOfCare per concern,
 * a Condition per diagnosis, the Patient (BSN masked) and the managing Organization, each once. Ids
 * are name-based (concern and diagnosis ids; the message id for the Patient, never the BSN), so a
 * message repeated in an LSP batch gives the same fullUrls.
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { child, type XmlElement } from '../../../xml/index.ts';
import { nameUuid } from '../allergy612/map-parts.ts';
import {
  mapAllergyPatient as mapGpPatient,
  mapCareOrganization,
  organizationDisplay,
  organizationFullUrl,
  patientDisplay,
} from '../allergy612/map-people.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import { ref } from '../allergy612/map-parts.ts';
import { mapEpisode, mapProblem } from './map-episodes.ts';
import type { EpisodeList } from './model.ts';
import { readEpisodeList } from './read-episodes.ts';

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
  const episodes: TranslatedResource[] = [];
  const others: TranslatedResource[] = [];
  if (list.concerns.length === 0) return [];
  let patient: fhir.Reference = { display: 'Patiënt' };
  if (list.patient) {
    const id = nameUuid(`gp-patient|${messageKey}`);
    others.push({
      fullUrl: `urn:uuid:${id}`,
      resource: mapGpPatient(list.patient, id, `${where}/recordTarget/patientRole`),
    });
    patient = ref(`urn:uuid:${id}`, patientDisplay(list.patient));
  }
  let organization: fhir.Reference | undefined;
  if (list.organization) {
    const url = organizationFullUrl(list.organization);
    others.push({ fullUrl: url, resource: mapCareOrganization(list.organization) });
    organization = ref(url, organizationDisplay(list.organization));
  }
  const conditions: TranslatedResource[] = [];
  for (const c of list.concerns) {
    const refs = { patient, conditions: [] as fhir.Reference[], ...(organization ? { organization } : {}) };
    c.diagnoses.forEach((d, i) => {
      const key = d.id
        ? `${d.id.root ?? ''}|${d.id.extension ?? ''}`
        : `${c.id.root ?? ''}|${c.id.extension ?? ''}|${i}`;
      const id = nameUuid(`problem|${key}`);
      conditions.push({ fullUrl: `urn:uuid:${id}`, resource: mapProblem(d, c, id, patient) });
      refs.conditions.push(ref(`urn:uuid:${id}`, d.value?.displayName ?? c.title ?? 'Diagnose'));
    });
    const id = nameUuid(`episode|${c.id.root ?? ''}|${c.id.extension ?? ''}`);
    episodes.push({ fullUrl: `urn:uuid:${id}`, resource: mapEpisode(c, id, refs) });
  }
  return [...episodes, ...others, ...conditions];
}

/**
 * Translates a `REPC_IN990111NL` message to the pool of FHIR STU3 resources.
 * @param message - the message root element
 */
export function translateEpisodes(message: XmlElement): TranslatedResource[] {
  const mid = child(message, 'id');
  const key =
    mid?.attrs.extension !== undefined ? `${mid.attrs.root ?? ''}|${mid.attrs.extension}` : randomUUID();
  return mapEpisodeList(
    readEpisodeList(message),
    key,
    `/${message.name}/ControlActProcess/subject/organizer`,
  );
}
