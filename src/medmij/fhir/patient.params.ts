/**
 * Search parameters of Patient for MedMij Huisartsgegevens 2.0 and BgZ:
 * `Patient?_include=Patient:general-practitioner` (../shared/domain/fhir.md 2.3, 2.4). The patient
 * follows from the token, so no search by identifier is offered (the BSN is masked anyway).
 */
import type * as fhir from 'fhir';
import { dateRange } from './dates.ts';
import { ID_PARAM, type SearchTable } from './params.ts';

const GENDER_SYSTEM = 'http://hl7.org/fhir/administrative-gender';

const patient = (r: fhir.Resource): fhir.Patient => r as fhir.Patient;

export const PATIENT: SearchTable = {
  resourceType: 'Patient',
  params: {
    _id: ID_PARAM,
    gender: {
      kind: 'token',
      values: (r) => {
        const g = patient(r).gender;
        return g === undefined ? [] : [{ system: GENDER_SYSTEM, code: g }];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/individual-gender',
    },
    birthdate: {
      kind: 'date',
      values: (r) => {
        const b = patient(r).birthDate;
        const range = b === undefined ? undefined : dateRange(b);
        return range ? [range] : [];
      },
      definition: 'http://hl7.org/fhir/SearchParameter/individual-birthdate',
    },
  },
  includes: {
    'Patient:general-practitioner': (r) =>
      (patient(r).generalPractitioner ?? []).filter((g) => g.reference !== undefined),
  },
};
