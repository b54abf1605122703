/**
 * Which bindings answer one search: a data service may bind several building blocks to one resource
 * type (on service 31 MedicationDispense is the 6.12 conversion and the MP 9 TA and MVE), told apart
 * by the `category` the PGO names (fhir.md 2.2). Only the chosen bindings' LSP queries are sent, so a
 * TA search never asks QUMV. The FHIR layer filters the pooled answer by category afterwards anyway;
 * routing only decides which questions are worth asking.
 *
 * Rules, in order:
 * 1. no `category` parameter: every binding of the type (each building block once in the pool);
 * 2. one `category` parameter whose values are exactly one binding's declared categories (the
 *    MedMij request of that binding, e.g. the 6.12 conversion's two categories): those bindings;
 * 3. otherwise: each binding that declares a category matching every `category` parameter
 *    (repeated parameters are AND, comma-separated values OR; `code`, `system|` and `|code` as in
 *    FHIR token search).
 * Bindings without declared categories answer every search of their type.
 */
import { parseTokenValue, type TokenQuery } from '../medmij/fhir/index.ts';
import type { SearchBinding, SearchCategory } from './binding.ts';

function matches(q: TokenQuery, c: SearchCategory): boolean {
  if (q.system !== undefined && q.system !== c.system) return false;
  return q.code === undefined || q.code === c.code;
}

function sameSet(declared: readonly SearchCategory[], asked: readonly TokenQuery[]): boolean {
  if (asked.some((q) => q.system === undefined || q.code === undefined)) return false;
  const key = (s: string | undefined, c: string | undefined): string => `${s ?? ''}|${c ?? ''}`;
  const a = new Set(asked.map((q) => key(q.system, q.code)));
  const d = new Set(declared.map((c) => key(c.system, c.code)));
  return a.size === d.size && [...a].every((k) => d.has(k));
}

/**
 * The bindings of one resource type that answer a search.
 * @param bindings - the service's bindings of the searched type, in declaration order
 * @param params - the validated search parameters
 */
export function selectBindings(
  bindings: readonly SearchBinding[],
  params: readonly [string, string][],
): SearchBinding[] {
  const asked = params
    .filter(([name]) => name === 'category')
    .map(([, value]) => parseTokenValue(value) ?? []);
  if (asked.length === 0) return [...bindings];
  const open = (b: SearchBinding): boolean => b.categories === undefined;
  if (asked.length === 1) {
    const exact = bindings.filter((b) => b.categories !== undefined && sameSet(b.categories, asked[0]!));
    if (exact.length > 0) return bindings.filter((b) => open(b) || exact.includes(b));
  }
  return bindings.filter(
    (b) => open(b) || asked.every((alts) => b.categories!.some((c) => alts.some((q) => matches(q, c)))),
  );
}
