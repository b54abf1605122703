/**
 * Issue "Adding a data service that reuses existing translators needs only a registry entry": a data
 * service Brug does not ship (here a dispenses-only service, id 35, VZVZ's "gegevensdienst 35
 * medicatieverstrekkingen") is declared as data only: one service description and one search binding
 * that reuses the 6.12 dispense translator and its LSP query. Served by the real gateway app, the real
 * LSP client and the LSP/XIS simulator over mutual TLS, with no other code.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type * as fhir from 'fhir';
import { buildApp } from '../app.ts';
import { createLspClient } from '../aorta/index.ts';
import { testConfig, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { checkMedMijRules } from '../medmij/fhir/index.ts';
import { loadClientRegistry } from '../medmij/lists/index.ts';
import { issueTestToken } from '../medmij/oauth/index.ts';
import { freePort } from '../medmij/oauth/testing.ts';
import { BUILTIN_SIM_DATA } from '../sim/data/index.ts';
import { startLspSimulator, type LspSimulator } from '../sim/lsp/index.ts';
import { ensurePki } from '../sim/pki/index.ts';
import { openStore, type Store } from '../store/index.ts';
import { DEFAULT_DATA_SERVICES, type DataServiceInfo } from './catalogue.ts';
import { capabilityFor } from './capability.ts';
import { createRegistry, SEARCHES_BY_KIND, type SearchBinding } from './registry.ts';

const SNOMED = 'http://snomed.info/sct';
const PROVIDER = { naam: 'verstrekdemo', ura: '90000103', applicationId: '900103' };

/** The whole addition: a service description (configuration) and its searches (data). */
const DISPENSES: DataServiceInfo = {
  id: '35',
  kind: 'dispenses-612',
  name: 'Verzamelen Medicatieverstrekkingen (test)',
  systemRole: 'TEST-MVE-FHIR',
  fhirVersion: 'STU3',
  longLivedConsent: false,
};
const reused = SEARCHES_BY_KIND['medication-612'][0]!;
const DISPENSE_SEARCHES: SearchBinding[] = [
  { ...reused, params: ['category', 'requestdate'], includes: ['MedicationDispense:medication'] },
];

let home: string;
let config: Config;
let sim: LspSimulator;
let store: Store;
let app: FastifyInstance;
const logger = createLogger('silent');
const registry = createRegistry([...DEFAULT_DATA_SERVICES, DISPENSES], {
  ...SEARCHES_BY_KIND,
  'dispenses-612': DISPENSE_SEARCHES,
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
  await store.providers.upsert({
    naam: PROVIDER.naam,
    displayName: 'Verstrekkingen Demo',
    ura: PROVIDER.ura,
    applicationIds: [PROVIDER.applicationId],
    services: [{ id: DISPENSES.id }],
    status: 'live',
  });
  const lsp = createLspClient(config.lsp, { logger });
  app = await buildApp(config, { store, lsp, clients: loadClientRegistry(config), logger, registry });
});

after(async () => {
  await app?.close();
  await store?.close();
  await sim?.close();
  rmSync(home, { recursive: true, force: true });
});

test('the new service is in the registry and its CapabilityStatement lists only its own search', () => {
  assert.equal(
    registry.get('35')?.searches[0]?.feeds[0]?.translate,
    reused.feeds[0]?.translate,
    'the 6.12 translator, reused',
  );
  const cs = capabilityFor(registry, config, PROVIDER.naam, '35');
  const resources = cs?.rest?.[0]?.resource ?? [];
  assert.deepEqual(
    resources.map((r) => r.type),
    ['MedicationDispense'],
  );
});

test('a search on the new service is answered from the LSP through the reused translator', async () => {
  const token = await issueTestToken(
    { config, store, clients: loadClientRegistry(config), logger, services: registry.services },
    { bsn: '999990032', scope: `${PROVIDER.naam}~35`, clientId: 'localhost' },
  );
  const params: [string, string][] = [
    ['category', `${SNOMED}|373784005`],
    ['_include', 'MedicationDispense:medication'],
  ];
  const res = await app.inject({
    method: 'GET',
    url: `/fhir/${PROVIDER.naam}/35/stu3/MedicationDispense?${new URLSearchParams(params).toString()}`,
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const bundle = JSON.parse(res.body) as fhir.Bundle;
  assert.deepEqual(checkMedMijRules(bundle, params), []);
  const matches = (bundle.entry ?? []).filter((e) => e.search?.mode === 'match');
  assert.ok(matches.length >= 4, `only ${matches.length} dispenses`);
  for (const m of matches)
    assert.equal((m.resource as fhir.MedicationDispense).category?.coding?.[0]?.code, '373784005');
  assert.ok((bundle.entry ?? []).some((e) => e.resource?.resourceType === 'Medication'));
  assert.doesNotMatch(res.body, /999990032/);
});

test('the shipped services are unchanged by the addition', () => {
  assert.equal(registry.get('31')?.searches.length, SEARCHES_BY_KIND['medication-612'].length);
  assert.equal(registry.get('58')?.searches[0]?.resourceType, 'AllergyIntolerance');
});
