/**
 * Public entry of the professional summary translator (HWG 6.10 `QUPC_IN990002NL`): today the patient
 * with their general practitioner. Pure; no I/O.
 */
export {
  PROFESSIONAL_SUMMARY_INTERACTION,
  readSummaryPatient,
  translateSummaryPatient,
  type SummaryPatient,
} from './translate.ts';
