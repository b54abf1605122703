import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspError } from '../errors.ts';
import { Limiter } from './limiter.ts';

const never = new AbortController().signal;
const abortErr = (): Error => new LspError('aborted', 'aborted');

test('at most maxActive run, the next waits its turn, beyond the queue is busy', async () => {
  const l = new Limiter({ maxActive: 1, maxQueued: 1 });
  const r1 = await l.acquire('p', never, abortErr);
  let second = false;
  const p2 = l.acquire('p', never, abortErr).then((r) => {
    second = true;
    return r;
  });
  await assert.rejects(
    l.acquire('p', never, abortErr),
    (e: unknown) => e instanceof LspError && e.kind === 'busy',
  );
  assert.deepEqual(l.load('p'), { active: 1, queued: 1 });
  assert.equal(second, false);
  r1();
  const r2 = await p2;
  assert.equal(second, true);
  r2();
  assert.deepEqual(l.load('p'), { active: 0, queued: 0 });
});

test('a waiting call leaves the queue when its signal aborts', async () => {
  const l = new Limiter({ maxActive: 1, maxQueued: 5 });
  const r1 = await l.acquire('p', never, abortErr);
  const ctl = new AbortController();
  const waiting = l.acquire('p', ctl.signal, abortErr);
  ctl.abort();
  await assert.rejects(waiting, (e: unknown) => e instanceof LspError && e.kind === 'aborted');
  assert.deepEqual(l.load('p'), { active: 1, queued: 0 });
  r1();
});
