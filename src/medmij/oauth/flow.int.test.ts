/**
 * The whole browser flow over real HTTP on 127.0.0.1: authorize -> DigiD simulator login form ->
 * post BSN -> callback -> consent page -> approve -> code -> token -> resolveAccessToken; and deny.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import { testConfig, type Config } from '../../config.ts';
import { openStore, type Store } from '../../store/index.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { loadClientRegistry } from '../lists/index.ts';
import { digidSimulator } from '../../sim/digid/index.ts';
import { oauthRoutes } from './plugin.ts';
import { resolveAccessToken } from './resolve.ts';
import { Browser, freePort, readForm, squash, tagAttributes } from './testing.ts';

const BSN = '999911120';
let app: FastifyInstance;
let store: Store;
let config: Config;
let base: string;
const logLines: string[] = [];

before(async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  const port = await freePort();
  config = testConfig(home, { BRUG_PORT: String(port) });
  base = config.publicUrl;
  store = await openStore(config);
  await store.providers.upsert({
    naam: 'ggzdemo',
    displayName: 'GGZ Demo Apotheek',
    ura: '90000002',
    applicationIds: ['900002'],
    services: [{ id: '31' }, { id: '58' }],
    status: 'live',
  });
  const stream = { write: (line: string) => void logLines.push(line) };
  app = Fastify({ logger: { level: 'info', stream } });
  // As in app.ts: form bodies and cookies are parsed at the root; the plugins must live with that.
  await app.register(formbody);
  await app.register(cookie);
  await app.register(oauthRoutes, {
    config,
    store,
    clients: loadClientRegistry(config),
    services: DEFAULT_DATA_SERVICES,
    logger: app.log,
  });
  await app.register(digidSimulator, {
    issuer: config.oidc.issuer,
    clientId: config.oidc.clientId,
    clientSecret: config.oidc.clientSecret,
    redirectUris: [`${base}/oauth/digid/callback`],
  });
  await app.listen({ port, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

const redirectUri = (): string => `${base}/sim/pgo/callback`;
const authorizeUrl = (state: string): string =>
  `${base}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'localhost', redirect_uri: redirectUri(), scope: 'ggzdemo~31 ggzdemo~58', state, 'MedMij-Request-ID': 'req-1', 'X-Correlation-ID': 'corr-1' }).toString()}`;

/** Walks authorize -> DigiD -> consent page; returns the browser and the consent page. */
async function loginAndReachConsent(b: Browser, state: string): Promise<string> {
  const toDigid = await b.redirectFrom(authorizeUrl(state));
  assert.ok(toDigid.startsWith(`${base}/sim/digid/`), toDigid);
  const digidAuth = new URL(toDigid);
  assert.equal(digidAuth.searchParams.get('prompt'), 'login');
  assert.equal(digidAuth.searchParams.get('max_age'), '0');
  assert.equal(digidAuth.searchParams.get('code_challenge_method'), 'S256');
  const loginUrl = await b.redirectFrom(toDigid);
  const loginPage = squash(await (await b.fetch(loginUrl)).text());
  assert.match(loginPage, /<label for="bsn">Burgerservicenummer<\/label>/);
  const bsnInput = tagAttributes(/<input\b[^>]*\bname="bsn"[^>]*>/.exec(loginPage)?.[0] ?? '');
  assert.equal(bsnInput.type, 'text');
  assert.equal(bsnInput.id, 'bsn');
  assert.equal((loginPage.match(/<input\b/g) ?? []).length, 2, 'the bsn input and the hidden CSRF field');
  const form = readForm(loginPage);

  // A BSN failing the 11-check is refused on the page.
  const bad = await b.post(new URL(form.action, loginUrl).href, { ...form.hidden, bsn: '123456789' });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /geen geldig burgerservicenummer/);

  let next = new URL(
    (await b.post(new URL(form.action, loginUrl).href, { ...form.hidden, bsn: BSN })).headers.get(
      'location',
    )!,
    loginUrl,
  ).href;
  // Through the provider's resume step back to Brug's callback, then to the consent page.
  for (let i = 0; i < 5 && !next.startsWith(`${base}/oauth/consent`); i++) next = await b.redirectFrom(next);
  assert.equal(next, `${base}/oauth/consent`);
  const res = await b.fetch(next);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
  return squash(await res.text());
}

test('approve: the code from consent buys a token that resolves to the patient and scope', async () => {
  const b = new Browser();
  const page = await loginAndReachConsent(b, 'st-approve');
  assert.match(page, /<html lang="nl">/);
  assert.match(page, /Toestemming geven/);
  assert.match(
    page,
    /Wil je de gegevens die GGZ Demo Apotheek over jou heeft in jouw PGO zetten\? Dan heeft GGZ Demo Apotheek jouw toestemming nodig om deze gegevens met Demo PGO te delen\./,
  );
  assert.match(page, /<li>Verzamelen Medicatiegegevens 9\.0<\/li>/);
  assert.match(page, /<li>Medicatiegerelateerde overgevoeligheden 2\.A<\/li>/);
  const box = /<input\b[^>]*\bname="longLived"[^>]*>/.exec(page)?.[0] ?? '';
  assert.equal(tagAttributes(box).type, 'checkbox');
  assert.doesNotMatch(box, /checked/);
  assert.doesNotMatch(page, new RegExp(BSN));
  assert.match(page, /<button type="submit" name="decision" value="approve">/);
  const form = readForm(page);

  const res = await b.post(
    new URL(form.action, base).href,
    { ...form.hidden, decision: 'approve' },
    { origin: base },
  );
  assert.equal(res.status, 303);
  const back = new URL(res.headers.get('location')!);
  assert.equal(`${back.origin}${back.pathname}`, redirectUri());
  assert.equal(back.searchParams.get('state'), 'st-approve');
  const code = back.searchParams.get('code')!;
  assert.match(code, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'MedMij-Request-ID': 'req-2' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: 'localhost',
    }),
  });
  assert.equal(tokenRes.status, 200);
  assert.equal(tokenRes.headers.get('cache-control'), 'no-store');
  const token = (await tokenRes.json()) as {
    access_token: string;
    token_type: string;
    expires_in: number;
    scope: string;
  };
  assert.equal(token.token_type, 'Bearer');
  assert.equal(token.expires_in, 900);
  assert.equal(token.scope, 'ggzdemo~31 ggzdemo~58');

  const ctx = await resolveAccessToken(store, token.access_token, Date.now());
  assert.ok(ctx);
  assert.equal(ctx.bsn, BSN);
  assert.equal(ctx.provider, 'ggzdemo');
  assert.deepEqual(ctx.services, ['31', '58']);
  assert.equal(ctx.clientId, 'localhost');
  assert.equal(ctx.auth.level, 'substantieel');
  assert.ok(Math.abs(ctx.auth.time - Date.now()) < 60_000);
  assert.ok(ctx.auth.assertionId.length > 0);
  const grant = await store.grants.get(ctx.grantId);
  assert.equal(grant?.longLived, false);

  // The session is gone: posting the form again gives a page, not a second code.
  const again = await b.post(new URL(form.action, base).href, { ...form.hidden, decision: 'approve' });
  assert.equal(again.status, 400);
  // No BSN in any log line.
  assert.ok(logLines.length > 0);
  assert.equal(logLines.filter((l) => l.includes(BSN)).length, 0);
});

test('deny: the PGO gets access_denied with its state, and no code', async () => {
  const b = new Browser();
  const form = readForm(await loginAndReachConsent(b, 'st-deny'));
  const res = await b.post(new URL(form.action, base).href, { ...form.hidden, decision: 'deny' });
  assert.equal(res.status, 303);
  const back = new URL(res.headers.get('location')!);
  assert.equal(`${back.origin}${back.pathname}`, redirectUri());
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.equal(back.searchParams.get('state'), 'st-deny');
  assert.equal(back.searchParams.get('code'), null);
});

test('long-lived consent is recorded only when the box is ticked', async () => {
  const b = new Browser();
  const form = readForm(await loginAndReachConsent(b, 'st-long'));
  const res = await b.post(new URL(form.action, base).href, {
    ...form.hidden,
    decision: 'approve',
    longLived: 'yes',
  });
  const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
  const tokenRes = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: 'localhost',
    }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const ctx = await resolveAccessToken(store, access_token, Date.now());
  assert.equal((await store.grants.get(ctx!.grantId))?.longLived, true);
});

test('the DigiD simulator publishes its discovery document and keys', async () => {
  const res = await fetch(`${base}/sim/digid/.well-known/openid-configuration`);
  assert.equal(res.status, 200);
  const doc = (await res.json()) as Record<string, unknown>;
  assert.equal(doc.issuer, `${base}/sim/digid`);
  assert.ok(String(doc.userinfo_endpoint).startsWith(`${base}/sim/digid/`));
  const jwks = (await (await fetch(String(doc.jwks_uri))).json()) as { keys: { kty: string; d?: string }[] };
  assert.equal(jwks.keys[0]?.kty, 'RSA');
  assert.equal(jwks.keys[0]?.d, undefined, 'no private key material');
});

test('a DigiD answer that cannot be verified gives the technical-failure page; a cancel goes back as access_denied', async () => {
  const b = new Browser();
  await b.redirectFrom(authorizeUrl('st-fail'));
  const res = await b.fetch(`${base}/oauth/digid/callback?code=forged&state=forged`);
  assert.equal(res.status, 500);
  const page = squash(await res.text());
  assert.match(page, /Technische storing/);
  assert.match(page, /<dt>Trace-id<\/dt><dd>[^<]+<\/dd><dt>Sessie<\/dt><dd>[0-9a-f]{16}<\/dd>/);

  const c = new Browser();
  await c.redirectFrom(authorizeUrl('st-cancel'));
  const back = new URL(await c.redirectFrom(`${base}/oauth/digid/callback?error=access_denied&state=x`));
  assert.equal(`${back.origin}${back.pathname}`, redirectUri());
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.equal(back.searchParams.get('state'), 'st-cancel');
});

test('the DigiD login page without its interaction cookie says the attempt expired', async () => {
  const b = new Browser();
  const toDigid = await b.redirectFrom(authorizeUrl('st-expired'));
  const loginUrl = await b.redirectFrom(toDigid);
  const stranger = new Browser();
  const res = await stranger.fetch(loginUrl);
  assert.equal(res.status, 400);
  assert.match(squash(await res.text()), /Deze inlogpoging is verlopen/);
});
