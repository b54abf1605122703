import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type * as fhir from 'fhir';
import { parseXml, child } from '../../xml/index.ts';
import { buildCapabilityStatement, describeSearchTable } from './capability.ts';
import { MEDICATION_DISPENSE } from './medication-dispense.params.ts';
import { FhirError, gatewayTimeout, operationOutcome } from './outcome.ts';
import { checkMedMijRules } from './rules.ts';
import { fhirRoutes, type FhirRoutesOptions } from './routes.ts';
import * as P from './test-pool.ts';
import type { PooledResource, SearchRequest, SearchSource, TokenContext } from './types.ts';

const BASE = '/fhir/ggzdemo/31/stu3';
const GOOD = 'good-token';
const capability = buildCapabilityStatement({
  name: 'BrugMedicatiegegevens',
  title: 'Brug: Medicatiegegevens (ggzdemo)',
  publisher: 'Brug',
  date: '2026-12-01',
  software: { name: 'Brug', version: '0.1.0' },
  implementationUrl: `https://brug.example.nl${BASE}`,
  resources: [{ type: 'MedicationDispense', ...describeSearchTable(MEDICATION_DISPENSE) }],
});

interface Harness {
  app: FastifyInstance;
  seen: SearchRequest[];
  logs: string[];
}

async function harness(
  over: Partial<FhirRoutesOptions> = {},
  pool: () => PooledResource[] = P.testPool,
): Promise<Harness> {
  const seen: SearchRequest[] = [];
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream } });
  const tokens = new Map<string, TokenContext>([
    [GOOD, P.testToken()],
    ['other-provider', P.testToken({ provider: 'huisartsdemo', services: ['49'] })],
    ['other-service', P.testToken({ services: ['58'] })],
  ]);
  const search: SearchSource = (req) => {
    seen.push(req);
    return Promise.resolve({ pool: pool(), warnings: [] });
  };
  await app.register(fhirRoutes, {
    resolveToken: (t) => Promise.resolve(tokens.get(t)),
    search,
    capability: (p, s) => (p === 'ggzdemo' && s === '31' ? capability : undefined),
    isKnownEndpoint: (p, s) =>
      Promise.resolve(
        (p === 'ggzdemo' && (s === '31' || s === '58')) || (p === 'huisartsdemo' && s === '49'),
      ),
    ...over,
  });
  await app.ready();
  return { app, seen, logs };
}

const auth = (t = GOOD): Record<string, string> => ({ authorization: `Bearer ${t}` });

function outcomeText(body: string): string {
  const oo = JSON.parse(body) as fhir.OperationOutcome;
  assert.equal(oo.resourceType, 'OperationOutcome');
  return oo.issue[0]!.details!.text!;
}

test('metadata needs no token and answers in JSON or XML; unknown endpoints are 404', async () => {
  const { app } = await harness();
  const json = await app.inject({ method: 'GET', url: `${BASE}/metadata` });
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers['content-type'], 'application/fhir+json; charset=utf-8');
  const cs = JSON.parse(json.body) as fhir.CapabilityStatement;
  assert.equal(cs.fhirVersion, '3.0.2');
  assert.deepEqual(cs.format, ['xml', 'json']);
  const params = cs.rest![0]!.resource![0]!.searchParam!.map((p) => p.name);
  for (const p of ['category', 'requestdate', 'periodofuse', 'medication.code', 'identifier'])
    assert.ok(params.includes(p), p);
  assert.deepEqual(cs.rest![0]!.resource![0]!.searchInclude, [
    'MedicationDispense:medication',
    'MedicationDispense:patient',
    'MedicationDispense:performer',
  ]);
  const xml = await app.inject({ method: 'GET', url: `${BASE}/metadata?_format=xml` });
  assert.equal(xml.headers['content-type'], 'application/fhir+xml; charset=utf-8');
  const root = parseXml(xml.body);
  assert.equal(root.name, 'CapabilityStatement');
  assert.equal(child(root, 'fhirVersion')?.attrs['value'], '3.0.2');
  const unknown = await app.inject({ method: 'GET', url: '/fhir/nobody/31/stu3/metadata' });
  assert.equal(unknown.statusCode, 404);
  assert.equal(outcomeText(unknown.body), 'Unknown FHIR endpoint.');
  await app.close();
});

test('401 with WWW-Authenticate and an OperationOutcome for a missing, malformed or invalid token', async () => {
  const { app, seen } = await harness();
  for (const headers of [{}, { authorization: 'Basic dXNlcjpwdw==' }, auth('expired-or-unknown')]) {
    const r = await app.inject({ method: 'GET', url: `${BASE}/MedicationDispense`, headers });
    assert.equal(r.statusCode, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="brug", error="invalid_token"');
    assert.equal(r.headers['content-type'], 'application/fhir+json; charset=utf-8');
    assert.equal((JSON.parse(r.body) as fhir.OperationOutcome).issue[0]!.code, 'login');
  }
  const xml = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: { accept: 'application/fhir+xml' },
  });
  assert.equal(xml.statusCode, 401);
  assert.equal(parseXml(xml.body).name, 'OperationOutcome');
  assert.equal(seen.length, 0);
  await app.close();
});

test('403 for a token of another provider or outside its scope; 404 for an unknown endpoint or type', async () => {
  const { app, seen } = await harness();
  const other = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: auth('other-provider'),
  });
  assert.equal(other.statusCode, 403);
  assert.equal(JSON.parse(other.body).issue[0].code, 'forbidden');
  const scope = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: auth('other-service'),
  });
  assert.equal(scope.statusCode, 403);
  const unknown = await app.inject({
    method: 'GET',
    url: '/fhir/ggzdemo/99/stu3/MedicationDispense',
    headers: auth(),
  });
  assert.equal(unknown.statusCode, 404);
  const type = await app.inject({ method: 'GET', url: `${BASE}/Observation`, headers: auth() });
  assert.equal(type.statusCode, 404);
  assert.match(outcomeText(type.body), /Observation/);
  const read = await app.inject({ method: 'GET', url: `${BASE}/MedicationDispense/abc`, headers: auth() });
  assert.equal(read.statusCode, 404);
  assert.equal(JSON.parse(read.body).resourceType, 'OperationOutcome');
  assert.equal(seen.length, 0);
  await app.close();
});

test('405 for other methods, before any body is read', async () => {
  const { app } = await harness();
  for (const url of [
    `${BASE}/MedicationDispense`,
    `${BASE}/metadata`,
    BASE,
    `${BASE}/MedicationDispense/1`,
  ]) {
    const r = await app.inject({
      method: 'POST',
      url,
      headers: { ...auth(), 'content-type': 'application/fhir+json' },
      payload: '{"resourceType":"MedicationDispense"}',
    });
    assert.equal(r.statusCode, 405, url);
    assert.equal(r.headers['allow'], 'GET');
    assert.equal(JSON.parse(r.body).resourceType, 'OperationOutcome');
  }
  const del = await app.inject({ method: 'DELETE', url: `${BASE}/MedicationDispense`, headers: auth() });
  assert.equal(del.statusCode, 405);
  await app.close();
});

test('406 when Accept allows neither JSON nor XML; _format beats Accept', async () => {
  const { app } = await harness();
  const r = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: { ...auth(), accept: 'text/html' },
  });
  assert.equal(r.statusCode, 406);
  assert.equal(r.headers['content-type'], 'application/fhir+json; charset=utf-8');
  assert.equal(JSON.parse(r.body).resourceType, 'OperationOutcome');
  const f = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?_format=json`,
    headers: { ...auth(), accept: 'text/html' },
  });
  assert.equal(f.statusCode, 200);
  const bad = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?_format=html`,
    headers: auth(),
  });
  assert.equal(bad.statusCode, 406);
  await app.close();
});

test('the token comes first: no valid token is 401 (JSON OperationOutcome) whatever format is asked', async () => {
  const { app, seen } = await harness();
  for (const url of [
    `${BASE}/MedicationDispense`,
    `${BASE}/MedicationDispense?_format=html`,
    `${BASE}/MedicationDispense?_format=text%2Fplain&status=%ZZ`,
  ]) {
    for (const headers of [
      { accept: 'text/html' },
      { accept: 'text/html', ...auth('expired-or-unknown') },
      { accept: 'image/png', authorization: 'Basic dXNlcjpwdw==' },
    ]) {
      const r = await app.inject({ method: 'GET', url, headers });
      assert.equal(r.statusCode, 401, `${url} ${JSON.stringify(headers)}`);
      assert.equal(r.headers['www-authenticate'], 'Bearer realm="brug", error="invalid_token"');
      assert.equal(r.headers['content-type'], 'application/fhir+json; charset=utf-8');
      const oo = JSON.parse(r.body) as fhir.OperationOutcome;
      assert.equal(oo.resourceType, 'OperationOutcome');
      assert.equal(oo.issue[0]!.code, 'login');
    }
  }
  // With a valid token the same requests get their 406 (and 400) as before.
  const r = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: { ...auth(), accept: 'text/html' },
  });
  assert.equal(r.statusCode, 406);
  assert.equal(seen.length, 0);
  await app.close();
});

test('checkClient runs first on every FHIR route and its refusal goes through the error edge, audited', async () => {
  const refusals: { status: number; route: string }[] = [];
  const searches: { status: number }[] = [];
  const { app, seen } = await harness({
    checkClient: (request) => {
      if (request.headers['x-node'] !== 'listed')
        throw new FhirError(403, operationOutcome('error', 'security', 'Not on the Whitelist.'));
    },
    auditRefusal: (r) => {
      refusals.push(r);
      return Promise.resolve();
    },
    audit: (a) => {
      searches.push(a);
      return Promise.resolve();
    },
  });
  for (const url of [`${BASE}/metadata`, `${BASE}/MedicationDispense`, `${BASE}/MedicationDispense/1`]) {
    const r = await app.inject({ method: 'GET', url, headers: { ...auth(), accept: 'text/html' } });
    assert.equal(r.statusCode, 403, url);
    assert.equal(r.headers['content-type'], 'application/fhir+json; charset=utf-8');
    assert.equal((JSON.parse(r.body) as fhir.OperationOutcome).issue[0]!.code, 'security');
  }
  // Metadata as a refused request; the search and the read (paths with a type) as searches refused.
  assert.deepEqual(
    refusals.map((r) => [r.status, r.route]),
    [[403, '/fhir/:naam/:serviceId/stu3/metadata']],
  );
  assert.deepEqual(
    searches.map((a) => a.status),
    [403, 403],
  );
  assert.equal(seen.length, 0);
  const ok = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: { ...auth(), 'x-node': 'listed' },
  });
  assert.equal(ok.statusCode, 200);
  await app.close();
});

test('JSON by default, XML by _format or Accept, with the same content', async () => {
  const { app } = await harness();
  const q = `category=${P.SNOMED}|${P.TA}&_include=MedicationDispense:medication`;
  const json = await app.inject({ method: 'GET', url: `${BASE}/MedicationDispense?${q}`, headers: auth() });
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers['content-type'], 'application/fhir+json; charset=utf-8');
  const bundle = JSON.parse(json.body) as fhir.Bundle;
  assert.equal(bundle.total, 4);
  for (const [url, headers] of [
    [`${BASE}/MedicationDispense?${q}&_format=xml`, auth()],
    [`${BASE}/MedicationDispense?${q}&_format=application/fhir%2Bxml`, auth()],
    [`${BASE}/MedicationDispense?${q}`, { ...auth(), accept: 'application/fhir+xml' }],
    [`${BASE}/MedicationDispense?${q}`, { ...auth(), accept: 'application/xml+fhir' }],
  ] as [string, Record<string, string>][]) {
    const xml = await app.inject({ method: 'GET', url, headers });
    assert.equal(xml.statusCode, 200, url);
    assert.equal(xml.headers['content-type'], 'application/fhir+xml; charset=utf-8');
    const root = parseXml(xml.body);
    assert.equal(root.name, 'Bundle');
    assert.equal(root.ns, 'http://hl7.org/fhir');
    assert.equal(child(root, 'total')?.attrs['value'], '4');
    assert.equal(root.children.filter((c) => c.name === 'entry').length, 6);
  }
  await app.close();
});

test('the 6.12 search: MedMij rules hold, self link carries every parameter, trace ids go through', async () => {
  const { app, seen } = await harness({ publicBaseUrl: 'https://brug.example.nl/' });
  const q =
    `category=${P.SNOMED}|${P.MVE},${P.SNOMED}|${P.TA}&_include=MedicationDispense:medication` +
    '&_include=MedicationDispense:patient&_include=MedicationDispense:performer&requestdate=ge2026-10-01';
  const r = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?${encodeURI(q)}&patient=${P.TEST_BSN}`,
    headers: { ...auth(), 'medmij-request-id': 'req-1', 'x-correlation-id': 'corr-1' },
  });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['medmij-request-id'], 'req-1');
  assert.equal(r.headers['x-correlation-id'], 'corr-1');
  assert.equal(seen[0]!.requestId, 'req-1');
  assert.equal(seen[0]!.correlationId, 'corr-1');
  assert.equal(seen[0]!.token.bsn, P.TEST_BSN);
  assert.ok(!seen[0]!.params.some(([n]) => n === 'patient'), 'patient= never reaches the source');
  assert.ok(!r.body.includes(P.TEST_BSN), 'no BSN in the response');
  const bundle = JSON.parse(r.body) as fhir.Bundle;
  const requestParams = new URLSearchParams(q);
  assert.deepEqual(checkMedMijRules(bundle, [...requestParams.entries()]), []);
  assert.ok(bundle.link![0]!.url.startsWith(`https://brug.example.nl${BASE}/MedicationDispense?category=`));
  assert.equal(bundle.total, 4);
  assert.deepEqual(
    bundle.entry!.map((e) => e.search!.mode),
    ['match', 'match', 'match', 'match', 'include', 'include', 'include'],
  );
  const unauth = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense`,
    headers: { 'x-correlation-id': 'corr-2' },
  });
  assert.equal(unauth.headers['x-correlation-id'], 'corr-2', 'echoed on errors too');
  await app.close();
});

test('_count pages over HTTP with a next link that works', async () => {
  const { app } = await harness();
  const first = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?_count=5`,
    headers: auth(),
  });
  const b1 = JSON.parse(first.body) as fhir.Bundle;
  assert.equal(b1.total, 8);
  assert.equal(b1.entry!.length, 5);
  const next = new URL(b1.link!.find((l) => l.relation === 'next')!.url);
  assert.equal(next.searchParams.get('_offset'), '5');
  const second = await app.inject({ method: 'GET', url: `${next.pathname}${next.search}`, headers: auth() });
  const b2 = JSON.parse(second.body) as fhir.Bundle;
  assert.equal(b2.entry!.length, 3);
  assert.equal(
    b2.link!.find((l) => l.relation === 'next'),
    undefined,
  );
  assert.ok(b2.link!.some((l) => l.relation === 'previous'));
  await app.close();
});

test('strict handling refuses unknown parameters; bad values are 400 naming the parameter', async () => {
  const { app } = await harness();
  const strict = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?foo=1`,
    headers: { ...auth(), prefer: 'handling=strict' },
  });
  assert.equal(strict.statusCode, 400);
  assert.match(outcomeText(strict.body), /'foo'/);
  const lenient = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?foo=1`,
    headers: { ...auth(), prefer: 'handling=lenient' },
  });
  assert.equal(lenient.statusCode, 200);
  const bad = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?periodofuse=ge2026-99-01`,
    headers: auth(),
  });
  assert.equal(bad.statusCode, 400);
  assert.match(outcomeText(bad.body), /'periodofuse'/);
  const enc = await app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?category=%E0%A4%A`,
    headers: auth(),
  });
  assert.equal(enc.statusCode, 400);
  await app.close();
});

test('unknown errors become a generic 500; no BSN in the answer or the log; FhirErrors pass through', async () => {
  const { app, logs } = await harness({
    search: (req) => Promise.reject(new Error(`LSP refused patient ${req.token.bsn}`)),
  });
  const r = await app.inject({ method: 'GET', url: `${BASE}/MedicationDispense`, headers: auth() });
  assert.equal(r.statusCode, 500);
  assert.equal(outcomeText(r.body), 'An internal error occurred.');
  assert.ok(!r.body.includes(P.TEST_BSN));
  const all = logs.join('');
  assert.ok(all.includes('LSP refused patient XXXXXXXXX'), 'detail logged, masked');
  assert.ok(!all.includes(P.TEST_BSN));
  await app.close();
  const t = await harness({
    search: () => Promise.reject(gatewayTimeout()),
  });
  const to = await t.app.inject({
    method: 'GET',
    url: `${BASE}/MedicationDispense?_format=xml`,
    headers: auth(),
  });
  assert.equal(to.statusCode, 504);
  assert.equal(parseXml(to.body).name, 'OperationOutcome');
  await t.app.close();
});

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const conversion = path.join(
  path.resolve(repoRoot, '../shared'),
  'fixtures/fhir/stu3/mp907/bundles/searchset-MedicationDispense-612conversion.json',
);

test(
  'the fixture 612 Bundle as a pool gives back its matches and includes',
  { skip: fs.existsSync(conversion) ? false : `no fixture at ${conversion}` },
  async () => {
    const fixture = JSON.parse(fs.readFileSync(conversion, 'utf8')) as fhir.Bundle;
    const pool = fixture.entry!.map((e) => ({ fullUrl: e.fullUrl!, resource: e.resource! }));
    const { app } = await harness({}, () => pool);
    const self = fixture.link![0]!.url;
    const r = await app.inject({
      method: 'GET',
      url: `${BASE}/MedicationDispense${self.slice(self.indexOf('?'))}`,
      headers: auth(),
    });
    assert.equal(r.statusCode, 200);
    const b = JSON.parse(r.body) as fhir.Bundle;
    assert.equal(b.total, fixture.total);
    assert.deepEqual(
      b.entry!.map((e) => [e.fullUrl, e.search!.mode]),
      fixture.entry!.map((e) => [e.fullUrl, e.search!.mode]),
    );
    assert.deepEqual(checkMedMijRules(b, [...new URL(self).searchParams.entries()]), []);
    const byMed = await app.inject({
      method: 'GET',
      url: `${BASE}/MedicationDispense?medication.code=${P.ZI}|15401367`,
      headers: auth(),
    });
    assert.equal(JSON.parse(byMed.body).total, 2);
    const reqDate = await app.inject({
      method: 'GET',
      url: `${BASE}/MedicationDispense?requestdate=2020-02-29`,
      headers: auth(),
    });
    assert.equal(JSON.parse(reqDate.body).total, 2, 'the TA takes the request date of its MVE');
    await app.close();
  },
);
