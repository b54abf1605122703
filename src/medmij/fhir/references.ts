/**
 * Resolving a Reference against the pool of resources a search produced: by `fullUrl` equal to the
 * reference, by `Type/id` against the resource itself, or `#id` against the resource's contained
 * resources.
 */
import type * as fhir from 'fhir';
import type { PooledResource } from './types.ts';

/** An index of a pool for reference lookups. */
export interface PoolIndex {
  byFullUrl: Map<string, PooledResource>;
  byTypeId: Map<string, PooledResource>;
}

/**
 * Indexes a pool by fullUrl and by `Type/id` (the first entry wins on duplicates).
 * @param pool - the resources a source produced
 */
export function indexPool(pool: readonly PooledResource[]): PoolIndex {
  const byFullUrl = new Map<string, PooledResource>();
  const byTypeId = new Map<string, PooledResource>();
  for (const p of pool) {
    if (!byFullUrl.has(p.fullUrl)) byFullUrl.set(p.fullUrl, p);
    if (p.resource.id !== undefined) {
      const k = `${p.resource.resourceType}/${p.resource.id}`;
      if (!byTypeId.has(k)) byTypeId.set(k, p);
    }
  }
  return { byFullUrl, byTypeId };
}

/**
 * Finds the pool entry a reference points to.
 * @param ref - the reference
 * @param index - the pool index
 * @returns the entry, or undefined when the reference points outside the pool
 */
export function resolve(ref: fhir.Reference | undefined, index: PoolIndex): PooledResource | undefined {
  const r = ref?.reference;
  if (r === undefined || r === '' || r.startsWith('#')) return undefined;
  const direct = index.byFullUrl.get(r);
  if (direct) return direct;
  const m = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(r);
  return m ? index.byTypeId.get(`${m[1]}/${m[2]}`) : undefined;
}

/**
 * A contained resource a local reference (`#id`) points to.
 * @param ref - the reference
 * @param container - the resource holding `contained`
 */
export function resolveContained(
  ref: fhir.Reference | undefined,
  container: fhir.Resource,
): fhir.Resource | undefined {
  const r = ref?.reference;
  if (r === undefined || !r.startsWith('#')) return undefined;
  const id = r.slice(1);
  return ((container as fhir.DomainResource).contained ?? []).find((c) => c.id === id);
}
