/**
 * The professional summary (HWG 6.10 `QUPC_IN990002NL`, Professionele Samenvatting) -> the MedMij GP
 * data resources, one translator per GP data search, each giving the pool the Ketenzorg building block
 * of that search gives (the summary is read into the Ketenzorg models and mapped by the Ketenzorg
 * mappers, so a PGO sees the same profiles whichever interaction carried the data):
 * - Patient with `generalPractitioner` = the provision's author (Practitioner, PractitionerRole, practice);
 * - EpisodeOfCare (nl-core-episodeofcare) with its diagnosis Condition (zib-Problem);
 * - Encounter (gp-Encounter) per contact;
 * - Composition (gp-EncounterReport, 67781-5) per contact with journal lines, E and P lines as
 *   Observations (gp-JournalEntry); S and O lines are never shared;
 * - Observation (gp-DiagnosticResult) per diagnostic result;
 * - MedicationRequest (zib-MedicationAgreement) + Medication per prescription;
 * - AllergyIntolerance (zib-AllergyIntolerance) per intolerance.
 * Every resource of one message gets the same ids in each translator (name-based: source ids, UZI,
 * URA; the message id for the Patient, never the BSN). Pure; no I/O.
 */
import type { XmlElement } from '../../../xml/index.ts';
import { mapPatientWithGp } from '../ketenzorg302/translate-patient.ts';
import { mapContactList } from '../ketenzorg302/translate-contacts.ts';
import { mapEpisodeList } from '../ketenzorg302/translate-episodes.ts';
import { mapMedicationAgreementList } from '../ketenzorg302/translate-medication.ts';
import { mapGeneralObservationList } from '../ketenzorg302/translate-observations.ts';
import { messageKey } from '../ketenzorg302/translate-pool.ts';
import { mapContactReportList } from '../ketenzorg302/translate-reports.ts';
import { mapGpAllergyList } from '../ketenzorg302/translate-allergies.ts';
import type { TranslatedResource } from '../mp612/translate.ts';
import type { ProfessionalSummary } from './model.ts';
import { readProfessionalSummary, readSummaryPatient } from './read-summary.ts';

export { PROFESSIONAL_SUMMARY_INTERACTION } from './oids.ts';

/**
 * Translates a `QUPC_IN990002NL` message to the Patient with their GP.
 * @param message - the message root element
 */
export function translateSummaryPatient(message: XmlElement): TranslatedResource[] {
  const s = readSummaryPatient(message);
  return s ? mapPatientWithGp(s.patient, s.gp, messageKey(message), s.where) : [];
}

type Part = (s: ProfessionalSummary, key: string) => TranslatedResource[];

/** What each GP data search takes from a summary, mapped by the Ketenzorg list mapper of that search. */
const PARTS = {
  episodes: (s, key) => mapEpisodeList({ ...common(s), concerns: s.concerns }, key, s.where),
  contacts: (s, key) => mapContactList({ ...common(s), contacts: s.contacts }, key, s.where),
  reports: (s, key) => mapContactReportList({ ...common(s), reports: s.reports }, key, s.where),
  observations: (s, key) =>
    mapGeneralObservationList({ ...common(s), observations: s.observations }, key, s.where),
  agreements: (s, key) =>
    mapMedicationAgreementList({ ...common(s), agreements: s.agreements }, key, s.where),
  allergies: (s, key) => mapGpAllergyList({ ...common(s), allergies: s.allergies }, key, s.where),
} satisfies Record<string, Part>;

function common(s: ProfessionalSummary): Pick<ProfessionalSummary, 'patient' | 'organization'> {
  return s.organization ? { patient: s.patient, organization: s.organization } : { patient: s.patient };
}

function translatePart(part: Part): (message: XmlElement) => TranslatedResource[] {
  return (message) => {
    const s = readProfessionalSummary(message);
    return s ? part(s, messageKey(message)) : [];
  };
}

/** A summary's episodes (the EpisodeOfCare search). */
export const translateSummaryEpisodes = translatePart(PARTS.episodes);
/** A summary's contacts (the Encounter search). */
export const translateSummaryContacts = translatePart(PARTS.contacts);
/** A summary's contact journals (the Composition search). */
export const translateSummaryReports = translatePart(PARTS.reports);
/** A summary's diagnostic results (the Observation search). */
export const translateSummaryObservations = translatePart(PARTS.observations);
/** A summary's prescriptions (the MedicationRequest search). */
export const translateSummaryAgreements = translatePart(PARTS.agreements);
/** A summary's intolerances (the AllergyIntolerance search). */
export const translateSummaryAllergies = translatePart(PARTS.allergies);

/**
 * Translates the whole summary: the Patient with their GP, then each search's resources, each
 * resource once (for golden tests and tools; the searches use the translators above).
 * @param message - the message root element
 */
export function translateProfessionalSummary(message: XmlElement): TranslatedResource[] {
  const s = readProfessionalSummary(message);
  if (!s) return [];
  const key = messageKey(message);
  const out = new Map<string, TranslatedResource>();
  const all = [
    mapPatientWithGp(s.patient, s.gp, key, s.where),
    ...Object.values(PARTS).map((part: Part) => part(s, key)),
  ];
  for (const r of all.flat()) if (!out.has(r.fullUrl)) out.set(r.fullUrl, r);
  return [...out.values()];
}
