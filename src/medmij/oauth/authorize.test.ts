/** The authorization endpoint's checks and the consent post, through Fastify inject. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { testConfig } from '../../config.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { oauthRoutes } from './plugin.ts';
import { SESSION_COOKIE } from './session.ts';
import { squash } from './testing.ts';
import { DEMO_REDIRECT, TEST_BSN, openOAuthFixture, type OAuthFixture } from './test-fixture.ts';

let fx: OAuthFixture;
before(async () => {
  fx = await openOAuthFixture();
});
after(async () => {
  await fx.close();
});

const authorize = (params: Record<string, string>) =>
  fx.app.inject({ method: 'GET', url: `/oauth/authorize?${new URLSearchParams(params).toString()}` });
const good = {
  response_type: 'code',
  client_id: 'localhost',
  redirect_uri: DEMO_REDIRECT,
  scope: 'ggzdemo~31',
  state: 'xyz',
};

test('unknown client: an error page, no redirect', async () => {
  const res = await authorize({ ...good, client_id: 'evil.example.com' });
  assert.equal(res.statusCode, 400);
  assert.equal(res.headers.location, undefined);
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /<html lang="nl">/);
  assert.match(res.body, /invalid_client/);
  assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
  assert.equal(res.headers['x-frame-options'], 'DENY');
});

test('redirect URI not belonging to the client: an error page, no redirect', async () => {
  for (const uri of [
    'http://127.0.0.1:8080/oauth/consent',
    'http://127.0.0.1:8080/sim/pgo/../../oauth/token',
    'http://127.0.0.1:9999/sim/pgo/callback',
    'http://evil.example/sim/pgo/callback',
    'http://127.0.0.1:8080/sim/pgo/callback#frag',
  ]) {
    const res = await authorize({ ...good, redirect_uri: uri });
    assert.equal(res.statusCode, 400, uri);
    assert.equal(res.headers.location, undefined, uri);
  }
  // An OCL client needs https on its own hostname.
  const http = await authorize({
    ...good,
    client_id: 'pgo.example.nl',
    scope: 'huisartsdemo~49',
    redirect_uri: 'http://pgo.example.nl/cb',
  });
  assert.equal(http.statusCode, 400);
  assert.match(squash(http.body), /redirect_uri must use https/);
  const other = await authorize({
    ...good,
    client_id: 'pgo.example.nl',
    scope: 'huisartsdemo~49',
    redirect_uri: 'https://pgo.example.nl.evil.com/cb',
  });
  assert.equal(other.statusCode, 400);
});

function redirectParams(
  res: { statusCode: number; headers: Record<string, unknown> },
  base: string,
): URLSearchParams {
  assert.equal(res.statusCode, 302);
  const loc = new URL(String(res.headers.location));
  assert.equal(`${loc.origin}${loc.pathname}`, base);
  return loc.searchParams;
}

test('bad scope: redirect with invalid_scope and the state', async () => {
  const cases: [string, RegExp][] = [
    ['ggzdemo-31', /not of the form/],
    ['ggzdemo~31 huisartsdemo~49', /same provider/],
    ['onbekend~31', /unknown provider onbekend/],
    ['oudedemo~31', /unknown provider oudedemo/],
    ['ggzdemo~49', /does not offer data service 49/],
    ['ggzdemo~31  ggzdemo~58', /not of the form/],
  ];
  for (const [scope, why] of cases) {
    const p = redirectParams(await authorize({ ...good, scope }), DEMO_REDIRECT);
    assert.equal(p.get('error'), 'invalid_scope', scope);
    assert.match(p.get('error_description') ?? '', why);
    assert.equal(p.get('state'), 'xyz');
  }
  const notAllowed = redirectParams(
    await authorize({
      ...good,
      client_id: 'pgo.example.nl',
      redirect_uri: 'https://pgo.example.nl/cb',
      scope: 'ggzdemo~31',
    }),
    'https://pgo.example.nl/cb',
  );
  assert.equal(notAllowed.get('error'), 'invalid_scope');
  assert.match(notAllowed.get('error_description') ?? '', /may not request data service 31/);
});

test('bad response_type and missing state redirect with RFC 6749 errors', async () => {
  const rt = redirectParams(await authorize({ ...good, response_type: 'token' }), DEMO_REDIRECT);
  assert.equal(rt.get('error'), 'unsupported_response_type');
  const noState = Object.fromEntries(Object.entries(good).filter(([k]) => k !== 'state'));
  const st = redirectParams(await authorize(noState), DEMO_REDIRECT);
  assert.equal(st.get('error'), 'invalid_request');
  assert.equal(st.get('state'), null);
});

test('a valid request parks a session (HttpOnly, SameSite=Lax cookie) and goes to DigiD', async () => {
  const res = await authorize({ ...good, 'MedMij-Request-ID': 'r1', 'X-Correlation-ID': 'c1' });
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, 'https://digid.example/authorize?x=1');
  const cookie = String(res.headers['set-cookie']);
  assert.match(
    cookie,
    new RegExp(`^${SESSION_COOKIE}=[0-9a-f-]{36}; Path=/oauth; Max-Age=1800; HttpOnly; SameSite=Lax$`),
  );
  const id = /=([0-9a-f-]{36})/.exec(cookie)![1]!;
  const s = await fx.store.sessions.get(id, Date.now());
  assert.equal(s?.data.requestId, 'r1');
  assert.equal(s?.data.correlationId, 'c1');
  assert.equal(s?.data.scope, 'ggzdemo~31');
});

async function consentSession(csrf: string): Promise<string> {
  const id = crypto.randomUUID();
  await fx.store.sessions.insert({
    id,
    data: {
      step: 'consent',
      clientId: 'localhost',
      redirectUri: DEMO_REDIRECT,
      state: 'abc',
      scope: 'ggzdemo~31',
      provider: 'ggzdemo',
      services: ['31'],
      auth: { bsn: TEST_BSN, authTime: fx.clock.now, level: 'substantieel', assertionId: 'a1' },
      csrf,
    },
    expiresAt: Date.now() + 60_000,
  });
  return id;
}

test('consent post without the CSRF token (or from another origin) is refused with a page', async () => {
  const id = await consentSession('secret-csrf');
  const post = (body: string, headers: Record<string, string> = {}) =>
    fx.app.inject({
      method: 'POST',
      url: '/oauth/consent',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${SESSION_COOKIE}=${id}`,
        ...headers,
      },
      payload: body,
    });
  const missing = await post('decision=approve');
  assert.equal(missing.statusCode, 403);
  assert.equal(missing.headers.location, undefined);
  const wrong = await post('decision=approve&csrf=guess');
  assert.equal(wrong.statusCode, 403);
  const foreign = await post('decision=approve&csrf=secret-csrf', { origin: 'http://evil.example' });
  assert.equal(foreign.statusCode, 403);
  // The consent page shows no TEST_BSN, and with the right token and origin the approve works.
  const page = await fx.app.inject({
    method: 'GET',
    url: '/oauth/consent',
    headers: { cookie: `${SESSION_COOKIE}=${id}` },
  });
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, new RegExp(TEST_BSN));
  const ok = await post('decision=approve&csrf=secret-csrf', { origin: 'http://127.0.0.1:8080' });
  assert.equal(ok.statusCode, 303);
  assert.match(
    String(ok.headers.location),
    /^http:\/\/127\.0\.0\.1:8080\/sim\/pgo\/callback\?code=[0-9a-f-]{36}&state=abc$/,
  );
  const nosession = await fx.app.inject({ method: 'GET', url: '/oauth/consent' });
  assert.equal(nosession.statusCode, 400);
});

test('DigiD unreachable: the PGO gets temporarily_unavailable with its state', async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  const config = testConfig(home, { BRUG_PORT: '8080', BRUG_OIDC_ISSUER: 'http://127.0.0.1:1/sim/digid' });
  const app = Fastify();
  await app.register(oauthRoutes, {
    config,
    store: fx.store,
    clients: fx.clients,
    services: DEFAULT_DATA_SERVICES,
    logger: app.log,
  });
  try {
    const res = await app.inject({
      method: 'GET',
      url: `/oauth/authorize?${new URLSearchParams(good).toString()}`,
    });
    const p = redirectParams(res, DEMO_REDIRECT);
    assert.equal(p.get('error'), 'temporarily_unavailable');
    assert.equal(p.get('state'), 'xyz');
  } finally {
    await app.close();
  }
});
