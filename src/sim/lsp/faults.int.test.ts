import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { at, child, parseXml, type XmlElement } from '../../xml/index.ts';
import { ensurePki } from '../pki/index.ts';
import { startLspSimulator, type LspSimulator } from './index.ts';
import { httpsCall, testQuery, type TlsClient } from './testing.ts';
import { writeSimData } from './fixtures.test-util.ts';

const BSN = '999990019';
const CALM_BSN = '999990044';
let root: string;
let tls: TlsClient;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'brug-'));
  const pki = await ensurePki(join(root, 'pki'));
  tls = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
});
after(() => rmSync(root, { recursive: true, force: true }));

async function withSim(
  fault: string | undefined,
  patientFault: string | undefined,
  fn: (sim: LspSimulator) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(root, 'data-'));
  const calm = {
    bsn: CALM_BSN,
    label: 'CALM',
    answers: [{ interaction: 'QURX_IN990113NL', file: 'answers/dispenses.xml', anchor: '2020-01-15' }],
  };
  writeSimData(dir, { bsn: BSN, fault: patientFault, extra: [calm] });
  const sim = await startLspSimulator({ port: 0, pkiDir: join(root, 'pki'), dataDirs: [dir], fault });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

function message(body: string): XmlElement {
  const msg = at(parseXml(body), 'Body')?.children[0];
  assert.ok(msg);
  return msg;
}

describe('LSP simulator fault injection', () => {
  test('soapfault: HTTP 500 with a SOAP 1.1 Fault', async () => {
    await withSim('soapfault', undefined, async (sim) => {
      const res = await httpsCall(sim.url, tls, testQuery({ bsn: BSN }));
      assert.equal(res.status, 500);
      const fault = at(parseXml(res.body), 'Body/Fault');
      assert.equal(child(fault, 'faultcode')?.text, 'soap:Server');
    });
  });

  test('malformed: HTTP 200 with a body that is not well-formed XML', async () => {
    await withSim('malformed', undefined, async (sim) => {
      const res = await httpsCall(sim.url, tls, testQuery({ bsn: BSN }));
      assert.equal(res.status, 200);
      assert.throws(() => parseXml(res.body));
    });
  });

  test('error-ack: acknowledgement AE with the LSP code (default NOSTORE) and queryResponseCode AE', async () => {
    await withSim('error-ack', undefined, async (sim) => {
      const msg = message((await httpsCall(sim.url, tls, testQuery({ bsn: BSN }))).body);
      assert.equal(child(msg, 'acknowledgement')?.attrs.typeCode, 'AE');
      const code = at(msg, 'acknowledgement/acknowledgementDetail/code');
      assert.equal(code?.attrs.code, 'NOSTORE');
      assert.equal(code?.attrs.codeSystem, '2.16.840.1.113883.2.4.6.6.1.1000');
      assert.equal(at(msg, 'acknowledgement/targetMessage/id')?.attrs.extension, 'msg-1');
      assert.equal(at(msg, 'ControlActProcess/queryAck/queryResponseCode')?.attrs.code, 'AE');
      assert.equal(at(msg, 'ControlActProcess/subject'), undefined);
      assert.equal(at(msg, 'sender/device/id')?.attrs.extension, '1', 'LSP errors come from the LSP');
    });
    await withSim('error-ack:RTUDEST', undefined, async (sim) => {
      const msg = message((await httpsCall(sim.url, tls, testQuery({ bsn: BSN }))).body);
      assert.equal(at(msg, 'acknowledgement/acknowledgementDetail/code')?.attrs.code, 'RTUDEST');
    });
  });

  test('slow:MS answers normally after the delay', async () => {
    await withSim('slow:400', undefined, async (sim) => {
      const t0 = Date.now();
      const msg = message((await httpsCall(sim.url, tls, testQuery({ bsn: BSN }))).body);
      assert.ok(Date.now() - t0 >= 390, `answered after ${Date.now() - t0} ms`);
      assert.equal(at(msg, 'ControlActProcess/queryAck/queryResponseCode')?.attrs.code, 'OK');
    });
  });

  test('timeout: the request is accepted and never answered; close() still ends promptly', async () => {
    await withSim('timeout', undefined, async (sim) => {
      await assert.rejects(httpsCall(sim.url, tls, testQuery({ bsn: BSN }), 700), /timeout/);
      const t0 = Date.now();
      const pending = httpsCall(sim.url, tls, testQuery({ bsn: BSN }), 10_000).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 200));
      await sim.close();
      assert.ok((await pending) instanceof Error);
      assert.ok(Date.now() - t0 < 3000);
    });
  });

  test('a fault on a manifest entry affects that patient only', async () => {
    await withSim(undefined, 'error-ack:AUTERR_MEDISCH', async (sim) => {
      const faulty = message((await httpsCall(sim.url, tls, testQuery({ bsn: BSN }))).body);
      assert.equal(at(faulty, 'acknowledgement/acknowledgementDetail/code')?.attrs.code, 'AUTERR_MEDISCH');
      const calm = message((await httpsCall(sim.url, tls, testQuery({ bsn: CALM_BSN }))).body);
      assert.equal(child(calm, 'acknowledgement')?.attrs.typeCode, 'AA');
      assert.equal(at(calm, 'ControlActProcess/queryAck/queryResponseCode')?.attrs.code, 'OK');
    });
  });

  test('a bad fault setting stops the start', async () => {
    await assert.rejects(
      startLspSimulator({ port: 0, pkiDir: join(root, 'pki'), dataDirs: [], fault: 'sometimes' }),
      /timeout, soapfault, malformed, error-ack\[:CODE\] or slow:MS/,
    );
  });
});
