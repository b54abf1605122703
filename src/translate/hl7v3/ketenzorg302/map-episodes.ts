/**
 * One Ketenzorg concern -> FHIR EpisodeOfCare (`nl-core-episodeofcare`) with its diagnosis as a
 * Condition (`zib-Problem`): title, identifier, status, type "aandoening", period, patient and the
 * managing organization.
 */
import type * as fhir from 'fhir';
import { codeSpecification, tsToDateTime } from '../allergy612/map-parts.ts';
import { concept, gpCoding, lookupStatus, oidIdentifier, period } from './map-common.ts';
import type { Code, Concern, Diagnosis } from './model.ts';
import { EPISODE_STATUS, EPISODE_TYPE, EXT, PROBLEM_STATUS, PROFILE, SYSTEM } from './oids.ts';

function codeable(c: Code): fhir.CodeableConcept {
  return concept(gpCoding(c), c.originalText ?? c.code ?? '');
}

/**
 * Maps a concern's diagnosis to a Condition.
 * @param d - the diagnosis
 * @param concern - its concern (for the status)
 * @param id - resource id
 * @param patient - reference to the patient
 */
export function mapProblem(
  d: Diagnosis,
  concern: Concern,
  id: string,
  patient: fhir.Reference,
): fhir.Condition {
  const r = { resourceType: 'Condition', id, meta: { profile: [PROFILE.problem] } } as fhir.Condition;
  const identifier = oidIdentifier(d.id);
  if (identifier) r.identifier = [identifier];
  const status = concern.statusCode === undefined ? undefined : PROBLEM_STATUS[concern.statusCode];
  if (status) {
    r.clinicalStatus = status.fhir;
    r._clinicalStatus = codeSpecification({
      system: SYSTEM.snomed,
      code: status.snomed,
      display: status.display,
    });
  }
  if (d.code) r.category = [codeable(d.code)];
  if (d.value) r.code = codeable(d.value);
  r.subject = patient;
  if (d.onset !== undefined) r.onsetDateTime = tsToDateTime(d.onset);
  return r;
}

/** References the episode mapper needs. */
export interface EpisodeRefs {
  patient: fhir.Reference;
  organization?: fhir.Reference;
  /** The Conditions of its diagnoses, in order. */
  conditions: fhir.Reference[];
}

/**
 * Maps a concern to an EpisodeOfCare.
 * @param c - the concern
 * @param id - resource id
 * @param refs - patient, organization and condition references
 */
export function mapEpisode(c: Concern, id: string, refs: EpisodeRefs): fhir.EpisodeOfCare {
  const status = lookupStatus(EPISODE_STATUS, c.statusCode, 'active', 'concern', c.location);
  const r = {
    resourceType: 'EpisodeOfCare',
    id,
    meta: { profile: [PROFILE.episodeOfCare] },
  } as fhir.EpisodeOfCare;
  if (c.title !== undefined) r.extension = [{ url: EXT.episodeTitle, valueString: c.title }];
  const identifier = oidIdentifier(c.id);
  if (identifier) r.identifier = [identifier];
  r.status = status;
  if (c.statusCode !== undefined)
    r._status = codeSpecification({ system: SYSTEM.actStatus, code: c.statusCode, display: c.statusCode });
  r.type = [{ coding: [{ ...EPISODE_TYPE }] }];
  if (refs.conditions.length > 0) r.diagnosis = refs.conditions.map((condition) => ({ condition }));
  r.patient = refs.patient;
  if (refs.organization) r.managingOrganization = refs.organization;
  const p = period(c.start, c.end);
  if (p) r.period = p;
  return r;
}
