/**
 * The data-service registry: each MedMij data service (gegevensdienst) declared once, as data: which
 * FHIR searches it answers, which HL7v3 query feeds each, and which translator maps the answer. Routing,
 * the CapabilityStatement per endpoint, scope checks and the simulator all read from here. Ids and
 * names come from configuration (`catalogue.ts` holds the defaults); the searches are bound by `kind`.
 */
import type { XmlElement } from '../xml/index.ts';
import type { DataServiceInfo, DataServiceKind } from './catalogue.ts';
import { translateDispenseList, type TranslatedResource } from '../translate/index.ts';
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
  'gp-data': [],
  'allergy-612': [],
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
