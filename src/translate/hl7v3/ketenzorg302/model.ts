/**
 * Typed model of the Ketenzorg 3.0.2 GP building blocks Brug translates (MedMij Huisartsgegevens 2.0):
 * today the episodes answer `REPC_IN990111NL` (an organizer "Health concerns" with the patient, the
 * responsible GP and one act per concern, each with its diagnosis).
 */
import type {
  AllergyPatient as GpPatient,
  CareOrganization,
  CareProvider,
  Code,
  Ii,
} from '../allergy612/model.ts';
import type { AdministrationRequest, Product } from '../mp612/model.ts';

export type { CareOrganization, CareProvider, Code, GpPatient, Ii };

/** One contact (`component/encounter`, template ...10.201) of the contacts answer `PRPA_IN900350NL`. */
export interface Contact {
  location: string;
  id: Ii;
  /** Contact type (NHG table 14 contactwijze, 2.16.840.1.113883.2.4.4.30.14). */
  code?: Code;
  /** codeSystemVersion of the contact type (NHG writes the table version, e.g. v3). */
  codeVersion?: string;
  statusCode?: string;
  start?: string;
  end?: string;
  performers: CareProvider[];
  /** Ids of the concerns (episodes) the contact refers to. */
  concernIds: Ii[];
}

/** The contacts of one `PRPA_IN900350NL`. */
export interface ContactList {
  patient?: GpPatient;
  organization?: CareOrganization;
  contacts: Contact[];
}

/** The diagnosis of a concern (`entryRelationship/observation`). */
export interface Diagnosis {
  id?: Ii;
  /** Observation code (SNOMED 282291009 "Diagnosis"). */
  code?: Code;
  statusCode?: string;
  /** effectiveTime/low (TS). */
  onset?: string;
  /** The diagnosis itself (ICPC-1 NL, 2.16.840.1.113883.2.4.4.31.1). */
  value?: Code;
}

/** One concern (episode) of the GP record (`component/act`, template ...10.212). */
export interface Concern {
  location: string;
  id: Ii;
  title?: string;
  statusCode?: string;
  /** effectiveTime/low and high (TS). */
  start?: string;
  end?: string;
  diagnoses: Diagnosis[];
}

/** The episodes of one `REPC_IN990111NL`. */
export interface EpisodeList {
  patient?: GpPatient;
  /** The organization responsible for the record (participant CST scopingEntity). */
  organization?: CareOrganization;
  concerns: Concern[];
}

/** Journal line types (NHG journaalregeltypen): Subjectief, Objectief, Evaluatie, Plan. */
export type JournalLineType = 'S' | 'O' | 'E' | 'P';

/** One journal line of a contact report (`entryRelationship/act`, templates ...10.208-10.211). */
export interface JournalLine {
  location: string;
  type: JournalLineType;
  text?: string;
  /** The diagnosis an E line carries (`entryRelationship/observation`, template ...10.213). */
  diagnosis?: Diagnosis;
}

/**
 * One contact report (`component/act`, template ...10.207) of `REPC_IN990101NL`, or the journal of
 * one contact in a professional summary (`QUPC_IN990002NL`), which has no id of its own.
 */
export interface ContactReport {
  location: string;
  id?: Ii;
  statusCode?: string;
  /** effectiveTime (TS). */
  time?: string;
  /** The responsible GP (`participant[@typeCode='RESP']`), completed from the organizer's GP. */
  author?: CareProvider;
  encounterIds: Ii[];
  concernIds: Ii[];
  lines: JournalLine[];
}

/** The contact reports of one `REPC_IN990101NL`. */
export interface ContactReportList {
  patient?: GpPatient;
  organization?: CareOrganization;
  reports: ContactReport[];
}

/** An observation value by its HL7 data type. */
export type ObservationValue =
  | { kind: 'quantity'; value: string; unit?: string }
  | { kind: 'string'; value: string }
  | { kind: 'code'; code: Code }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'time'; value: string };

/** A reference range (`referenceRange/observationRange`). */
export interface ReferenceRange {
  low?: string;
  high?: string;
  /** nullFlavor of an open bound (NINF / PINF). */
  lowNullFlavor?: string;
  highNullFlavor?: string;
  unit?: string;
  text?: string;
  /** interpretationCode of the range (N = normal range). */
  interpretation?: string;
}

/** One general observation (`component/observation`, template ...10.202) of `POOB_IN990003NL`. */
export interface GeneralObservation {
  location: string;
  id: Ii;
  code?: Code;
  codeVersion?: string;
  statusCode?: string;
  time?: string;
  value?: ObservationValue;
  interpretation?: Code;
  ranges: ReferenceRange[];
  performer?: CareProvider;
  encounterIds: Ii[];
  concernIds: Ii[];
}

/** The general observations of one `POOB_IN990003NL`. */
export interface GeneralObservationList {
  patient?: GpPatient;
  organization?: CareOrganization;
  observations: GeneralObservation[];
}

/** One dosing instruction of a medication agreement (`entryRelationship/substanceAdministration`, template ...10.9149). */
export interface AgreementDosage {
  /** `entryRelationship/sequenceNumber`, if any. */
  sequence?: number;
  /** The dosing in the 6.12 model, so the 6.12 dosage mappers apply (route from the agreement). */
  request: AdministrationRequest;
}

/** One medication agreement (`component/substanceAdministration`, template ...10.9235) of `QUMA_IN991203NL02`. */
export interface MedicationAgreement {
  location: string;
  id: Ii;
  statusCode?: string;
  /** mp-9581 Omschrijving: the agreement's own text. */
  text?: string;
  /** Period of use (effectiveTime IVL_TS low/high, TS). */
  start?: string;
  end?: string;
  product: Product;
  /** Afspraakdatum (`author/time`, TS). */
  authoredOn?: string;
  /** The prescriber (`author/assignedAuthor`). */
  prescriber?: CareProvider;
  dosages: AgreementDosage[];
  /** The medication treatment (`entryRelationship/procedure/id`, template ...10.9084). */
  treatmentId?: Ii;
}

/** The medication agreements of one `QUMA_IN991203NL02`. */
export interface MedicationAgreementList {
  patient?: GpPatient;
  organization?: CareOrganization;
  agreements: MedicationAgreement[];
}

/**
 * One allergy/intolerance of the GP record (`component/act` concern, template ...10.215, holding
 * `entryRelationship/observation` template ...10.216) of `REPC_IN990131NL`.
 */
export interface GpAllergy {
  location: string;
  id: Ii;
  /** The concern's statusCode (ActStatus): the clinical status. */
  concernStatus?: string;
  /** Observation value: the kind of propensity (SNOMED, e.g. 419511003 "to a drug"). */
  kind?: Code;
  /** effectiveTime/low (TS): the onset. */
  onset?: string;
  /** The substance or product (`participant[@typeCode='CSM']/participantRole/playingEntity/code`). */
  agent?: Code;
  /** `author/time` (TS). */
  authorTime?: string;
  author?: CareProvider;
  /** The clinical status when no concern carries one (a professional summary's intolerance is current). */
  currentStatus?: 'active' | 'inactive' | 'resolved';
  /** The allergy's own description (`text`), as a note. */
  note?: string;
}

/** The allergies of one `REPC_IN990131NL`. */
export interface GpAllergyList {
  patient?: GpPatient;
  organization?: CareOrganization;
  allergies: GpAllergy[];
}
