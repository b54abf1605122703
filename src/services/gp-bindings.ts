/**
 * The searches of MedMij Huisartsgegevens 2.0 (GP data, data service 49; ../shared/domain/fhir.md 2.4)
 * as registry bindings, and the LSP questions that feed each (aorta.md 2.3): the Ketenzorg 3.0.2
 * building blocks, and the professional summary (HWG `QUPC_IN990002NL`).
 *
 * [UNVERIFIED] which interaction a GP system answers for which search. VZVZ maps data service 49 to
 * the Ketenzorg building blocks only (aorta.md 2.3); the professional summary is the HWG (out-of-hours)
 * interaction, which some GP systems answer too. So the summary's part is a setting
 * (`BRUG_GP_SUMMARY`, config.ts): `patient` (default) asks it for the Patient search only; `all` also
 * for episodes, contacts, contact journals, results, medication agreements and allergies (the summary
 * translators give the same ids as the building blocks, so a system answering both gives each resource
 * once); `off` never asks it.
 */
import type { TranslatedResource } from '../translate/index.ts';
import {
  amsterdamDate,
  mergePatients,
  translateContactReports,
  translateContacts,
  translateEpisodes,
  translateGeneralObservations,
  translateGpAllergies,
  translateLabResults,
  translateMedicationAgreements,
  withoutFutureResults,
} from '../translate/hl7v3/ketenzorg302/index.ts';
import { translateGpPatient } from '../translate/hl7v3/ketenzorg302/translate-patient.ts';
import {
  translateSummaryAgreements,
  translateSummaryAllergies,
  translateSummaryContacts,
  translateSummaryEpisodes,
  translateSummaryObservations,
  translateSummaryPatient,
  translateSummaryReports,
} from '../translate/hl7v3/qupc/index.ts';
import { feed, type LspFeed, type SearchBinding } from './binding.ts';
import { GP_QUERIES, PROFESSIONAL_SUMMARY } from './interactions.ts';

/** Which GP data searches the professional summary feeds: none, the Patient search, or all. */
export type GpSummaryFeeds = 'off' | 'patient' | 'all';

/** The default: the summary for the Patient search only (see the file comment). */
export const DEFAULT_GP_SUMMARY: GpSummaryFeeds = 'patient';

/**
 * The results a patient can have (none dated after today) of a pool with one Patient.
 * @param pool - the pooled resources of the Observation search
 */
export function gpResults(pool: TranslatedResource[]): TranslatedResource[] {
  return withoutFutureResults(mergePatients(pool), amsterdamDate(new Date()));
}

/**
 * The GP data bindings.
 * @param summary - which searches the professional summary feeds (default `patient`)
 */
export function gpDataSearches(summary: GpSummaryFeeds = DEFAULT_GP_SUMMARY): SearchBinding[] {
  const fromSummary = (translate: LspFeed['translate']): LspFeed[] =>
    summary === 'all' ? [feed(PROFESSIONAL_SUMMARY, translate)] : [];
  return [
    {
      // `Patient?_include=Patient:general-practitioner`: every building block carries the patient and
      // the responsible GP; the summary (when asked) first.
      name: 'gp-patient',
      resourceType: 'Patient',
      profile: 'http://fhir.nl/fhir/StructureDefinition/nl-core-patient',
      params: ['gender', 'birthdate'],
      includes: ['Patient:general-practitioner'],
      feeds: [
        ...(summary === 'off' ? [] : [feed(PROFESSIONAL_SUMMARY, translateSummaryPatient)]),
        feed(GP_QUERIES.contacts, translateGpPatient),
        feed(GP_QUERIES.episodes, translateGpPatient),
      ],
      reduce: mergePatients,
    },
    {
      name: 'gp-episodes',
      resourceType: 'EpisodeOfCare',
      profile: 'http://fhir.nl/fhir/StructureDefinition/nl-core-episodeofcare',
      params: ['status', 'type', 'identifier', 'date'],
      includes: ['EpisodeOfCare:patient', 'EpisodeOfCare:condition', 'EpisodeOfCare:organization'],
      feeds: [feed(GP_QUERIES.episodes, translateEpisodes), ...fromSummary(translateSummaryEpisodes)],
      reduce: mergePatients,
    },
    {
      name: 'gp-contacts',
      resourceType: 'Encounter',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/gp-Encounter',
      params: ['status', 'class', 'type', 'identifier', 'date'],
      includes: ['Encounter:patient', 'Encounter:practitioner', 'Encounter:service-provider'],
      feeds: [feed(GP_QUERIES.contacts, translateContacts), ...fromSummary(translateSummaryContacts)],
      reduce: mergePatients,
    },
    {
      // `Composition?type=http://loinc.org|67781-5`: the contact reports with their E and P lines.
      name: 'gp-contact-reports',
      resourceType: 'Composition',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/gp-EncounterReport',
      params: ['type', 'status', 'identifier', 'date'],
      includes: ['Composition:subject', 'Composition:author', 'Composition:entry'],
      feeds: [
        feed(GP_QUERIES.contactReports, translateContactReports),
        ...fromSummary(translateSummaryReports),
      ],
      reduce: mergePatients,
    },
    {
      // `Observation?code=<NHG table 45>|&date=ge<today - 14 months>`: general observations
      // (gp-DiagnosticResult) and NHG lab results (gp-LaboratoryResult) together, none after today.
      name: 'gp-observations',
      resourceType: 'Observation',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/gp-DiagnosticResult',
      params: ['code', 'category', 'status', 'identifier', 'date'],
      includes: [
        'Observation:patient',
        'Observation:performer',
        'Observation:related-target',
        'Observation:specimen',
      ],
      feeds: [
        feed(GP_QUERIES.generalObservations, translateGeneralObservations),
        feed(GP_QUERIES.labObservations, translateLabResults),
        ...fromSummary(translateSummaryObservations),
      ],
      reduce: gpResults,
    },
    {
      // Current medication agreements (QUMA_IN991203NL02, zib-MedicationAgreement, with the Medication).
      name: 'gp-medication-agreements',
      resourceType: 'MedicationRequest',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement',
      params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
      includes: ['MedicationRequest:medication', 'MedicationRequest:patient', 'MedicationRequest:requester'],
      feeds: [
        feed(GP_QUERIES.medicationAgreements, translateMedicationAgreements),
        ...fromSummary(translateSummaryAgreements),
      ],
      reduce: mergePatients,
    },
    {
      // `AllergyIntolerance?category=medication` (REPC_IN990131NL, zib-AllergyIntolerance).
      name: 'gp-allergies',
      resourceType: 'AllergyIntolerance',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-AllergyIntolerance',
      params: ['category', 'clinical-status', 'verification-status', 'code', 'identifier', 'onset', 'date'],
      includes: ['AllergyIntolerance:patient', 'AllergyIntolerance:recorder', 'AllergyIntolerance:asserter'],
      feeds: [feed(GP_QUERIES.allergies, translateGpAllergies), ...fromSummary(translateSummaryAllergies)],
      reduce: mergePatients,
    },
  ];
}
