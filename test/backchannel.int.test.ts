/**
 * The production shape of the back channel (DESIGN.md): with BRUG_BACKCHANNEL_PORT, /oauth/token,
 * /oauth/revoke and /fhir answer only on that port, over TLS that asks for the client's certificate;
 * the token endpoint checks the certificate against the MedMij Whitelist and the client list, FHIR
 * checks it against the Whitelist too, and the front channel no longer answers those paths. Real
 * sockets, real TLS, the test PKI: `pki.client` (CN brug.localhost) is listed; `pki.server` (CN
 * localhost, issued by the same CA) chains to the CA bundle but is not on the Whitelist.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { ensurePki, type Pki } from '../src/sim/pki/index.ts';
import { seedDemoProviders } from '../src/onboarding/seed.ts';
import { freePort } from '../src/medmij/oauth/testing.ts';
import { whitelistXml } from '../src/sim/medmij-node/documents.ts';

let home: string;
let pki: Pki;
let gw: RunningGateway;

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-bc-'));
  pki = await ensurePki(join(home, 'pki'));
  const clients = join(home, 'clients.json');
  writeFileSync(
    clients,
    JSON.stringify({
      clients: {
        'brug.localhost': { organisationName: 'Test PGO', redirectPrefixes: ['https://brug.localhost/cb'] },
      },
    }),
  );
  const whitelist = join(home, 'whitelist.xml');
  writeFileSync(whitelist, whitelistXml(1, ['brug.localhost']));
  const config = testConfig(home, {
    BRUG_PORT: String(await freePort()),
    BRUG_BACKCHANNEL_PORT: String(await freePort()),
    BRUG_BACKCHANNEL_CERT: pki.server.certFile,
    BRUG_BACKCHANNEL_KEY: pki.server.keyFile,
    BRUG_BACKCHANNEL_CA: pki.ca.certFile,
    BRUG_CLIENTS_FILE: clients,
    BRUG_WHITELIST_FILE: whitelist,
  });
  gw = await startGateway(config, createLogger('silent'));
  await seedDemoProviders(gw.store);
});

after(async () => {
  await gw.close();
  rmSync(home, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/** One HTTPS request to the back channel, with or without a client certificate. */
function back(
  path: string,
  cert: { certFile: string; keyFile: string } | undefined,
  form?: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(path, gw.backchannelUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: form ? 'POST' : 'GET',
        ca: readFileSync(pki.ca.certFile),
        ...(cert ? { cert: readFileSync(cert.certFile), key: readFileSync(cert.keyFile) } : {}),
        headers: {
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...extraHeaders,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(form ? new URLSearchParams(form).toString() : undefined);
  });
}

const TOKEN_FORM = {
  grant_type: 'authorization_code',
  code: '00000000-0000-4000-8000-000000000000',
  redirect_uri: 'https://brug.localhost/cb',
  client_id: 'brug.localhost',
};

test('the front channel no longer answers the token endpoint or the FHIR base', async () => {
  const token = await fetch(`${gw.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams(TOKEN_FORM),
  });
  assert.equal(token.status, 404);
  assert.equal((await fetch(`${gw.url}/fhir/ggzdemo/31/stu3/metadata`)).status, 404);
  assert.equal((await fetch(`${gw.url}/health`)).status, 200);
});

test('the back channel serves FHIR to a client with a trusted certificate', async () => {
  const res = await back('/fhir/ggzdemo/31/stu3/metadata', pki.client);
  assert.equal(res.status, 200);
  assert.match(res.body, /CapabilityStatement/);
  assert.equal(
    (await back('/oauth/authorize', pki.client)).status,
    404,
    'front-channel pages stay on the front',
  );
});

test('the token endpoint checks the client certificate against the Whitelist', async () => {
  const good = await back('/oauth/token', pki.client, TOKEN_FORM);
  assert.equal(good.status, 400, good.body);
  assert.equal(
    (JSON.parse(good.body) as { error: string }).error,
    'invalid_grant',
    'past client authentication',
  );

  const none = await back('/oauth/token', undefined, TOKEN_FORM);
  assert.equal(none.status, 401, none.body);
  assert.equal((JSON.parse(none.body) as { error: string }).error, 'invalid_client');

  const rogue = await back('/oauth/token', pki.rogueClient, TOKEN_FORM);
  assert.equal(rogue.status, 401, rogue.body);
  assert.equal((JSON.parse(rogue.body) as { error: string }).error, 'invalid_client');
});

test('FHIR on the back channel refuses a client certificate our CA did not issue', async () => {
  const rogue = await back('/fhir/ggzdemo/31/stu3/metadata', pki.rogueClient);
  assert.equal(rogue.status, 403);
  assert.match(rogue.body, /OperationOutcome/);
});

test('FHIR on the back channel refuses a CA-issued certificate that is not on the Whitelist', async () => {
  const before = (await gw.store.audit.snapshot()).length;
  for (const path of ['/fhir/ggzdemo/31/stu3/metadata', '/fhir/ggzdemo/31/stu3/MedicationDispense']) {
    const res = await back(path, pki.server, undefined, { authorization: 'Bearer not-checked-yet' });
    assert.equal(res.status, 403, `${path}: ${res.body}`);
    const oo = JSON.parse(res.body) as { resourceType: string; issue: { code: string }[] };
    assert.equal(oo.resourceType, 'OperationOutcome');
    assert.equal(oo.issue[0]!.code, 'security');
  }
  // Both refusals are in the audit log (the metadata as a refused request, the search as refused).
  const records = (await gw.store.audit.snapshot()).slice(before);
  assert.deepEqual(
    records.map((r) => [r.event, (JSON.parse(r.data) as { outcome: { status: number } }).outcome.status]),
    [
      ['fhir.request', 403],
      ['fhir.search', 403],
    ],
  );
  // The listed certificate gets past the check: the search then asks for its token.
  const listed = await back('/fhir/ggzdemo/31/stu3/MedicationDispense', pki.client);
  assert.equal(listed.status, 401, listed.body);
});
