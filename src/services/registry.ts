/**
 * The data-service registry: each MedMij data service (gegevensdienst) declared once, as data: which
 * FHIR searches it answers (type, profile, categories, parameters, includes), which HL7v3 query and
 * answer interactions feed each, and which translator maps the answer (`binding.ts`). Routing, the
 * accepted parameters and includes, the CapabilityStatement per endpoint, scope checks, the
 * availability check and the simulator's query/answer table (`lsp-table.ts`) all read from here. Ids
 * and names come from configuration (`catalogue.ts` holds the defaults); the searches are bound by
 * `kind`. The GP bindings are in `gp-bindings.ts`, the medication ones in `medication-bindings.ts`.
 */
import { DEFAULT_SEARCH_TABLES, restrictTable, type SearchTables } from '../medmij/fhir/index.ts';
import { translateAllergyList } from '../translate/hl7v3/allergy612/index.ts';
import { feed, type SearchBinding } from './binding.ts';
import type { DataServiceInfo, DataServiceKind } from './catalogue.ts';
import { DEFAULT_GP_SUMMARY, gpDataSearches, type GpSummaryFeeds } from './gp-bindings.ts';
import { ALLERGY_612 } from './interactions.ts';
import { MEDICATION_SEARCHES } from './medication-bindings.ts';

export type { LspFeed, SearchBinding, SearchCategory } from './binding.ts';
export { feed, queriesOf } from './binding.ts';
export { DEFAULT_GP_SUMMARY, gpDataSearches, type GpSummaryFeeds } from './gp-bindings.ts';

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
 * The searches each kind of data service answers.
 * @param gpSummary - which GP data searches the professional summary feeds (`gp-bindings.ts`)
 */
export function searchesByKind(
  gpSummary: GpSummaryFeeds = DEFAULT_GP_SUMMARY,
): Readonly<Record<DataServiceKind, readonly SearchBinding[]>> {
  return {
    'medication-612': MEDICATION_SEARCHES,
    'gp-data': gpDataSearches(gpSummary),
    'allergy-612': [
      {
        name: 'allergy612-conversion',
        resourceType: 'AllergyIntolerance',
        profile: 'http://nictiz.nl/fhir/StructureDefinition/mp612-AllergyIntoleranceToFHIRConversion',
        params: ['category', 'clinical-status', 'verification-status', 'code', 'identifier', 'onset', 'date'],
        includes: [
          'AllergyIntolerance:patient',
          'AllergyIntolerance:recorder',
          'AllergyIntolerance:asserter',
        ],
        feeds: [feed(ALLERGY_612, translateAllergyList)],
      },
    ],
  };
}

/** The searches each kind of data service answers, with the default settings. */
export const SEARCHES_BY_KIND: Readonly<Record<DataServiceKind, readonly SearchBinding[]>> = searchesByKind();

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
