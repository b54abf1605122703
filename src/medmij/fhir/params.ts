/**
 * Search-parameter tables: per resource type, which parameters a search understands and how each
 * reads a resource. A table is data plus small accessor functions, so another data service adds a
 * resource type by writing one more table (see `medication-dispense.params.ts`) and registering it.
 */
import type * as fhir from 'fhir';
import type { DateRange } from './dates.ts';

/** A token value found on a resource: a Coding's system/code or an Identifier's system/value. */
export interface TokenTarget {
  system?: string;
  code?: string;
}

/** Reads the references a resource carries for an include or a chain. */
export type ReferenceReader = (r: fhir.Resource) => fhir.Reference[];

/** token: `[system]|[code]`, `code`, `|code` or `system|`; comma = OR. */
export interface TokenParam {
  kind: 'token';
  /** The token values of a resource (any one matching is a match). */
  values: (r: fhir.Resource) => TokenTarget[];
}

/** date: prefixed date terms; repeating the parameter is AND. */
export interface DateParam {
  kind: 'date';
  /** The date ranges of a resource (any one satisfying the term is a match). */
  values: (r: fhir.Resource) => DateRange[];
  /**
   * When a resource has no value of its own, take the values of the pool's resources of the same type
   * that share this key (e.g. a MedicationTreatment identifier). Undefined key: no fallback.
   */
  inheritKey?: (r: fhir.Resource) => string | undefined;
}

/** A chained token: follow a reference to a resource in the pool and match a token there. */
export interface ChainedTokenParam {
  kind: 'chain';
  /** The references to follow (e.g. `medicationReference`). */
  references: ReferenceReader;
  /** The resource type the chain lands on. */
  targetType: string;
  /** The token values of the target. */
  values: (target: fhir.Resource) => TokenTarget[];
}

export type SearchParam = TokenParam | DateParam | ChainedTokenParam;

/** Everything one resource type's searches understand. */
export interface SearchTable {
  resourceType: string;
  /** Filter parameters by name (e.g. `category`, `medication.code`). */
  params: Record<string, SearchParam & { definition?: string; documentation?: string }>;
  /** `_include` values (e.g. `MedicationDispense:medication`) and the references they follow. */
  includes: Record<string, ReferenceReader>;
}

export type SearchTables = Record<string, SearchTable>;

/** CapabilityStatement search-parameter type of a table entry. */
export function capabilityType(p: SearchParam): 'token' | 'date' | 'reference' {
  return p.kind === 'chain' ? 'reference' : p.kind;
}

/** Reads an extension of a resource (root level) by url. */
export function extensionsOf(r: fhir.Resource, url: string): fhir.Extension[] {
  const ext = (r as fhir.DomainResource).extension;
  return ext ? ext.filter((e) => e.url === url) : [];
}

/** Token targets of a CodeableConcept (its codings). */
export function codeableTokens(cc: fhir.CodeableConcept | undefined): TokenTarget[] {
  if (!cc?.coding) return [];
  return cc.coding.map((c) => ({ system: c.system, code: c.code }));
}

/** Token targets of Identifiers (system and value). */
export function identifierTokens(ids: readonly fhir.Identifier[] | undefined): TokenTarget[] {
  if (!ids) return [];
  return ids.map((i) => ({ system: i.system, code: i.value }));
}

/** `_id`: the resource's own id, the same for every resource type. */
export const ID_PARAM: SearchParam = {
  kind: 'token',
  values: (r) => (r.id === undefined ? [] : [{ code: r.id }]),
};

/**
 * The part of a table one endpoint accepts: `_id` and the named parameters and includes, in the
 * table's order. The data-service registry declares the names; the table defines how each reads a
 * resource. A name the table does not define throws, so a declaration cannot promise what no
 * table can answer.
 * @param table - the resource type's full table
 * @param params - filter parameters the endpoint accepts (besides `_id`)
 * @param includes - `_include` values the endpoint accepts
 * @throws Error naming the first parameter or include the table does not define
 */
export function restrictTable(
  table: SearchTable,
  params: readonly string[],
  includes: readonly string[],
): SearchTable {
  for (const p of params)
    if (!(p in table.params)) throw new Error(`${table.resourceType} has no search parameter '${p}'`);
  for (const i of includes)
    if (!(i in table.includes)) throw new Error(`${table.resourceType} has no _include '${i}'`);
  const keep = new Set(['_id', ...params]);
  const keepIncludes = new Set(includes);
  return {
    resourceType: table.resourceType,
    params: Object.fromEntries(Object.entries(table.params).filter(([n]) => keep.has(n))),
    includes: Object.fromEntries(Object.entries(table.includes).filter(([n]) => keepIncludes.has(n))),
  };
}
