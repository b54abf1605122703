/**
 * The demo PGO end to end over real HTTP on 127.0.0.1: start page -> authorize -> DigiD simulator ->
 * consent -> callback -> token over the back channel -> FHIR search (a stand-in route here, since the
 * FHIR server is wired in app.ts) -> table; and an OperationOutcome shown when the search fails.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig, type Config } from '../../config.ts';
import { openStore, type Store } from '../../store/index.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { loadClientRegistry } from '../../medmij/lists/index.ts';
import { oauthRoutes, resolveAccessToken } from '../../medmij/oauth/index.ts';
import { Browser, freePort, readForm, squash } from '../../medmij/oauth/testing.ts';
import { digidSimulator } from '../digid/index.ts';
import { pgoSimulator } from './index.ts';

let app: FastifyInstance;
let store: Store;
let config: Config;
let base: string;
const seen: {
  auth?: string;
  requestId?: string;
  correlationId?: string;
  categories: string[];
  bsn?: string;
} = { categories: [] };

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
  await store.providers.upsert({
    naam: 'huisartsdemo',
    displayName: 'Huisartsenpraktijk Demo',
    ura: '90000003',
    applicationIds: ['900003'],
    services: [{ id: '49' }],
    status: 'live',
  });
  app = Fastify();
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
  await app.register(pgoSimulator, { config, store });
  // Stand-ins for the FHIR routes.
  app.get('/fhir/ggzdemo/31/stu3/MedicationDispense', async (request) => {
    seen.auth = request.headers.authorization;
    seen.requestId = String(request.headers['medmij-request-id']);
    seen.correlationId = String(request.headers['x-correlation-id']);
    seen.categories.push(String((request.query as Record<string, unknown>).category));
    const ctx = await resolveAccessToken(
      store,
      (request.headers.authorization ?? '').replace(/^Bearer /, ''),
      Date.now(),
    );
    seen.bsn = ctx?.bsn;
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          fullUrl: `${base}/fhir/ggzdemo/31/stu3/Medication/m1`,
          resource: { resourceType: 'Medication', id: 'm1', code: { text: 'Quetiapine 25mg <tablet>' } },
        },
        {
          fullUrl: `${base}/fhir/ggzdemo/31/stu3/MedicationDispense/d1`,
          resource: {
            resourceType: 'MedicationDispense',
            id: 'd1',
            medicationReference: { reference: 'Medication/m1' },
            whenHandedOver: '2024-05-02',
            quantity: { value: 60, unit: 'stuk' },
            dosageInstruction: [{ text: '2 maal per dag 1 tablet' }],
          },
        },
      ],
    };
  });
  app.get('/fhir/huisartsdemo/49/stu3/Patient', async (_request, reply) =>
    reply.code(503).send({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'transient', diagnostics: 'Het LSP antwoordde niet op tijd' }],
    }),
  );
  await app.listen({ port, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await store.close();
});

/** From the start page's choice through DigiD and consent back to the PGO callback page. */
async function fetchVia(
  b: Browser,
  scope: string,
  bsn = '999911120',
  longLived = false,
): Promise<{ status: number; page: string }> {
  const start = squash(await (await b.fetch(`${base}/sim/pgo`)).text());
  assert.match(start, new RegExp(`<option value="${scope}">`));
  const { action } = readForm(start);
  let next = await b.redirectFrom(`${new URL(action, base).href}?scope=${encodeURIComponent(scope)}`);
  assert.ok(next.startsWith(`${base}/oauth/authorize?`));
  for (let i = 0; i < 5 && !next.includes('/sim/digid/login/'); i++) next = await b.redirectFrom(next);
  const login = readForm(await (await b.fetch(next)).text());
  next = new URL(
    (await b.post(new URL(login.action, next).href, { ...login.hidden, bsn })).headers.get('location')!,
    next,
  ).href;
  for (let i = 0; i < 5 && !next.startsWith(`${base}/oauth/consent`); i++) next = await b.redirectFrom(next);
  const consent = readForm(await (await b.fetch(next)).text());
  const back = (
    await b.post(new URL(consent.action, base).href, {
      ...consent.hidden,
      decision: 'approve',
      ...(longLived ? { longLived: 'yes' } : {}),
    })
  ).headers.get('location')!;
  assert.ok(back.startsWith(`${base}/sim/pgo/callback?code=`), back);
  const res = await b.fetch(back);
  return { status: res.status, page: squash(await res.text()) };
}

test('service 31: the PGO redeems the code and shows the dispenses as a table', async () => {
  const { status, page } = await fetchVia(new Browser(), 'ggzdemo~31');
  assert.equal(status, 200);
  assert.match(page, /GGZ Demo Apotheek — Verzamelen Medicatiegegevens 9\.0/);
  assert.match(
    page,
    /<tr><td>Quetiapine 25mg &lt;tablet&gt;<\/td><td>2024-05-02<\/td><td>60 stuk<\/td><td>2 maal per dag 1 tablet<\/td><\/tr>/,
  );
  assert.match(page, /<details><summary>Ruwe Bundle \(JSON\)<\/summary>/);
  assert.match(seen.auth ?? '', /^Bearer [0-9a-f-]{36}$/);
  assert.match(seen.requestId ?? '', /^[0-9a-f-]{36}$/);
  assert.match(seen.correlationId ?? '', /^[0-9a-f-]{36}$/);
  // One search per binding of 31, read from the registry: the 6.12 conversion and the MP 9 blocks.
  assert.ok(seen.categories.includes('http://snomed.info/sct|373784005,http://snomed.info/sct|422037009'));
  assert.ok(seen.categories.includes('http://snomed.info/sct|422037009'), 'the MP 9 TA search');
  assert.ok(seen.categories.includes('http://snomed.info/sct|373784005'), 'the MP 9 MVE search');
  for (const heading of [
    'Toedieningsafspraken',
    'Medicatieafspraken',
    'Verstrekkingsverzoeken',
    'Medicatiegebruik',
  ])
    assert.match(page, new RegExp(`<h3>${heading}</h3>`));
  assert.match(page, /MedicationRequest\?category=http:\/\/snomed\.info\/sct\|52711000146108/);
  assert.equal(seen.bsn, '999911120');
  assert.doesNotMatch(page, /999911120/);
});

test('a failing search shows its OperationOutcome', async () => {
  const { status, page } = await fetchVia(new Browser(), 'huisartsdemo~49');
  assert.equal(status, 502);
  assert.match(page, /De FHIR-zoekvraag mislukte/);
  assert.match(page, /<td>error<\/td><td>transient<\/td><td>Het LSP antwoordde niet op tijd<\/td>/);
});

test('a callback with a foreign state is refused', async () => {
  const b = new Browser();
  const res = await b.fetch(`${base}/sim/pgo/callback?code=x&state=forged`);
  assert.equal(res.status, 400);
  assert.match(squash(await res.text()), /hoort niet bij een verzoek van deze PGO/);
});

test('long-lived consent: the second visit fetches again with the refresh token, without DigiD', async () => {
  const b = new Browser();
  const before = squash(await (await b.fetch(`${base}/sim/pgo`)).text());
  assert.doesNotMatch(before, /Opnieuw ophalen zonder in te loggen/);
  const first = await fetchVia(b, 'ggzdemo~31', '999911120', true);
  assert.equal(first.status, 200);
  const firstToken = seen.auth;
  const firstCorrelation = seen.correlationId;

  const start = squash(await (await b.fetch(`${base}/sim/pgo`)).text());
  assert.match(start, /<a href="\/sim\/pgo\/refresh">Opnieuw ophalen zonder in te loggen<\/a>/);
  assert.doesNotMatch(start, /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}/, 'no token reaches the browser');
  const again = await b.fetch(`${base}/sim/pgo/refresh`);
  assert.equal(again.status, 200);
  assert.match(squash(await again.text()), /<td>Quetiapine 25mg &lt;tablet&gt;<\/td>/);
  assert.notEqual(seen.auth, firstToken, 'a new access token');
  assert.notEqual(seen.correlationId, firstCorrelation, 'a new X-Correlation-ID for the long-lived use');
  assert.equal(seen.bsn, '999911120');
  assert.equal((await b.fetch(`${base}/sim/pgo/refresh`)).status, 200, 'the rotated token works again');

  const none = await new Browser().fetch(`${base}/sim/pgo/refresh`);
  assert.equal(none.status, 400);
});

test('without long-lived consent there is no refresh token to keep', async () => {
  const b = new Browser();
  const first = await fetchVia(b, 'ggzdemo~31');
  assert.equal(first.status, 200);
  assert.equal((await b.fetch(`${base}/sim/pgo/refresh`)).status, 400);
});
