/**
 * Search parameters of MedicationStatement (medication use, `zib-MedicationUse`) for MedMij:
 * `MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6&_include=MedicationStatement:medication`
 * (../shared/domain/fhir.md 2.2 and 2.3; the Nictiz medication server CapabilityStatement lists
 * patient, identifier and category). `periodofuse` reads effectivePeriod, the zib's period of use.
 */
import type * as fhir from 'fhir';
import { periodRange } from './dates.ts';
import { MEDICATION_TREATMENT_PARAM } from './medication-dispense.params.ts';
import { ID_PARAM, codeableTokens, identifierTokens, type SearchTable } from './params.ts';

const statement = (r: fhir.Resource): fhir.MedicationStatement => r as fhir.MedicationStatement;

function present(...rs: (fhir.Reference | undefined)[]): fhir.Reference[] {
  return rs.filter((r): r is fhir.Reference => r?.reference !== undefined);
}

export const MEDICATION_STATEMENT: SearchTable = {
  resourceType: 'MedicationStatement',
  params: {
    _id: ID_PARAM,
    identifier: {
      kind: 'token',
      values: (r) => identifierTokens(statement(r).identifier),
      definition: 'http://hl7.org/fhir/SearchParameter/MedicationStatement-identifier',
    },
    category: {
      kind: 'token',
      values: (r) => codeableTokens(statement(r).category),
      definition: 'http://hl7.org/fhir/SearchParameter/MedicationStatement-category',
    },
    medicationtreatment: MEDICATION_TREATMENT_PARAM,
    periodofuse: {
      kind: 'date',
      values: (r) => {
        const p = statement(r).effectivePeriod;
        const range = p === undefined ? undefined : periodRange(p);
        return range ? [range] : [];
      },
      definition: 'http://nictiz.nl/fhir/SearchParameter/Medications-periodofuse',
    },
  },
  includes: {
    'MedicationStatement:medication': (r) => present(statement(r).medicationReference),
    'MedicationStatement:patient': (r) => present(statement(r).subject),
    'MedicationStatement:source': (r) => present(statement(r).informationSource),
  },
};
