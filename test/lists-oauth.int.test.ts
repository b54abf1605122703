/**
 * The OAuth server reads its clients from the fetched OCL, the back channel's Whitelist and the consent
 * page's service names from the fetched lists (through app.ts, over real HTTP on 127.0.0.1, the MedMij
 * node simulator serving the lists): a PGO that is only on the OCL completes authorize -> DigiD -> consent
 * -> token, its client certificate (passed by a "proxy" header) checked against the fetched Whitelist;
 * once a newer OCL drops it, authorize refuses it. The demo client stays available beside the OCL.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { testConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { createLspClient, type LspClient } from '../src/aorta/index.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { ensurePki, type Pki } from '../src/sim/pki/index.ts';
import {
  combineRegistries,
  createMedmijLists,
  loadClientRegistry,
  type MedmijLists,
} from '../src/medmij/lists/index.ts';
import {
  gnlXml,
  oclXml,
  startMedmijNode,
  whitelistXml,
  type MedmijNodeSimulator,
} from '../src/sim/medmij-node/index.ts';
import { Browser, freePort, readForm, squash } from '../src/medmij/oauth/testing.ts';
import { resolveAccessToken } from '../src/medmij/oauth/resolve.ts';

const BSN = '999911120';
const PGO = 'brug.localhost'; // the CN of the test PKI's client certificate
const REDIRECT = `https://${PGO}/medmij/callback`;
let home: string;
let config: Config;
let base: string;
let node: MedmijNodeSimulator;
let lists: MedmijLists;
let store: Store;
let lsp: LspClient;
let app: FastifyInstance;
let pki: Pki;

before(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'brug-lists-oauth-'));
  const port = await freePort();
  config = testConfig(home, {
    BRUG_PORT: String(port),
    BRUG_LANDING_PAGE: 'off',
    BRUG_CLIENT_CERT_HEADER: 'x-ssl-client-cert',
  });
  base = config.publicUrl;
  pki = await ensurePki(path.join(home, 'pki'));
  node = await startMedmijNode({ dir: path.join(home, 'node') });
  node.put('MedMij_OAuthclientlist.xml', oclXml(10, [{ hostname: PGO, organisationName: 'Lijst PGO' }]));
  node.put('MedMij_Whitelist.xml', whitelistXml(20, [PGO]));
  node.put(
    'MedMij_Gegevensdienstnamenlijst.xml',
    gnlXml(30, [{ id: '31', name: 'Medicatiegegevens volgens de GNL' }]),
  );
  const logger = createLogger('silent');
  lists = createMedmijLists({
    baseUrl: node.url,
    dir: path.join(home, 'lists'),
    logger,
    intervalsMs: { zal: 3_600_000, ocl: 3_600_000, whitelist: 900_000, gnl: 3_600_000 },
  });
  const outcomes = await lists.refreshAll();
  assert.deepEqual(
    outcomes.map((o) => o.result),
    ['refused', 'ok', 'ok', 'ok'], // no ZAL on this node
  );
  store = await openStore(config);
  await store.providers.upsert({
    naam: 'ggzdemo',
    displayName: 'GGZ Demo Apotheek',
    ura: '90000101',
    applicationIds: ['900101'],
    services: [{ id: '31' }],
    status: 'live',
  });
  lsp = createLspClient(config.lsp, { logger });
  app = await buildApp(config, {
    store,
    lsp,
    logger,
    lists,
    clients: combineRegistries(lists.clients, loadClientRegistry(config)),
  });
  await app.listen({ port, host: '127.0.0.1' });
});

after(async () => {
  await app?.close();
  lsp?.close();
  await store?.close();
  await node?.close();
  rmSync(home, { recursive: true, force: true });
});

const authorize = (clientId: string, redirectUri: string, state: string): string =>
  `${base}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'ggzdemo~31', state }).toString()}`;

test('a PGO from the fetched OCL completes the flow; its certificate is checked against the fetched Whitelist', async () => {
  const b = new Browser();
  let next = await b.redirectFrom(authorize(PGO, REDIRECT, 'st-ocl'));
  assert.ok(next.startsWith(`${base}/sim/digid/`), next);
  const loginUrl = await b.redirectFrom(next);
  const login = readForm(squash(await (await b.fetch(loginUrl)).text()));
  const posted = await b.post(new URL(login.action, loginUrl).href, { ...login.hidden, bsn: BSN });
  next = new URL(posted.headers.get('location')!, loginUrl).href;
  for (let i = 0; i < 5 && !next.startsWith(`${base}/oauth/consent`); i++) next = await b.redirectFrom(next);
  const page = squash(await (await b.fetch(next)).text());
  assert.match(page, /Lijst PGO/, 'the organisation name from the OCL');
  assert.match(page, /<li>Medicatiegegevens volgens de GNL<\/li>/, 'the service name from the GNL');
  const consent = readForm(page);
  const approved = await b.post(
    new URL(consent.action, base).href,
    { ...consent.hidden, decision: 'approve' },
    { origin: base },
  );
  assert.equal(approved.status, 303);
  const back = new URL(approved.headers.get('location')!);
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
  const code = back.searchParams.get('code')!;

  const token = (headers: Record<string, string>): Promise<Response> =>
    fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: PGO,
      }),
    });
  // Without a certificate the client is refused (and the code is not spent).
  const bare = await token({});
  assert.equal(bare.status, 401);
  assert.equal(((await bare.json()) as { error: string }).error, 'invalid_client');
  const ok = await token({ 'x-ssl-client-cert': encodeURIComponent(pki.client.cert) });
  assert.equal(ok.status, 200, await ok.clone().text());
  const body = (await ok.json()) as { access_token: string; scope: string };
  assert.equal(body.scope, 'ggzdemo~31');
  const ctx = await resolveAccessToken(store, body.access_token, Date.now());
  assert.equal(ctx?.clientId, PGO);
  assert.equal(ctx?.provider, 'ggzdemo');

  const ready = (await (await fetch(`${base}/ready`)).json()) as {
    lists?: { list: string; volgnummer?: number }[];
  };
  assert.deepEqual(
    ready.lists?.map((l) => [l.list, l.volgnummer ?? null]),
    [
      ['zal', null],
      ['ocl', 10],
      ['whitelist', 20],
      ['gnl', 30],
    ],
  );
});

test('a newer OCL without the PGO takes it off; the demo client stays', async () => {
  node.put(
    'MedMij_OAuthclientlist.xml',
    oclXml(11, [{ hostname: 'andere.voorbeeld.nl', organisationName: 'Andere PGO' }]),
  );
  assert.equal((await lists.refresh('ocl')).result, 'ok');
  const refused = await fetch(authorize(PGO, REDIRECT, 'st-gone'), { redirect: 'manual' });
  assert.equal(refused.status, 400);
  assert.equal(refused.headers.get('location'), null, 'never redirected to an unknown client');
  const demo = await fetch(authorize('localhost', `${base}/sim/pgo/callback`, 'st-demo'), {
    redirect: 'manual',
  });
  assert.equal(demo.status, 302);
  assert.ok(demo.headers.get('location')?.startsWith(`${base}/sim/digid/`));
});
