/**
 * The query -> answer table the LSP simulator answers by, derived from the registry's declarations
 * (every feed of every binding, plus the availability index query), so the simulator and the gateway
 * can never disagree about which answer interaction a query gets (DESIGN.md, "Simulator data").
 */
import { INDEX_INTERACTION } from './interactions.ts';
import type { SearchBinding } from './binding.ts';
import { SEARCHES_BY_KIND } from './registry.ts';

/** One query interaction and the answer interaction(s) it gets. */
export interface QueryInteraction {
  /** Query interaction id sent to the LSP. */
  query: string;
  /** Answer interaction id(s), in declaration order. */
  responses: string[];
  /** What it asks, for logs and operators. */
  description: string;
}

/**
 * The table of a set of bindings: per query its answers, each once, in declaration order.
 * @param searches - bindings per kind (default: every binding Brug ships)
 */
export function queryResponseTable(
  searches: Readonly<Record<string, readonly SearchBinding[]>> = SEARCHES_BY_KIND,
): QueryInteraction[] {
  const byQuery = new Map<string, QueryInteraction>();
  const add = (query: string, response: string, description: string): void => {
    const row = byQuery.get(query);
    if (!row) byQuery.set(query, { query, responses: [response], description });
    else if (!row.responses.includes(response)) row.responses.push(response);
  };
  for (const bindings of Object.values(searches))
    for (const b of bindings) for (const f of b.feeds) add(f.query, f.response, f.description);
  for (const r of INDEX_INTERACTION.responses) add(INDEX_INTERACTION.query, r, INDEX_INTERACTION.description);
  return [...byQuery.values()];
}

/** The table of every binding Brug ships (what the simulator answers by). */
export const QUERY_INTERACTIONS: readonly QueryInteraction[] = queryResponseTable();

/**
 * The answer interactions of a query, or undefined for a query no binding declares.
 * @param query - the query interaction id
 * @param table - the table to look in (default: every shipped binding)
 */
export function responsesFor(
  query: string,
  table: readonly QueryInteraction[] = QUERY_INTERACTIONS,
): string[] | undefined {
  return table.find((q) => q.query === query)?.responses;
}
