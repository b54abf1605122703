/**
 * CapabilityStatement (STU3 3.0.2) from a declarative description: which resource types an endpoint
 * serves, with their profiles, search parameters and includes. Built in FHIR definition order.
 */
import type * as fhir from 'fhir';
import { capabilityType, type SearchTable } from './params.ts';

export interface CapabilitySearchParam {
  name: string;
  type: 'token' | 'date' | 'reference' | 'string' | 'number' | 'quantity' | 'uri' | 'composite';
  definition?: string;
  documentation?: string;
}

export interface CapabilityResource {
  type: string;
  /** The profile the resources conform to (STU3 allows one per resource). */
  profile?: string;
  documentation?: string;
  searchInclude?: string[];
  searchParams?: CapabilitySearchParam[];
}

export interface CapabilityDescription {
  /** Canonical URL of the statement, if any. */
  url?: string;
  name: string;
  title?: string;
  publisher?: string;
  /** Publication date (FHIR dateTime); defaults to today. */
  date?: string;
  description?: string;
  software?: { name: string; version?: string };
  /** The FHIR base URL of the endpoint. */
  implementationUrl?: string;
  implementationDescription?: string;
  /** Canonical URLs of CapabilityStatements this one claims (e.g. Nictiz's server capabilities). */
  instantiates?: string[];
  /** Security: OAuth bearer tokens (MedMij). */
  oauth?: boolean;
  /** Profiles of the use cases the endpoint supports (`CapabilityStatement.profile`). */
  profiles?: string[];
  resources: CapabilityResource[];
}

/**
 * The search parameters and includes a table supports, for a `CapabilityResource`.
 * @param table - a search table
 */
export function describeSearchTable(
  table: SearchTable,
): Pick<CapabilityResource, 'searchInclude' | 'searchParams'> {
  return {
    searchInclude: Object.keys(table.includes),
    searchParams: Object.entries(table.params).map(([name, p]) => {
      const sp: CapabilitySearchParam = { name, type: capabilityType(p) };
      if (p.definition !== undefined) sp.definition = p.definition;
      if (p.documentation !== undefined) sp.documentation = p.documentation;
      return sp;
    }),
  };
}

/**
 * Builds the CapabilityStatement.
 * @param d - the description
 */
export function buildCapabilityStatement(d: CapabilityDescription): fhir.CapabilityStatement {
  // Members are added in STU3 definition order: url, name, title, status, date, publisher,
  // description, kind, instantiates, software, implementation, fhirVersion, acceptUnknown, format,
  // profile, rest.
  const cs: Record<string, unknown> = { resourceType: 'CapabilityStatement' };
  if (d.url !== undefined) cs['url'] = d.url;
  cs['name'] = d.name;
  if (d.title !== undefined) cs['title'] = d.title;
  cs['status'] = 'active';
  cs['date'] = d.date ?? new Date().toISOString().slice(0, 10);
  if (d.publisher !== undefined) cs['publisher'] = d.publisher;
  if (d.description !== undefined) cs['description'] = d.description;
  cs['kind'] = 'instance';
  if (d.instantiates !== undefined && d.instantiates.length > 0) cs['instantiates'] = d.instantiates;
  if (d.software)
    cs['software'] =
      d.software.version === undefined
        ? { name: d.software.name }
        : { name: d.software.name, version: d.software.version };
  // kind = instance requires implementation (constraint cpb-2).
  cs['implementation'] = {
    description: d.implementationDescription ?? d.title ?? d.name,
    ...(d.implementationUrl === undefined ? {} : { url: d.implementationUrl }),
  };
  cs['fhirVersion'] = '3.0.2';
  cs['acceptUnknown'] = 'no';
  cs['format'] = ['xml', 'json'];
  if (d.profiles !== undefined && d.profiles.length > 0)
    cs['profile'] = d.profiles.map((p) => ({ reference: p, display: p }));
  const rest: Record<string, unknown> = { mode: 'server' };
  if (d.oauth !== false) {
    rest['security'] = {
      service: [
        {
          coding: [
            { system: 'http://hl7.org/fhir/restful-security-service', code: 'OAuth', display: 'OAuth' },
          ],
          text: 'OAuth 2.0 bearer token (MedMij)',
        },
      ],
    };
  }
  rest['resource'] = d.resources.map((r) => {
    const res: Record<string, unknown> = { type: r.type };
    if (r.profile !== undefined) res['profile'] = { reference: r.profile, display: r.profile };
    if (r.documentation !== undefined) res['documentation'] = r.documentation;
    res['interaction'] = [{ code: 'search-type' }];
    if (r.searchInclude && r.searchInclude.length > 0) res['searchInclude'] = r.searchInclude;
    if (r.searchParams && r.searchParams.length > 0) {
      res['searchParam'] = r.searchParams.map((p) => {
        const sp: Record<string, unknown> = { name: p.name };
        if (p.definition !== undefined) sp['definition'] = p.definition;
        sp['type'] = p.type;
        if (p.documentation !== undefined) sp['documentation'] = p.documentation;
        return sp;
      });
    }
    return res;
  });
  cs['rest'] = [rest];
  return cs as unknown as fhir.CapabilityStatement;
}
