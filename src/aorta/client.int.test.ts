import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import {
  connect as tcpConnect,
  createServer as createTcpServer,
  type AddressInfo,
  type Socket,
} from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Config } from '../config.ts';
import { parseXml } from '../xml/index.ts';
import { createLspClient } from './client.ts';
import { LspError } from './errors.ts';
import { parseQuery } from './hl7v3/parse-query.ts';
import { sharedDir } from './hl7v3/xsd-harness.test-util.ts';
import { unwrapSoap } from './transport/soap.ts';
import { hasOpenssl, makeTestPki, type TestPki } from './transport/test-pki.test-util.ts';
import type { LspClient, LspQuery } from './types.ts';

const skip = hasOpenssl() ? false : 'the openssl command is needed to make a test PKI';

type Mode = 'answer' | 'fixture' | 'hang' | 'fault' | 'malformed' | 'huge' | 'http503';
let mode: Mode = 'answer';
let pki: TestPki;
let server: Server;
let port = 0;
const received: { soapAction: string | undefined; body: string; correlation: string | undefined }[] = [];
const clients: LspClient[] = [];

const TARGET = { applicationId: '10011427', ura: '00063703' };
const QUERY: LspQuery = {
  interaction: 'QURX_IN990111NL',
  bsn: '999901539',
  target: TARGET,
  auth: { time: Date.now(), level: 'substantieel', assertionId: 'a-1' },
  parameters: { dispenseEventEffectiveTimeInterval: { low: '2024-01-01' } },
  correlationId: 'corr-1',
};

function part(appId: string, ura: string, code: string): string {
  return `<QURX_IN990113NL><id root="2.16.840.1.113883.2.4.6.6" extension="m${appId}"/><interactionId root="2.16.840.1.113883.1.6" extension="QURX_IN990113NL"/>
  <acknowledgement typeCode="AA"><targetMessage><id root="r" extension="e"/></targetMessage></acknowledgement>
  <sender><device><id root="2.16.840.1.113883.2.4.6.6" extension="1"/></device></sender>
  <ControlActProcess moodCode="EVN"><authorOrPerformer typeCode="AUT"><participant><AssignedDevice>
  <id root="2.16.840.1.113883.2.4.6.6" extension="${appId}"/><Organization><id root="2.16.528.1.1007.3.3" extension="${ura}"/></Organization>
  </AssignedDevice></participant></authorOrPerformer><queryAck><queryResponseCode code="${code}"/></queryAck></ControlActProcess></QURX_IN990113NL>`;
}
const ANSWER = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
<MCCI_IN200101 xmlns="urn:hl7-org:v3"><id root="2.16.840.1.113883.2.4.6.6" extension="9"/><acknowledgement typeCode="AA"/>
${part('10011427', '00063703', 'OK')}${part('20000000', '00000002', 'OK')}</MCCI_IN200101></s:Body></s:Envelope>`;
const FAULT = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Onbekende patient 999901539</faultstring></s:Fault></s:Body></s:Envelope>`;

before(async () => {
  if (skip) return;
  pki = makeTestPki();
  server = createServer(
    {
      ca: readFileSync(pki.caFile),
      cert: readFileSync(pki.serverCertFile),
      key: readFileSync(pki.serverKeyFile),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const soapAction = req.headers.soapaction;
        const correlation = req.headers['x-correlation-id'];
        received.push({
          soapAction: typeof soapAction === 'string' ? soapAction : undefined,
          body: Buffer.concat(chunks).toString('utf8'),
          correlation: typeof correlation === 'string' ? correlation : undefined,
        });
        const xml = { 'content-type': 'text/xml; charset=utf-8' };
        switch (mode) {
          case 'answer':
            res.writeHead(200, xml).end(ANSWER);
            break;
          case 'fixture':
            res
              .writeHead(200, xml)
              .end(
                readFileSync(
                  path.join(
                    sharedDir()!,
                    'fixtures/hl7v3/medication-612/999901539_Mohamed_QURX113.batch.hl7v3.xml',
                  ),
                ),
              );
            break;
          case 'hang':
            break;
          case 'fault':
            res.writeHead(500, xml).end(FAULT);
            break;
          case 'malformed':
            res
              .writeHead(200, xml)
              .end('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><QURX_IN99');
            break;
          case 'http503':
            res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
            break;
          case 'huge': {
            res.writeHead(200, xml);
            const chunk = Buffer.alloc(1024 * 1024, 0x20);
            let sent = 0;
            const pump = (): void => {
              while (sent < 100 && !res.destroyed) {
                sent++;
                if (!res.write(chunk)) {
                  res.once('drain', pump);
                  return;
                }
              }
              if (!res.destroyed) res.end();
            };
            res.write('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>');
            pump();
            break;
          }
        }
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

after(() => {
  for (const c of clients) c.close();
  if (skip) return;
  server.closeAllConnections();
  server.close();
  rmSync(pki.dir, { recursive: true, force: true });
});

function lsp(overrides: Partial<Config['lsp']> = {}): Config['lsp'] {
  return {
    url: `https://localhost:${port}/aorta`,
    caFile: pki.caFile,
    certFile: pki.clientCertFile,
    keyFile: pki.clientKeyFile,
    serverName: undefined,
    timeoutMs: 5000,
    applicationId: '900001',
    ura: '90000001',
    lspApplicationId: '1',
    aortaToken: 'signed',
    ...overrides,
  };
}

function client(overrides: Partial<Config['lsp']> = {}, options = {}): LspClient {
  const c = createLspClient(lsp(overrides), { options });
  clients.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<LspError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LspError) return e;
    throw e;
  }
  assert.fail('expected an LspError');
}

test('a query over mutual TLS returns only the addressed provider', { skip }, async () => {
  mode = 'answer';
  received.length = 0;
  const a = await client().query(QUERY);
  assert.equal(a.parts.length, 1);
  assert.equal(a.droppedParts, 1);
  assert.deepEqual(a.parts[0]!.source, { applicationId: '10011427', ura: '00063703' });
  assert.equal(a.parts[0]!.queryResponseCode, 'OK');
  const got = received[0]!;
  assert.equal(got.soapAction, '"urn:hl7-org:v3/VerstrekkingsLijstquery_QueryResponse"');
  assert.equal(got.correlation, 'corr-1');
  assert.match(
    got.body,
    /<soapenv:Header><authenticationTokens xmlns="http:\/\/www\.aortarelease\.nl\/805\/"/,
  );
  assert.match(got.body, /<ds:SignatureValue>/);
  const q = parseQuery(unwrapSoap(parseXml(got.body)));
  assert.equal(q.bsn, '999901539');
  assert.equal(q.receiverApplicationId, '1');
  assert.deepEqual(q.parameters, { dispenseEventEffectiveTimeInterval: { low: '20240101' } });
});

test(
  'BRUG_LSP_AORTA_TOKEN: signed with the patient block, signed without it, or no header',
  { skip },
  async () => {
    mode = 'answer';
    const sent = async (aortaToken: Config['lsp']['aortaToken']): Promise<string> => {
      received.length = 0;
      await client({ aortaToken }).query(QUERY);
      return received[0]!.body;
    };
    const signed = await sent('signed');
    assert.match(signed, /<authenticationTokens /);
    assert.match(signed, /<ds:SignatureValue>/);
    assert.match(signed, /<patientAuthentication>/);
    const noPatient = await sent('signed-no-patient');
    assert.match(noPatient, /<authenticationTokens /);
    assert.match(noPatient, /<ds:SignatureValue>/);
    assert.doesNotMatch(noPatient, /patientAuthentication/);
    const off = await sent('off');
    assert.doesNotMatch(off, /authenticationTokens|Signature|wsse:Security/);
    // The query itself is the same either way.
    assert.equal(parseQuery(unwrapSoap(parseXml(off))).bsn, '999901539');
  },
);

test(
  'the real 4-source batch yields one part through the whole client',
  { skip: skip || (sharedDir() ? false : '../shared is absent') },
  async () => {
    mode = 'fixture';
    const a = await client().query(QUERY);
    assert.equal(a.parts.length, 1);
    assert.equal(a.droppedParts, 3);
    assert.equal(a.parts[0]!.source.name, 'AHHAKuinre');
  },
);

test('no answer within timeoutMs is a timeout', { skip }, async () => {
  mode = 'hang';
  const t0 = Date.now();
  const e = await failure(client({ timeoutMs: 300 }).query(QUERY));
  assert.equal(e.kind, 'timeout');
  assert.ok(Date.now() - t0 < 3000);
});

test('the caller can abort a query', { skip }, async () => {
  mode = 'hang';
  const ctl = new AbortController();
  setTimeout(() => ctl.abort(), 100);
  const e = await failure(client().query(QUERY, ctl.signal));
  assert.equal(e.kind, 'aborted');
});

test('a client certificate from an untrusted CA is refused: tls', { skip }, async () => {
  mode = 'answer';
  const e = await failure(client({ certFile: pki.rogueCertFile, keyFile: pki.rogueKeyFile }).query(QUERY));
  assert.equal(e.kind, 'tls', e.message);
});

test('a server certificate for another name is refused: tls', { skip }, async () => {
  mode = 'answer';
  const e = await failure(client({ serverName: 'lsp.example.nl' }).query(QUERY));
  assert.equal(e.kind, 'tls', e.message);
});

test('a SOAP fault is typed, its text masked', { skip }, async () => {
  mode = 'fault';
  const e = await failure(client().query(QUERY));
  assert.equal(e.kind, 'soap-fault');
  assert.equal(e.faultCode, 's:Client');
  assert.equal(e.httpStatus, 500);
  assert.ok(!e.message.includes('999901539'), e.message);
});

test('malformed XML is malformed', { skip }, async () => {
  mode = 'malformed';
  const e = await failure(client().query(QUERY));
  assert.equal(e.kind, 'malformed');
});

test('an HTTP error without a SOAP fault is http', { skip }, async () => {
  mode = 'http503';
  const e = await failure(client().query(QUERY));
  assert.equal(e.kind, 'http');
  assert.equal(e.httpStatus, 503);
});

test('a 100 MB answer ends quickly as malformed', { skip }, async () => {
  mode = 'huge';
  const t0 = Date.now();
  const e = await failure(client({}, { maxResponseBytes: 2 * 1024 * 1024 }).query(QUERY));
  assert.equal(e.kind, 'malformed');
  assert.match(e.message, /exceeds the limit/);
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
});

test(
  'an unreachable LSP is unreachable, and the circuit opens after repeated failures',
  { skip },
  async () => {
    const c = client(
      { url: 'https://127.0.0.1:1/aorta', serverName: 'localhost' },
      { breakerThreshold: 2, retries: 1 },
    );
    assert.equal((await failure(c.query(QUERY))).kind, 'unreachable');
    assert.equal((await failure(c.query(QUERY))).kind, 'unreachable');
    const open = await failure(c.query(QUERY));
    assert.equal(open.kind, 'unreachable');
    assert.match(open.message, /circuit open/);
    assert.equal(await c.ping(), false);
  },
);

test('ping reports a reachable LSP', { skip }, async () => {
  assert.equal(await client().ping(), true);
  assert.equal(await client({ certFile: pki.rogueCertFile, keyFile: pki.rogueKeyFile }).ping(), true);
});

test('too many waiting queries for one provider are shed as busy', { skip }, async () => {
  mode = 'hang';
  const c = client({ timeoutMs: 400 }, { maxConcurrentPerDestination: 1, maxQueuedPerDestination: 1 });
  const results = await Promise.allSettled([c.query(QUERY), c.query(QUERY), c.query(QUERY)]);
  const kinds = results.map((r) =>
    r.status === 'rejected' && r.reason instanceof LspError ? r.reason.kind : 'ok',
  );
  assert.deepEqual(kinds.sort(), ['busy', 'timeout', 'timeout']);
});

test('a connection dropped before any byte was sent is retried once for a query', { skip }, async () => {
  mode = 'answer';
  let connections = 0;
  const sockets: Socket[] = [];
  const proxy = createTcpServer((inbound) => {
    sockets.push(inbound);
    connections++;
    if (connections === 1) {
      inbound.destroy();
      return;
    }
    const outbound = tcpConnect(port, '127.0.0.1');
    sockets.push(outbound);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyPort = (proxy.address() as AddressInfo).port;
  try {
    const a = await client({ url: `https://localhost:${proxyPort}/aorta` }).query(QUERY);
    assert.equal(a.parts.length, 1);
    assert.equal(connections, 2);
    connections = 0;
    const e = await failure(
      client({ url: `https://localhost:${proxyPort}/aorta` }, { retries: 0 }).query(QUERY),
    );
    assert.equal(e.kind, 'unreachable');
    assert.equal(connections, 1);
  } finally {
    for (const s of sockets) s.destroy();
    proxy.close();
  }
});

test('log lines name the query but never the BSN', { skip }, async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb): void {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const c = createLspClient(lsp(), { logger: pino({ level: 'info' }, sink) });
  clients.push(c);
  mode = 'answer';
  await c.query(QUERY);
  mode = 'fault';
  await failure(c.query(QUERY));
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /"msg":"LSP query answered"/);
  assert.match(lines[0]!, /"parts":1,"dropped":1/);
  assert.match(lines[1]!, /"kind":"soap-fault"/);
  for (const l of lines) {
    assert.ok(l.includes('QURX_IN990111NL'));
    assert.ok(!l.includes('999901539'), l);
  }
});
