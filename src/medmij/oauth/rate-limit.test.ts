/** Brute force on the token endpoint: per address and per client_id, 429 with Retry-After past the limit. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowCounter } from './rate-limit.ts';
import { DEMO_REDIRECT, openOAuthFixture, type OAuthFixture } from './test-fixture.ts';

let fx: OAuthFixture;
before(async () => {
  fx = await openOAuthFixture({
    settings: { backchannelPerIpPerMinute: 5, backchannelPerClientPerMinute: 3 },
  });
});
after(async () => {
  await fx.close();
});

const guess = (
  clientId: string,
  ip: string,
): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }> =>
  fx.app.inject({
    method: 'POST',
    url: '/oauth/token',
    remoteAddress: ip,
    payload: new URLSearchParams({
      grant_type: 'authorization_code',
      code: crypto.randomUUID(),
      redirect_uri: DEMO_REDIRECT,
      client_id: clientId,
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

test('guessing codes for one client is stopped after its limit, with 429 and Retry-After', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await guess('localhost', `10.0.0.${i}`)).statusCode, 400);
  const stopped = await guess('localhost', '10.0.0.9');
  assert.equal(stopped.statusCode, 429);
  assert.equal(JSON.parse(stopped.body).error, 'slow_down');
  assert.ok(Number(stopped.headers['retry-after']) >= 1);
  assert.equal(stopped.headers['cache-control'], 'no-store');
  // A minute later the client may try again.
  fx.clock.now += 61_000;
  assert.equal((await guess('localhost', '10.0.0.9')).statusCode, 400);
});

test('one address trying many clients is stopped after the address limit', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 7; i++) codes.push((await guess(`c${i}.example.nl`, '10.9.9.9')).statusCode);
  assert.deepEqual(codes.slice(5), [429, 429]);
  assert.ok(codes.slice(0, 5).every((c) => c !== 429));
});

test('the window counter resets per key after a minute', () => {
  let now = 0;
  const c = new WindowCounter(2, () => now);
  assert.deepEqual([c.hit('a'), c.hit('a'), c.hit('b')], [0, 0, 0]);
  assert.equal(c.hit('a'), 60);
  now = 30_000;
  assert.equal(c.hit('a'), 30);
  now = 60_000;
  assert.equal(c.hit('a'), 0);
});
