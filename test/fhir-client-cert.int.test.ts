/**
 * FHIR searches on the back channel need a client certificate on the MedMij Whitelist (DESIGN.md), in
 * both production shapes: the mutual-TLS back-channel port (BRUG_BACKCHANNEL_PORT) and a trusted
 * reverse proxy passing the verified certificate in a header (BRUG_CLIENT_CERT_HEADER, /fhir on the
 * front port). The whole demo over real sockets (LSP/XIS simulator over mutual TLS, real TLS on the
 * back channel): `pki.client` (CN brug.localhost) is listed and gets its searchset; `pki.server` (CN
 * localhost, issued by the same CA) chains to the CA bundle but is not listed and gets 403.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as fhir from 'fhir';
import { startDemo, type Demo } from './support/demo.ts';
import { ensurePki, type Pki, type PkiMember } from '../src/sim/pki/index.ts';
import { freePort } from '../src/medmij/oauth/testing.ts';
import { whitelistXml } from '../src/sim/medmij-node/documents.ts';

const BSN = '999990032'; // has dispenses (src/sim/data/manifest.json)
const SEARCH = '/fhir/ggzdemo/31/stu3/MedicationDispense';
const HEADER = 'x-ssl-client-cert';

let dir: string;
let pki: Pki;
let whitelist: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'brug-fhir-cert-'));
  pki = await ensurePki(join(dir, 'pki'));
  whitelist = join(dir, 'whitelist.xml');
  writeFileSync(whitelist, whitelistXml(1, ['brug.localhost']));
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** The OperationOutcome's first issue code, asserting the body is one. */
function issueCode(a: Answer): string {
  assert.equal(a.type, 'application/fhir+json; charset=utf-8');
  const oo = JSON.parse(a.body) as fhir.OperationOutcome;
  assert.equal(oo.resourceType, 'OperationOutcome');
  return oo.issue[0]!.code;
}

/** The searchset's match count, asserting a 200 searchset. */
function matches(a: Answer): number {
  assert.equal(a.status, 200, a.body);
  const bundle = JSON.parse(a.body) as fhir.Bundle;
  assert.equal(bundle.type, 'searchset');
  return (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').length;
}

/** Asserts a 403 `security` OperationOutcome, recorded in the audit log as one refused search. */
async function refusedAndAudited(demo: Demo, answer: () => Promise<Answer>): Promise<void> {
  const before = (await demo.gateway.store.audit.snapshot()).length;
  const res = await answer();
  assert.equal(res.status, 403, res.body);
  assert.equal(issueCode(res), 'security');
  const records = (await demo.gateway.store.audit.snapshot()).slice(before);
  assert.deepEqual(
    records.map((r) => [r.event, (JSON.parse(r.data) as { outcome: { status: number } }).outcome.status]),
    [['fhir.search', 403]],
  );
}

describe('on the mutual-TLS back-channel port', () => {
  let demo: Demo;
  let token: string;

  before(async () => {
    demo = await startDemo({
      BRUG_BACKCHANNEL_PORT: String(await freePort()),
      BRUG_BACKCHANNEL_CERT: pki.server.certFile,
      BRUG_BACKCHANNEL_KEY: pki.server.keyFile,
      BRUG_BACKCHANNEL_CA: pki.ca.certFile,
      BRUG_WHITELIST_FILE: whitelist,
      BRUG_LSP_TIMEOUT_MS: '3000',
    });
    token = await demo.token(BSN, 'ggzdemo~31');
  });
  after(async () => demo.close());

  /** A search on the back channel with the bearer token and the given client certificate. */
  function search(cert: PkiMember | undefined): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(SEARCH, demo.gateway.backchannelUrl),
        {
          ca: pki.ca.cert,
          ...(cert ? { cert: cert.cert, key: cert.key } : {}),
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test('a PGO certificate on the Whitelist gets the searchset', async () => {
    assert.ok(matches(await search(pki.client)) > 0);
  });

  test('a certificate chaining to the CA but not on the Whitelist gets 403 security, audited', async () => {
    await refusedAndAudited(demo, () => search(pki.server));
  });

  test('no certificate at all gets 403 security', async () => {
    const res = await search(undefined);
    assert.equal(res.status, 403, res.body);
    assert.equal(issueCode(res), 'security');
  });
});

describe('behind a trusted reverse proxy (certificate header, /fhir on the front port)', () => {
  let demo: Demo;
  let token: string;

  before(async () => {
    demo = await startDemo({
      BRUG_CLIENT_CERT_HEADER: HEADER,
      BRUG_WHITELIST_FILE: whitelist,
      BRUG_LSP_TIMEOUT_MS: '3000',
    });
    token = await demo.token(BSN, 'ggzdemo~31');
  });
  after(async () => demo.close());

  /** A search on the front port with the bearer token and, when given, the proxy's header. */
  async function search(certHeader: string | undefined, accept?: string): Promise<Answer> {
    const res = await fetch(`${demo.base}${SEARCH}`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(certHeader === undefined ? {} : { [HEADER]: certHeader }),
        ...(accept === undefined ? {} : { accept }),
      },
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  }

  test('a PGO certificate on the Whitelist gets the searchset', async () => {
    assert.ok(matches(await search(encodeURIComponent(pki.client.cert))) > 0);
  });

  test('a certificate chaining to the CA but not on the Whitelist gets 403 security, audited', async () => {
    await refusedAndAudited(demo, () => search(encodeURIComponent(pki.server.cert)));
  });

  test('no header or an unreadable one gets 403 security, in the format asked', async () => {
    for (const h of [undefined, '', 'not-a-certificate']) {
      const res = await search(h, 'application/fhir+xml');
      assert.equal(res.status, 403, `${String(h)}: ${res.body}`);
      assert.equal(res.type, 'application/fhir+xml; charset=utf-8');
    }
    const json = await search(undefined);
    assert.equal(json.status, 403);
    assert.equal(issueCode(json), 'security');
  });

  test('without a valid token a bad Accept gets 401, not 406 (JSON OperationOutcome)', async () => {
    const res = await fetch(`${demo.base}${SEARCH}`, {
      headers: { [HEADER]: encodeURIComponent(pki.client.cert), accept: 'text/html' },
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="brug", error="invalid_token"');
    const a = { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
    assert.equal(issueCode(a), 'login');
  });
});
