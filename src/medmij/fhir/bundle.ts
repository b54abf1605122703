/**
 * The searchset Bundle (http://hl7.org/fhir/STU3/bundle.html), built in FHIR definition order:
 * `id`, `meta.lastUpdated`, `type`, `total` (matches only), `link` (self, and first/previous/next when
 * paging with `_count`), then the entries: matches (`search.mode = match`), included resources
 * (`include`) and source warnings as OperationOutcomes (`outcome`).
 */
import { randomUUID } from 'node:crypto';
import type * as fhir from 'fhir';
import { encodeQuery } from './query.ts';
import type { PooledResource } from './types.ts';
import { OFFSET_PARAM } from './validate.ts';

export interface SearchBundleInput {
  /** Absolute URL of the search without query, e.g. `https://host/fhir/ggzdemo/31/stu3/MedicationDispense`. */
  url: string;
  /** The parameters used, in request order (the self link shows them all). */
  used: readonly [string, string][];
  /** All matches, in stable order. */
  matches: readonly PooledResource[];
  /** The matches on this page. */
  page: readonly PooledResource[];
  /** Included resources for this page. */
  included: readonly PooledResource[];
  warnings: readonly fhir.OperationOutcome[];
  /** `_count` when given. */
  count?: number;
  offset: number;
  now?: Date;
  id?: string;
}

function link(relation: string, url: string): fhir.BundleLink {
  return { relation, url };
}

function withOffset(used: readonly [string, string][], offset: number): [string, string][] {
  const rest = used.filter(([n]) => n !== OFFSET_PARAM);
  return offset === 0 ? rest : [...rest, [OFFSET_PARAM, String(offset)]];
}

/** An OperationOutcome with an id first, so it can carry a urn:uuid fullUrl. */
function outcomeEntry(oo: fhir.OperationOutcome): fhir.BundleEntry {
  const id = randomUUID();
  const resource = { resourceType: oo.resourceType, id, ...oo } as fhir.OperationOutcome;
  resource.id = id;
  return { fullUrl: `urn:uuid:${id}`, resource, search: { mode: 'outcome' } };
}

/**
 * Builds the searchset Bundle for one page.
 * @param input - see `SearchBundleInput`
 */
export function buildSearchBundle(input: SearchBundleInput): fhir.Bundle {
  const q = (pairs: readonly [string, string][]): string =>
    pairs.length === 0 ? input.url : `${input.url}?${encodeQuery(pairs)}`;
  const links: fhir.BundleLink[] = [link('self', q(input.used))];
  if (input.count !== undefined) {
    const total = input.matches.length;
    links.push(link('first', q(withOffset(input.used, 0))));
    if (input.offset > 0 && input.count > 0)
      links.push(link('previous', q(withOffset(input.used, Math.max(0, input.offset - input.count)))));
    if (input.count > 0 && input.offset + input.count < total)
      links.push(link('next', q(withOffset(input.used, input.offset + input.count))));
  }
  const entry: fhir.BundleEntry[] = [
    ...input.page.map((p): fhir.BundleEntry => ({
      fullUrl: p.fullUrl,
      resource: p.resource,
      search: { mode: 'match' },
    })),
    ...input.included.map((p): fhir.BundleEntry => ({
      fullUrl: p.fullUrl,
      resource: p.resource,
      search: { mode: 'include' },
    })),
    ...input.warnings.map(outcomeEntry),
  ];
  const bundle: fhir.Bundle = {
    resourceType: 'Bundle',
    id: input.id ?? randomUUID(),
    meta: { lastUpdated: (input.now ?? new Date()).toISOString() },
    type: 'searchset',
    total: input.matches.length,
    link: links,
  };
  if (entry.length > 0) bundle.entry = entry;
  return bundle;
}
