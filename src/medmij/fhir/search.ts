/**
 * A FHIR type search without HTTP: typed request in, `{ status, resource }` out. Validates the
 * parameters, asks the `SearchSource` for the pool (always for the token's patient; the source gets
 * only the parameters we understood, so a `patient` or `_id` can never widen access), selects the
 * matches, pages them and adds the includes. The Bundle is scrubbed of BSNs before it is returned.
 */
import type * as fhir from 'fhir';
import { buildSearchBundle } from './bundle.ts';
import { selectMatches } from './filter.ts';
import { collectIncludes } from './include.ts';
import { notFound } from './outcome.ts';
import type { SearchTables } from './params.ts';
import { indexPool } from './references.ts';
import type { SearchSource, TokenContext } from './types.ts';
import { scrubBsn } from './scrub.ts';
import { parseSearch } from './validate.ts';

export interface TypeSearch {
  /** Absolute URL of the searched type without query, e.g. `https://host/fhir/ggzdemo/31/stu3/MedicationDispense`. */
  url: string;
  provider: string;
  serviceId: string;
  resourceType: string;
  /** All request parameters in order. */
  params: [string, string][];
  token: TokenContext;
  /** `Prefer: handling=strict`. */
  strict: boolean;
  requestId?: string;
  correlationId?: string;
}

export interface FhirResult<R extends fhir.Resource = fhir.Resource> {
  status: number;
  resource: R;
  /** Places where a BSN had to be masked before sending (should be 0; log when not). */
  bsnMasked?: number;
}

/**
 * Runs a type search.
 * @param req - the search
 * @param deps - the source of resources and the search tables
 * @param signal - aborted when the client goes away
 * @throws FhirError 404 for a type without a table, 400 for bad parameters; the source's errors pass through
 */
export async function searchType(
  req: TypeSearch,
  deps: { search: SearchSource; tables: SearchTables; now?: () => Date },
  signal?: AbortSignal,
): Promise<FhirResult<fhir.Bundle>> {
  const table = deps.tables[req.resourceType];
  if (!table) throw notFound(`Resource type '${req.resourceType.slice(0, 64)}' is not supported here.`);
  const parsed = parseSearch(table, req.params, req.strict);
  const result = await deps.search(
    {
      provider: req.provider,
      serviceId: req.serviceId,
      resourceType: req.resourceType,
      params: parsed.used,
      token: req.token,
      ...(req.requestId === undefined ? {} : { requestId: req.requestId }),
      ...(req.correlationId === undefined ? {} : { correlationId: req.correlationId }),
    },
    signal,
  );
  const index = indexPool(result.pool);
  const matches = selectMatches(result.pool, req.resourceType, parsed.filters, index);
  const page =
    parsed.count === undefined
      ? matches.slice(parsed.offset)
      : matches.slice(parsed.offset, parsed.offset + parsed.count);
  const included = collectIncludes(page, parsed.includes, table, index);
  const bundle = buildSearchBundle({
    url: req.url,
    used: parsed.used,
    matches,
    page,
    included,
    warnings: result.warnings,
    ...(parsed.count === undefined ? {} : { count: parsed.count }),
    offset: parsed.offset,
    ...(deps.now ? { now: deps.now() } : {}),
  });
  const scrubbed = scrubBsn(bundle, req.token.bsn);
  return { status: 200, resource: scrubbed.resource, bsnMasked: scrubbed.changes };
}
