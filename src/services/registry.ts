/**
 * The data-service registry: each MedMij data service (gegevensdienst) declared once, as data: which
 * FHIR searches it answers, which HL7v3 query feeds each, and which translator maps the answer. Routing,
 * the CapabilityStatement per endpoint, scope checks and the simulator all read from here. Ids and
 * names come from configuration (`catalogue.ts` holds the defaults); the searches are bound by `kind`.
 */
import type { XmlElement } from '../xml/index.ts';
import type { DataServiceInfo, DataServiceKind } from './catalogue.ts';
import { translateDispenseList, type TranslatedResource } from '../translate/index.ts';
import { translateAllergyList } from '../translate/hl7v3/allergy612/index.ts';
import {
  translateContactReports,
  translateContacts,
  translateEpisodes,
  translateGeneralObservations,
  translateGpAllergies,
  translateLabResults,
  translateMedicationAgreements,
} from '../translate/hl7v3/ketenzorg302/index.ts';
import { DEFAULT_SEARCH_TABLES } from '../medmij/fhir/index.ts';
import { translateGpPatient } from '../translate/hl7v3/ketenzorg302/translate-patient.ts';
import { PROFESSIONAL_SUMMARY_INTERACTION, translateSummaryPatient } from '../translate/hl7v3/qupc/index.ts';
import {
  MP9_AGREEMENTS_INTERACTION,
  MP9_MEDICATION_USE_INTERACTION,
  translateMp9Agreements,
  translateMp9MedicationUse,
} from '../translate/hl7v3/mp9/index.ts';
import { GP_QUERIES, MP9_QUERIES, PROFESSIONAL_SUMMARY } from './interactions.ts';
import { narrowDispenseQuery } from './narrow.ts';

/** One FHIR search type a data service answers, and how. */
export interface SearchBinding {
  resourceType: string;
  /** Profile of the matches, when it differs from the type's default in `capability.ts`. */
  profile?: string;
  /** Search parameters the endpoint supports for this type (besides _format, _count). */
  params: string[];
  /** `_include` values supported. */
  includes: string[];
  /** HL7v3 query interaction sent to the LSP. */
  query: string;
  /**
   * More queries whose answers feed the same search (e.g. GP general observations and lab results
   * both answer `Observation`); sent beside `query`, and the parts of all answers are pooled, each
   * resource once.
   */
  alsoQueries?: string[];
  /** Maps one answer part (its interaction root element) to FHIR resources. */
  translate: (message: XmlElement) => TranslatedResource[];
  /**
   * Applied to the pooled resources of all answers before the FHIR layer filters them (e.g. one
   * Patient when several building blocks each carry the patient).
   */
  reduce?: (pool: TranslatedResource[]) => TranslatedResource[];
  /** LSP query parameters derived from the FHIR search parameters (narrowing the question). */
  narrow?: (params: [string, string][]) => Record<string, unknown>;
}

export interface DataService extends DataServiceInfo {
  searches: SearchBinding[];
}

export interface Registry {
  services: DataService[];
  get(id: string): DataService | undefined;
}

/**
 * A translator for one answer interaction that leaves other parts alone: a GP answer may combine
 * building blocks (e.g. contacts and contact reports in one batch); each search takes its own.
 * @param interaction - the answer interaction this search translates
 * @param translate - its translator
 */
export function onlyParts(
  interaction: string,
  translate: (message: XmlElement) => TranslatedResource[],
): (message: XmlElement) => TranslatedResource[] {
  return (message) => (message.name === interaction ? translate(message) : []);
}

/**
 * A translator that picks, per answer part, the translator of its interaction; parts of other
 * interactions give nothing.
 * @param table - translator per answer interaction
 */
export function byInteraction(
  table: Readonly<Record<string, (message: XmlElement) => TranslatedResource[]>>,
): (message: XmlElement) => TranslatedResource[] {
  return (message) => table[message.name]?.(message) ?? [];
}

/**
 * GP diagnostic results on one Observation search: general observations (POOB_IN990003NL ->
 * gp-DiagnosticResult) and NHG lab results (POLB_IN364001NL03 -> gp-LaboratoryResult); MedMij asks
 * `Observation?code=<NHG table 45>|&date=ge<today - 14 months>` and expects both (fhir.md 2.4).
 */
export const GP_OBSERVATIONS: SearchBinding = {
  resourceType: 'Observation',
  params: ['code', 'category', 'status', 'identifier', 'date'],
  includes: [
    'Observation:patient',
    'Observation:performer',
    'Observation:related-target',
    'Observation:specimen',
  ],
  query: GP_QUERIES.generalObservations.query,
  alsoQueries: [GP_QUERIES.labObservations.query],
  translate: byInteraction({
    [GP_QUERIES.generalObservations.response]: translateGeneralObservations,
    [GP_QUERIES.labObservations.response]: translateLabResults,
  }),
};

/**
 * GP medication agreements (QUMA_IN991203NL02 -> MedicationRequest, zib-MedicationAgreement, with the
 * Medication, Patient and prescriber). The query id is unverified like every GP query (GP_QUERIES).
 */
export const GP_MEDICATION_AGREEMENTS: SearchBinding = {
  resourceType: 'MedicationRequest',
  params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
  includes: ['MedicationRequest:medication', 'MedicationRequest:patient', 'MedicationRequest:requester'],
  query: GP_QUERIES.medicationAgreements.query,
  translate: onlyParts(GP_QUERIES.medicationAgreements.response, translateMedicationAgreements),
};

/**
 * GP allergies (Ketenzorg REPC_IN990131NL -> AllergyIntolerance, zib-AllergyIntolerance); MedMij asks
 * `AllergyIntolerance?category=medication` (fhir.md 2.4). The query id is unverified (GP_QUERIES).
 */
export const GP_ALLERGIES: SearchBinding = {
  resourceType: 'AllergyIntolerance',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-AllergyIntolerance',
  params: ['category', 'clinical-status', 'verification-status', 'code', 'identifier', 'onset', 'date'],
  includes: ['AllergyIntolerance:patient', 'AllergyIntolerance:recorder', 'AllergyIntolerance:asserter'],
  query: GP_QUERIES.allergies.query,
  translate: onlyParts(GP_QUERIES.allergies.response, translateGpAllergies),
};

/**
 * Keeps the first Patient of a pool (in query order) and drops the others: every GP building block
 * carries the patient, each under its own message-based id.
 * @param pool - the pooled resources
 */
export function onePatient(pool: TranslatedResource[]): TranslatedResource[] {
  const first = pool.find((r) => r.resource.resourceType === 'Patient');
  return pool.filter((r) => r.resource.resourceType !== 'Patient' || r === first);
}

/**
 * The GP data Patient with their general practitioner (`Patient?_include=Patient:general-practitioner`,
 * fhir.md 2.4). Asked from the professional summary (QUPC, the GP system's own patient summary) and,
 * for systems that answer only Ketenzorg building blocks, from the contacts and episodes answers, which
 * carry the patient and the responsible GP too. [UNVERIFIED] which of these a production GP system
 * answers; the list is data here, so a deployment can change it.
 */
export const GP_PATIENT: SearchBinding = {
  resourceType: 'Patient',
  profile: 'http://fhir.nl/fhir/StructureDefinition/nl-core-patient',
  params: ['gender', 'birthdate'],
  includes: ['Patient:general-practitioner'],
  query: PROFESSIONAL_SUMMARY.query,
  alsoQueries: [GP_QUERIES.contacts.query, GP_QUERIES.episodes.query],
  translate: byInteraction({
    [PROFESSIONAL_SUMMARY_INTERACTION]: translateSummaryPatient,
    [GP_QUERIES.contacts.response]: translateGpPatient,
    [GP_QUERIES.episodes.response]: translateGpPatient,
  }),
  reduce: onePatient,
};

/**
 * MP 9 medication agreements from the LSP (`QUMA_IN991201NL04` -> `QUMA_IN991203NL04` ->
 * MedicationRequest, zib-MedicationAgreement); MedMij asks
 * `MedicationRequest?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication`
 * (fhir.md 2.2). Dispense requests (VV, QUVV) are not translated yet.
 */
export const MP9_AGREEMENTS: SearchBinding = {
  resourceType: 'MedicationRequest',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement',
  params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
  includes: ['MedicationRequest:medication', 'MedicationRequest:patient', 'MedicationRequest:requester'],
  query: MP9_QUERIES.agreements.query,
  translate: onlyParts(MP9_AGREEMENTS_INTERACTION, translateMp9Agreements),
};

/**
 * MP 9 medication use from the LSP (`QUMG_IN991221NL02` -> `QUMG_IN991223NL02` -> MedicationStatement,
 * zib-MedicationUse); MedMij asks
 * `MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6&_include=MedicationStatement:medication`.
 */
export const MP9_MEDICATION_USE: SearchBinding = {
  resourceType: 'MedicationStatement',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationUse',
  params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
  includes: ['MedicationStatement:medication', 'MedicationStatement:patient', 'MedicationStatement:source'],
  query: MP9_QUERIES.medicationUse.query,
  translate: onlyParts(MP9_MEDICATION_USE_INTERACTION, translateMp9MedicationUse),
};

/** The searches each kind of data service answers. */
export const SEARCHES_BY_KIND: Readonly<Record<DataServiceKind, SearchBinding[]>> = {
  'medication-612': [
    {
      resourceType: 'MedicationDispense',
      params: ['category', 'requestdate', 'periodofuse', 'medication.code', 'identifier'],
      includes: [
        'MedicationDispense:medication',
        'MedicationDispense:patient',
        'MedicationDispense:performer',
      ],
      query: 'QURX_IN990111NL',
      translate: translateDispenseList,
      narrow: narrowDispenseQuery,
    },
    MP9_AGREEMENTS,
    MP9_MEDICATION_USE,
  ],
  'gp-data': [
    GP_PATIENT,
    {
      resourceType: 'EpisodeOfCare',
      params: ['status', 'type', 'identifier', 'date'],
      includes: ['EpisodeOfCare:patient', 'EpisodeOfCare:condition', 'EpisodeOfCare:organization'],
      query: GP_QUERIES.episodes.query,
      translate: onlyParts(GP_QUERIES.episodes.response, translateEpisodes),
    },
    {
      resourceType: 'Encounter',
      params: ['status', 'class', 'type', 'identifier', 'date'],
      includes: ['Encounter:patient', 'Encounter:practitioner', 'Encounter:service-provider'],
      query: GP_QUERIES.contacts.query,
      translate: onlyParts(GP_QUERIES.contacts.response, translateContacts),
    },
    {
      resourceType: 'Composition',
      params: ['type', 'status', 'identifier', 'date'],
      includes: ['Composition:subject', 'Composition:author', 'Composition:entry'],
      query: GP_QUERIES.contactReports.query,
      translate: onlyParts(GP_QUERIES.contactReports.response, translateContactReports),
    },
    // The GP Observation search, once its search table is listed (see GP_OBSERVATIONS).
    ...(DEFAULT_SEARCH_TABLES.Observation ? [GP_OBSERVATIONS] : []),
    GP_MEDICATION_AGREEMENTS,
    GP_ALLERGIES,
  ],
  'allergy-612': [
    {
      resourceType: 'AllergyIntolerance',
      params: ['category', 'clinical-status', 'verification-status', 'code', 'identifier', 'onset', 'date'],
      includes: ['AllergyIntolerance:patient', 'AllergyIntolerance:recorder', 'AllergyIntolerance:asserter'],
      query: 'REPC_IN000023NL',
      translate: translateAllergyList,
    },
  ],
};

/**
 * Builds the registry from configured service descriptions.
 * @param infos - ids, names, roles and kinds of the offered data services
 * @param searches - the bindings per kind (tests add their own)
 */
export function createRegistry(
  infos: readonly DataServiceInfo[],
  searches: Readonly<Record<string, SearchBinding[]>> = SEARCHES_BY_KIND,
): Registry {
  const ids = new Set<string>();
  const services = infos.map((info) => {
    if (ids.has(info.id)) throw new Error(`data service id ${info.id} is declared twice`);
    ids.add(info.id);
    return { ...info, searches: searches[info.kind] ?? [] };
  });
  return { services, get: (id) => services.find((s) => s.id === id) };
}
