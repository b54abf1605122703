/**
 * Public entry of the Ketenzorg 3.0.2 GP translators (MedMij Huisartsgegevens 2.0). Today: episodes
 * (`REPC_IN990111NL` -> EpisodeOfCare + Condition) contacts (`PRPA_IN900350NL` -> Encounter) and contact reports
 * (`REPC_IN990101NL` -> Composition + journal Observations) and general observations
 * (`POOB_IN990003NL` -> Observation) and lab results (`POLB_IN364001NL03` -> Observation) and medication agreements (`QUMA_IN991203NL02` -> MedicationRequest +
 * Medication) and allergies (`REPC_IN990131NL` -> AllergyIntolerance); one Patient per answer
 * (`mergePatients`) and no results dated after today (`withoutFutureResults`). Pure; no I/O.
 */
export { mapEpisodeList, translateEpisodes } from './translate-episodes.ts';
export { mapContactList, translateContacts } from './translate-contacts.ts';
export { readContactList } from './read-contacts.ts';
export { mapContactReportList, translateContactReports } from './translate-reports.ts';
export { readContactReportList } from './read-reports.ts';
export { mapGeneralObservationList, translateGeneralObservations } from './translate-observations.ts';
export { readGeneralObservationList } from './read-observations.ts';
export { mapGpAllergyList, translateGpAllergies } from './translate-allergies.ts';
export { readGpAllergyList } from './read-allergies.ts';
export { mapLabResultList, readLabResultList, translateLabResults } from './translate-lab.ts';
export { readEpisodeList } from './read-episodes.ts';
export { mapMedicationAgreementList, translateMedicationAgreements } from './translate-medication.ts';
export { readMedicationAgreementList } from './read-medication.ts';
export { mergePatients } from './translate-pool.ts';
export { amsterdamDate, withoutFutureResults } from './filter-results.ts';
export {
  ALLERGIES_INTERACTION,
  CONTACT_REPORTS_INTERACTION,
  CONTACTS_INTERACTION,
  EPISODES_INTERACTION,
  GENERAL_OBSERVATIONS_INTERACTION,
  LAB_RESULTS_INTERACTION,
  MEDICATION_AGREEMENTS_INTERACTION,
} from './oids.ts';
export type {
  ContactList,
  ContactReportList,
  EpisodeList,
  GeneralObservationList,
  GpAllergyList,
  MedicationAgreementList,
} from './model.ts';
