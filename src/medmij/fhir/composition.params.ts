/**
 * Search parameters of Composition (MedMij Huisartsgegevens 2.0: `Composition?type=http://loinc.org|67781-5`,
 * the GP contact reports, profile gp-EncounterReport; ../shared/domain/fhir.md 2.4).
 */
import type * as fhir from 'fhir';
import { dateRange } from './dates.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable } from './params.ts';

const STATUS_SYSTEM = 'http://hl7.org/fhir/composition-status';

const composition = (r: fhir.Resource): fhir.Composition => r as fhir.Composition;

function present(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const COMPOSITION: SearchTable = {
  resourceType: 'Composition',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => {
        const id = composition(r).identifier;
        return identifierTokens(id ? [id] : undefined);
      },
      definition: 'http://hl7.org/fhir/SearchParameter/Composition-identifier',
    },
    type: {
      kind: 'token',
      values: (r) => codeableTokens(composition(r).type),
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-type',
    },
    status: {
      kind: 'token',
      values: (r) => {
        const s = composition(r).status;
        return s === undefined ? [] : [{ system: STATUS_SYSTEM, code: s }];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/Composition-status',
    },
    date: {
      kind: 'date',
      values: (r) => {
        const v = composition(r).date;
        const range = v === undefined ? undefined : dateRange(v);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-date',
    },
  },
  includes: {
    'Composition:subject': (r) => present(composition(r).subject),
    'Composition:author': (r) => present(...(composition(r).author ?? [])),
    'Composition:entry': (r) => present(...(composition(r).section ?? []).flatMap((s) => s.entry ?? [])),
  },
};
