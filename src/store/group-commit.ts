/**
 * Group commit: calls that arrive while a write is under way wait for it and then go together in the
 * next write (up to a group's size), so a busy node pays the fixed cost of a write once per group.
 * The audit log uses it for appends outside a state change (`kysely-audit.ts`): one transaction, one
 * anchor check and, on PostgreSQL, one turn at the chain's lock per group instead of per record. Each
 * caller's promise settles only once its own item is written, in the order the calls were made. A
 * group that fails is written again item by item, so one bad item fails only its own call.
 */

/** Most items one write takes. */
export const MAX_GROUP = 64;

/**
 * @param write - writes the given items in order and returns one result per item, in that order
 * @param maxGroup - most items per write
 * @returns a function writing one item (grouped with others waiting)
 */
export function groupCommit<I, R>(
  write: (items: readonly I[]) => Promise<R[]>,
  maxGroup = MAX_GROUP,
): (item: I) => Promise<R> {
  const waiting: { item: I; resolve(r: R): void; reject(e: unknown): void }[] = [];
  let busy = false;
  const one = async (w: (typeof waiting)[number]): Promise<void> => {
    try {
      const [r] = await write([w.item]);
      w.resolve(r!);
    } catch (e) {
      w.reject(e);
    }
  };
  const drain = async (): Promise<void> => {
    busy = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.splice(0, maxGroup);
        if (group.length === 1) {
          await one(group[0]!);
          continue;
        }
        let results: R[];
        try {
          results = await write(group.map((w) => w.item));
        } catch {
          for (const w of group) await one(w);
          continue;
        }
        group.forEach((w, i) => w.resolve(results[i]!));
      }
    } finally {
      busy = false;
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!busy) void drain();
    });
}
