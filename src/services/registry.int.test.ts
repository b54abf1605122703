/**
 * Issue "Adding a data service that reuses existing translators needs only a registry entry": a data
 * service Brug does not ship (here a dispenses-only service, id 35, VZVZ's "gegevensdienst 35
 * medicatieverstrekkingen") is declared as data only: one service description and two search
 * bindings that reuse existing translators and their LSP queries (the 6.12 dispenses and the MP 9
 * dispenses), with the parameters and includes the new service accepts. Served by the real gateway
 * app, the real LSP client and the LSP/XIS simulator over mutual TLS, with no other code: the tests
 * show that the accepted parameters and includes, the CapabilityStatement, the scope, the category
 * routing and the search itself all follow from that one entry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type * as fhir from 'fhir';
import { buildApp } from '../app.ts';
import { createLspClient, type LspClient } from '../aorta/index.ts';
import { testConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { checkMedMijRules } from '../medmij/fhir/index.ts';
import { loadClientRegistry } from '../medmij/lists/index.ts';
import { issueTestToken } from '../medmij/oauth/index.ts';
import { freePort } from '../medmij/oauth/testing.ts';
import { BUILTIN_SIM_DATA } from '../sim/data/index.ts';
import { startLspSimulator, type LspSimulator } from '../sim/lsp/index.ts';
import { ensurePki } from '../sim/pki/index.ts';
import { seedDemoProviders } from '../onboarding/seed.ts';
import { openStore, type Store } from '../store/index.ts';
import { DEFAULT_DATA_SERVICES, type DataServiceInfo } from './catalogue.ts';
import { capabilityFor } from './capability.ts';
import { queryResponseTable } from './lsp-table.ts';
import { DISPENSE_612_CONVERSION, MEDICATION_CATEGORY, MP9_DISPENSES } from './medication-bindings.ts';
import { createRegistry, SEARCHES_BY_KIND, type SearchBinding } from './registry.ts';

const SNOMED = 'http://snomed.info/sct';
const PROVIDER = { naam: 'verstrekdemo', ura: '90000103', applicationId: '900103' };

/** The whole addition: a service description (configuration) and its searches (data). */
const DISPENSES: DataServiceInfo = {
  id: '35',
  kind: 'dispenses',
  name: 'Verzamelen Medicatieverstrekkingen (test)',
  systemRole: 'TEST-MVE-FHIR',
  fhirVersion: 'STU3',
  longLivedConsent: false,
};
const DISPENSE_SEARCHES: SearchBinding[] = [
  {
    ...DISPENSE_612_CONVERSION,
    name: 'dispenses-612',
    categories: [MEDICATION_CATEGORY.dispense],
    params: ['category', 'requestdate'],
    includes: ['MedicationDispense:medication'],
  },
  { ...MP9_DISPENSES, params: ['category', 'whenhandedover'], includes: ['MedicationDispense:medication'] },
];

let home: string;
let config: Config;
let sim: LspSimulator;
let store: Store;
let app: FastifyInstance;
const asked: string[] = [];
const logger = createLogger('silent');
const registry = createRegistry([...DEFAULT_DATA_SERVICES, DISPENSES], {
  ...SEARCHES_BY_KIND,
  dispenses: DISPENSE_SEARCHES,
});

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-'));
  const simPort = await freePort();
  config = testConfig(home, { BRUG_SIM_PORT: String(simPort) });
  await ensurePki(join(home, 'pki'));
  sim = await startLspSimulator({
    port: simPort,
    pkiDir: join(home, 'pki'),
    dataDirs: [BUILTIN_SIM_DATA],
    logger,
    providers: [{ applicationId: PROVIDER.applicationId, ura: PROVIDER.ura }],
  });
  store = await openStore(config);
  await seedDemoProviders(store);
  await store.providers.upsert({
    naam: PROVIDER.naam,
    displayName: 'Verstrekkingen Demo',
    ura: PROVIDER.ura,
    applicationIds: [PROVIDER.applicationId],
    services: [{ id: DISPENSES.id }],
    status: 'live',
  });
  const real = createLspClient(config.lsp, { logger });
  // The real client, observed: which queries the gateway sends.
  const lsp: LspClient = {
    ...real,
    query: (q, signal) => {
      asked.push(q.interaction);
      return real.query(q, signal);
    },
  };
  app = await buildApp(config, { store, lsp, clients: loadClientRegistry(config), logger, registry });
});

after(async () => {
  await app?.close();
  await store?.close();
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

function tokenFor(bsn: string, scope = `${PROVIDER.naam}~35`): Promise<string> {
  return issueTestToken(
    { config, store, clients: loadClientRegistry(config), logger, services: registry.services },
    { bsn, scope, clientId: 'localhost' },
  );
}

async function get(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...headers },
  });
  return { status: res.statusCode, body: res.body };
}

function dispensesUrl(params: [string, string][]): string {
  return `/fhir/${PROVIDER.naam}/35/stu3/MedicationDispense?${new URLSearchParams(params).toString()}`;
}

test('the CapabilityStatement of the new endpoint lists exactly what its entry declares', async () => {
  const res = await app.inject({ method: 'GET', url: `/fhir/${PROVIDER.naam}/35/stu3/metadata` });
  assert.equal(res.statusCode, 200);
  const cs = JSON.parse(res.body) as fhir.CapabilityStatement;
  assert.deepEqual(capabilityFor(registry, config, PROVIDER.naam, '35')?.rest, cs.rest);
  const resources = cs.rest?.[0]?.resource ?? [];
  assert.deepEqual(
    resources.map((r) => r.type),
    ['MedicationDispense'],
  );
  const md = resources[0]!;
  assert.deepEqual(md.searchParam?.map((p) => p.name).sort(), [
    '_id',
    'category',
    'requestdate',
    'whenhandedover',
  ]);
  assert.deepEqual(md.searchInclude, ['MedicationDispense:medication']);
  assert.deepEqual(
    cs.profile?.map((p) => p.reference),
    [DISPENSE_612_CONVERSION.profile, MP9_DISPENSES.profile],
    'both profiles, since they share the type',
  );
});

test('a search on the new service is routed by category to both bindings and answered through the reused translators', async () => {
  const params: [string, string][] = [
    ['category', `${SNOMED}|373784005`],
    ['_include', 'MedicationDispense:medication'],
  ];
  asked.length = 0;
  const res = await get(dispensesUrl(params), await tokenFor('999990032'));
  assert.equal(res.status, 200, res.body);
  const bundle = JSON.parse(res.body) as fhir.Bundle;
  assert.deepEqual(checkMedMijRules(bundle, params), []);
  assert.deepEqual(asked.sort(), ['QUMV_IN992211NL02', 'QURX_IN990111NL']);
  const matches = (bundle.entry ?? []).filter((e) => e.search?.mode === 'match');
  assert.ok(matches.length >= 4, `only ${matches.length} dispenses`);
  for (const m of matches)
    assert.equal((m.resource as fhir.MedicationDispense).category?.coding?.[0]?.code, '373784005');
  assert.ok((bundle.entry ?? []).some((e) => e.resource?.resourceType === 'Medication'));
  assert.doesNotMatch(res.body, /999990032/);
  // The MP 9 patient's dispenses come through the other binding, on the same search.
  const mp9 = JSON.parse((await get(dispensesUrl(params), await tokenFor('999990123'))).body) as fhir.Bundle;
  assert.deepEqual(
    (mp9.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource?.meta?.profile?.[0]),
    [MP9_DISPENSES.profile, MP9_DISPENSES.profile, MP9_DISPENSES.profile],
  );
});

test('the parameters and includes the entry declares are the ones the endpoint accepts', async () => {
  const token = await tokenFor('999990032');
  const all = await get(dispensesUrl([['category', `${SNOMED}|373784005`]]), token);
  const total = (JSON.parse(all.body) as fhir.Bundle).total ?? 0;
  // requestdate (declared) filters: nothing was dispensed in the future.
  const future = await get(dispensesUrl([['requestdate', 'ge2999-01-01']]), token);
  assert.equal((JSON.parse(future.body) as fhir.Bundle).total, 0);
  // periodofuse and the performer include are not declared here: ignored, and left out of the self link.
  const ignored = await get(
    dispensesUrl([
      ['category', `${SNOMED}|373784005`],
      ['periodofuse', 'ge2999-01-01'],
      ['_include', 'MedicationDispense:performer'],
    ]),
    token,
  );
  const b = JSON.parse(ignored.body) as fhir.Bundle;
  assert.equal(b.total, total, 'the undeclared filter did not filter');
  assert.ok(
    !(b.entry ?? []).some((e) => e.resource?.resourceType === 'Organization'),
    'no undeclared include',
  );
  assert.doesNotMatch(b.link?.find((l) => l.relation === 'self')?.url ?? '', /periodofuse|performer/);
  // With Prefer: handling=strict an undeclared parameter is refused, naming it.
  const strict = await get(dispensesUrl([['periodofuse', 'ge2026-01-01']]), token, {
    prefer: 'handling=strict',
  });
  assert.equal(strict.status, 400);
  assert.match(strict.body, /periodofuse/);
});

test('scope: the new service is reachable with its own scope only; a type it does not declare is 404', async () => {
  const own = await tokenFor('999990032');
  const other = await issueTestToken(
    { config, store, clients: loadClientRegistry(config), logger, services: registry.services },
    { bsn: '999990032', scope: 'ggzdemo~31', clientId: 'localhost' },
  );
  const res = await get(dispensesUrl([]), other);
  assert.equal(res.status, 403, 'a token for another provider and service');
  assert.match(res.body, /OperationOutcome/);
  await assert.rejects(tokenFor('999990032', `${PROVIDER.naam}~31`), /does not offer data service 31/);
  const req = await get(`/fhir/${PROVIDER.naam}/35/stu3/MedicationRequest`, own);
  assert.equal(req.status, 404);
  assert.match(req.body, /OperationOutcome/);
});

test('the simulator answers the new service from the same declarations', () => {
  const table = queryResponseTable({ dispenses: DISPENSE_SEARCHES });
  assert.deepEqual(
    table.filter((q) => q.query !== 'QUMT_IN020010NL').map((q) => [q.query, q.responses]),
    [
      ['QURX_IN990111NL', ['QURX_IN990113NL']],
      ['QUMV_IN992211NL02', ['QUMV_IN992213NL02']],
    ],
  );
});

test('a declaration the search tables cannot answer stops the registry with its name', () => {
  assert.throws(
    () =>
      createRegistry([DISPENSES], {
        dispenses: [{ ...MP9_DISPENSES, params: ['category', 'no-such-param'] }],
      }),
    /data service 35, binding mp9-mve: MedicationDispense has no search parameter 'no-such-param'/,
  );
  assert.throws(
    () => createRegistry([DISPENSES], { dispenses: [{ ...MP9_DISPENSES, includes: ['Nope:x'] }] }),
    /has no _include 'Nope:x'/,
  );
});

test('the shipped services are unchanged by the addition', () => {
  assert.equal(registry.get('31')?.searches.length, SEARCHES_BY_KIND['medication-612'].length);
  assert.equal(registry.get('58')?.searches[0]?.resourceType, 'AllergyIntolerance');
});
