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

test('the node-wide limit holds over all destinations; a freed slot goes to the oldest waiter', async () => {
  const l = new Limiter({ maxActive: 2, maxQueued: 10, maxActiveTotal: 2, maxQueuedTotal: 2 });
  const a1 = await l.acquire('a', never, abortErr);
  const b1 = await l.acquire('b', never, abortErr);
  const order: string[] = [];
  const c = l.acquire('c', never, abortErr).then((r) => (order.push('c'), r));
  const a2 = l.acquire('a', never, abortErr).then((r) => (order.push('a'), r));
  await assert.rejects(
    l.acquire('d', never, abortErr),
    (e: unknown) => e instanceof LspError && e.kind === 'busy' && /on this node/.test(e.message),
  );
  assert.deepEqual(l.total(), { active: 2, queued: 2 });
  b1();
  const rc = await c;
  assert.deepEqual(order, ['c']);
  a1();
  const ra = await a2;
  assert.deepEqual(order, ['c', 'a']);
  assert.deepEqual(l.total(), { active: 2, queued: 0 });
  rc();
  ra();
  ra(); // a second release is ignored
  assert.deepEqual(l.total(), { active: 0, queued: 0 });
  assert.deepEqual(l.load('a'), { active: 0, queued: 0 });
});

test('a waiter for a full destination lets a waiter for another destination pass', async () => {
  const l = new Limiter({ maxActive: 1, maxQueued: 5, maxActiveTotal: 2, maxQueuedTotal: 5 });
  const a1 = await l.acquire('a', never, abortErr);
  const b1 = await l.acquire('b', never, abortErr);
  const a2 = l.acquire('a', never, abortErr);
  let bStarted = false;
  const b2 = l.acquire('b', never, abortErr).then((r) => ((bStarted = true), r));
  b1(); // frees a node slot and b's lane; a is still full, so b2 goes first
  const rb2 = await b2;
  assert.equal(bStarted, true);
  assert.deepEqual(l.load('a'), { active: 1, queued: 1 });
  a1();
  const ra2 = await a2;
  ra2();
  rb2();
  assert.deepEqual(l.total(), { active: 0, queued: 0 });
});

test('an aborted waiter frees its place in the node-wide queue', async () => {
  const l = new Limiter({ maxActive: 5, maxQueued: 5, maxActiveTotal: 1, maxQueuedTotal: 1 });
  const r1 = await l.acquire('a', never, abortErr);
  const ctl = new AbortController();
  const waiting = l.acquire('b', ctl.signal, abortErr);
  await assert.rejects(l.acquire('c', never, abortErr), (e: unknown) => (e as LspError).kind === 'busy');
  ctl.abort();
  await assert.rejects(waiting, (e: unknown) => e instanceof LspError && e.kind === 'aborted');
  const next = l.acquire('c', never, abortErr);
  r1();
  (await next)();
  assert.deepEqual(l.total(), { active: 0, queued: 0 });
});
