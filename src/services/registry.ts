/**
 * The data-service registry: each MedMij data service (gegevensdienst) declared once, as data: which
 * FHIR searches it answers (type, profile, categories, parameters, includes), which HL7v3 query and
 * answer interactions feed each, and which translator maps the answer (`binding.ts`). Routing, the
 * accepted parameters and includes, the CapabilityStatement per endpoint, scope checks, the
 * availability check and the simulator's query/answer table (`lsp-table.ts`) all read from here. Ids
 * and names come from configuration (`catalogue.ts` holds the defaults); the searches are bound by
 * `kind`. The GP bindings are below; the medication ones in `medication-bindings.ts`.
 */
import { DEFAULT_SEARCH_TABLES, restrictTable, type SearchTables } from '../medmij/fhir/index.ts';
import type { TranslatedResource } from '../translate/index.ts';
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
import { translateGpPatient } from '../translate/hl7v3/ketenzorg302/translate-patient.ts';
import { translateSummaryPatient } from '../translate/hl7v3/qupc/index.ts';
import { feed, type SearchBinding } from './binding.ts';
import type { DataServiceInfo, DataServiceKind } from './catalogue.ts';
import { ALLERGY_612, GP_QUERIES, PROFESSIONAL_SUMMARY } from './interactions.ts';
import { MEDICATION_SEARCHES } from './medication-bindings.ts';

export type { LspFeed, SearchBinding, SearchCategory } from './binding.ts';
export { feed, queriesOf } from './binding.ts';

export interface DataService extends DataServiceInfo {
  searches: SearchBinding[];
  /** The search tables of this endpoint: per resource type, what its bindings accept. */
  tables: SearchTables;
}

export interface Registry {
  services: DataService[];
  get(id: string): DataService | undefined;
}

/**
 * GP diagnostic results on one Observation search: general observations (POOB_IN990003NL ->
 * gp-DiagnosticResult) and NHG lab results (POLB_IN364001NL03 -> gp-LaboratoryResult); MedMij asks
 * `Observation?code=<NHG table 45>|&date=ge<today - 14 months>` and expects both (fhir.md 2.4).
 */
export const GP_OBSERVATIONS: SearchBinding = {
  name: 'gp-observations',
  resourceType: 'Observation',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/gp-DiagnosticResult',
  params: ['code', 'category', 'status', 'identifier', 'date'],
  includes: [
    'Observation:patient',
    'Observation:performer',
    'Observation:related-target',
    'Observation:specimen',
  ],
  feeds: [
    feed(GP_QUERIES.generalObservations, translateGeneralObservations),
    feed(GP_QUERIES.labObservations, translateLabResults),
  ],
};

/**
 * GP medication agreements (QUMA_IN991203NL02 -> MedicationRequest, zib-MedicationAgreement, with the
 * Medication, Patient and prescriber). The query id is unverified like every GP query (GP_QUERIES).
 */
export const GP_MEDICATION_AGREEMENTS: SearchBinding = {
  name: 'gp-medication-agreements',
  resourceType: 'MedicationRequest',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-MedicationAgreement',
  params: ['category', 'periodofuse', 'identifier', 'medicationtreatment'],
  includes: ['MedicationRequest:medication', 'MedicationRequest:patient', 'MedicationRequest:requester'],
  feeds: [feed(GP_QUERIES.medicationAgreements, translateMedicationAgreements)],
};

/**
 * GP allergies (Ketenzorg REPC_IN990131NL -> AllergyIntolerance, zib-AllergyIntolerance); MedMij asks
 * `AllergyIntolerance?category=medication` (fhir.md 2.4). The query id is unverified (GP_QUERIES).
 */
export const GP_ALLERGIES: SearchBinding = {
  name: 'gp-allergies',
  resourceType: 'AllergyIntolerance',
  profile: 'http://nictiz.nl/fhir/StructureDefinition/zib-AllergyIntolerance',
  params: ['category', 'clinical-status', 'verification-status', 'code', 'identifier', 'onset', 'date'],
  includes: ['AllergyIntolerance:patient', 'AllergyIntolerance:recorder', 'AllergyIntolerance:asserter'],
  feeds: [feed(GP_QUERIES.allergies, translateGpAllergies)],
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
  name: 'gp-patient',
  resourceType: 'Patient',
  profile: 'http://fhir.nl/fhir/StructureDefinition/nl-core-patient',
  params: ['gender', 'birthdate'],
  includes: ['Patient:general-practitioner'],
  feeds: [
    feed(PROFESSIONAL_SUMMARY, translateSummaryPatient),
    feed(GP_QUERIES.contacts, translateGpPatient),
    feed(GP_QUERIES.episodes, translateGpPatient),
  ],
  reduce: onePatient,
};

/** The searches each kind of data service answers. */
export const SEARCHES_BY_KIND: Readonly<Record<DataServiceKind, readonly SearchBinding[]>> = {
  'medication-612': MEDICATION_SEARCHES,
  'gp-data': [
    GP_PATIENT,
    {
      name: 'gp-episodes',
      resourceType: 'EpisodeOfCare',
      profile: 'http://fhir.nl/fhir/StructureDefinition/nl-core-episodeofcare',
      params: ['status', 'type', 'identifier', 'date'],
      includes: ['EpisodeOfCare:patient', 'EpisodeOfCare:condition', 'EpisodeOfCare:organization'],
      feeds: [feed(GP_QUERIES.episodes, translateEpisodes)],
    },
    {
      name: 'gp-contacts',
      resourceType: 'Encounter',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/gp-Encounter',
      params: ['status', 'class', 'type', 'identifier', 'date'],
      includes: ['Encounter:patient', 'Encounter:practitioner', 'Encounter:service-provider'],
      feeds: [feed(GP_QUERIES.contacts, translateContacts)],
    },
    {
      name: 'gp-contact-reports',
      resourceType: 'Composition',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/gp-EncounterReport',
      params: ['type', 'status', 'identifier', 'date'],
      includes: ['Composition:subject', 'Composition:author', 'Composition:entry'],
      feeds: [feed(GP_QUERIES.contactReports, translateContactReports)],
    },
    // The GP Observation search, once its search table is listed (see GP_OBSERVATIONS).
    ...(DEFAULT_SEARCH_TABLES.Observation ? [GP_OBSERVATIONS] : []),
    GP_MEDICATION_AGREEMENTS,
    GP_ALLERGIES,
  ],
  'allergy-612': [
    {
      name: 'allergy612-conversion',
      resourceType: 'AllergyIntolerance',
      profile: 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion',
      params: ['category', 'clinical-status', 'verification-status', 'code', 'identifier', 'onset', 'date'],
      includes: ['AllergyIntolerance:patient', 'AllergyIntolerance:recorder', 'AllergyIntolerance:asserter'],
      feeds: [feed(ALLERGY_612, translateAllergyList)],
    },
  ],
};

/**
 * The search tables of one service: per resource type its full table restricted to the parameters
 * and includes its bindings declare (together, when several bindings share the type).
 * @param serviceId - for errors
 * @param searches - the service's bindings
 * @param tables - the full tables per resource type
 * @throws Error naming the service and binding when a type has no table or a name is unknown
 */
function tablesOf(serviceId: string, searches: readonly SearchBinding[], tables: SearchTables): SearchTables {
  const out: SearchTables = {};
  const types = [...new Set(searches.map((b) => b.resourceType))];
  for (const type of types) {
    const table = tables[type];
    const mine = searches.filter((b) => b.resourceType === type);
    if (!table) throw new Error(`data service ${serviceId}: no search table for ${type} (${mine[0]!.name})`);
    for (const b of mine) {
      if (b.feeds.length === 0) throw new Error(`data service ${serviceId}: binding ${b.name} has no feeds`);
      try {
        restrictTable(table, b.params, b.includes);
      } catch (e) {
        throw new Error(`data service ${serviceId}, binding ${b.name}: ${(e as Error).message}`);
      }
    }
    out[type] = restrictTable(
      table,
      [...new Set(mine.flatMap((b) => b.params))],
      [...new Set(mine.flatMap((b) => b.includes))],
    );
  }
  return out;
}

/**
 * Builds the registry from configured service descriptions, checking every binding against the
 * search tables (a parameter or include no table defines stops the start with its name).
 * @param infos - ids, names, roles and kinds of the offered data services
 * @param searches - the bindings per kind (tests add their own)
 * @param tables - the search tables per resource type (default: the FHIR layer's)
 */
export function createRegistry(
  infos: readonly DataServiceInfo[],
  searches: Readonly<Record<string, readonly SearchBinding[]>> = SEARCHES_BY_KIND,
  tables: SearchTables = DEFAULT_SEARCH_TABLES,
): Registry {
  const ids = new Set<string>();
  const services = infos.map((info) => {
    if (ids.has(info.id)) throw new Error(`data service id ${info.id} is declared twice`);
    ids.add(info.id);
    const mine = [...(searches[info.kind] ?? [])];
    return { ...info, searches: mine, tables: tablesOf(info.id, mine, tables) };
  });
  return { services, get: (id) => services.find((s) => s.id === id) };
}
