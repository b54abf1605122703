/**
 * The medication searches of data service 31 ("Verzamelen Medicatiegegevens 9.0", kind
 * `medication-612`), as registry bindings: the 6.12 -> FHIR conversion of the LSP dispense list and
 * the MP 9 building blocks the LSP carries (aorta.md 2.2), each with the MedMij category search it
 * answers (fhir.md 2.2). Several bindings share a resource type; `route.ts` picks them by category.
 */
import { translateDispenseList } from '../translate/index.ts';
import {
  translateMp9AdministrationAgreements,
  translateMp9Agreements,
  translateMp9DispenseRequests,
  translateMp9Dispenses,
  translateMp9MedicationUse,
} from '../translate/hl7v3/mp9/index.ts';
import { DISPENSE_612, MP9_QUERIES } from './interactions.ts';
import { narrowDispenseQuery } from './narrow.ts';
import { feed, type SearchBinding, type SearchCategory } from './binding.ts';

const SNOMED = 'http://snomed.info/sct';
const MP_ACTS = 'urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3';

/** The MedMij categories of the medication building blocks (fhir.md 2.2). */
export const MEDICATION_CATEGORY = {
  agreement: { system: SNOMED, code: '16076005' },
  dispenseRequest: { system: SNOMED, code: '52711000146108' },
  administrationAgreement: { system: SNOMED, code: '422037009' },
  dispense: { system: SNOMED, code: '373784005' },
  medicationUse: { system: MP_ACTS, code: '6' },
} as const satisfies Record<string, SearchCategory>;

/**
 * The 6.12 -> FHIR conversion (`QURX_IN990111NL` -> `QURX_IN990113NL`): per dispense a TA and an MVE
 * with the mp612 conversion profiles; MedMij asks both categories with the three includes.
 */
export const DISPENSE_612_CONVERSION: SearchBinding = {
  name: 'mp612-conversion',
  resourceType: 'MedicationDispense',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/mp612-DispenseToFHIRConversion-Dispense',
  categories: [MEDICATION_CATEGORY.dispense, MEDICATION_CATEGORY.administrationAgreement],
  params: ['category', 'requestdate', 'periodofuse', 'medication.code', 'identifier', 'medicationtreatment'],
  includes: ['MedicationDispense:medication', 'MedicationDispense:patient', 'MedicationDispense:performer'],
  feeds: [feed(DISPENSE_612, translateDispenseList)],
  narrow: narrowDispenseQuery,
};

/** MP 9 medication agreements (MA, `QUMA_IN991203NL04` -> MedicationRequest, zib-MedicationAgreement). */
export const MP9_AGREEMENTS: SearchBinding = {
  name: 'mp9-ma',
  resourceType: 'MedicationRequest',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement',
  categories: [MEDICATION_CATEGORY.agreement],
  params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
  includes: ['MedicationRequest:medication', 'MedicationRequest:patient', 'MedicationRequest:requester'],
  feeds: [feed(MP9_QUERIES.agreements, translateMp9Agreements)],
};

/** MP 9 dispense requests (VV, `QUVV_IN992203NL03` -> MedicationRequest, zib-DispenseRequest). */
export const MP9_DISPENSE_REQUESTS: SearchBinding = {
  name: 'mp9-vv',
  resourceType: 'MedicationRequest',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-DispenseRequest',
  categories: [MEDICATION_CATEGORY.dispenseRequest],
  params: ['category', 'identifier', 'medicationtreatment'],
  includes: ['MedicationRequest:medication', 'MedicationRequest:patient', 'MedicationRequest:requester'],
  feeds: [feed(MP9_QUERIES.dispenseRequests, translateMp9DispenseRequests)],
};

/**
 * MP 9 administration agreements (TA, `QUTA_IN991213NL02` -> MedicationDispense,
 * zib-AdministrationAgreement). The LSP also answers QUTA for 6.12 pharmacies by converting their
 * dispense list (aorta.md 2.2, "hybride"), so a TA search asks only QUTA.
 */
export const MP9_ADMINISTRATION_AGREEMENTS: SearchBinding = {
  name: 'mp9-ta',
  resourceType: 'MedicationDispense',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-AdministrationAgreement',
  categories: [MEDICATION_CATEGORY.administrationAgreement],
  params: ['category', 'identifier', 'medicationtreatment', 'periodofuse', 'medication.code'],
  includes: ['MedicationDispense:medication', 'MedicationDispense:patient', 'MedicationDispense:performer'],
  feeds: [feed(MP9_QUERIES.administrationAgreements, translateMp9AdministrationAgreements)],
};

/** MP 9 dispenses (MVE, `QUMV_IN992213NL02` -> MedicationDispense, zib-Dispense). */
export const MP9_DISPENSES: SearchBinding = {
  name: 'mp9-mve',
  resourceType: 'MedicationDispense',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-Dispense',
  categories: [MEDICATION_CATEGORY.dispense],
  params: [
    'category',
    'identifier',
    'medicationtreatment',
    'whenhandedover',
    'requestdate',
    'medication.code',
  ],
  includes: ['MedicationDispense:medication', 'MedicationDispense:patient', 'MedicationDispense:performer'],
  feeds: [feed(MP9_QUERIES.dispenses, translateMp9Dispenses)],
};

/** MP 9 medication use (MGB, `QUMG_IN991223NL02` -> MedicationStatement, zib-MedicationUse). */
export const MP9_MEDICATION_USE: SearchBinding = {
  name: 'mp9-mgb',
  resourceType: 'MedicationStatement',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse',
  categories: [MEDICATION_CATEGORY.medicationUse],
  params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
  includes: ['MedicationStatement:medication', 'MedicationStatement:patient', 'MedicationStatement:source'],
  feeds: [feed(MP9_QUERIES.medicationUse, translateMp9MedicationUse)],
};

/** The searches of a `medication-612` data service, in the order the CapabilityStatement lists them. */
export const MEDICATION_SEARCHES: readonly SearchBinding[] = [
  DISPENSE_612_CONVERSION,
  MP9_ADMINISTRATION_AGREEMENTS,
  MP9_DISPENSES,
  MP9_AGREEMENTS,
  MP9_DISPENSE_REQUESTS,
  MP9_MEDICATION_USE,
];
