/**
 * Applies parsed search filters to a pool: the matches are the pool's resources of the searched type
 * that pass every filter. Token alternatives are OR, repeated parameters AND; a resource without a
 * value for a date filter does not match (unless its table inherits one, see `DateParam.inheritKey`).
 */
import type * as fhir from 'fhir';
import { matchesDate, type DateRange } from './dates.ts';
import type { DateParam, TokenTarget } from './params.ts';
import { resolve, resolveContained, type PoolIndex } from './references.ts';
import type { PooledResource } from './types.ts';
import type { Filter, TokenQuery } from './validate.ts';

/**
 * Whether a token target satisfies one query alternative.
 * @param t - a Coding/Identifier as system+code
 * @param q - the alternative
 */
export function tokenMatches(t: TokenTarget, q: TokenQuery): boolean {
  if (q.code !== undefined && t.code !== q.code) return false;
  if (q.system === undefined) return q.code !== undefined;
  if (q.system === '') return t.system === undefined || t.system === '';
  return t.system === q.system;
}

function anyToken(targets: readonly TokenTarget[], anyOf: readonly TokenQuery[]): boolean {
  return targets.some((t) => anyOf.some((q) => tokenMatches(t, q)));
}

/** Values of a date parameter per resource, with the inherited ones filled in. */
function dateValues(
  param: DateParam,
  candidates: readonly PooledResource[],
): Map<PooledResource, DateRange[]> {
  const own = new Map<PooledResource, DateRange[]>();
  for (const c of candidates) own.set(c, param.values(c.resource));
  if (!param.inheritKey) return own;
  const byKey = new Map<string, DateRange[]>();
  for (const c of candidates) {
    const v = own.get(c)!;
    if (v.length === 0) continue;
    const k = param.inheritKey(c.resource);
    if (k === undefined) continue;
    const list = byKey.get(k) ?? [];
    list.push(...v);
    byKey.set(k, list);
  }
  const out = new Map<PooledResource, DateRange[]>();
  for (const c of candidates) {
    const v = own.get(c)!;
    if (v.length > 0) out.set(c, v);
    else {
      const k = param.inheritKey(c.resource);
      out.set(c, k === undefined ? [] : (byKey.get(k) ?? []));
    }
  }
  return out;
}

/**
 * Selects the matches from a pool.
 * @param pool - all resources the source produced
 * @param resourceType - the searched type
 * @param filters - the parsed filters
 * @param index - the pool's reference index (for chains)
 */
export function selectMatches(
  pool: readonly PooledResource[],
  resourceType: string,
  filters: readonly Filter[],
  index: PoolIndex,
): PooledResource[] {
  let current = pool.filter((p) => p.resource.resourceType === resourceType);
  const candidates = current;
  for (const f of filters) {
    switch (f.kind) {
      case 'token': {
        const p = f.param;
        const anyOf = f.anyOf;
        current = current.filter((c) => anyToken(p.values(c.resource), anyOf));
        break;
      }
      case 'chain': {
        const p = f.param;
        const anyOf = f.anyOf;
        current = current.filter((c) =>
          p.references(c.resource).some((ref) => {
            const target: fhir.Resource | undefined =
              resolve(ref, index)?.resource ?? resolveContained(ref, c.resource);
            return (
              target !== undefined &&
              target.resourceType === p.targetType &&
              anyToken(p.values(target), anyOf)
            );
          }),
        );
        break;
      }
      case 'date': {
        const term = f.term;
        const values = dateValues(f.param, candidates);
        current = current.filter((c) => (values.get(c) ?? []).some((v) => matchesDate(v, term)));
        break;
      }
    }
  }
  return current;
}
