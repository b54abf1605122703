/**
 * Search parameters of Encounter (MedMij Huisartsgegevens 2.0: plain `Encounter`, profile gp-Encounter;
 * BgZ: `Encounter?class=http://hl7.org/fhir/v3/ActCode|IMP,...`; ../shared/domain/fhir.md 2.3, 2.4).
 */
import type * as fhir from 'fhir';
import { periodRange } from './dates.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable } from './params.ts';

const STATUS_SYSTEM = 'http://hl7.org/fhir/encounter-status';

const encounter = (r: fhir.Resource): fhir.Encounter => r as fhir.Encounter;

function present(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const ENCOUNTER: SearchTable = {
  resourceType: 'Encounter',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(encounter(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/Encounter-identifier',
    },
    status: {
      kind: 'token',
      values: (r) => {
        const s = encounter(r).status;
        return s === undefined ? [] : [{ system: STATUS_SYSTEM, code: s }];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/Encounter-status',
    },
    class: {
      kind: 'token',
      values: (r) => {
        const c = encounter(r).class;
        return c?.code === undefined ? [] : [{ system: c.system, code: c.code }];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/Encounter-class',
    },
    type: {
      kind: 'token',
      values: (r) => (encounter(r).type ?? []).flatMap((t) => codeableTokens(t)),
      definition: 'http://hl7.org/fhir/SearchParameter/Encounter-type',
    },
    date: {
      kind: 'date',
      values: (r) => {
        const range = periodRange(encounter(r).period);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-date',
    },
  },
  includes: {
    'Encounter:patient': (r) => present(encounter(r).subject),
    'Encounter:practitioner': (r) => present(...(encounter(r).participant ?? []).map((p) => p.individual)),
    'Encounter:service-provider': (r) => present(encounter(r).serviceProvider),
  },
};
