/**
 * `brug lists export-zal` and `brug lists refresh` as an operator runs them: real processes against a
 * real SQLite store and the MedMij node simulator over HTTP. The exported document validates against
 * ../shared's `namespace-release2/MedMij_Zorgaanbiederslijst.xsd` and lists only live providers.
 * With no settings at all, `brug lists refresh` fetches from a running `brug demo`'s own MedMij node
 * (found through its home folder), and `brug providers publish` is refused there, as the demo's ZAL
 * decides "published"; once the demo stops, the node is no longer found.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testConfig } from '../src/config.ts';
import { openStore } from '../src/store/index.ts';
import { processTestDatabase } from '../src/store/testing.ts';
import { freePort } from '../src/medmij/oauth/testing.ts';
import { DEMO_NODE_FILE } from '../src/medmij/lists/demo-node.ts';
import { loadListSchemas, parseZorgaanbiederslijst } from '../src/medmij/lists/index.ts';
import {
  gnlXml,
  oclXml,
  startMedmijNode,
  whitelistXml,
  type MedmijNodeSimulator,
} from '../src/sim/medmij-node/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BRUG = join(ROOT, 'bin', 'brug.js');
const SCHEMAS = resolve(ROOT, '../shared/fixtures/medmij/namespace-release2');
const noShared = !existsSync(SCHEMAS) && 'needs ../shared/fixtures/medmij (absent)';

let home: string;
let env: NodeJS.ProcessEnv;
let node: MedmijNodeSimulator;

/** Runs `brug` asynchronously (the simulator in this process must keep answering). */
function brug(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BRUG, ...args], { env: { ...env, ...extra } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-lists-cli-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  const config = testConfig(home);
  // The child processes open the same database (a PostgreSQL schema when BRUG_TEST_DATABASE_URL is set).
  env = { ...clean, BRUG_HOME: home, BRUG_LOG_LEVEL: 'warn', BRUG_DATABASE_URL: config.databaseUrl };
  const store = await openStore(config);
  const base = { ura: '90000101', applicationIds: ['900101'] };
  await store.providers.upsert({
    ...base,
    naam: 'ggzdemo',
    displayName: 'GGZ Demo',
    services: [{ id: '31' }, { id: '58' }],
    status: 'live',
  });
  await store.providers.upsert({
    ...base,
    naam: 'huisartsdemo',
    displayName: 'Huisarts',
    services: [{ id: '49' }],
    status: 'live',
  });
  await store.providers.upsert({
    ...base,
    naam: 'geschorst',
    displayName: 'Geschorst',
    services: [{ id: '31' }],
    status: 'suspended',
  });
  await store.providers.upsert({
    ...base,
    naam: 'nogniet',
    displayName: 'Goedgekeurd',
    services: [{ id: '31' }],
    status: 'approved',
  });
  await store.close();
  node = await startMedmijNode({ dir: join(home, 'node') });
});
after(async () => {
  await node.close();
  rmSync(home, { recursive: true, force: true });
});

test(
  'export-zal prints the live providers as a ZAL that validates against the release2 XSD',
  { skip: noShared },
  async () => {
    const r = await brug(['lists', 'export-zal', '--volgnummer', '17'], {
      BRUG_MEDMIJ_SCHEMAS: SCHEMAS,
      BRUG_BACKCHANNEL_URL: 'https://api.brug.example.nl:8443',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await loadListSchemas(SCHEMAS).validate('zal', r.stdout), []);
    const zal = parseZorgaanbiederslijst(r.stdout, 'stdout');
    assert.equal(zal.volgnummer, 17);
    assert.deepEqual([...zal.providers.keys()], ['ggzdemo@medmij', 'huisartsdemo@medmij']);
    const ggz = zal.providers.get('ggzdemo@medmij')!;
    assert.deepEqual(
      ggz.services.map((s) => [s.id, s.systemRoles.map((x) => x.code)]),
      [
        ['31', ['MP-9.0.7-MGB-FHIR']],
        ['58', ['MM-2.A-AIB-FHIR']],
      ],
    );
    assert.deepEqual(ggz.services[0], {
      id: '31',
      authorizationEndpoint: 'https://brug.example.nl/oauth/authorize',
      tokenEndpoint: 'https://api.brug.example.nl:8443/oauth/token',
      systemRoles: [
        {
          code: 'MP-9.0.7-MGB-FHIR',
          resourceEndpoint: 'https://api.brug.example.nl:8443/fhir/ggzdemo/31/stu3',
        },
      ],
    });
    assert.equal(
      zal.providers.get('huisartsdemo@medmij')?.services[0]?.systemRoles[0]?.code,
      'MM-2.0-HGB-FHIR',
    );
  },
);

test('export-zal refuses endpoint URLs the ZAL schema would refuse, naming the setting', async () => {
  const r = await brug(['lists', 'export-zal'], { BRUG_ZAL_URL: 'https://brug.example.nl:9443' });
  assert.equal(r.status, 78);
  assert.match(r.stderr, /BRUG_ZAL_URL .*no port/);
  assert.equal(r.stdout, '');
});

test('refresh prints ok, unchanged and refused per list and keeps the last good copies', async () => {
  node.put(
    'MedMij_Zorgaanbiederslijst.xml',
    (await brug(['lists', 'export-zal', '--volgnummer', '5'])).stdout,
  );
  node.put(
    'MedMij_OAuthclientlist.xml',
    oclXml(3, [{ hostname: 'pgo.voorbeeld.nl', organisationName: 'Voorbeeld PGO' }]),
  );
  node.put('MedMij_Whitelist.xml', whitelistXml(8, ['pgo.voorbeeld.nl']));
  node.put('MedMij_Gegevensdienstnamenlijst.xml', gnlXml(2, [{ id: '31', name: 'Medicatiegegevens' }]));
  const listsEnv = { BRUG_MEDMIJ_LISTS_URL: node.url, ...(noShared ? {} : { BRUG_MEDMIJ_SCHEMAS: SCHEMAS }) };
  const first = await brug(['lists', 'refresh'], listsEnv);
  assert.equal(first.status, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /^zal +ok +Volgnummer 5 +\(Zorgaanbiederslijst\)$/m);
  assert.match(first.stdout, /^ocl +ok +Volgnummer 3 /m);
  assert.match(first.stdout, /^whitelist +ok +Volgnummer 8 /m);
  assert.match(first.stdout, /^gnl +ok +Volgnummer 2 /m);

  node.put('MedMij_Whitelist.xml', whitelistXml(7, ['ander.voorbeeld.nl']));
  node.fail('MedMij_OAuthclientlist.xml', 500);
  const second = await brug(['lists', 'refresh'], listsEnv);
  assert.equal(second.status, 1);
  assert.match(second.stdout, /^zal +unchanged +Volgnummer 5 /m);
  assert.match(second.stdout, /^ocl +refused +HTTP 500 from 127\.0\.0\.1:\d+; keeping Volgnummer 3 /m);
  assert.match(
    second.stdout,
    /^whitelist +refused +Volgnummer went down from 8 to 7; keeping Volgnummer 8 /m,
  );
  assert.match(readFileSync(join(home, 'lists', 'MedMij_Whitelist.xml'), 'utf8'), /pgo\.voorbeeld\.nl/);
  node.heal();

  const unset = await brug(['lists', 'refresh']);
  assert.equal(unset.status, 78);
  assert.match(unset.stderr, /BRUG_MEDMIJ_LISTS_URL is not set/);
});

test("with no settings, refresh fetches from the running demo's own node; publish by hand is refused there", async () => {
  const demoHome = mkdtempSync(join(tmpdir(), 'brug-lists-demo-'));
  const db = processTestDatabase(demoHome);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  // Only where the demo lives and its ports: no BRUG_MEDMIJ_LISTS_URL anywhere.
  const demoEnv: NodeJS.ProcessEnv = {
    ...clean,
    BRUG_HOME: demoHome,
    BRUG_PORT: String(await freePort()),
    BRUG_SIM_PORT: String(await freePort()),
    BRUG_LOG_LEVEL: 'warn',
    ...db.env,
  };
  const run = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((done) => {
      const child = spawn(process.execPath, [BRUG, ...args], { env: demoEnv });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (status) => done({ status, stdout, stderr }));
    });
  let demo: ChildProcess | undefined;
  try {
    // Before the demo runs there is no node to find.
    const before = await run(['lists', 'refresh']);
    assert.equal(before.status, 78);
    assert.match(before.stderr, /BRUG_MEDMIJ_LISTS_URL is not set .*no demo/);

    demo = spawn(process.execPath, [BRUG, 'demo'], { env: demoEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    demo.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
    demo.stderr!.resume();
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`demo did not start in 30 s:\n${printed}`)), 30_000);
      demo!.stdout!.on('data', () => {
        if (!printed.includes('Press Ctrl+C')) return;
        clearTimeout(timer);
        ok();
      });
      demo!.once('exit', (code) => fail(new Error(`demo exited with ${code}:\n${printed}`)));
    });
    const nodeUrl = /MedMij node \(lists\) +(http:\/\/127\.0\.0\.1:\d+)/.exec(printed)![1]!;
    assert.equal(
      (JSON.parse(readFileSync(join(demoHome, DEMO_NODE_FILE), 'utf8')) as { url: string }).url,
      nodeUrl,
    );

    const refreshed = await run(['lists', 'refresh']);
    assert.equal(refreshed.status, 0, refreshed.stdout + refreshed.stderr);
    for (const list of ['zal', 'ocl', 'whitelist', 'gnl'])
      assert.match(refreshed.stdout, new RegExp(`^${list} +(ok|unchanged) +Volgnummer \\d+ `, 'm'));
    // What it fetched is the demo's ZAL: the seeded live providers.
    const zal = parseZorgaanbiederslijst(
      readFileSync(join(demoHome, 'lists', 'MedMij_Zorgaanbiederslijst.xml'), 'utf8'),
      'zal',
    );
    assert.deepEqual([...zal.providers.keys()].sort(), ['ggzdemo@medmij', 'huisartsdemo@medmij']);

    const byHand = await run(['providers', 'publish', 'ggzdemo']);
    assert.equal(byHand.status, 1);
    assert.ok(
      byHand.stderr.includes(`the running demo's MedMij node (${nodeUrl})`) &&
        /"published" follows from the fetched ZAL/.test(byHand.stderr),
      byHand.stderr,
    );

    // Stopped, the demo takes its record with it: the node is no longer found.
    const exited = new Promise((ok) => demo!.once('exit', ok));
    demo.kill('SIGTERM');
    await exited;
    assert.equal(existsSync(join(demoHome, DEMO_NODE_FILE)), false);
    const stopped = await run(['lists', 'refresh']);
    assert.equal(stopped.status, 78);
    assert.match(stopped.stderr, /BRUG_MEDMIJ_LISTS_URL is not set/);

    // A record left by a demo that was killed (its process is gone) is ignored.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(demoHome, DEMO_NODE_FILE), JSON.stringify({ url: nodeUrl, pid: gone }));
    assert.equal((await run(['lists', 'refresh'])).status, 78);
    // The same record naming a live process is taken (and its closed node then refused as unreachable).
    writeFileSync(join(demoHome, DEMO_NODE_FILE), JSON.stringify({ url: nodeUrl, pid: process.pid }));
    const stale = await run(['lists', 'refresh']);
    assert.equal(stale.status, 1);
    assert.match(stale.stdout, /^zal +refused +.*unreachable/m);
  } finally {
    if (demo && demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
    await db.dispose();
    rmSync(demoHome, { recursive: true, force: true });
  }
});
