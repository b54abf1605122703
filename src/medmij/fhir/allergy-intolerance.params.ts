/**
 * Search parameters of AllergyIntolerance (MedMij AllergyIntolerance 3.0 / the 6.12 ICA conversion,
 * `../shared/domain/fhir.md` 2.6, and `AllergyIntolerance?category=medication` in GP data 2.0, 2.4).
 * `category`, `clinical-status` and `verification-status` are FHIR `code` elements: their token system
 * is the STU3 code system of the element, so `category=medication` and
 * `category=http://hl7.org/fhir/allergy-intolerance-category|medication` both match.
 */
import type * as fhir from 'fhir';
import { dateRange } from './dates.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable, type TokenTarget } from './params.ts';

const CATEGORY_SYSTEM = 'http://hl7.org/fhir/allergy-intolerance-category';
const CLINICAL_STATUS_SYSTEM = 'http://hl7.org/fhir/allergy-clinical-status';
const VERIFICATION_STATUS_SYSTEM = 'http://hl7.org/fhir/allergy-verification-status';

const allergy = (r: fhir.Resource): fhir.AllergyIntolerance => r as fhir.AllergyIntolerance;

function codeTokens(system: string, codes: readonly (string | undefined)[] | undefined): TokenTarget[] {
  return (codes ?? []).flatMap((code) => (code === undefined ? [] : [{ system, code }]));
}

function refs(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const ALLERGY_INTOLERANCE: SearchTable = {
  resourceType: 'AllergyIntolerance',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(allergy(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-identifier',
    },
    category: {
      kind: 'token',
      values: (r) => codeTokens(CATEGORY_SYSTEM, allergy(r).category),
      definition: 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-category',
    },
    'clinical-status': {
      kind: 'token',
      values: (r) => codeTokens(CLINICAL_STATUS_SYSTEM, [allergy(r).clinicalStatus]),
      definition: 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-clinical-status',
    },
    'verification-status': {
      kind: 'token',
      values: (r) => codeTokens(VERIFICATION_STATUS_SYSTEM, [allergy(r).verificationStatus]),
      definition: 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-verification-status',
    },
    code: {
      kind: 'token',
      values: (r) => codeableTokens(allergy(r).code),
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-code',
    },
    onset: {
      kind: 'date',
      values: (r) => {
        const v = allergy(r).onsetDateTime;
        const range = v === undefined ? undefined : dateRange(v);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-onset',
    },
    date: {
      kind: 'date',
      values: (r) => {
        const v = allergy(r).assertedDate;
        const range = v === undefined ? undefined : dateRange(v);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/clinical-date',
    },
  },
  includes: {
    'AllergyIntolerance:patient': (r) => refs(allergy(r).patient),
    'AllergyIntolerance:recorder': (r) => refs(allergy(r).recorder),
    'AllergyIntolerance:asserter': (r) => refs(allergy(r).asserter),
  },
};
