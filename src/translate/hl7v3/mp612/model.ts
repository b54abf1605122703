/**
 * Typed model of an MP 6.12 medication dispense list (`QURX_IN990113NL`,
 * `ControlActProcess/subject/MedicationDispenseList`, CMET `COCT_MT924000NL02`). `read.ts` fills it
 * from the XML; the mappers turn it into FHIR. Facts: ../shared/domain/aorta.md section 2.1.
 *
 * Timestamps stay HL7 `TS` strings (`yyyyMMdd[HHmm[ss]]`), so no precision is lost or invented.
 */

/** An HL7 instance identifier (II). */
export interface Ii {
  root?: string;
  extension?: string;
  nullFlavor?: string;
}

/** A code (CD/CE/CV) with its translations. */
export interface Code {
  code?: string;
  codeSystem?: string;
  displayName?: string;
  codeSystemName?: string;
  originalText?: string;
  nullFlavor?: string;
  translations: Code[];
}

/** A physical quantity (PQ), with the G-standaard unit translation when the message has one. */
export interface Pq {
  value?: number;
  /** The HL7 (UCUM) unit attribute; '1' when absent. */
  unit: string;
  nullFlavor?: string;
  /** `translation` with codeSystem 2.16.840.1.113883.2.4.4.1.900.2 (G-standaard table 902). */
  gstdUnit?: { code: string; displayName?: string };
}

/** A ratio of two quantities (RTO_PQ_PQ), e.g. a maximum dose per period or ingredient strength. */
export interface Ratio {
  numerator: Pq;
  denominator: Pq;
}

/** A time span (PQ with a time unit: s, min, h, d, wk, mo, a). */
export interface Duration {
  value: number;
  unit: string;
}

/** IVL_TS: start, end and/or width. */
export interface IvlTs {
  low?: string;
  high?: string;
  width?: Duration;
}

/** PIVL_TS: a period, optionally with a phase (time of day via phase/center, or a cycle via phase/width). */
export interface PivlTs {
  period: Duration;
  phaseCenter?: string;
  phaseWidth?: Duration;
  operator?: string;
}

/** The administration schedule of a request, flattened from SXPR_TS / IVL_TS / PIVL_TS. */
export interface Schedule {
  /** The IVL_TS (period of use) if any. */
  interval?: IvlTs;
  /** Every PIVL_TS found (at any SXPR depth), in document order. */
  periods: PivlTs[];
  /** True when a PIVL_TS has a phase width: a cycle ("steeds 21 dagen van 28"). */
  cyclic: boolean;
  nullFlavor?: string;
}

/** A dose: a fixed value (center) or a range (low/high). */
export type Dose = { kind: 'fixed'; quantity: Pq } | { kind: 'range'; low: Pq; high: Pq };

/** `therapeuticAgentOf/medicationAdministrationRequest`: one dosing instruction. */
export interface AdministrationRequest {
  text?: string;
  statusCode?: string;
  schedule?: Schedule;
  dose?: Dose;
  maxDose?: Ratio;
  /** `doseCheckQuantity`: a daily dose check (numerator/denominator). */
  doseCheck?: Ratio;
  /** Zo-nodig criteria (code system 2.16.840.1.113883.2.4.4.5). */
  asNeeded: Code[];
  /** `support2/medicationAdministrationInstruction/code` (NHG table 25 or free text). */
  instructions: Code[];
  route?: Code;
}

/** `directTargetOf/prescription`. */
export interface Prescription {
  id?: Ii;
  authorTime?: string;
  /** Prescriber id (AGB, 2.16.840.1.113883.2.4.6.1). */
  prescriberId?: Ii;
}

/** An ingredient of a magistral preparation. */
export interface Ingredient {
  active: boolean;
  quantity?: Ratio;
  code: Code;
}

/** The dispensed product: a G-standaard article (ZI number with HPK/GPK/PRK translations) or a magistral preparation. */
export interface Product {
  code: Code;
  /** `desc` of a magistral preparation. */
  description?: string;
  ingredients: Ingredient[];
}

/** `responsibleParty/assignedCareProvider`. */
export interface ResponsibleParty {
  /** UZI person id (2.16.528.1.1007.3.1). */
  personId?: Ii;
  role?: Code;
  /** URA (2.16.528.1.1007.3.3) of the represented organization. */
  organizationId?: Ii;
  organizationName?: string;
}

/** One `medicationDispenseEvent`. */
export interface Dispense {
  /** XPath-like location in the message, for errors. */
  location: string;
  id: Ii;
  statusCode?: string;
  /** Dispense date (TS). */
  effectiveTime?: string;
  quantity?: Pq;
  expectedUseTime?: Duration;
  performerId?: Ii;
  product: Product;
  prescription?: Prescription;
  requests: AdministrationRequest[];
  responsibleParty?: ResponsibleParty;
}

/** One part of a person name (given or family) with its EN qualifier. */
export interface NamePart {
  value: string;
  qualifier?: string;
}

export interface PersonName {
  use?: string;
  given: NamePart[];
  /** Prefixes (`prefix`, qualifier VV = voorvoegsel), in order. */
  prefix: NamePart[];
  family: NamePart[];
}

export interface Address {
  use?: string;
  streetName?: string;
  houseNumber?: string;
  buildingNumberSuffix?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

export interface Patient {
  /** The BSN id (root 2.16.840.1.113883.2.4.6.3) and any other ids. Never logged, never sent to a PGO. */
  ids: Ii[];
  names: PersonName[];
  /** HL7 AdministrativeGender code: M, F, UN. */
  gender?: string;
  birthTime?: string;
  addresses: Address[];
}

/** The whole dispense list of one `QURX_IN990113NL`. */
export interface DispenseList {
  patient?: Patient;
  dispenses: Dispense[];
}
