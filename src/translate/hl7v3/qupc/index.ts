/**
 * Public entry of the professional summary translator (HWG 6.10 `QUPC_IN990002NL`): the patient with
 * their general practitioner, and per MedMij GP data search the summary's episodes, contacts, contact
 * journals, diagnostic results, prescriptions and intolerances. Pure; no I/O.
 */
export {
  PROFESSIONAL_SUMMARY_INTERACTION,
  translateProfessionalSummary,
  translateSummaryAgreements,
  translateSummaryAllergies,
  translateSummaryContacts,
  translateSummaryEpisodes,
  translateSummaryObservations,
  translateSummaryPatient,
  translateSummaryReports,
} from './translate.ts';
export { readProfessionalSummary, readSummaryPatient } from './read-summary.ts';
export type { ProfessionalSummary, SummaryPatient } from './model.ts';
