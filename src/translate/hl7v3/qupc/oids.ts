/**
 * Constants of the professional summary (HWG 6.10 `QUPC_IN990002NL`) conversion. Facts: the HL7v3 and
 * expected FHIR in fixtures/hl7v3/gp-waarneming-qupc and ../shared/domain/aorta.md 2.3.
 */
import type { Code } from '../ketenzorg302/model.ts';
import { OID } from '../ketenzorg302/oids.ts';

/** The answer interaction of the professional summary. */
export const PROFESSIONAL_SUMMARY_INTERACTION = 'QUPC_IN990002NL';
/** UZI person number root: preferred as a person's id (the Nictiz output names people by it). */
export const UZI_PERSON = '2.16.528.1.1007.3.1';
/** NHG Journaalregeltypen (S, O, E, P), the code system of a JournalEntry's code. */
export const JOURNAL_LINE_SYSTEM = '2.16.840.1.113883.2.4.4.32.2';
/** LOINC 74018-3 "Alert": a `component2/observation` that only flags an episode (zib-Alert). */
export const ALERT_CODE = '74018-3';

/**
 * The code of a summary diagnosis (`ObservationDx`, code ActCode DISDX) in the Ketenzorg model: SNOMED
 * 282291009 "Diagnosis", the Condition category the Nictiz output gives it.
 */
export const DIAGNOSIS_CODE: Code = {
  code: '282291009',
  codeSystem: OID.snomed,
  displayName: 'Diagnosis',
  translations: [],
};

/**
 * The propensity of a summary intolerance (`ObservationIntolerance`, whose value is a G-standaard
 * group of medicines): SNOMED 419511003 "propensity to adverse reactions to drug", category medication.
 */
export const DRUG_INTOLERANCE: Code = { code: '419511003', codeSystem: OID.snomed, translations: [] };

/**
 * Children of `PrimaryCareProvision`: read, or passed over on purpose (anything else throws).
 * Passed over: alerts flag an episode (component2 without id; the GP data service has no Flag
 * search), contraindications (component3, G-standaard contra-indicaties such as "VERKEERSDEELNAME")
 * are no allergy or intolerance, and attention notes (pertinentInformation) have no MedMij GP search.
 */
export const PROVISION_CHILDREN: ReadonlySet<string> = new Set([
  'templateId',
  'id',
  'statusCode',
  'effectiveTime',
  'subject',
  'author',
  'component1',
  'component2',
  'component3',
  'component4',
  'component7',
  'pertinentInformation',
]);
