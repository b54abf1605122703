/**
 * Method confusion: writes to the FHIR base (Brug is read-only), GET on the token endpoint, TRACE and
 * OPTIONS anywhere. Each gets a proper refusal and no patient data, even with a valid token.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from '../support/demo.ts';
import { BSN, SCOPE, assertHealthy } from './flow.ts';
import { rawRequest } from './raw.ts';

let demo: Demo;
let token: string;
let fhirBase: string;

before(async () => {
  demo = await startDemo();
  fhirBase = `${demo.base}/fhir/ggzdemo/31/stu3`;
  token = await demo.token(BSN, SCOPE);
});

after(async () => {
  await demo.close();
});

/** No patient data in an answer: no bundle entries, no resources, no BSN. */
function assertNoData(body: string, what: string): void {
  assert.doesNotMatch(body, /"searchset"|MedicationDispense"|"entry"/, `${what}: no data`);
  assert.doesNotMatch(body, new RegExp(BSN), `${what}: no BSN`);
}

test('the search itself works with this token (so the refusals below are about the method)', async () => {
  const res = await fetch(`${fhirBase}/MedicationDispense`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /"searchset"/);
});

test('POST, PUT, DELETE and PATCH on FHIR paths get 405 (or 404) as an OperationOutcome', async () => {
  const paths = [
    '/MedicationDispense',
    '/MedicationDispense/1',
    '/MedicationDispense/_search',
    '',
    '/metadata',
  ];
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    for (const path of paths) {
      const res = await fetch(`${fhirBase}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'MedicationDispense', status: 'completed' }),
      });
      const body = await res.text();
      const what = `${method} ${path}`;
      assert.ok(res.status === 405 || res.status === 404, `${what}: ${res.status}`);
      assert.match(body, /OperationOutcome/, `${what} is an OperationOutcome`);
      assertNoData(body, what);
    }
  }
});

test('a write without a token is refused the same way (no 500, no data)', async () => {
  const res = await fetch(`${fhirBase}/MedicationDispense`, { method: 'DELETE' });
  assert.ok(res.status === 405 || res.status === 401, `status ${res.status}`);
  assertNoData(await res.text(), 'DELETE');
});

test('GET on /oauth/token is refused with 405 or 404; no token is issued', async () => {
  const res = await fetch(
    `${demo.base}/oauth/token?grant_type=authorization_code&code=x&client_id=localhost&redirect_uri=x`,
  );
  assert.ok(res.status === 405 || res.status === 404, `status ${res.status}`);
  assert.doesNotMatch(await res.text(), /access_token/);
});

test('TRACE is refused everywhere and echoes nothing back', async () => {
  const host = new URL(demo.base).host;
  for (const path of [
    '/',
    '/health',
    '/oauth/authorize',
    '/oauth/token',
    '/fhir/ggzdemo/31/stu3/MedicationDispense',
  ]) {
    const answer = await rawRequest(
      demo.base,
      [
        `TRACE ${path} HTTP/1.1`,
        `Host: ${host}`,
        'Connection: close',
        `Authorization: Bearer ${token}`,
        'Cookie: brug_authz=secret-cookie-value',
        '',
        '',
      ].join('\r\n'),
    );
    assert.ok(answer.status >= 400 && answer.status < 500, `TRACE ${path}: ${answer.status}`);
    assert.doesNotMatch(answer.body, /secret-cookie-value|Bearer/, `TRACE ${path} does not echo the request`);
  }
});

test('OPTIONS gets no data and no permissive CORS', async () => {
  for (const path of ['/oauth/token', '/oauth/authorize', '/fhir/ggzdemo/31/stu3/MedicationDispense']) {
    const res = await fetch(`${demo.base}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        authorization: `Bearer ${token}`,
      },
    });
    assert.ok(res.status < 500, `OPTIONS ${path}: ${res.status}`);
    assert.notEqual(res.headers.get('access-control-allow-origin'), 'https://evil.example');
    assert.notEqual(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-credentials'), null);
    assertNoData(await res.text(), `OPTIONS ${path}`);
  }
  await assertHealthy(demo);
});
