/**
 * Onboarding and the fetched MedMij lists, over real sockets: the demo's MedMij node (its ZAL built
 * from our store, as MedMij publishes what a DVZA submitted) fetched by the real refresher. A name in
 * the fetched ZAL is taken; a submitted provider becomes "published" by the next ZAL refresh, not by a
 * button; and the demo node keeps counting its Volgnummer across a restart. A ZAL that fails its schema
 * (XSD, or our structural checks), has a lower Volgnummer, or cannot be fetched (node down) is refused:
 * the last good ZAL stays in force, so the names it holds stay taken and a provider only it would
 * publish stays submitted, until a good newer ZAL comes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig, type Config } from '../src/config.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { onboardingFor, onboardingRoutes, type Onboarding } from '../src/onboarding/index.ts';
import { DEFAULT_DATA_SERVICES } from '../src/services/catalogue.ts';
import { createRegistry } from '../src/services/registry.ts';
import {
  createMedmijLists,
  exportZal,
  loadListSchemas,
  zalEndpoints,
  type MedmijLists,
} from '../src/medmij/lists/index.ts';
import { startDemoMedmijNode } from '../src/sim/medmij-node/demo.ts';
import { startMedmijNode, type MedmijNodeSimulator } from '../src/sim/medmij-node/index.ts';
import { ELIGIBLE, submittedApplication } from './portal-support.ts';

const SCHEMAS = resolve(import.meta.dirname, '../../shared/fixtures/medmij/namespace-release2');
const haveSchemas = existsSync(SCHEMAS);

let home: string;
let config: Config;
let store: Store;
let node: MedmijNodeSimulator;
let lists: MedmijLists;
let app: FastifyInstance;
let onboarding: Onboarding;
const registry = createRegistry(DEFAULT_DATA_SERVICES);
const quiet = { info: () => undefined, warn: () => undefined };

/** The node's ZAL: our store's providers, plus one provider of another DVZA. */
async function zalProviders(): ReturnType<Store['providers']['list']> {
  const elsewhere = {
    naam: 'anderedvza',
    displayName: 'Elders',
    ura: '11111111',
    applicationIds: ['1'],
    services: [{ id: '31' }],
    status: 'live' as const,
  };
  return [...(await store.providers.list()), elsewhere];
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-portal-lists-'));
  config = testConfig(home);
  store = await openStore(config);
  node = await startDemoMedmijNode({
    home,
    providers: zalProviders,
    registry,
    endpoints: zalEndpoints(config),
  });
  lists = createMedmijLists({
    baseUrl: node.url,
    dir: join(home, 'lists'),
    intervalsMs: { zal: 3_600_000, ocl: 3_600_000, gnl: 3_600_000, whitelist: 900_000 },
    logger: quiet,
  });
  // The gateway's wiring: the portal plugin subscribes to the lists' refreshes.
  app = Fastify();
  await app.register(onboardingRoutes, { config, store, services: registry.services, registry, lists });
  await app.ready();
  onboarding = onboardingFor(config, store, registry.services, { lists, registry });
  await lists.refreshAll();
});

after(async () => {
  await app?.close();
  await node?.close();
  await store?.close();
  rmSync(home, { recursive: true, force: true });
});

test('a name in the fetched ZAL is taken, though no provider or application of ours holds it', async () => {
  assert.ok(lists.zalHasProvider('anderedvza'));
  const applied = await onboarding.apply({
    organisation: 'Huisartsen Wielewaal',
    ura: '90000203',
    agbCodes: '87654321',
    contactName: 'Wim',
    email: 'wim@wielewaal.example',
    applicationIds: '900204',
    system: 'winbase',
    systemOther: '',
    services: ['31'],
  });
  assert.deepEqual(applied.errors, []);
  const r = await onboarding.chooseName(applied.application!, 'anderedvza');
  assert.equal(r.problem, 'taken');
  assert.ok(r.proposals.length > 0 && !r.proposals.includes('anderedvza'));
});

test('a submitted provider becomes published with the next ZAL refresh, not by hand', async () => {
  const { app: application } = await submittedApplication(onboarding, 'delinde');
  await onboarding.approve(application.id, 'beheerder');
  await lists.refresh('zal');
  assert.equal((await store.providers.get('delinde'))?.status, 'approved', 'not yet submitted to MedMij');
  const before = lists.current('zal')!.volgnummer;

  const submission = await onboarding.submitToMedmij('delinde', 'beheerder');
  assert.equal(submission.name, 'delinde@medmij');
  assert.equal((await store.providers.get('delinde'))?.status, 'submitted');

  // The node now publishes it (a new Volgnummer); the refresh's listener promotes it.
  const outcome = await lists.refresh('zal');
  assert.equal(outcome.result, 'ok');
  assert.equal(outcome.volgnummer, before + 1);
  assert.ok(lists.zalHasProvider('delinde'));
  assert.equal((await store.providers.get('delinde'))?.status, 'published');
  const history = await store.applications.events(application.id);
  assert.ok(history.some((e) => e.action === 'provider-published' && e.actor === 'zal'));

  // The fetched entry carries the endpoints we submitted.
  const entry = lists.current('zal')!.providers.get('delinde@medmij')!;
  assert.deepEqual(
    entry.services.map((s) => [s.id, s.tokenEndpoint, s.systemRoles]),
    submission.services.map((s) => [s.id, s.tokenEndpoint, s.systemRoles]),
  );

  // By hand it is refused once lists are fetched (the portal's operator pages offer no button).
  await onboarding.goLive('delinde', 'beheerder');
  assert.equal((await store.providers.get('delinde'))?.status, 'live');
});

test("the demo node's Volgnummer survives a restart, so the last good copy is not refused", async () => {
  const held = lists.current('zal')!.volgnummer;
  await node.close();
  node = await startDemoMedmijNode({
    home,
    providers: zalProviders,
    registry,
    endpoints: zalEndpoints(config),
  });
  const again = createMedmijLists({
    baseUrl: node.url,
    dir: join(home, 'lists'),
    intervalsMs: { zal: 3_600_000, ocl: 3_600_000, gnl: 3_600_000, whitelist: 900_000 },
    logger: quiet,
  });
  await again.loadFromDisk();
  const outcome = await again.refresh('zal');
  assert.equal(outcome.result, 'unchanged', outcome.reason);
  assert.equal(outcome.volgnummer, held);
});

test('a ZAL with a bad schema, a lower Volgnummer or from an unreachable node leaves the last good ZAL in force', async () => {
  const ZAL = 'MedMij_Zorgaanbiederslijst.xml';
  const other = await startMedmijNode({ dir: join(home, 'node-refusals') });
  const fetched = createMedmijLists({
    baseUrl: other.url,
    dir: join(home, 'lists-refusals'),
    intervalsMs: { zal: 3_600_000, ocl: 3_600_000, gnl: 3_600_000, whitelist: 900_000 },
    logger: quiet,
    ...(haveSchemas ? { schemas: loadListSchemas(SCHEMAS) } : {}),
  });
  // The gateway's wiring again: each ZAL refresh that is not refused runs syncPublished.
  const gateway = Fastify();
  await gateway.register(onboardingRoutes, {
    config,
    store,
    services: registry.services,
    registry,
    lists: fetched,
  });
  await gateway.ready();
  try {
    const ops = onboardingFor(config, store, registry.services, { lists: fetched, registry });
    const zal = (volgnummer: number, names: string[]): string =>
      exportZal({
        providers: names.map((naam) => ({ naam, status: 'live' as const, services: [{ id: '31' }] })),
        registry,
        endpoints: zalEndpoints(config),
        volgnummer,
      }).xml;
    // Ours, submitted to MedMij and waiting for the ZAL to list it.
    await store.providers.upsert({
      naam: 'lindehof',
      displayName: 'Apotheek Lindehof',
      ura: '90000202',
      applicationIds: ['900203'],
      services: [{ id: '31' }],
      status: 'submitted',
    });
    const applicant = (await ops.apply({ ...ELIGIBLE, email: 'verderweg@proef.example' })).application!;

    other.put(ZAL, zal(5, ['verderweg']));
    assert.deepEqual(await fetched.refresh('zal'), { list: 'zal', result: 'ok', volgnummer: 5 });
    const inForce = async (why: string): Promise<void> => {
      assert.equal(fetched.current('zal')?.volgnummer, 5, why);
      assert.equal(fetched.zalHasProvider('verderweg'), true, why);
      assert.equal(fetched.zalHasProvider('lindehof'), false, why);
      assert.equal((await store.providers.get('lindehof'))?.status, 'submitted', `${why}: not published`);
      const named = await ops.chooseName(applicant, 'verderweg');
      assert.equal(named.problem, 'taken', `${why}: the name in the last good ZAL stays taken`);
    };
    await inForce('the first ZAL');

    // Every refused ZAL below would publish lindehof and free verderweg.
    if (haveSchemas) {
      // Passes our reader (an unknown element) but not MedMij_Zorgaanbiederslijst.xsd.
      other.put(
        ZAL,
        zal(6, ['lindehof']).replace('<Zorgaanbieders>', '<Opmerking>x</Opmerking><Zorgaanbieders>'),
      );
      const xsd = await fetched.refresh('zal');
      assert.equal(xsd.result, 'refused');
      assert.match(xsd.reason ?? '', /fails MedMij_Zorgaanbiederslijst\.xsd: line \d+: .*Opmerking/);
      await inForce('a ZAL failing its XSD');
    }
    other.put(ZAL, zal(6, ['lindehof']).replace('lindehof@medmij', 'Linde-Hof@medmij'));
    const structural = await fetched.refresh('zal');
    assert.equal(structural.result, 'refused');
    assert.match(structural.reason ?? '', /invalid Zorgaanbiedernaam "Linde-Hof@medmij"/);
    await inForce('a ZAL with an invalid name');

    other.put(ZAL, zal(4, ['lindehof']));
    assert.deepEqual(await fetched.refresh('zal'), {
      list: 'zal',
      result: 'refused',
      volgnummer: 5,
      reason: 'Volgnummer went down from 5 to 4',
    });
    await inForce('a ZAL with a lower Volgnummer');

    other.put(ZAL, zal(7, ['lindehof']));
    await other.down();
    try {
      const down = await fetched.refresh('zal');
      assert.equal(down.result, 'refused');
      assert.match(down.reason ?? '', /unreachable: ECONNREFUSED/);
      await inForce('an unreachable node');
    } finally {
      await other.up();
    }

    // The good newer ZAL is taken: lindehof is published by it, verderweg is free.
    assert.deepEqual(await fetched.refresh('zal'), { list: 'zal', result: 'ok', volgnummer: 7 });
    assert.equal((await store.providers.get('lindehof'))?.status, 'published');
    assert.equal((await ops.chooseName(applicant, 'verderweg')).problem, undefined);
  } finally {
    await gateway.close();
    await other.close();
  }
});
