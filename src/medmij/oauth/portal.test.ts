/** The patient's consents page: DigiD login, the list of long-lived consents, withdrawal, CSRF. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PatientLogin } from '../../identity/index.ts';
import { createAuthorizationCode } from './code.ts';
import { SESSION_COOKIE } from './session.ts';
import { readForm, squash } from './testing.ts';
import {
  DEMO_REDIRECT,
  TEST_BSN,
  openOAuthFixture,
  type OAuthFixture,
  recordTestGrant,
} from './test-fixture.ts';

const OTHER_BSN = '999990019';
let fx: OAuthFixture;
const login: PatientLogin = {
  start: () =>
    Promise.resolve({
      url: 'https://digid.example/authorize?p=1',
      pending: { state: 's', nonce: 'n', codeVerifier: 'v' },
    }),
  finish: () =>
    Promise.resolve({ bsn: TEST_BSN, authTime: fx.clock.now, level: 'substantieel', assertionId: 'p1' }),
};
before(async () => {
  fx = await openOAuthFixture({ login });
});
after(async () => {
  await fx.close();
});

/** A consent redeemed at the token endpoint; returns the grant id and refresh token. */
async function consent(bsn: string, longLived: boolean): Promise<{ grantId: string; refresh?: string }> {
  const grant = await recordTestGrant(fx.store, fx.clock.now, { longLived, bsn });
  const code = await createAuthorizationCode(
    fx.store,
    { grantId: grant.id, clientId: 'localhost', redirectUri: DEMO_REDIRECT, scope: 'ggzdemo~31' },
    900,
    fx.clock.now,
  );
  const res = await tokenCall({
    grant_type: 'authorization_code',
    code,
    redirect_uri: DEMO_REDIRECT,
    client_id: 'localhost',
  });
  const refresh = res.json<{ refresh_token?: string }>().refresh_token;
  return refresh === undefined ? { grantId: grant.id } : { grantId: grant.id, refresh };
}

const form = (cookie: string, fields: Record<string, string>) =>
  fx.app.inject({
    method: 'POST',
    url: '/oauth/consents',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
const tokenCall = (fields: Record<string, string>) =>
  fx.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
const page = (cookie: string) =>
  fx.app.inject({ method: 'GET', url: '/oauth/consents', headers: { cookie } });

async function loggedIn(): Promise<string> {
  const first = await fx.app.inject({ method: 'GET', url: '/oauth/consents' });
  assert.equal(first.statusCode, 200);
  assert.match(squash(first.body), /Inloggen met DigiD/);
  const cookie = `${SESSION_COOKIE}=${/=([0-9a-f-]{36})/.exec(String(first.headers['set-cookie']))![1]!}`;
  const { hidden } = readForm(first.body);
  const go = await form(cookie, { ...hidden, action: 'login' });
  assert.equal(go.statusCode, 303);
  assert.equal(go.headers.location, 'https://digid.example/authorize?p=1');
  const back = await fx.app.inject({
    method: 'GET',
    url: '/oauth/digid/callback?code=c&state=s',
    headers: { cookie },
  });
  assert.equal(back.statusCode, 303);
  assert.equal(back.headers.location, '/oauth/consents');
  // A new session id after the login (no fixation): the pre-login cookie is worthless now.
  const renewed = `${SESSION_COOKIE}=${/=([0-9a-f-]{36})/.exec(String(back.headers['set-cookie']))![1]!}`;
  assert.notEqual(renewed, cookie);
  return renewed;
}

test('the consents page needs a DigiD login and its forms a CSRF token', async () => {
  const first = await fx.app.inject({ method: 'GET', url: '/oauth/consents' });
  const cookie = `${SESSION_COOKIE}=${/=([0-9a-f-]{36})/.exec(String(first.headers['set-cookie']))![1]!}`;
  const noCsrf = await form(cookie, { action: 'login' });
  assert.equal(noCsrf.statusCode, 403);
  const notLoggedIn = await form(cookie, { ...readForm(first.body).hidden, grant: 'x' });
  assert.equal(notLoggedIn.statusCode, 400);
});

test('a person sees only their own long-lived consents and can withdraw one, which ends its tokens', async () => {
  const mine = await consent(TEST_BSN, true);
  await consent(TEST_BSN, false);
  const theirs = await consent(OTHER_BSN, true);
  const cookie = await loggedIn();

  const res = await page(cookie);
  assert.equal(res.statusCode, 200);
  const body = squash(res.body);
  assert.doesNotMatch(body, new RegExp(TEST_BSN));
  assert.equal(body.match(/name="grant"/g)?.length, 1, 'one long-lived consent of this person');
  assert.match(body, /<td>GGZ Demo<\/td><td>Demo PGO<\/td>/);
  assert.match(body, new RegExp(`value="${mine.grantId}"`));

  const foreign = await form(cookie, { ...readForm(res.body).hidden, grant: theirs.grantId });
  assert.equal(foreign.statusCode, 400);
  assert.equal((await fx.store.grants.get(theirs.grantId))?.revokedAt, null);

  const missingCsrf = await form(cookie, { grant: mine.grantId });
  assert.equal(missingCsrf.statusCode, 403);

  const done = await form(cookie, { ...readForm(res.body).hidden, grant: mine.grantId });
  assert.equal(done.statusCode, 303);
  const after = squash((await page(cookie)).body);
  assert.match(after, /De toestemming is ingetrokken/);
  assert.match(after, /Je hebt geen toestemmingen voor onbepaalde tijd/);
  const refresh = await tokenCall({
    grant_type: 'refresh_token',
    refresh_token: mine.refresh!,
    client_id: 'localhost',
  });
  assert.deepEqual(refresh.json(), {
    error: 'invalid_grant',
    error_description: 'the refresh token was revoked',
  });

  const english = squash(
    (await fx.app.inject({ method: 'GET', url: '/oauth/consents?lang=en', headers: { cookie } })).body,
  );
  assert.match(english, /<html lang="en">.*Your consents/);

  const out = await form(cookie, { ...readForm(res.body).hidden, action: 'logout' });
  assert.equal(out.statusCode, 303);
  assert.match(squash((await page(cookie)).body), /Inloggen met DigiD/, 'logged out');
});
