import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCommit } from './group-commit.ts';

/** A write that takes a turn of the event loop, records each group it gets and fails on 'bad'. */
function recordingWrite(): { groups: string[][]; write: (items: readonly string[]) => Promise<string[]> } {
  const groups: string[][] = [];
  return {
    groups,
    write: async (items) => {
      groups.push([...items]);
      await new Promise((r) => setImmediate(r));
      if (items.includes('bad')) throw new Error('bad item');
      return items.map((i) => `stored ${i}`);
    },
  };
}

test('calls made while a write is under way go together in the next write, each caller gets its own result', async () => {
  const { groups, write } = recordingWrite();
  const append = groupCommit(write);
  const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((i) => append(i)));
  assert.deepEqual(results, ['stored a', 'stored b', 'stored c', 'stored d', 'stored e']);
  // The first call starts a write at once; the four made meanwhile share the next one.
  assert.deepEqual(groups, [['a'], ['b', 'c', 'd', 'e']]);
});

test('a group is at most maxGroup items, in the order of the calls', async () => {
  const { groups, write } = recordingWrite();
  const append = groupCommit(write, 3);
  await Promise.all(Array.from({ length: 8 }, (_, n) => append(String(n))));
  assert.deepEqual(groups, [['0'], ['1', '2', '3'], ['4', '5', '6'], ['7']]);
});

test('a failed group is written again item by item: only the bad item fails', async () => {
  const { groups, write } = recordingWrite();
  const append = groupCommit(write);
  const settled = await Promise.allSettled(['a', 'b', 'bad', 'c'].map((i) => append(i)));
  assert.deepEqual(
    settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)),
    ['stored a', 'stored b', 'bad item', 'stored c'],
  );
  assert.deepEqual(groups, [['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  // The writer keeps working after a failure.
  assert.equal(await append('d'), 'stored d');
});

test('a write that throws before it is under way fails its callers, not the writer', async () => {
  let fail = true;
  const append = groupCommit<string, string>((items) => {
    if (fail) throw new Error('store closed');
    return Promise.resolve(items.map((i) => i.toUpperCase()));
  });
  await assert.rejects(append('x'), /store closed/);
  fail = false;
  assert.equal(await append('y'), 'Y');
});
