/**
 * Search parameters of EpisodeOfCare (MedMij Huisartsgegevens 2.0: `EpisodeOfCare` plain, profile
 * nl-core-episodeofcare; ../shared/domain/fhir.md 2.4). `status` is a FHIR `code` whose token system is
 * the STU3 episode-of-care-status code system.
 */
import type * as fhir from 'fhir';
import { periodRange } from './dates.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable } from './params.ts';

const STATUS_SYSTEM = 'http://hl7.org/fhir/episode-of-care-status';

const episode = (r: fhir.Resource): fhir.EpisodeOfCare => r as fhir.EpisodeOfCare;

function present(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const EPISODE_OF_CARE: SearchTable = {
  resourceType: 'EpisodeOfCare',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(episode(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/EpisodeOfCare-identifier',
    },
    status: {
      kind: 'token',
      values: (r) => {
        const s = episode(r).status;
        return s === undefined ? [] : [{ system: STATUS_SYSTEM, code: s }];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/EpisodeOfCare-status',
    },
    type: {
      kind: 'token',
      values: (r) => (episode(r).type ?? []).flatMap((t) => codeableTokens(t)),
      definition: 'http://hl7.org/fhir/SearchParameter/EpisodeOfCare-type',
    },
    date: {
      kind: 'date',
      values: (r) => {
        const p = episode(r).period;
        const range = p === undefined ? undefined : periodRange(p);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-date',
    },
  },
  includes: {
    'EpisodeOfCare:patient': (r) => present(episode(r).patient),
    'EpisodeOfCare:condition': (r) => present(...(episode(r).diagnosis ?? []).map((d) => d.condition)),
    'EpisodeOfCare:organization': (r) => present(episode(r).managingOrganization),
  },
};
