/**
 * Back-channel client authentication over real TLS on 127.0.0.1: a Fastify HTTPS server that asks for
 * client certificates (test PKI from sim/pki), the MedMij Whitelist, and the reverse-proxy header.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig } from '../../config.ts';
import { ensurePki, type Pki } from '../../sim/pki/index.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { openStore, type Store } from '../../store/index.ts';
import { builtInDemoClients, staticRegistry, type NodeWhitelist } from '../lists/index.ts';
import { createAuthorizationCode } from './code.ts';
import { oauthRoutes } from './plugin.ts';
import { recordTestGrant } from './test-fixture.ts';

const REDIRECT = 'https://brug.localhost/callback';
let pki: Pki;
let store: Store;
let tlsApp: FastifyInstance;
let proxyApp: FastifyInstance;
let plainApp: FastifyInstance;
let port: number;
const listed = new Set(['brug.localhost', 'other.example.nl']);
const whitelist: NodeWhitelist = { has: (h) => listed.has(h) };

before(async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  pki = await ensurePki(path.join(home, 'pki'));
  const config = testConfig(home, { BRUG_PORT: '8080' });
  store = await openStore(config);
  await store.providers.upsert({
    naam: 'ggzdemo',
    displayName: 'GGZ Demo',
    ura: '90000002',
    applicationIds: ['900002'],
    services: [{ id: '31' }],
    status: 'live',
  });
  const clients = staticRegistry({
    ...builtInDemoClients(config.publicUrl),
    'brug.localhost': { hostname: 'brug.localhost', organisationName: 'Test PGO' },
    'other.example.nl': { hostname: 'other.example.nl', organisationName: 'Andere PGO' },
  });
  const deps = { config, store, clients, services: DEFAULT_DATA_SERVICES, whitelist };
  tlsApp = Fastify({
    https: {
      key: pki.server.key,
      cert: pki.server.cert,
      ca: pki.ca.cert,
      requestCert: true,
      rejectUnauthorized: false,
    },
  });
  await tlsApp.register(oauthRoutes, { ...deps, logger: tlsApp.log });
  await tlsApp.listen({ port: 0, host: '127.0.0.1' });
  port = (tlsApp.server.address() as { port: number }).port;
  proxyApp = Fastify();
  await proxyApp.register(oauthRoutes, {
    ...deps,
    logger: proxyApp.log,
    settings: { clientCertHeader: 'X-SSL-Client-Cert' },
  });
  plainApp = Fastify();
  await plainApp.register(oauthRoutes, { ...deps, logger: plainApp.log });
});
after(async () => {
  await tlsApp.close();
  await proxyApp.close();
  await plainApp.close();
  await store.close();
});

async function newCode(clientId: string): Promise<string> {
  const now = Date.now();
  const grant = await recordTestGrant(store, now, { longLived: false, clientId });
  return createAuthorizationCode(
    store,
    { grantId: grant.id, clientId, redirectUri: REDIRECT, scope: 'ggzdemo~31' },
    900,
    now,
  );
}

/** POSTs a form over TLS with an optional client certificate. */
function post(
  fields: Record<string, string>,
  cert?: { cert: string; key: string },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/oauth/token',
        method: 'POST',
        ca: pki.ca.cert,
        servername: 'localhost',
        ...(cert ?? {}),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const fields = async (clientId: string) => ({
  grant_type: 'authorization_code',
  code: await newCode(clientId),
  redirect_uri: REDIRECT,
  client_id: clientId,
});

test('a whitelisted certificate naming the client gets its token over mutual TLS', async () => {
  const res = await post(await fields('brug.localhost'), pki.client);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(typeof res.json.access_token, 'string');
});

test('no certificate, an untrusted one, or one of another node: invalid_client', async () => {
  const none = await post(await fields('brug.localhost'));
  assert.equal(none.status, 401);
  assert.deepEqual(none.json, {
    error: 'invalid_client',
    error_description: 'a client certificate is required',
  });

  const rogue = await post(await fields('brug.localhost'), pki.rogueClient);
  assert.equal(rogue.status, 401);
  assert.deepEqual(rogue.json, {
    error: 'invalid_client',
    error_description: 'the client certificate is not trusted',
  });

  const foreign = await post(await fields('other.example.nl'), pki.client);
  assert.equal(foreign.status, 401);
  assert.deepEqual(foreign.json, {
    error: 'invalid_client',
    error_description: 'the client certificate does not belong to this client_id',
  });
});

test('a certificate whose names left the Whitelist is refused', async () => {
  listed.delete('brug.localhost');
  try {
    const res = await post(await fields('brug.localhost'), pki.client);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json, {
      error: 'invalid_client',
      error_description: 'the client certificate is not on the MedMij Whitelist',
    });
  } finally {
    listed.add('brug.localhost');
  }
});

test('the loopback demo client needs no certificate in a test environment', async () => {
  const res = await post({
    grant_type: 'authorization_code',
    code: 'x',
    redirect_uri: 'http://127.0.0.1:8080/sim/pgo/callback',
    client_id: 'localhost',
  });
  assert.equal(res.status, 400);
  assert.equal(res.json.error, 'invalid_grant', 'past client authentication, the code is checked');
});

test("a trusted proxy's certificate header counts only when its name is configured", async () => {
  const header = { 'x-ssl-client-cert': encodeURIComponent(pki.client.cert) };
  const inject = async (app: FastifyInstance) =>
    app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...header },
      payload: new URLSearchParams(await fields('brug.localhost')).toString(),
    });
  const viaProxy = await inject(proxyApp);
  assert.equal(viaProxy.statusCode, 200, viaProxy.body);
  const ignored = await inject(plainApp);
  assert.equal(ignored.statusCode, 401);
  assert.equal(
    ignored.json<{ error_description: string }>().error_description,
    'a client certificate is required',
  );
  const garbage = await proxyApp.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-ssl-client-cert': 'not-a-cert' },
    payload: new URLSearchParams(await fields('brug.localhost')).toString(),
  });
  assert.equal(
    garbage.json<{ error_description: string }>().error_description,
    'the client certificate could not be read',
  );
});
