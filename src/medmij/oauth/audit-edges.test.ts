/**
 * The decisions no route records itself, recorded at the edges: a technical failure (500, outcome
 * `failed`), a request whose body cannot be read (non-OAuth 4xx) and a back-channel request refused by
 * the rate limiter (429), on the token and the revoke endpoint; and when such a record cannot be
 * written, the answer is a technical failure rather than an unrecorded refusal.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OAuthDecision } from '../../audit/index.ts';
import type { PatientLogin } from '../../identity/index.ts';
import { SESSION_COOKIE } from './session.ts';
import { DEMO_REDIRECT, openOAuthFixture, type OAuthFixture } from './test-fixture.ts';

const decisions: OAuthDecision[] = [];
let failAudit = false;
let fx: OAuthFixture;

const brokenLogin: PatientLogin = {
  start: () =>
    Promise.resolve({
      url: 'https://digid.example/authorize',
      pending: { state: 's', nonce: 'n', codeVerifier: 'v' },
    }),
  finish: () => Promise.reject(new Error('the broker answered nonsense')),
};

before(async () => {
  fx = await openOAuthFixture({
    login: brokenLogin,
    settings: { backchannelPerIpPerMinute: 1000, backchannelPerClientPerMinute: 2 },
    audit: (d) => {
      if (failAudit) return Promise.reject(new Error('audit log down'));
      decisions.push(d);
      return Promise.resolve();
    },
  });
});
after(async () => {
  await fx.close();
});

test('a technical failure is recorded as failed, with the session it happened in', async () => {
  const id = crypto.randomUUID();
  await fx.store.sessions.insert({
    id,
    data: {
      step: 'login',
      clientId: 'localhost',
      redirectUri: DEMO_REDIRECT,
      state: 'x',
      scope: 'ggzdemo~31',
      provider: 'ggzdemo',
      services: ['31'],
      login: { state: 's', nonce: 'n', codeVerifier: 'v' },
    },
    expiresAt: Date.now() + 60_000,
  });
  decisions.length = 0;
  const res = await fx.app.inject({
    method: 'GET',
    url: '/oauth/digid/callback?code=c&state=s',
    headers: { cookie: `${SESSION_COOKIE}=${id}` },
  });
  assert.equal(res.statusCode, 500);
  assert.equal(decisions.length, 1);
  assert.equal(decisions[0]!.step, 'login');
  assert.equal(decisions[0]!.outcome, 'failed');
  assert.equal(decisions[0]!.status, 500);
  assert.equal(decisions[0]!.reason, 'server_error');
  assert.ok(decisions[0]!.sessionRef);
});

test('an unreadable body is recorded as refused at the browser and at the token edge', async () => {
  decisions.length = 0;
  const consent = await fx.app.inject({
    method: 'POST',
    url: '/oauth/consent',
    headers: { 'content-type': 'application/json' },
    payload: '{"decision":',
  });
  assert.equal(consent.statusCode, 400);
  const token = await fx.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    payload: '{"grant_type":',
  });
  assert.equal(token.statusCode, 400);
  assert.deepEqual(
    decisions.map((d) => [d.step, d.outcome, d.status, d.reason]),
    [
      ['consent', 'refused', 400, 'invalid_request'],
      ['token', 'refused', 400, 'invalid_request'],
    ],
  );
});

test('a rate-limited token or revoke request is recorded (429, slow_down), and without its record is a 500', async () => {
  decisions.length = 0;
  const post = (url: string, clientId: string) =>
    fx.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `client_id=${clientId}&token=t&grant_type=authorization_code&code=c&redirect_uri=r`,
    });
  assert.equal((await post('/oauth/revoke', 'localhost')).statusCode, 200);
  assert.equal((await post('/oauth/token', 'localhost')).statusCode, 400);
  const limited = await post('/oauth/revoke', 'localhost');
  assert.equal(limited.statusCode, 429);
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  const limitedToken = await post('/oauth/token', 'localhost');
  assert.equal(limitedToken.statusCode, 429);
  const refused = decisions.filter((d) => d.status === 429);
  assert.deepEqual(
    refused.map((d) => [d.step, d.outcome, d.reason, d.clientId]),
    [
      ['revoke', 'refused', 'slow_down', 'localhost'],
      ['token', 'refused', 'slow_down', 'localhost'],
    ],
  );
  failAudit = true;
  try {
    const unrecorded = await post('/oauth/token', 'localhost');
    assert.equal(unrecorded.statusCode, 500);
    assert.equal(unrecorded.json<{ error: string }>().error, 'server_error');
  } finally {
    failAudit = false;
  }
});
