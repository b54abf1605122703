/**
 * Operations, as an operator sees them, over real sockets: the Prometheus listener's counters move
 * after a search (HTTP, LSP, audit, tokens) and its labels carry no BSN or token; every log line of a
 * search carries the request and correlation ids, the LSP call's line included, and no BSN; every
 * OAuth decision of a browser flow (authorize, DigiD login, availability check, consent, token,
 * refresh, revoke; accepted and refused; unreadable requests and refused FHIR requests too) is an audit
 * record with its NEN 7513 fields, the patient only as the pseudonym; a search's record names its
 * HL7v3 interaction, the LSP message id it went under and the LSP's error code; the patient's consents
 * page records the DigiD login, each view and each withdrawal.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { ensurePki } from '../src/sim/pki/index.ts';
import { startLspSimulator, type LspSimulator } from '../src/sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from '../src/sim/data/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from '../src/onboarding/seed.ts';
import { Browser, freePort, readForm, squash } from '../src/medmij/oauth/testing.ts';
import { issueTestToken } from '../src/medmij/oauth/index.ts';
import { loadClientRegistry } from '../src/medmij/lists/index.ts';
import { auditKeyFor, pseudonym } from '../src/audit/index.ts';
import { unmaskedId } from './support/ids.ts';

const BRUGH = '999990032'; // our synthetic patient with four dispenses
const REFUSED = '999990196'; // a patient of this test's own data folder: the LSP refuses with AUTERR_MEDISCH
const ANY_BSN = /(?<!\d)9999\d{5}(?!\d)/;

let home: string;
let config: Config;
let sim: LspSimulator;
let gw: RunningGateway;
let base: string;
const lines: string[] = [];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-ops-'));
  const [port, simPort] = [await freePort(), await freePort()];
  config = testConfig(home, {
    BRUG_PORT: String(port),
    BRUG_SIM_PORT: String(simPort),
    BRUG_METRICS_PORT: '0',
    BRUG_AVAILABILITY_CHECK: 'index',
  });
  await ensurePki(join(home, 'pki'));
  const refusing = join(home, 'sim-refusing');
  mkdirSync(refusing);
  writeFileSync(
    join(refusing, 'manifest.json'),
    JSON.stringify({
      patients: [{ bsn: REFUSED, label: 'refused', answers: [], fault: 'error-ack:AUTERR_MEDISCH' }],
    }),
  );
  sim = await startLspSimulator({
    port: simPort,
    pkiDir: join(home, 'pki'),
    dataDirs: [BUILTIN_SIM_DATA, refusing],
    logger: createLogger('silent'),
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  // The gateway logs into memory, one JSON line per write (pino writes whole lines).
  const capture = { write: (s: string): void => void lines.push(s) };
  gw = await startGateway(config, createLogger('info', 'brug', capture));
  await seedDemoProviders(gw.store);
  base = gw.url;
});

after(async () => {
  await gw.close();
  await sim.close().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
});

function token(bsn: string): Promise<string> {
  return issueTestToken(
    { config, store: gw.store, clients: loadClientRegistry(config), logger: createLogger('silent') },
    { bsn, scope: 'ggzdemo~31', clientId: 'localhost' },
  );
}

/** The value of one sample in Prometheus text format (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const set = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`)))
      return Number(line.split(' ').at(-1));
  }
  return 0;
}

async function scrape(): Promise<string> {
  assert.ok(gw.metricsUrl, 'BRUG_METRICS_PORT starts the metrics listener');
  const res = await fetch(gw.metricsUrl);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
  return res.text();
}

test('metrics: a search moves the HTTP, LSP and audit counters; labels carry no BSN or token', async () => {
  const t = await token(BRUGH);
  const before = await scrape();
  const route = { route: '/fhir/:naam/:serviceId/stu3/:type', method: 'GET', status: '2xx' };
  const res = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json`, {
    headers: { authorization: `Bearer ${t}` },
  });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  const after = await scrape();
  assert.equal(
    sample(after, 'brug_http_requests_total', route) - sample(before, 'brug_http_requests_total', route),
    1,
  );
  assert.equal(
    sample(after, 'brug_http_request_duration_seconds_count', { route: route.route }) -
      sample(before, 'brug_http_request_duration_seconds_count', { route: route.route }),
    1,
  );
  const lspOk = { interaction: 'QURX_IN990111NL', outcome: 'ok' };
  assert.equal(
    sample(after, 'brug_lsp_requests_total', lspOk) - sample(before, 'brug_lsp_requests_total', lspOk),
    1,
    'one LSP query for the search',
  );
  assert.equal(
    sample(after, 'brug_audit_records_total', { event: 'fhir.search' }) -
      sample(before, 'brug_audit_records_total', { event: 'fhir.search' }),
    1,
  );
  assert.ok(after.includes('brug_http_requests_in_flight'), 'in-flight gauge is exported');
  assert.ok(after.includes('brug_process_cpu_seconds_total'), 'process metrics are exported');
  assert.doesNotMatch(after, ANY_BSN, 'no BSN in any label');
  assert.ok(!after.includes(t), 'no token in any label');

  // A scanner's path is one label value, not a new series per path.
  await (await fetch(`${base}/no/such/${BRUGH}`)).arrayBuffer();
  const scanned = await scrape();
  assert.ok(sample(scanned, 'brug_http_requests_total', { route: 'unmatched', status: '4xx' }) >= 1);
  assert.doesNotMatch(scanned, ANY_BSN);

  const other = await fetch(gw.metricsUrl!.replace('/metrics', '/'));
  assert.equal(other.status, 404, 'the metrics listener serves /metrics only');
  const main = await fetch(`${base}/metrics`);
  assert.equal(main.status, 404, 'metrics are not on the PGO-facing port');
});

test('logs: every line of a search carries its request and correlation ids, the LSP line too, no BSN', async () => {
  const t = await token(BRUGH);
  const requestId = unmaskedId();
  const correlationId = unmaskedId();
  const from = lines.length;
  const res = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json`, {
    headers: {
      authorization: `Bearer ${t}`,
      'MedMij-Request-ID': requestId,
      'X-Correlation-ID': correlationId,
    },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('medmij-request-id'), requestId);
  await res.arrayBuffer();
  await new Promise((r) => setTimeout(r, 50)); // the response line is written on 'finish'
  const mine = lines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(mine.length >= 3, `incoming, LSP and completed lines (${mine.length})`);
  for (const l of mine) {
    assert.equal(l.reqId, requestId, `reqId on: ${l.msg as string}`);
    assert.equal(l.requestId, requestId, `requestId on: ${l.msg as string}`);
    assert.equal(l.correlationId, correlationId, `correlationId on: ${l.msg as string}`);
  }
  const lsp = mine.find((l) => l.msg === 'LSP query answered');
  assert.ok(lsp, 'the LSP call is logged within the request');
  assert.equal(lsp.component, 'aorta');
  assert.ok(mine.some((l) => l.msg === 'request completed'));
  assert.doesNotMatch(lines.join(''), ANY_BSN, 'no BSN in any log line');

  // A BSN-shaped request id is masked, not logged.
  const from2 = lines.length;
  await (
    await fetch(`${base}/fhir/ggzdemo/31/stu3/metadata`, { headers: { 'MedMij-Request-ID': BRUGH } })
  ).arrayBuffer();
  await new Promise((r) => setTimeout(r, 50));
  assert.doesNotMatch(lines.slice(from2).join(''), ANY_BSN);
});

interface Rec {
  seq: number;
  event: string;
  f: {
    patient?: string;
    client?: string;
    grant?: string;
    provider?: string;
    service?: string;
    action: Record<string, unknown>;
    outcome: { result?: string; status: number; reason?: string };
    sessionRef?: string;
    requestId?: string;
    correlationId?: string;
    lsp?: { interaction: string; messageId?: string; codes?: string[]; error?: string }[];
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * From a URL that leads to the DigiD simulator: log in there as `bsn` and follow the redirects back
 * until a URL starting with `until`; returns it.
 */
async function digidLogin(b: Browser, start: string, bsn: string, until: string): Promise<string> {
  let url = start;
  for (let i = 0; i < 3 && !url.startsWith(`${base}/sim/digid`); i++) url = await b.redirectFrom(url);
  url = await b.redirectFrom(url);
  const loginForm = readForm(squash(await (await b.fetch(url)).text()));
  let next = new URL(
    (await b.post(new URL(loginForm.action, url).href, { ...loginForm.hidden, bsn })).headers.get(
      'location',
    )!,
    url,
  ).href;
  for (let i = 0; i < 6 && !next.startsWith(until); i++) next = await b.redirectFrom(next);
  return next;
}

async function records(): Promise<Rec[]> {
  return (await gw.store.audit.snapshot()).map((r) => ({
    seq: r.seq,
    event: r.event,
    f: JSON.parse(r.data) as Rec['f'],
  }));
}

/** Walks authorize -> landing -> DigiD -> consent page; returns the browser and the consent form. */
async function toConsent(
  b: Browser,
  ids: { requestId: string; correlationId: string },
): Promise<{ form: ReturnType<typeof readForm> }> {
  const authorize = `${base}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'localhost',
    redirect_uri: `${base}/sim/pgo/callback`,
    scope: 'ggzdemo~31',
    state: 'ops-state',
    'MedMij-Request-ID': ids.requestId,
    'X-Correlation-ID': ids.correlationId,
  }).toString()}`;
  const landingUrl = await b.redirectFrom(authorize);
  const landingForm = readForm(squash(await (await b.fetch(landingUrl)).text()));
  const url = new URL(
    (
      await b.post(new URL(landingForm.action, landingUrl).href, { ...landingForm.hidden, action: 'login' })
    ).headers.get('location')!,
    landingUrl,
  ).href;
  const next = await digidLogin(b, url, BRUGH, `${base}/oauth/consent`);
  return { form: readForm(squash(await (await b.fetch(next)).text())) };
}

async function tokenRequest(fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'MedMij-Request-ID': 'ops-token-1',
      'X-Correlation-ID': 'ops-corr-1',
    },
    body: new URLSearchParams({ client_id: 'localhost', ...fields }),
  });
}

test('audit: every OAuth decision is recorded with its fields, the patient only as the pseudonym', async () => {
  const start = (await records()).length;
  const key = auditKeyFor(config);
  const patient = pseudonym(BRUGH, key);
  const ids = { requestId: unmaskedId(), correlationId: unmaskedId() };

  // Accepted all the way, with long-lived consent (so a refresh token is issued).
  const b = new Browser();
  const { form } = await toConsent(b, ids);
  const approved = await b.post(new URL(form.action, base).href, {
    ...form.hidden,
    decision: 'approve',
    longLived: 'yes',
  });
  const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
  const redirectUri = `${base}/sim/pgo/callback`;
  const tok = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  assert.equal(tok.status, 200);
  const pair = (await tok.json()) as { access_token: string; refresh_token?: string };
  assert.ok(pair.refresh_token, 'long-lived consent gets a refresh token');
  const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: pair.refresh_token });
  assert.equal(refreshed.status, 200);
  const newPair = (await refreshed.json()) as { refresh_token: string };
  const revoked = await fetch(`${base}/oauth/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'localhost', token: newPair.refresh_token }),
  });
  assert.equal(revoked.status, 200);
  const replay = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  assert.equal(replay.status, 400);

  // Refused: consent denied; an unknown client at authorize; an unknown client at the token endpoint.
  const b2 = new Browser();
  const { form: f2 } = await toConsent(b2, { requestId: 'ops-deny', correlationId: 'ops-deny-c' });
  const deny = await b2.post(new URL(f2.action, base).href, { ...f2.hidden, decision: 'deny' });
  assert.equal(new URL(deny.headers.get('location')!).searchParams.get('error'), 'access_denied');
  const badClient = await fetch(
    `${base}/oauth/authorize?response_type=code&client_id=nobody.example&scope=ggzdemo~31&state=s`,
    { redirect: 'manual' },
  );
  assert.ok(badClient.status >= 400);
  const badToken = await tokenRequest({
    grant_type: 'authorization_code',
    code: 'x',
    redirect_uri: 'y',
    client_id: 'nobody.example',
  });
  assert.equal(badToken.status, 401);

  // Refused before any step ran: an unreadable token request; a FHIR method that is not offered.
  const unreadable = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'MedMij-Request-ID': 'ops-unreadable' },
    body: '{"grant_type":',
  });
  assert.equal(unreadable.status, 400);
  const posted = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', 'MedMij-Request-ID': 'ops-post' },
    body: '{}',
  });
  assert.equal(posted.status, 405);

  const recs = (await records()).slice(start);
  const find = (event: string, pred: (r: Rec) => boolean = () => true): Rec => {
    const r = recs.find((x) => x.event === event && pred(x));
    assert.ok(r, `a ${event} record (${recs.map((x) => `${x.event}/${x.f.outcome.result}`).join(', ')})`);
    return r;
  };
  const authz = find('oauth.authorize', (r) => r.f.requestId === ids.requestId);
  assert.equal(authz.f.outcome.result, 'accepted');
  assert.equal(authz.f.client, 'localhost');
  assert.equal(authz.f.provider, 'ggzdemo');
  assert.equal(authz.f.service, '31');
  assert.equal(authz.f.correlationId, ids.correlationId);
  assert.ok(authz.f.sessionRef, 'the session reference ties the steps together');

  const login = find('oauth.login', (r) => r.f.requestId === ids.requestId);
  assert.equal(login.f.outcome.result, 'accepted');
  assert.equal(login.f.patient, patient, 'the login names the patient by pseudonym');
  assert.equal(typeof login.f.action.level, 'string');

  const avail = find('oauth.availability', (r) => r.f.requestId === ids.requestId);
  assert.equal(avail.f.outcome.result, 'accepted');
  assert.equal(avail.f.action.result, 'available');
  assert.equal(avail.f.patient, patient);
  assert.equal(avail.f.provider, 'ggzdemo');
  assert.equal(avail.f.lsp?.length, 1, 'one index query');
  assert.equal(avail.f.lsp[0]!.interaction, 'QUMT_IN020010NL');
  assert.match(avail.f.lsp[0]!.messageId ?? '', UUID);

  const consent = find('oauth.consent', (r) => r.f.outcome.result === 'accepted');
  assert.equal(consent.f.action.decision, 'approve');
  assert.equal(consent.f.action.longLived, true);
  assert.equal(consent.f.patient, patient);
  assert.ok(consent.f.grant);

  const issued = find(
    'oauth.token',
    (r) => r.f.action.grantType === 'authorization_code' && r.f.outcome.result === 'accepted',
  );
  assert.equal(issued.f.client, 'localhost');
  assert.equal(issued.f.grant, consent.f.grant, 'the token record names the consent it stands on');
  assert.equal(issued.f.patient, patient);
  assert.equal(issued.f.requestId, 'ops-token-1');
  assert.equal(issued.f.correlationId, 'ops-corr-1');

  const replayed = find(
    'oauth.token',
    (r) => r.f.outcome.result === 'refused' && r.f.outcome.reason === 'invalid_grant',
  );
  assert.equal(replayed.f.client, 'localhost');
  assert.equal(replayed.f.action.grantType, 'authorization_code');
  assert.equal(replayed.f.outcome.status, 400);

  const refresh = find('oauth.token', (r) => r.f.action.grantType === 'refresh_token');
  assert.equal(refresh.f.outcome.result, 'accepted');
  assert.equal(refresh.f.patient, patient);

  const rev = find('oauth.revoke');
  assert.equal(rev.f.outcome.result, 'accepted');
  assert.equal(rev.f.action.revoked, 'refresh_token');

  const refusedConsent = find('oauth.consent', (r) => r.f.outcome.result === 'refused');
  assert.equal(refusedConsent.f.outcome.reason, 'access_denied');
  assert.equal(refusedConsent.f.action.decision, 'deny');
  assert.equal(refusedConsent.f.client, 'localhost');
  assert.equal(refusedConsent.f.patient, patient);
  assert.equal(refusedConsent.f.requestId, 'ops-deny');

  const refusedAuthz = find('oauth.authorize', (r) => r.f.outcome.result === 'refused');
  assert.ok(refusedAuthz.f.outcome.reason, 'a reason code');
  assert.equal(refusedAuthz.f.client, undefined, 'an unregistered client id is not recorded as text');
  const refusedToken = find('oauth.token', (r) => r.f.outcome.reason === 'invalid_client');
  assert.equal(refusedToken.f.outcome.status, 401);
  const unread = find('oauth.token', (r) => r.f.requestId === 'ops-unreadable');
  assert.deepEqual(unread.f.outcome, { result: 'refused', status: 400, reason: 'invalid_request' });
  const post = find('fhir.request', (r) => r.f.requestId === 'ops-post');
  assert.deepEqual(post.f.action, {
    type: 'request',
    method: 'POST',
    route: '/fhir/:naam/:serviceId/stu3/:type',
  });
  assert.deepEqual(post.f.outcome, { result: 'refused', status: 405 });
  assert.equal(post.f.provider, 'ggzdemo');

  // Log lines written by the OAuth routes after body parsing still carry the request's ids.
  const issuedLine = lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l.msg === 'access token issued' && l.requestId === 'ops-token-1');
  assert.equal(issuedLine?.reqId, 'ops-token-1');
  assert.equal(issuedLine?.correlationId, 'ops-corr-1');

  const all = await gw.store.audit.snapshot();
  assert.doesNotMatch(all.map((r) => r.data).join('\n'), ANY_BSN, 'no BSN in any audit record');
  assert.deepEqual(await gw.store.audit.verify(), { ok: true, records: all.length });

  const m = await scrape();
  assert.ok(sample(m, 'brug_oauth_tokens_issued_total', { grant_type: 'authorization_code' }) >= 1);
  assert.ok(sample(m, 'brug_oauth_tokens_issued_total', { grant_type: 'refresh_token' }) >= 1);
  assert.ok(sample(m, 'brug_audit_records_total', { event: 'oauth.consent' }) >= 2);
});

test('audit: a search record names its HL7v3 interaction, the LSP message id it went under, and the LSP error code', async () => {
  const requestId = unmaskedId();
  const from = lines.length;
  const res = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${await token(BRUGH)}`, 'MedMij-Request-ID': requestId },
  });
  assert.equal(res.status, 200);
  await res.arrayBuffer();
  const rec = (await records()).find((r) => r.event === 'fhir.search' && r.f.requestId === requestId);
  assert.ok(rec, 'the search is recorded');
  const sent = lines
    .slice(from)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'LSP query answered' && l.requestId === requestId);
  assert.ok(sent.length >= 1, 'the LSP client logged the queries');
  // One exchange per query the search made (a data service may feed a type from several interactions).
  assert.deepEqual(
    (rec.f.lsp ?? []).map((x) => `${x.interaction} ${x.messageId ?? ''}`).sort(),
    sent.map((l) => `${l.interaction as string} ${l.messageId as string}`).sort(),
    'each interaction with the message id it was sent under',
  );
  const qurx = rec.f.lsp?.find((x) => x.interaction === 'QURX_IN990111NL');
  assert.match(qurx?.messageId ?? '', UUID);
  assert.equal(qurx?.error, undefined);

  const refusedId = unmaskedId();
  const refused = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${await token(REFUSED)}`, 'MedMij-Request-ID': refusedId },
  });
  assert.ok(refused.status >= 400, `the LSP refusal is an error (${refused.status})`);
  await refused.arrayBuffer();
  const bad = (await records()).find((r) => r.event === 'fhir.search' && r.f.requestId === refusedId);
  assert.ok(bad);
  assert.equal(bad.f.outcome.status, refused.status);
  assert.equal(bad.f.patient, pseudonym(REFUSED, auditKeyFor(config)));
  const refusal = bad.f.lsp?.find((x) => x.interaction === 'QURX_IN990111NL');
  assert.deepEqual(
    { ...refusal, messageId: undefined },
    { interaction: 'QURX_IN990111NL', messageId: undefined, error: 'refused', codes: ['AUTERR_MEDISCH'] },
  );
  assert.match(refusal?.messageId ?? '', UUID);
});

test("audit: the patient's consents page records the DigiD login, each view and a withdrawal; a cancelled login too", async () => {
  const key = auditKeyFor(config);
  const patient = pseudonym(BRUGH, key);
  const start = (await records()).length;
  // A long-lived consent to withdraw.
  const pgo = new Browser();
  const { form } = await toConsent(pgo, { requestId: 'ops-portal', correlationId: 'ops-portal-c' });
  await pgo.post(new URL(form.action, base).href, { ...form.hidden, decision: 'approve', longLived: 'yes' });

  const b = new Browser();
  const loginPage = readForm(squash(await (await b.fetch(`${base}/oauth/consents`)).text()));
  const toDigid = new URL(
    (await b.post(`${base}/oauth/consents`, { ...loginPage.hidden, action: 'login' })).headers.get(
      'location',
    )!,
    base,
  ).href;
  const back = await digidLogin(b, toDigid, BRUGH, `${base}/oauth/consents`);
  const page = squash(await (await b.fetch(back)).text());
  const grantId = /name="grant" value="([^"]+)"/.exec(page)?.[1];
  assert.ok(grantId, 'the long-lived consent is listed');
  const withdrawn = await b.post(`${base}/oauth/consents`, { ...readForm(page).hidden, grant: grantId });
  assert.equal(withdrawn.status, 303);
  assert.equal((await gw.store.grants.get(grantId))?.revokedAt !== null, true, 'the grant is revoked');
  await (await b.fetch(`${base}/oauth/consents`)).arrayBuffer(); // the page again, after withdrawing

  // A login on the consents page that the person cancels at DigiD (the broker answers access_denied).
  const c = new Browser();
  const cForm = readForm(squash(await (await c.fetch(`${base}/oauth/consents`)).text()));
  const cDigid = new URL(
    (await c.post(`${base}/oauth/consents`, { ...cForm.hidden, action: 'login' })).headers.get('location')!,
    base,
  );
  const state = cDigid.searchParams.get('state')!;
  const cancelled = await c.fetch(`${base}/oauth/digid/callback?error=access_denied&state=${state}`);
  assert.equal(cancelled.status, 400);
  await cancelled.arrayBuffer();

  const recs = (await records()).slice(start).filter((r) => r.event === 'oauth.portal');
  const actions = recs.map((r) => `${r.f.action.action as string}/${r.f.outcome.result ?? ''}`);
  assert.deepEqual(actions, [
    'login/accepted',
    'view/accepted',
    'withdraw/accepted',
    'view/accepted',
    'login/refused',
  ]);
  const [login, view, withdraw, viewAfter, cancel] = recs;
  assert.equal(login!.f.patient, patient);
  assert.equal(login!.f.action.level, 'substantieel');
  assert.equal(view!.f.patient, patient);
  assert.ok((view!.f.action.consents as number) >= 1);
  assert.equal(typeof view!.f.action.history, 'number');
  assert.equal(withdraw!.f.grant, grantId);
  assert.equal(withdraw!.f.client, 'localhost');
  assert.equal(withdraw!.f.provider, 'ggzdemo');
  assert.equal(withdraw!.f.patient, patient);
  assert.equal(withdraw!.f.sessionRef, view!.f.sessionRef, 'one session from login to withdrawal');
  assert.equal(viewAfter!.f.action.consents, (view!.f.action.consents as number) - 1);
  assert.deepEqual(cancel!.f.outcome, { result: 'refused', status: 400, reason: 'access_denied' });
  assert.equal(cancel!.f.action.login, 'cancelled');
  assert.equal(cancel!.f.patient, undefined, 'no patient is known for a cancelled login');
});

test('metrics: an LSP failure is counted by kind, a refusal by its LSP code', async () => {
  const refusedBefore = sample(await scrape(), 'brug_lsp_errors_total', {
    kind: 'refused',
    code: 'AUTERR_MEDISCH',
  });
  const refused = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${await token(REFUSED)}` },
  });
  assert.equal(refused.status, 403);
  await refused.arrayBuffer();
  assert.ok(
    sample(await scrape(), 'brug_lsp_errors_total', { kind: 'refused', code: 'AUTERR_MEDISCH' }) >
      refusedBefore,
    'the refusal is counted under its LSP code',
  );
  const t = await token(BRUGH);
  await sim.close();
  const res = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${t}` },
  });
  assert.ok(res.status >= 500);
  await res.arrayBuffer();
  const m = await scrape();
  assert.ok(
    sample(m, 'brug_lsp_errors_total', { kind: 'unreachable' }) >= 1,
    m
      .split('\n')
      .filter((l) => l.startsWith('brug_lsp'))
      .join('\n'),
  );
  assert.ok(sample(m, 'brug_lsp_requests_total', { outcome: 'error' }) >= 1);
});
