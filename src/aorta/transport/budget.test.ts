import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteBudget } from './budget.ts';
import { LspError } from '../errors.ts';

test('within the budget readers read on; a spent budget refuses new queries as busy', () => {
  const b = new ByteBudget(100);
  const r1 = b.open();
  const r2 = b.open();
  assert.equal(r1.take(40), undefined);
  assert.equal(r2.take(60), undefined);
  assert.deepEqual(b.stats(), { used: 100, peak: 100, readers: 2, waiting: 0 });
  assert.throws(
    () => b.open(),
    (e: unknown) =>
      e instanceof LspError && e.kind === 'busy' && /hold 100 bytes \(budget 100\)/.test(e.message),
  );
  r1.release();
  r1.release(); // idempotent
  assert.equal(b.stats().used, 60);
  assert.ok(b.open());
});

test('a chunk over the budget pauses a younger reader until the oldest gives bytes back', async () => {
  const b = new ByteBudget(100);
  const oldest = b.open();
  const young = b.open();
  assert.equal(oldest.take(70), undefined);
  const paused = young.take(50);
  assert.ok(paused, 'the younger reader must pause');
  // While someone waits for room, nobody new gets in.
  assert.throws(() => b.open(), /budget 100/);
  // The oldest never pauses, even over the budget: it finishes and gives its bytes back.
  assert.equal(oldest.take(30), undefined);
  assert.equal(b.stats().peak, 150);
  let woke = false;
  void paused.then(() => (woke = true));
  await Promise.resolve();
  assert.equal(woke, false);
  oldest.release();
  await paused;
  assert.equal(woke, true);
  assert.equal(b.stats().used, 50);
});

test('a paused reader that becomes the oldest is woken even while the budget is over', async () => {
  const b = new ByteBudget(10);
  const a = b.open();
  const c = b.open();
  const d = b.open();
  assert.equal(a.take(5), undefined);
  const cWait = c.take(20);
  const dWait = d.take(20);
  assert.ok(cWait && dWait);
  a.release(); // 40 bytes held, over budget: only c, now the oldest, may go on
  await cWait;
  let dWoke = false;
  void dWait.then(() => (dWoke = true));
  await Promise.resolve();
  assert.equal(dWoke, false);
  c.release(); // 20 held, still over: d is the oldest now
  await dWait;
  d.release();
  assert.deepEqual(b.stats(), { used: 0, peak: 45, readers: 0, waiting: 0 });
});

test('releasing a paused reader (its query was aborted) resolves its wait', async () => {
  const b = new ByteBudget(10);
  const a = b.open();
  const c = b.open();
  a.take(10);
  const wait = c.take(5);
  assert.ok(wait);
  c.release();
  await wait;
  assert.equal(b.stats().used, 10);
});
