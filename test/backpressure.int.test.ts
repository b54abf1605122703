/**
 * Back-pressure end to end: with 2 LSP queries in flight and 2 waiting allowed (BRUG_LSP_MAX_ACTIVE,
 * BRUG_LSP_MAX_QUEUED) and a simulator that answers after 800 ms (BRUG_SIM_FAULT=slow:800), a burst of
 * 10 searches gives 4 answers and 6 immediate refusals with 503, Retry-After and an OperationOutcome;
 * /health answers meanwhile, and once the burst is over a search succeeds again. A search that asks
 * several building blocks (no category: three queries) and is refused calls off its own queries.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { ensurePki } from '../src/sim/pki/index.ts';
import { startLspSimulator, type LspSimulator } from '../src/sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from '../src/sim/data/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from '../src/onboarding/seed.ts';
import { freePort } from '../src/medmij/oauth/testing.ts';
import { issueTestToken } from '../src/medmij/oauth/index.ts';
import { loadClientRegistry } from '../src/medmij/lists/index.ts';

// The MedMij 6.12 request: one LSP query (QURX) a search.
const SEARCH =
  '/fhir/ggzdemo/31/stu3/MedicationDispense?category=http://snomed.info/sct|373784005,http://snomed.info/sct|422037009';
// No category: the 6.12 conversion and the MP 9 TA and MVE, three queries a search.
const SEARCH_ALL = '/fhir/ggzdemo/31/stu3/MedicationDispense';
const logger = createLogger('silent');
let home: string;
let config: Config;
let sim: LspSimulator;
let gateway: RunningGateway;
let token: string;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-backpressure-'));
  const [port, simPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  config = testConfig(home, {
    BRUG_PORT: String(port),
    BRUG_SIM_PORT: String(simPort),
    BRUG_SIM_FAULT: 'slow:800',
    BRUG_LSP_MAX_ACTIVE: '2',
    BRUG_LSP_MAX_QUEUED: '2',
    BRUG_METRICS_PORT: String(metricsPort),
  });
  const pkiDir = join(home, 'pki');
  await ensurePki(pkiDir);
  sim = await startLspSimulator({
    port: simPort,
    pkiDir,
    dataDirs: [BUILTIN_SIM_DATA],
    fault: config.sim.fault,
    logger,
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  gateway = await startGateway(config, logger);
  await seedDemoProviders(gateway.store);
  token = await issueTestToken(
    { config, store: gateway.store, clients: loadClientRegistry(config), logger },
    { bsn: '999990032', scope: 'ggzdemo~31', clientId: 'localhost' },
  );
});

after(async () => {
  await gateway?.close();
  await sim?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { resourceType?: string; issue?: { code?: string; details?: { text?: string } }[] };
  ms: number;
}

async function search(path = SEARCH): Promise<Answer> {
  const t0 = Date.now();
  const res = await fetch(`${gateway.url}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as Answer['body'],
    ms: Date.now() - t0,
  };
}

test('the limits are settings, named when wrong', () => {
  assert.equal(config.lspLimits.maxActive, 2);
  assert.equal(config.lspLimits.maxQueued, 2);
  assert.throws(
    () => testConfig(home, { BRUG_LSP_MAX_QUEUED: 'lots' }),
    /BRUG_LSP_MAX_QUEUED: must be a whole number/,
  );
  assert.throws(
    () => testConfig(home, { BRUG_LSP_MAX_ACTIVE: '0' }),
    /BRUG_LSP_MAX_ACTIVE: must be between 1/,
  );
  assert.throws(
    () => testConfig(home, { BRUG_LSP_MAX_ACTIVE: '4', BRUG_LSP_MAX_ACTIVE_PER_PROVIDER: '8' }),
    /BRUG_LSP_MAX_ACTIVE_PER_PROVIDER: must not exceed BRUG_LSP_MAX_ACTIVE \(4\)/,
  );
  assert.throws(() => testConfig(home, { BRUG_LSP_MAX_ANSWER_BYTES: '10' }), /BRUG_LSP_MAX_ANSWER_BYTES/);
  const d = testConfig(home).lspLimits;
  assert.deepEqual(d, {
    maxActive: 256,
    maxActivePerProvider: 256,
    maxQueued: 4096,
    maxAnswerBytes: 20 * 1024 * 1024,
    maxBufferedBytes: 256 * 1024 * 1024,
  });
});

test('beyond 2 running and 2 waiting, searches get 503 with Retry-After at once; /health stays up', async () => {
  let lastDone = 0;
  const burst = Array.from({ length: 10 }, () => search().then((a) => ((lastDone = Date.now()), a)));
  // While the burst is held by the slow LSP, the node still answers its health check.
  await new Promise((r) => setTimeout(r, 200));
  const health = await fetch(`${gateway.url}/health`);
  const healthAt = Date.now();
  assert.equal(health.status, 200);
  const answers = await Promise.all(burst);
  assert.ok(healthAt < lastDone, 'health answered while searches were still waiting for the LSP');

  const ok = answers.filter((a) => a.status === 200);
  const shed = answers.filter((a) => a.status !== 200);
  assert.equal(ok.length, 4, `statuses ${answers.map((a) => a.status).join(',')}`);
  for (const a of ok) {
    assert.equal(a.body.resourceType, 'Bundle');
    assert.ok(a.ms >= 700, `an answer came after ${a.ms} ms, before the slow LSP could answer`);
  }
  // The 3rd and 4th waited for a slot: they answer after two LSP round trips.
  assert.ok(Math.max(...ok.map((a) => a.ms)) >= 1500, 'two queued searches waited their turn');
  assert.equal(shed.length, 6);
  for (const a of shed) {
    assert.ok(a.status === 503 || a.status === 429, `status ${a.status}`);
    assert.match(a.retryAfter ?? '', /^\d+$/, 'Retry-After in seconds');
    assert.ok(Number(a.retryAfter) >= 1);
    assert.equal(a.body.resourceType, 'OperationOutcome');
    assert.equal(a.body.issue?.[0]?.code, 'throttled');
    assert.match(a.body.issue?.[0]?.details?.text ?? '', /te druk/);
    assert.ok(
      a.ms < Math.min(...ok.map((x) => x.ms)),
      `refused after ${a.ms} ms: should not wait for the LSP`,
    );
  }
});

test('after the burst a search succeeds again', async () => {
  const a = await search();
  assert.equal(a.status, 200);
  assert.equal(a.body.resourceType, 'Bundle');
});

/** LSP queries answered without error so far, from the node's Prometheus metrics. */
async function lspQueriesOk(): Promise<number> {
  const text = await (await fetch(gateway.metricsUrl!)).text();
  return [...text.matchAll(/^brug_lsp_requests_total\{[^}]*outcome="ok"[^}]*\} (\d+)/gm)].reduce(
    (n, m) => n + Number(m[1]),
    0,
  );
}

test('a refused search of three building blocks calls off its other queries', async () => {
  const before = await lspQueriesOk();
  const answers = await Promise.all(Array.from({ length: 6 }, () => search(SEARCH_ALL)));
  const ok = answers.filter((a) => a.status === 200);
  assert.ok(ok.length >= 1, `statuses ${answers.map((a) => a.status).join(',')}`);
  for (const a of answers.filter((x) => x.status !== 200)) {
    assert.equal(a.status, 503);
    assert.equal(a.body.issue?.[0]?.code, 'throttled');
  }
  // Only the answered searches' queries reached the LSP and came back: none of a refused search's.
  assert.equal((await lspQueriesOk()) - before, 3 * ok.length);
  // No slot was left taken: the 2 + 2 limit serves a three-query search again.
  assert.equal((await search(SEARCH_ALL)).status, 200);
});
