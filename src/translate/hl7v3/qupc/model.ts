/**
 * Typed model of a professional summary (HWG 6.10 `QUPC_IN990002NL`, Professionele Samenvatting):
 * one `PrimaryCareProvision` read into the Ketenzorg 3.0.2 models, so the Ketenzorg mappers of
 * ../ketenzorg302/ turn it into the same MedMij GP data resources as the building blocks do.
 */
import type {
  CareOrganization,
  CareProvider,
  Concern,
  Contact,
  ContactReport,
  GeneralObservation,
  GpAllergy,
  GpPatient,
  MedicationAgreement,
} from '../ketenzorg302/model.ts';

/** The patient and GP of one professional summary. */
export interface SummaryPatient {
  patient: GpPatient;
  gp?: CareProvider;
  where: string;
}

/** Everything of one professional summary that Brug translates. */
export interface ProfessionalSummary extends SummaryPatient {
  /** The GP's practice (`author/AssignedEntity/Organization`): keeps the record. */
  organization?: CareOrganization;
  /** Episodes (`component7/episodeOfCondition`) with their diagnosis (`reason/ObservationDx`). */
  concerns: Concern[];
  /** Contacts (`component1/encounter`). */
  contacts: Contact[];
  /** The journal of each contact that has journal lines (`encounter/component/JournalEntry`). */
  reports: ContactReport[];
  /** Prescriptions made at a contact (`encounter/component/Prescription`), as medication agreements. */
  agreements: MedicationAgreement[];
  /** Diagnostic results (`component2/observation` with an id; alerts are not read). */
  observations: GeneralObservation[];
  /** Intolerances (`component4/ObservationIntolerance`). */
  allergies: GpAllergy[];
}
