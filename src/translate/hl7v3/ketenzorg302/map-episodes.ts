/**
 * One Ketenzorg concern -> FHIR EpisodeOfCare (`nl-core-episodeofcare`) with its diagnosis as a
 * Condition (`zib-Problem`): title, identifier, status, type "aandoening", period, patient and the
 * managing organization.
 */
import type * as fhir from 'fhir';
import { TranslationError } from '../../errors.ts';
import { tsToDateTime } from '../allergy612/map-parts.ts';
import type { Code, Concern, Diagnosis } from './model.ts';
import { EPISODE_STATUS, EPISODE_TYPE, EXT, OID, PROBLEM_STATUS, PROFILE, SYSTEM } from './oids.ts';

/** A coding for an HL7 code: ICPC and SNOMED by their FHIR URIs, anything else as `urn:oid:`. */
export function gpCoding(c: Code): fhir.Coding {
  const system =
    c.codeSystem === OID.icpc
      ? SYSTEM.icpc
      : c.codeSystem === OID.snomed
        ? SYSTEM.snomed
        : `urn:oid:${c.codeSystem ?? ''}`;
  const out: fhir.Coding = { system };
  if (c.code !== undefined) out.code = c.code;
  if (c.displayName !== undefined) out.display = c.displayName;
  return out;
}

function codeable(c: Code): fhir.CodeableConcept {
  const coding = gpCoding(c);
  return coding.display === undefined
    ? { coding: [coding], text: c.originalText ?? c.code ?? '' }
    : { coding: [coding] };
}

function identifier(id: { root?: string; extension?: string } | undefined): fhir.Identifier[] | undefined {
  return id?.extension === undefined
    ? undefined
    : [{ system: `urn:oid:${id.root ?? ''}`, value: id.extension }];
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
  const ids = identifier(d.id);
  if (ids) r.identifier = ids;
  const status = concern.statusCode === undefined ? undefined : PROBLEM_STATUS[concern.statusCode];
  if (status) {
    r.clinicalStatus = status.fhir;
    r._clinicalStatus = {
      extension: [
        {
          url: EXT.codeSpecification,
          valueCodeableConcept: {
            coding: [{ system: SYSTEM.snomed, code: status.snomed, display: status.display }],
          },
        },
      ],
    };
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
  const status = EPISODE_STATUS[c.statusCode ?? 'active'];
  if (!status)
    throw new TranslationError(
      `unknown concern statusCode '${c.statusCode ?? ''}'`,
      `${c.location}/statusCode`,
    );
  const r = {
    resourceType: 'EpisodeOfCare',
    id,
    meta: { profile: [PROFILE.episodeOfCare] },
  } as fhir.EpisodeOfCare;
  if (c.title !== undefined) r.extension = [{ url: EXT.episodeTitle, valueString: c.title }];
  const ids = identifier(c.id);
  if (ids) r.identifier = ids;
  r.status = status;
  if (c.statusCode !== undefined) {
    r._status = {
      extension: [
        {
          url: EXT.codeSpecification,
          valueCodeableConcept: {
            coding: [{ system: SYSTEM.actStatus, code: c.statusCode, display: c.statusCode }],
          },
        },
      ],
    };
  }
  r.type = [{ coding: [{ ...EPISODE_TYPE }] }];
  if (refs.conditions.length > 0) r.diagnosis = refs.conditions.map((condition) => ({ condition }));
  r.patient = refs.patient;
  if (refs.organization) r.managingOrganization = refs.organization;
  if (c.start !== undefined || c.end !== undefined) {
    r.period = {};
    if (c.start !== undefined) r.period.start = tsToDateTime(c.start);
    if (c.end !== undefined) r.period.end = tsToDateTime(c.end);
  }
  return r;
}
