import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { testConfig, loadConfig } from '../config.ts';
import { PRODUCTION_BASICS } from '../config.test-util.ts';
import { freePort } from '../medmij/oauth/testing.ts';
import { digidSimulator } from '../sim/digid/index.ts';
import { LoginError, oidcPatientLogin } from './oidc-login.ts';

const home = (): string => mkdtempSync(path.join(os.tmpdir(), 'brug-'));

test('a plain-http DigiD broker is refused outside test environments', () => {
  const config = loadConfig({
    ...PRODUCTION_BASICS,
    BRUG_HOME: home(),
    BRUG_OIDC_ISSUER: 'http://broker.example.nl',
    BRUG_OIDC_CLIENT_SECRET: 's',
    BRUG_AUDIT_KEY: 'ab'.repeat(32),
    BRUG_LSP_CA: '/x/ca.pem',
    BRUG_LSP_CERT: '/x/c.pem',
    BRUG_LSP_KEY: '/x/k.pem',
  });
  assert.throws(
    () => oidcPatientLogin(config),
    (e: unknown) => e instanceof LoginError && /https/.test(e.message),
  );
});

test('an unreachable broker fails the start with a LoginError (and is retried on the next call)', async () => {
  const port = await freePort();
  const login = oidcPatientLogin(
    testConfig(home(), { BRUG_OIDC_ISSUER: `http://127.0.0.1:${port}/sim/digid` }),
  );
  await assert.rejects(login.start(), (e: unknown) => e instanceof LoginError && /discovery/.test(e.message));
  await assert.rejects(login.start(), LoginError);
});

test('start asks for a fresh login with state, nonce and PKCE; a broker error ends the login as cancelled', async () => {
  const port = await freePort();
  const config = testConfig(home(), { BRUG_PORT: String(port) });
  const app = Fastify();
  await app.register(digidSimulator, {
    issuer: config.oidc.issuer,
    clientId: config.oidc.clientId,
    clientSecret: config.oidc.clientSecret,
    redirectUris: [`${config.publicUrl}/oauth/digid/callback`],
  });
  await app.listen({ port, host: '127.0.0.1' });
  try {
    const login = oidcPatientLogin(config);
    const { url, pending } = await login.start();
    const u = new URL(url);
    assert.equal(u.origin + u.pathname.replace(/\/auth$/, ''), config.oidc.issuer);
    assert.equal(u.searchParams.get('client_id'), 'brug');
    assert.equal(u.searchParams.get('redirect_uri'), `${config.publicUrl}/oauth/digid/callback`);
    assert.equal(u.searchParams.get('state'), pending.state);
    assert.equal(u.searchParams.get('nonce'), pending.nonce);
    assert.equal(u.searchParams.get('prompt'), 'login');
    assert.equal(u.searchParams.get('max_age'), '0');
    assert.ok((u.searchParams.get('code_challenge') ?? '').length >= 43);
    const cancelled = new URL(
      `${config.publicUrl}/oauth/digid/callback?error=access_denied&state=${pending.state}`,
    );
    await assert.rejects(
      login.finish(cancelled, pending),
      (e: unknown) => e instanceof LoginError && e.cancelled,
    );
    const forged = new URL(`${config.publicUrl}/oauth/digid/callback?code=abc&state=other`);
    await assert.rejects(
      login.finish(forged, pending),
      (e: unknown) => e instanceof LoginError && !e.cancelled,
    );
  } finally {
    await app.close();
  }
});
