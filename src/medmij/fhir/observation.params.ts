/**
 * Search parameters of Observation for MedMij Huisartsgegevens 2.0 (GP diagnostic results, profile
 * gp-DiagnosticResult): `Observation?code=https://referentiemodel.nhg.org/tabellen/nhg-tabel-45-diagnostische-bepalingen|`
 * (any NHG table 45 code) `&date=ge...&_include=Observation:related-target&_include=Observation:specimen`
 * (../shared/domain/fhir.md 2.4). The GP results carry no related targets or specimens yet, so those
 * includes find nothing.
 */
import type * as fhir from 'fhir';
import { dateRange, periodRange } from './dates.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable } from './params.ts';

const STATUS_SYSTEM = 'http://hl7.org/fhir/observation-status';

const observation = (r: fhir.Resource): fhir.Observation => r as fhir.Observation;

function present(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const OBSERVATION: SearchTable = {
  resourceType: 'Observation',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(observation(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/Observation-identifier',
    },
    code: {
      kind: 'token',
      values: (r) => codeableTokens(observation(r).code),
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-code',
    },
    category: {
      kind: 'token',
      values: (r) => (observation(r).category ?? []).flatMap((c) => codeableTokens(c)),
      definition: 'http://hl7.org/fhir/SearchParameter/Observation-category',
    },
    status: {
      kind: 'token',
      values: (r) => {
        const s = observation(r).status;
        return s === undefined ? [] : [{ system: STATUS_SYSTEM, code: s }];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/Observation-status',
    },
    date: {
      kind: 'date',
      values: (r) => {
        const o = observation(r);
        const range =
          o.effectiveDateTime !== undefined
            ? dateRange(o.effectiveDateTime)
            : o.effectivePeriod !== undefined
              ? periodRange(o.effectivePeriod)
              : undefined;
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-date',
    },
  },
  includes: {
    'Observation:patient': (r) => present(observation(r).subject),
    'Observation:performer': (r) => present(...(observation(r).performer ?? [])),
    'Observation:related-target': (r) => present(...(observation(r).related ?? []).map((x) => x.target)),
    'Observation:specimen': (r) => present(observation(r).specimen),
  },
};
