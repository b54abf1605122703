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
  translateMedicationAgreements,
} from '../translate/hl7v3/ketenzorg302/index.ts';
import { DEFAULT_SEARCH_TABLES } from '../medmij/fhir/index.ts';
import { GP_QUERIES } from './interactions.ts';
import { narrowDispenseQuery } from './narrow.ts';

/** One FHIR search type a data service answers, and how. */
export interface SearchBinding {
  resourceType: string;
  /** Search parameters the endpoint supports for this type (besides _format, _count). */
  params: string[];
  /** `_include` values supported. */
  includes: string[];
  /** HL7v3 query interaction sent to the LSP. */
  query: string;
  /** Maps one answer part (its interaction root element) to FHIR resources. */
  translate: (message: XmlElement) => TranslatedResource[];
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
 * GP general observations (POOB_IN990003NL -> Observation, gp-DiagnosticResult). Offered by `gp-data`
 * as soon as `src/medmij/fhir/registry.ts` lists the Observation search table; the lab results
 * (POLB_IN364001NL03) are not translated yet.
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
  translate: onlyParts(GP_QUERIES.generalObservations.response, translateGeneralObservations),
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
  ],
  'gp-data': [
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
