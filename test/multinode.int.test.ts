/**
 * Several gateway nodes on one database, as behind a load balancer: two real Brug processes
 * (`bin/brug.js serve`, own ports, one public URL, one audit key) share PostgreSQL when
 * BRUG_TEST_DATABASE_URL is set, else one SQLite file. A flow hops between them (authorize, DigiD
 * login and consent on A, token on B, search on either), one code redeemed 20 times at once across both
 * nodes yields exactly one token, and `brug audit verify` finds one intact chain written by both.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger } from '../src/log.ts';
import { ensurePki } from '../src/sim/pki/index.ts';
import { startLspSimulator, type LspSimulator } from '../src/sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from '../src/sim/data/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from '../src/onboarding/seed.ts';
import { Browser, freePort, readForm, squash } from '../src/medmij/oauth/testing.ts';
import {
  postgresTestDatabase,
  sqliteTestDatabase,
  testPostgresUrl,
  type TestDatabase,
} from '../src/store/testing.ts';

const BRUG = resolve(import.meta.dirname, '..', 'bin', 'brug.js');
const BRUGH = '999990032'; // four dispenses (src/sim/data/manifest.json)

/** One `brug serve` process. */
interface Node {
  name: string;
  url: string;
  proc: ChildProcess;
  output: () => string;
}

let home: string;
let db: TestDatabase;
let sim: LspSimulator;
let nodeA: Node;
let nodeB: Node;
/** The one address PGOs and browsers use (here: node A's; behind a load balancer: the balancer's). */
let publicUrl: string;
let nodeEnv: Record<string, string>;

/** Starts `brug serve` with the shared settings and its own port and home; resolves when /health answers. */
async function startNode(name: string, port: number): Promise<Node> {
  const nodeHome = join(home, name);
  mkdirSync(nodeHome, { recursive: true });
  const proc = spawn(process.execPath, [BRUG, 'serve'], {
    env: { ...nodeEnv, BRUG_HOME: nodeHome, BRUG_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}:\n${out}`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (Date.now() > until) throw new Error(`${name} did not answer /health in 20 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, url, proc, output: () => out };
}

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.proc.exitCode !== null) return;
  const exited = new Promise<void>((ok) => node.proc.once('exit', () => ok()));
  node.proc.kill('SIGTERM');
  await exited;
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-nodes-'));
  db = testPostgresUrl() ? postgresTestDatabase() : sqliteTestDatabase();
  const pkiDir = join(home, 'pki');
  const [portA, portB, simPort] = [await freePort(), await freePort(), await freePort()];
  await ensurePki(pkiDir);
  sim = await startLspSimulator({
    port: simPort,
    pkiDir,
    dataDirs: [BUILTIN_SIM_DATA],
    logger: createLogger('silent'),
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  // The providers, seeded once through a store of our own on the shared database (also migrating it).
  const store = await db.open();
  try {
    await seedDemoProviders(store);
  } finally {
    await store.close();
  }
  publicUrl = `http://localhost:${portA}`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  nodeEnv = {
    ...(clean as Record<string, string>),
    BRUG_ENV: 'test',
    BRUG_LOG_LEVEL: 'warn',
    // What every node behind one balancer shares: the public URL, the database and the audit key.
    BRUG_PUBLIC_URL: publicUrl,
    BRUG_DATABASE_URL: db.url,
    BRUG_AUDIT_KEY: db.key.toString('hex'),
    BRUG_SIM_PORT: String(simPort),
    BRUG_LSP_CA: join(pkiDir, 'ca.pem'),
    BRUG_LSP_CERT: join(pkiDir, 'brug-client.pem'),
    BRUG_LSP_KEY: join(pkiDir, 'brug-client.key'),
  };
  [nodeA, nodeB] = await Promise.all([startNode('node-a', portA), startNode('node-b', portB)]);
});

after(async () => {
  await Promise.all([stopNode(nodeA), stopNode(nodeB)]);
  await sim?.close();
  await db?.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** Walks the browser flow on node A (landing, DigiD simulator, consent) and returns the code. */
async function authorizeOnA(redirectUri: string): Promise<string> {
  const b = new Browser();
  const onA = (u: string): string => u.replace(publicUrl, nodeA.url);
  const authorize = `${nodeA.url}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'localhost',
    redirect_uri: redirectUri,
    scope: 'ggzdemo~31',
    state: 'hop',
  }).toString()}`;
  const landingUrl = onA(await b.redirectFrom(authorize));
  const landing = squash(await (await b.fetch(landingUrl)).text());
  const landingForm = readForm(landing);
  let url = new URL(
    (
      await b.post(new URL(landingForm.action, landingUrl).href, { ...landingForm.hidden, action: 'login' })
    ).headers.get('location')!,
    landingUrl,
  ).href;
  for (let i = 0; i < 3 && !onA(url).startsWith(`${nodeA.url}/sim/digid`); i++)
    url = await b.redirectFrom(onA(url));
  url = await b.redirectFrom(onA(url));
  const login = squash(await (await b.fetch(onA(url))).text());
  const loginForm = readForm(login);
  let next = new URL(
    (
      await b.post(onA(new URL(loginForm.action, onA(url)).href), { ...loginForm.hidden, bsn: BRUGH })
    ).headers.get('location')!,
    onA(url),
  ).href;
  for (let i = 0; i < 6 && !onA(next).startsWith(`${nodeA.url}/oauth/consent`); i++)
    next = await b.redirectFrom(onA(next));
  const consent = squash(await (await b.fetch(onA(next))).text());
  const consentForm = readForm(consent);
  const approved = await b.post(onA(new URL(consentForm.action, nodeA.url).href), {
    ...consentForm.hidden,
    decision: 'approve',
  });
  const back = new URL(approved.headers.get('location')!);
  assert.equal(`${back.origin}${back.pathname}`, redirectUri);
  return back.searchParams.get('code')!;
}

function redeem(node: Node, code: string, redirectUri: string): Promise<Response> {
  return fetch(`${node.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'MedMij-Request-ID': crypto.randomUUID(),
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'localhost',
    }),
  });
}

function search(node: Node, token: string): Promise<Response> {
  return fetch(`${node.url}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${token}`, 'MedMij-Request-ID': crypto.randomUUID() },
  });
}

test('two brug serve processes on one database: authorize on A, token on B, search on either', async () => {
  assert.notEqual(nodeA.proc.pid, nodeB.proc.pid);
  const redirectUri = `${publicUrl}/sim/pgo/callback`;
  const code = await authorizeOnA(redirectUri);
  const res = await redeem(nodeB, code, redirectUri);
  assert.equal(res.status, 200, await res.clone().text());
  const { access_token: token } = (await res.json()) as { access_token: string };
  for (const node of [nodeA, nodeB]) {
    const found = await search(node, token);
    assert.equal(found.status, 200, `search on ${node.name}`);
    const text = await found.text();
    assert.doesNotMatch(text, new RegExp(BRUGH), 'the BSN never reaches the PGO');
    const bundle = JSON.parse(text) as {
      entry?: { resource?: { resourceType: string; meta?: { profile?: string[] } } }[];
    };
    // Without a category both halves of each dispense come back: the dispense and its administration agreement.
    const profiles = (bundle.entry ?? []).map((e) => e.resource?.meta?.profile?.[0] ?? '');
    assert.equal(profiles.filter((p) => p.endsWith('-Dispense')).length, 4);
    assert.equal(profiles.filter((p) => p.endsWith('-AdministrationAgreement')).length, 4);
  }
  // Both nodes wrote to one audit chain: `brug audit verify` on the shared database finds it intact.
  const verify = spawnSync(process.execPath, [BRUG, 'audit', 'verify'], {
    env: { ...nodeEnv, BRUG_HOME: join(home, 'verify') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const records = Number(/intact: (\d+) records/.exec(verify.stdout)?.[1]);
  assert.ok(records >= 2, `both searches are recorded (${records} records)`);
});

test('one code redeemed 20 times at once across both processes: exactly one token, the rest invalid_grant', async () => {
  const redirectUri = `${publicUrl}/sim/pgo/callback`;
  const code = await authorizeOnA(redirectUri);
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const res = await redeem(i % 2 === 0 ? nodeA : nodeB, code, redirectUri);
      return { status: res.status, body: (await res.json()) as { error?: string; access_token?: string } };
    }),
  );
  const won = answers.filter((a) => a.status === 200);
  assert.equal(won.length, 1, JSON.stringify(answers.map((a) => a.status)));
  assert.ok(won[0]?.body.access_token);
  const lost = answers.filter((a) => a.status !== 200);
  assert.equal(lost.length, 19);
  for (const a of lost) {
    assert.equal(a.status, 400);
    assert.equal(a.body.error, 'invalid_grant');
  }
  // A replayed code revokes its grant (RFC 6749 section 4.1.2), seen by every node: the token that won
  // is refused on both.
  const token = won[0]?.body.access_token ?? '';
  for (const node of [nodeA, nodeB]) assert.equal((await search(node, token)).status, 401, `on ${node.name}`);
});

test('both nodes stop cleanly on SIGTERM', async () => {
  const codes = await Promise.all(
    [nodeA, nodeB].map(
      (n) =>
        new Promise<number | null>((ok) => {
          n.proc.once('exit', (code) => ok(code));
          n.proc.kill('SIGTERM');
        }),
    ),
  );
  assert.deepEqual(codes, [0, 0], `${nodeA.output()}\n${nodeB.output()}`);
});
