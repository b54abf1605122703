/**
 * The landing page, cancellation, language choice and the DigiD level check, through Fastify inject
 * with the landing page switched on and a stand-in DigiD login whose level the test sets.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PatientLogin } from '../../identity/index.ts';
import type { ChainLogEvent } from './deps.ts';
import { SESSION_COOKIE } from './session.ts';
import { readForm, squash } from './testing.ts';
import { DEMO_REDIRECT, TEST_BSN, openOAuthFixture, type OAuthFixture } from './test-fixture.ts';

let fx: OAuthFixture;
let level = 'substantieel';
const events: ChainLogEvent[] = [];
const login: PatientLogin = {
  start: () =>
    Promise.resolve({
      url: 'https://digid.example/authorize?x=1',
      pending: { state: 's', nonce: 'n', codeVerifier: 'v' },
    }),
  finish: () =>
    Promise.resolve({ bsn: TEST_BSN, authTime: fx.clock.now - 1000, level, assertionId: 'assertion-7' }),
};
before(async () => {
  fx = await openOAuthFixture({
    settings: { landingPage: true, acceptLanguage: true },
    login,
    chainLog: (e) => events.push(e),
  });
});
after(async () => {
  await fx.close();
});

const good = {
  response_type: 'code',
  client_id: 'localhost',
  redirect_uri: DEMO_REDIRECT,
  scope: 'ggzdemo~31',
  state: 'xyz',
  'MedMij-Request-ID': 'req-1',
  'X-Correlation-ID': 'corr-1',
};

/** Starts a flow; returns the session cookie header. */
async function start(headers: Record<string, string> = {}): Promise<string> {
  const res = await fx.app.inject({
    method: 'GET',
    url: `/oauth/authorize?${new URLSearchParams(good).toString()}`,
    headers,
  });
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, '/oauth/landing');
  const id = /=([0-9a-f-]{36})/.exec(String(res.headers['set-cookie']))![1]!;
  return `${SESSION_COOKIE}=${id}`;
}

const landing = (cookie: string, query = '') =>
  fx.app.inject({ method: 'GET', url: `/oauth/landing${query}`, headers: { cookie } });
const post = (cookie: string, fields: Record<string, string>) =>
  fx.app.inject({
    method: 'POST',
    url: '/oauth/landing',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

test('the landing page names provider, PGO and services, in Dutch, with one form and the DigiD button', async () => {
  const cookie = await start();
  const res = await landing(cookie);
  assert.equal(res.statusCode, 200);
  assert.match(
    String(res.headers['content-security-policy']),
    /default-src 'none'.*form-action 'self' http:\/\/127\.0\.0\.1:8080/,
  );
  const page = squash(res.body);
  assert.match(page, /<html lang="nl">/);
  assert.match(page, /Gegevens ophalen bij GGZ Demo/);
  assert.match(page, /Demo PGO wil jouw gegevens ophalen bij GGZ Demo/);
  assert.match(page, /<button type="submit" name="action" value="login">Inloggen met DigiD<\/button>/);
  assert.match(page, /<a href="\/oauth\/landing\?lang=en" hreflang="en" lang="en">English<\/a>/);
  assert.ok(readForm(res.body).hidden.csrf);
  assert.doesNotMatch(page, /<script/);
  assert.ok(events.some((e) => e.type === 'show_landing_page' && e.trace_id === 'corr-1'));
});

test('English on request: ?lang=en, or an Accept-Language that prefers English', async () => {
  const viaQuery = await landing(await start(), '?lang=en');
  assert.match(squash(viaQuery.body), /<html lang="en">.*Log in with DigiD/);
  const viaHeader = await landing(await start({ 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' }));
  assert.match(squash(viaHeader.body), /<html lang="en">.*Collect data from GGZ Demo/);
  const dutch = await landing(await start({ 'accept-language': 'nl,en;q=0.5' }));
  assert.match(squash(dutch.body), /<html lang="nl">/);
});

test('a landing post without its CSRF token is refused with a page', async () => {
  const cookie = await start();
  const res = await post(cookie, { action: 'login' });
  assert.equal(res.statusCode, 403);
  assert.equal(res.headers.location, undefined);
  const wrong = await post(cookie, { action: 'login', csrf: 'guess' });
  assert.equal(wrong.statusCode, 403);
});

test('"Inloggen met DigiD" sends the browser to DigiD', async () => {
  const cookie = await start();
  const { hidden } = readForm((await landing(cookie)).body);
  const res = await post(cookie, { ...hidden, action: 'login' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, 'https://digid.example/authorize?x=1');
  assert.equal((await landing(cookie)).statusCode, 400, 'the landing step is over');
});

test('cancel: the cancellation page links back to the PGO with access_denied and the state', async () => {
  const cookie = await start();
  const { hidden } = readForm((await landing(cookie)).body);
  const res = await post(cookie, { ...hidden, action: 'cancel' });
  assert.equal(res.statusCode, 200);
  const page = squash(res.body);
  assert.match(page, /Je hebt het ophalen van je gegevens geannuleerd/);
  const href = /<a href="([^"]+)"\s*>Terug naar Demo PGO/.exec(page)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(href, 'a link back to the PGO');
  const back = new URL(href);
  assert.equal(`${back.origin}${back.pathname}`, DEMO_REDIRECT);
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.equal(back.searchParams.get('state'), 'xyz');
  assert.equal((await landing(cookie)).statusCode, 400, 'the session ended');
  assert.ok(events.some((e) => e.type === 'send_authorization_cancellation'));
});

async function throughDigid(): Promise<string> {
  const cookie = await start();
  const { hidden } = readForm((await landing(cookie)).body);
  assert.equal((await post(cookie, { ...hidden, action: 'login' })).statusCode, 303);
  return cookie;
}

test('a DigiD login below the required level is refused with a Dutch page and a way back with access_denied', async () => {
  level = 'midden';
  try {
    const cookie = await throughDigid();
    const res = await fx.app.inject({
      method: 'GET',
      url: '/oauth/digid/callback?code=c&state=s',
      headers: { cookie },
    });
    assert.equal(res.statusCode, 403);
    const page = squash(res.body);
    assert.match(page, /niveau Substantieel of hoger/);
    assert.doesNotMatch(page, new RegExp(TEST_BSN));
    const href = /<a href="([^"]+)"\s*>Terug naar Demo PGO/.exec(page)?.[1]?.replace(/&amp;/g, '&');
    const back = new URL(href!);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'xyz');
    const consent = await fx.app.inject({ method: 'GET', url: '/oauth/consent', headers: { cookie } });
    assert.equal(consent.statusCode, 400, 'no way on to consent');
  } finally {
    level = 'substantieel';
  }
});

test('a login at the level goes on to consent; the grant keeps authentication time, level and assertion id', async () => {
  const before = await throughDigid();
  const res = await fx.app.inject({
    method: 'GET',
    url: '/oauth/digid/callback?code=c&state=s',
    headers: { cookie: before },
  });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/oauth/consent');
  // The session gets a new id once the person is known; the old one no longer reaches consent.
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  assert.notEqual(cookie, before);
  assert.equal(
    (await fx.app.inject({ method: 'GET', url: '/oauth/consent', headers: { cookie: before } })).statusCode,
    400,
  );
  const { hidden } = readForm(
    (await fx.app.inject({ method: 'GET', url: '/oauth/consent', headers: { cookie } })).body,
  );
  const approved = await fx.app.inject({
    method: 'POST',
    url: '/oauth/consent',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ ...hidden, decision: 'approve' }).toString(),
  });
  assert.equal(approved.statusCode, 303);
  const grant = (await fx.store.grants.listByBsn(TEST_BSN)).find((g) => g.assertionId === 'assertion-7');
  assert.ok(grant);
  assert.equal(grant.authLevel, 'substantieel');
  assert.equal(grant.authTime, fx.clock.now - 1000);
  assert.ok(events.some((e) => e.type === 'receive_authentication_response' && e.request_id === 'req-1'));
});
