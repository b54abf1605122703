/**
 * Typed model of a 6.12 ICA allergy/intolerance answer (`REPC_IN000024NL`, "Opleveren condities"):
 * the Conditions in `ControlActProcess/subject`, each with its patient, causative agent, author
 * (a care provider with specialty and organization), informant and annotations.
 */
import type { Code, Ii, PersonName } from '../mp612/model.ts';

export type { Code, Ii, PersonName };

/** An HL7 address (AD) with the parts the ICA messages use. */
export interface Address {
  use?: string;
  streetName?: string;
  houseNumber?: string;
  buildingNumberSuffix?: string;
  postalCode?: string;
  city?: string;
  county?: string;
  /** Country code (GBA table 34, 2.16.840.1.113883.2.4.4.16.34) and its text. */
  countryCode?: string;
  countryText?: string;
}

/** An HL7 telecom (TEL): `tel:` / `mailto:` value and its use codes. */
export interface Telecom {
  value: string;
  uses: string[];
}

/** The patient of a Condition (`subject/patient`). Its BSN never leaves Brug. */
export interface AllergyPatient {
  ids: Ii[];
  names: PersonName[];
  gender?: string;
  birthTime?: string;
  addresses: Address[];
  telecoms: Telecom[];
}

/** The organization a care provider works for (`assignedPerson/Organization`). */
export interface CareOrganization {
  id?: Ii;
  type?: Code;
  name?: string;
  addresses: Address[];
}

/** A care provider (`author/assignedPerson`, or an informant that is one). */
export interface CareProvider {
  /** UZI person id (2.16.528.1.1007.3.1) or another id. */
  id?: Ii;
  /** Specialty (AGB-medisch specialisme, COD016-VEKT). */
  specialty?: Code;
  name?: PersonName;
  addresses: Address[];
  organization?: CareOrganization;
}

/** A relative or other person who told about the allergy (`informant/responsibleParty`). */
export interface RelatedParty {
  relationship?: Code;
  name?: PersonName;
  addresses: Address[];
  telecoms: Telecom[];
}

/** Who told about the allergy. */
export type Informant =
  | { kind: 'patient' }
  | { kind: 'care-provider'; provider: CareProvider }
  | { kind: 'related'; party: RelatedParty };

/** One `Condition` (an allergy or intolerance). */
export interface AllergyCondition {
  /** XPath-like location, for errors. */
  location: string;
  id: Ii;
  /** Condition/code (ActCode: DINT, DALG, ...). */
  code: Code;
  text?: string;
  statusCode?: string;
  /** effectiveTime/low: onset (TS). */
  onset?: string;
  /** uncertaintyCode (ActUncertainty: N = stated with no uncertainty, U = uncertain). */
  uncertainty?: string;
  /** The substance or product it is about (`causativeAgent/administerableMaterial/*Kind/code`). */
  agent?: Code;
  patient?: AllergyPatient;
  authorTime?: string;
  author?: CareProvider;
  informant?: Informant;
  notes: string[];
}

/** All Conditions of one `REPC_IN000024NL`. */
export interface AllergyList {
  conditions: AllergyCondition[];
}
