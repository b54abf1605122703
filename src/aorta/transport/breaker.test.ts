import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreakers } from './breaker.ts';

test('the circuit opens after the threshold, lets one trial through after the reset time, and closes on success', () => {
  let now = 0;
  const b = new CircuitBreakers({ threshold: 3, resetMs: 1000 }, () => now);
  for (let i = 0; i < 2; i++) {
    assert.equal(b.allow('p'), true);
    b.failure('p');
  }
  assert.equal(b.state('p'), 'closed');
  b.failure('p');
  assert.equal(b.state('p'), 'open');
  assert.equal(b.allow('p'), false);
  assert.equal(b.allow('other'), true, 'destinations are independent');
  now = 1000;
  assert.equal(b.allow('p'), true, 'one trial');
  assert.equal(b.allow('p'), false, 'only one trial at a time');
  b.failure('p');
  assert.equal(b.allow('p'), false, 'a failed trial re-opens');
  now = 2000;
  assert.equal(b.allow('p'), true);
  b.success('p');
  assert.equal(b.state('p'), 'closed');
  assert.equal(b.allow('p'), true);
});

test('a success resets the failure count', () => {
  const b = new CircuitBreakers({ threshold: 2, resetMs: 1000 }, () => 0);
  b.failure('p');
  b.success('p');
  b.failure('p');
  assert.equal(b.state('p'), 'closed');
});
