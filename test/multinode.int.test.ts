/**
 * Several gateway nodes on one database, as behind a load balancer: two Brug processes' worth of
 * gateways (own ports, one public URL, one audit key) share PostgreSQL when BRUG_TEST_DATABASE_URL is
 * set, else one SQLite file. A flow hops between them (authorize on A, token on B, search on either),
 * and one code redeemed 20 times at once across both nodes yields exactly one token.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { ensurePki } from '../src/sim/pki/index.ts';
import { startLspSimulator, type LspSimulator } from '../src/sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from '../src/sim/data/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from '../src/onboarding/seed.ts';
import { Browser, freePort, readForm, squash } from '../src/medmij/oauth/testing.ts';
import { verifyChain } from '../src/audit/chain.ts';

const BRUGH = '999990032'; // four dispenses (src/sim/data/manifest.json)
const logger = createLogger('silent');

let home: string;
let sim: LspSimulator;
let nodeA: RunningGateway;
let nodeB: RunningGateway;
let configA: Config;
/** The one address PGOs and browsers use (here: node A's; behind a load balancer: the balancer's). */
let publicUrl: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-nodes-'));
  const [portA, portB, simPort] = [await freePort(), await freePort(), await freePort()];
  await ensurePki(join(home, 'pki'));
  sim = await startLspSimulator({
    port: simPort,
    pkiDir: join(home, 'pki'),
    dataDirs: [BUILTIN_SIM_DATA],
    logger,
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  const shared = {
    BRUG_SIM_PORT: String(simPort),
    BRUG_PUBLIC_URL: `http://localhost:${portA}`,
    // Every node must seal and read patients' BSNs with the same secret.
    BRUG_AUDIT_KEY: randomBytes(32).toString('hex'),
  };
  configA = testConfig(home, { ...shared, BRUG_PORT: String(portA) });
  publicUrl = configA.publicUrl;
  // One database for both: the PostgreSQL schema (or SQLite file) that node A's configuration names.
  const configB = testConfig(home, {
    ...shared,
    BRUG_PORT: String(portB),
    BRUG_DATABASE_URL: configA.databaseUrl,
  });
  [nodeA, nodeB] = await Promise.all([startGateway(configA, logger), startGateway(configB, logger)]);
  await Promise.all([seedDemoProviders(nodeA.store), seedDemoProviders(nodeB.store)]);
});

after(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await sim?.close();
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

function redeem(node: RunningGateway, code: string, redirectUri: string): Promise<Response> {
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

function search(node: RunningGateway, token: string): Promise<Response> {
  return fetch(`${node.url}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${token}`, 'MedMij-Request-ID': crypto.randomUUID() },
  });
}

test('a flow hops between nodes: authorize on A, token on B, search on either', async () => {
  const redirectUri = `${publicUrl}/sim/pgo/callback`;
  const code = await authorizeOnA(redirectUri);
  const res = await redeem(nodeB, code, redirectUri);
  assert.equal(res.status, 200, await res.clone().text());
  const { access_token: token } = (await res.json()) as { access_token: string };
  for (const node of [nodeA, nodeB]) {
    const found = await search(node, token);
    assert.equal(found.status, 200);
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
  // Both nodes wrote to one audit chain, and it verifies from either.
  const rows = await nodeB.store.audit.snapshot();
  assert.ok(rows.length >= 2);
  assert.deepEqual(verifyChain(rows), { ok: true, records: rows.length });
});

test('one code redeemed 20 times at once across both nodes: exactly one token, the rest invalid_grant', async () => {
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
});
