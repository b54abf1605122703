/**
 * The whole path over real sockets, no mocks in between: a PGO sends the patient's browser to
 * /oauth/authorize, the patient logs in at the DigiD simulator (OIDC) and consents, the PGO redeems the
 * code at /oauth/token and searches MedicationDispense; Brug asks the LSP/XIS simulator over mutual TLS
 * with an HL7v3 query and answers with a translated searchset Bundle, in JSON and XML. After all of
 * it, `brug audit verify` (a separate process, as an operator runs it) finds the audit log intact, also
 * against the anchor `brug audit anchor` printed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as fhir from 'fhir';
import { startDemo, type Demo } from './support/demo.ts';
import { Browser, readForm, squash } from '../src/medmij/oauth/testing.ts';
import { checkMedMijRules } from '../src/medmij/fhir/index.ts';
import { parseXml, childrenNamed } from '../src/xml/index.ts';

/** Synthetic patients of our own (src/sim/data/manifest.json). */
const BRUGH = '999990032'; // four dispenses
const LEEGTE = '999990044'; // none
const OVERWEG = '999990056'; // a batch from several sources
const SEARCH_612 =
  'category=http://snomed.info/sct|373784005,http://snomed.info/sct|422037009' +
  '&_include=MedicationDispense:medication&_include=MedicationDispense:patient&_include=MedicationDispense:performer';

let demo: Demo;
let anchorFile: string;

before(async () => {
  anchorFile = join(mkdtempSync(join(tmpdir(), 'brug-anchors-')), 'anchors.jsonl');
  // The gateway writes its audit anchor here every second (while it moves).
  demo = await startDemo({
    BRUG_LSP_TIMEOUT_MS: '3000',
    BRUG_AUDIT_ANCHOR_FILE: anchorFile,
    BRUG_AUDIT_ANCHOR_INTERVAL_MS: '1000',
  });
});

/** Runs `brug` against the demo's store, as an operator would on the same machine. */
function brug(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  const bin = resolve(import.meta.dirname, '..', 'bin', 'brug.js');
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...env, BRUG_HOME: demo.config.home, BRUG_DATABASE_URL: demo.config.databaseUrl },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  return new Promise((ok) => child.on('close', (code) => ok({ code: code ?? 1, stdout, stderr })));
}

after(async () => {
  try {
    // Everything the tests above did is in one intact, anchored audit log.
    const anchor = await brug(['audit', 'anchor']);
    assert.equal(anchor.code, 0, anchor.stderr);
    const file = join(demo.config.home, 'anchors.jsonl');
    writeFileSync(file, anchor.stdout);
    for (let i = 0; i < 30 && !existsSync(anchorFile); i++) await new Promise((r) => setTimeout(r, 100));
    const periodic = readFileSync(anchorFile, 'utf8'); // a copy: the gateway may append meanwhile
    const written = periodic.trim().split('\n').length;
    assert.ok(written >= 1, 'the gateway wrote its anchor to BRUG_AUDIT_ANCHOR_FILE');
    writeFileSync(`${file}.periodic`, periodic);
    const verify = await brug(['audit', 'verify', '--anchor', file, '--anchor', `${file}.periodic`]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const n = Number(
      new RegExp(`intact: (\\d+) records, ${written + 1} external anchor`).exec(verify.stdout)?.[1],
    );
    assert.ok(n >= 10, `the flows and searches above are recorded (${verify.stdout.trim()})`);
    // A data-subject request with the BSN on stdin (kept out of the process list).
    const mine = await brug(['audit', 'patient', '--bsn', '-'], `${BRUGH}\n`);
    assert.equal(mine.code, 0, mine.stderr);
    const records = mine.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string });
    assert.ok(
      records.some((r) => r.event === 'fhir.search'),
      "the patient's searches are listed",
    );
    assert.ok(!mine.stdout.includes(BRUGH), 'by pseudonym, not by BSN');
  } finally {
    await demo.close();
  }
});

function tokenFor(bsn: string, scope = 'ggzdemo~31'): Promise<string> {
  return demo.token(bsn, scope);
}

async function search(
  token: string | undefined,
  query: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${demo.base}/fhir/ggzdemo/31/stu3/MedicationDispense?${query}`, {
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      'MedMij-Request-ID': crypto.randomUUID(),
      'X-Correlation-ID': crypto.randomUUID(),
      ...headers,
    },
  });
}

function ofType<T extends fhir.Resource>(bundle: fhir.Bundle, type: string): T[] {
  return (bundle.entry ?? []).filter((e) => e.resource?.resourceType === type).map((e) => e.resource as T);
}

test('a patient logs in with DigiD, consents, and the PGO fetches their dispenses over the real path', async () => {
  const b = new Browser();
  const redirectUri = `${demo.base}/sim/pgo/callback`;
  const authorize = `${demo.base}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: 'localhost',
    redirect_uri: redirectUri,
    scope: 'ggzdemo~31',
    state: 'e2e-state',
    'MedMij-Request-ID': crypto.randomUUID(),
    'X-Correlation-ID': crypto.randomUUID(),
  }).toString()}`;

  // Authorize -> the MedMij landing page -> "Inloggen met DigiD".
  const landingUrl = await b.redirectFrom(authorize);
  assert.ok(landingUrl.startsWith(`${demo.base}/oauth/landing`), `landing page: ${landingUrl}`);
  const landing = squash(await (await b.fetch(landingUrl)).text());
  assert.match(landing, /Apotheek GGZ Demo/);
  assert.match(landing, /Demo PGO/);
  const landingForm = readForm(landing);
  let url = (
    await b.post(new URL(landingForm.action, landingUrl).href, { ...landingForm.hidden, action: 'login' })
  ).headers.get('location')!;
  url = new URL(url, landingUrl).href;

  // -> DigiD simulator (a real OIDC provider) -> its login form with one input, bsn.
  for (let i = 0; i < 3 && !url.startsWith(`${demo.base}/sim/digid`); i++) url = await b.redirectFrom(url);
  assert.ok(url.startsWith(`${demo.base}/sim/digid`), `sent to DigiD: ${url}`);
  url = await b.redirectFrom(url);
  const login = squash(await (await b.fetch(url)).text());
  assert.match(login, /name="bsn"/);
  const loginForm = readForm(login);
  let next = (
    await b.post(new URL(loginForm.action, url).href, { ...loginForm.hidden, bsn: BRUGH })
  ).headers.get('location')!;
  next = new URL(next, url).href;
  for (let i = 0; i < 6 && !next.startsWith(`${demo.base}/oauth/consent`); i++)
    next = await b.redirectFrom(next);

  // The consent page names the provider and the PGO, never the BSN.
  const consent = squash(await (await b.fetch(next)).text());
  assert.match(consent, /Toestemming geven/);
  assert.match(consent, /Apotheek GGZ Demo/);
  assert.match(consent, /Demo PGO/);
  assert.doesNotMatch(consent, new RegExp(BRUGH));
  const consentForm = readForm(consent);
  const approved = await b.post(new URL(consentForm.action, demo.base).href, {
    ...consentForm.hidden,
    decision: 'approve',
  });
  const back = new URL(approved.headers.get('location')!);
  assert.equal(`${back.origin}${back.pathname}`, redirectUri);
  assert.equal(back.searchParams.get('state'), 'e2e-state');
  const code = back.searchParams.get('code')!;

  // Back channel: code -> token.
  const tokenRes = await fetch(`${demo.base}/oauth/token`, {
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
  assert.equal(tokenRes.status, 200);
  const tokenBody = (await tokenRes.json()) as { access_token: string; token_type: string; scope: string };
  assert.equal(tokenBody.token_type, 'Bearer');
  assert.equal(tokenBody.scope, 'ggzdemo~31');

  // The search: HL7v3 over mTLS to the simulator, translated to the mp612 profiles.
  const res = await search(tokenBody.access_token, SEARCH_612);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/fhir\+json/);
  const text = await res.text();
  assert.doesNotMatch(text, new RegExp(BRUGH), 'the BSN never reaches the PGO');
  const bundle = JSON.parse(text) as fhir.Bundle;
  assert.equal(bundle.type, 'searchset');
  const dispenses = ofType<fhir.MedicationDispense>(bundle, 'MedicationDispense');
  const profiles = dispenses.map((d) => d.meta?.profile?.[0]);
  const ta = profiles.filter((p) =>
    p?.endsWith('mp612-DispenseToFHIRConversion-AdministrationAgreement'),
  ).length;
  const mve = profiles.filter((p) => p?.endsWith('mp612-DispenseToFHIRConversion-Dispense')).length;
  assert.equal(mve, 4, 'four dispenses in the synthetic answer');
  assert.equal(ta, mve, 'each 6.12 dispense yields one TA and one MVE');
  assert.equal(bundle.total, 8);
  const names = ofType<fhir.Medication>(bundle, 'Medication').map(
    (m) => m.code?.text ?? m.code?.coding?.[0]?.display,
  );
  assert.ok(
    names.some((n) => /LITHIUM/i.test(n ?? '')),
    `lithium among ${names.join(', ')}`,
  );
  const [patient] = ofType<fhir.Patient>(bundle, 'Patient');
  assert.ok(patient, 'the Patient is included');
  const bsnId = patient.identifier?.find((i) => i.system === 'http://fhir.nl/fhir/NamingSystem/bsn');
  assert.equal(bsnId?.value, undefined);
  assert.equal(bsnId?._value?.extension?.[0]?.valueCode, 'masked');
  assert.equal(ofType(bundle, 'Organization').length >= 1, true, 'the performer is included');
  for (const e of bundle.entry ?? []) {
    const mode = e.resource?.resourceType === 'MedicationDispense' ? 'match' : 'include';
    assert.equal(e.search?.mode, mode, `${e.resource?.resourceType} entry mode`);
  }
  assert.deepEqual(checkMedMijRules(bundle, [...new URLSearchParams(SEARCH_612)]), []);

  // The same search in XML: the same entries.
  const xmlRes = await search(tokenBody.access_token, `${SEARCH_612}&_format=xml`);
  assert.equal(xmlRes.status, 200);
  assert.match(xmlRes.headers.get('content-type') ?? '', /^application\/fhir\+xml/);
  const xml = parseXml(await xmlRes.text());
  assert.equal(xml.name, 'Bundle');
  assert.equal(xml.ns, 'http://hl7.org/fhir');
  assert.equal(childrenNamed(xml, 'entry').length, bundle.entry?.length);
  const viaAccept = await search(tokenBody.access_token, SEARCH_612, { accept: 'application/fhir+xml' });
  assert.match(viaAccept.headers.get('content-type') ?? '', /^application\/fhir\+xml/);
});

test('cancelling on the landing page sends the PGO access_denied with its state', async () => {
  const b = new Browser();
  const redirectUri = `${demo.base}/sim/pgo/callback`;
  const landingUrl = await b.redirectFrom(
    `${demo.base}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'localhost',
      redirect_uri: redirectUri,
      scope: 'ggzdemo~31',
      state: 'cancel-state',
    }).toString()}`,
  );
  const form = readForm(squash(await (await b.fetch(landingUrl)).text()));
  let res = await b.post(new URL(form.action, landingUrl).href, { ...form.hidden, action: 'cancel' });
  let location = res.headers.get('location');
  if (location !== null && !location.startsWith(redirectUri))
    res = await b.fetch(new URL(location, landingUrl).href);
  if (location === null || !location.startsWith(redirectUri)) {
    // The cancellation page, with the way back to the PGO.
    const page = await res.text();
    assert.match(page, /lang="nl"/);
    const link = /href="([^"]*error=access_denied[^"]*)"/.exec(page)?.[1];
    assert.ok(link, 'the cancellation page links back to the PGO');
    location = link.replace(/&amp;/g, '&');
  }
  const back = new URL(location);
  assert.equal(`${back.origin}${back.pathname}`, redirectUri);
  assert.equal(back.searchParams.get('error'), 'access_denied');
  assert.equal(back.searchParams.get('state'), 'cancel-state');
});

test('the CapabilityStatement needs no token', async () => {
  const res = await fetch(`${demo.base}/fhir/ggzdemo/31/stu3/metadata`);
  assert.equal(res.status, 200);
  const cs = (await res.json()) as fhir.CapabilityStatement;
  assert.equal(cs.resourceType, 'CapabilityStatement');
  assert.equal(cs.fhirVersion, '3.0.2');
  assert.ok(cs.rest?.[0]?.resource?.some((r) => r.type === 'MedicationDispense'));
});

test('a search without a token gets 401 with WWW-Authenticate and an OperationOutcome', async () => {
  const res = await search(undefined, SEARCH_612);
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  const body = (await res.json()) as fhir.OperationOutcome;
  assert.equal(body.resourceType, 'OperationOutcome');
  const bad = await search('not-a-token', SEARCH_612);
  assert.equal(bad.status, 401);
});

test("a token for one patient never returns another patient's data, whatever the parameters say", async () => {
  const a = await tokenFor(BRUGH);
  const b = await tokenFor(OVERWEG);
  const bundleA = (await (await search(a, SEARCH_612)).json()) as fhir.Bundle;
  const bundleB = (await (await search(b, SEARCH_612)).json()) as fhir.Bundle;
  const ids = (x: fhir.Bundle): Set<string> =>
    new Set(ofType<fhir.MedicationDispense>(x, 'MedicationDispense').map((d) => d.id ?? ''));
  const idsA = ids(bundleA);
  const idsB = ids(bundleB);
  assert.ok(idsA.size > 0 && idsB.size > 0);
  for (const id of idsB) assert.ok(!idsA.has(id), `dispense ${id} of patient B must not appear for A`);
  const nameOf = (x: fhir.Bundle): string | undefined =>
    ofType<fhir.Patient>(x, 'Patient')[0]?.name?.[0]?.text;
  assert.notEqual(nameOf(bundleA), nameOf(bundleB));

  // Parameter tampering cannot widen access: the patient always follows from the token.
  const patientB = ofType<fhir.Patient>(bundleB, 'Patient')[0]!;
  for (const q of [
    `patient=${OVERWEG}`,
    `patient=Patient/${patientB.id!}`,
    `subject=${OVERWEG}`,
    `_id=${[...idsB][0]!}`,
  ]) {
    const res = await search(a, `${SEARCH_612}&${q}`);
    const text = await res.text();
    if (res.status === 200) {
      const bundle = JSON.parse(text) as fhir.Bundle;
      for (const id of ids(bundle)) assert.ok(!idsB.has(id), `${q} leaked patient B's dispense ${id}`);
      assert.equal(nameOf(bundle) ?? nameOf(bundleA), nameOf(bundleA));
    } else {
      assert.ok(res.status === 400 || res.status === 403, `${q}: ${res.status}`);
    }
    assert.doesNotMatch(text, new RegExp(OVERWEG));
  }

  // A token for ggzdemo~31 is refused on another data service or provider.
  const other = await fetch(`${demo.base}/fhir/huisartsdemo/49/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${a}` },
  });
  assert.equal(other.status, 403);
});

test('no data for the patient is 200 with an empty searchset', async () => {
  const res = await search(await tokenFor(LEEGTE), SEARCH_612);
  assert.equal(res.status, 200);
  const bundle = (await res.json()) as fhir.Bundle;
  assert.equal(bundle.total, 0);
  assert.equal((bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome').length, 0);
});

test('parts of an answer that come from other sources than the provider are dropped', async () => {
  // 999990068 is served with the batch's own three sources kept, none of which is ggzdemo.
  const res = await search(await tokenFor('999990068'), SEARCH_612);
  assert.equal(res.status, 200);
  const bundle = (await res.json()) as fhir.Bundle;
  assert.equal(bundle.total, 0, 'nothing appears under a provider that did not send it');
  // The same answer stamped with ggzdemo as its source does reach the patient.
  const stamped = (await (await search(await tokenFor(OVERWEG), SEARCH_612)).json()) as fhir.Bundle;
  assert.ok((stamped.total ?? 0) > 0);
});

// Last: it stops the simulator.
test('with the simulator down the search answers 503/504 with an OperationOutcome, and Brug stays up', async () => {
  const token = await tokenFor(BRUGH);
  await demo.stopSimulator();
  const started = Date.now();
  const res = await search(token, SEARCH_612);
  assert.ok(res.status === 503 || res.status === 504, `status ${res.status}`);
  assert.ok(Date.now() - started < 10_000, 'answers well within the LSP timeout budget');
  const body = (await res.json()) as fhir.OperationOutcome;
  assert.equal(body.resourceType, 'OperationOutcome');
  assert.equal((await fetch(`${demo.base}/health`)).status, 200);
  const ready = await fetch(`${demo.base}/ready`);
  assert.equal(ready.status, 503);
});
