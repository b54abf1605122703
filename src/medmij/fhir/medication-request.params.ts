/**
 * Search parameters of MedicationRequest (medication agreements, `zib-MedicationAgreement`) for MedMij:
 * `MedicationRequest?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication`
 * (../shared/domain/fhir.md 2.2 and 2.4), SearchParameters from Nictiz-STU3-Zib2017. `periodofuse`
 * reads the zib-Medication-PeriodOfUse extension; an agreement without one has no period to match.
 */
import type * as fhir from 'fhir';
import {
  EXT_PERIOD_OF_USE,
  extensionDates,
  MEDICATION_TREATMENT_PARAM,
} from './medication-dispense.params.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable } from './params.ts';

const request = (r: fhir.Resource): fhir.MedicationRequest => r as fhir.MedicationRequest;

function present(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const MEDICATION_REQUEST: SearchTable = {
  resourceType: 'MedicationRequest',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(request(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/MedicationRequest-identifier',
    },
    category: {
      kind: 'token',
      values: (r) => codeableTokens(request(r).category),
      definition: 'http://nictiz.nl/fhir/SearchParameter/Medications-category',
    },
    medicationtreatment: MEDICATION_TREATMENT_PARAM,
    periodofuse: {
      kind: 'date',
      values: (r) => extensionDates(r, EXT_PERIOD_OF_USE),
      definition: 'http://nictiz.nl/fhir/SearchParameter/Medications-periodofuse',
    },
  },
  includes: {
    'MedicationRequest:medication': (r) => present(request(r).medicationReference),
    'MedicationRequest:patient': (r) => present(request(r).subject),
    'MedicationRequest:requester': (r) => present(request(r).requester?.agent),
  },
};
