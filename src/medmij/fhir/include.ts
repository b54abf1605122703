/**
 * `_include`: the pool resources the page's matches reference through the requested include paths,
 * each once and never one that is already a match on the page.
 */
import type { SearchTable } from './params.ts';
import { resolve, type PoolIndex } from './references.ts';
import type { PooledResource } from './types.ts';

/**
 * Collects the included resources for a page of matches, in order of first reference.
 * @param matches - the matches on this page
 * @param includes - the `_include` values (already validated against the table)
 * @param table - the searched type's table
 * @param index - the pool index
 */
export function collectIncludes(
  matches: readonly PooledResource[],
  includes: readonly string[],
  table: SearchTable,
  index: PoolIndex,
): PooledResource[] {
  if (includes.length === 0) return [];
  const seen = new Set<PooledResource>(matches);
  const out: PooledResource[] = [];
  for (const m of matches) {
    for (const inc of includes) {
      const read = table.includes[inc];
      if (!read) continue;
      for (const ref of read(m.resource)) {
        const target = resolve(ref, index);
        if (target && !seen.has(target)) {
          seen.add(target);
          out.push(target);
        }
      }
    }
  }
  return out;
}
