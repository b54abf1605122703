import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { all, at, child, parseXml, type XmlElement } from '../../xml/index.ts';
import { ensurePki, type Pki } from '../pki/index.ts';
import { startLspSimulator, type LspSimulator, type LspSimulatorOptions } from './index.ts';
import { httpsCall, testQuery, type TlsClient } from './testing.ts';
import { writeSimData } from './fixtures.test-util.ts';

const BSN = '999990019';
const SERVED_BSN = '999990020';
const OTHER_BSN = '999990032';
const NOW = new Date('2026-03-10T10:00:00Z'); // 11:00 in Amsterdam
const PROVIDER = { applicationId: '4242', ura: '00004242' };

let root: string;
let pki: Pki;
let tls: TlsClient;
const logLines: string[] = [];
const logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString());
      cb();
    },
  }),
);

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'brug-'));
  pki = await ensurePki(join(root, 'pki'));
  tls = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
});
after(() => rmSync(root, { recursive: true, force: true }));

async function withSim(
  data: Parameters<typeof writeSimData>[1],
  extra: Partial<LspSimulatorOptions>,
  fn: (sim: LspSimulator) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(root, 'data-'));
  writeSimData(dir, data);
  const sim = await startLspSimulator({
    port: 0,
    pkiDir: join(root, 'pki'),
    dataDirs: [dir],
    now: () => NOW,
    logger,
    providers: [PROVIDER, { applicationId: '777', ura: '00000777' }],
    ...extra,
  });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

/** POSTs a query and returns the HL7v3 message inside the SOAP answer. */
async function ask(sim: LspSimulator, bsn: string, receiver = PROVIDER.applicationId): Promise<XmlElement> {
  const res = await httpsCall(sim.url, tls, testQuery({ bsn, receiverApplicationId: receiver }));
  assert.equal(res.status, 200, res.body);
  assert.match(res.contentType ?? '', /^text\/xml/);
  const env = parseXml(res.body);
  assert.equal(env.name, 'Envelope');
  const msg = at(env, 'Body')?.children[0];
  assert.ok(msg, 'a message in the SOAP body');
  return msg;
}

const attr = (el: XmlElement | undefined, a: string): string | undefined => el?.attrs[a];

describe('LSP simulator over mutual TLS', () => {
  test('a known patient gets its answer: dates shifted to today, asPatient applied, queried provider stamped', async () => {
    const asPatient = {
      bsn: SERVED_BSN,
      given: [{ value: 'Nieuw', qualifier: 'BR' }],
      family: [{ value: 'Naam', qualifier: 'BR' }],
      gender: 'M',
      birthTime: '19500120',
    };
    await withSim({ bsn: BSN, asPatient }, {}, async (sim) => {
      const res = await httpsCall(sim.url, tls, testQuery({ bsn: BSN, receiverApplicationId: '4242' }));
      assert.ok(!res.body.includes(BSN), 'the file BSN is replaced everywhere, free text included');
      const msg = await ask(sim, BSN);
      assert.equal(msg.name, 'QURX_IN990113NL');
      assert.equal(attr(at(msg, 'acknowledgement/targetMessage/id'), 'extension'), 'msg-1');
      assert.equal(attr(at(msg, 'ControlActProcess/queryAck/queryId'), 'extension'), 'qry-1');
      assert.equal(
        attr(at(msg, 'ControlActProcess/queryAck/queryId'), 'root'),
        '2.16.840.1.113883.2.4.6.6.900001.2',
      );
      assert.equal(attr(at(msg, 'receiver/device/id'), 'extension'), '900001');
      const events = all(
        msg,
        'ControlActProcess/subject/MedicationDispenseList/component/medicationDispenseEvent',
      );
      assert.equal(
        attr(child(events[0], 'effectiveTime'), 'value'),
        '20260310',
        'the anchor day becomes today',
      );
      assert.equal(
        attr(child(events[1], 'effectiveTime'), 'value'),
        '202603051015',
        '5 days before, time kept',
      );
      const patient = at(msg, 'ControlActProcess/subject/MedicationDispenseList/subject/Patient');
      assert.equal(attr(child(patient, 'id'), 'extension'), SERVED_BSN);
      const person = child(patient, 'Person');
      assert.deepEqual(
        child(person, 'name')?.children.map((c) => `${c.name}:${c.text}`),
        ['given:Nieuw', 'family:Naam'],
      );
      assert.equal(attr(child(person, 'administrativeGenderCode'), 'code'), 'M');
      assert.equal(
        attr(child(person, 'birthTime'), 'value'),
        '19500120',
        'birth time from asPatient, not shifted',
      );
      assert.match(
        child(events[0], 'text')?.text ?? '',
        new RegExp(`Verstrekt aan ${SERVED_BSN} & meegegeven`),
      );
      // The queried provider is the source.
      assert.equal(attr(at(msg, 'sender/device/id'), 'extension'), '4242');
      assert.equal(
        attr(at(msg, 'sender/device/agencyFor/representedOrganization/id'), 'extension'),
        '00004242',
      );
      const device = at(msg, 'ControlActProcess/authorOrPerformer/participant/AssignedDevice');
      assert.equal(attr(child(device, 'id'), 'extension'), '4242');
      assert.equal(attr(at(device, 'Organization/id'), 'extension'), '00004242');
      assert.equal(
        attr(at(device, 'Organization/telecom'), 'value'),
        'x-hl7-applicatie:2.16.840.1.113883.2.4.6.6.4242',
      );
      const dispOrg = at(events[0], 'responsibleParty/assignedCareProvider/representedOrganization/id');
      assert.equal(attr(dispOrg, 'extension'), '00004242', 'the source pharmacy in the payload follows');
      const prescriberOrg = at(
        events[1],
        'directTargetOf/prescription/author/AssignedPerson/representedOrganization/id',
      );
      assert.equal(attr(prescriberOrg, 'extension'), '00007777', 'third parties are left alone');
    });
  });

  test('keepSources keeps the sources of the file', async () => {
    await withSim({ bsn: BSN, keepSources: true }, {}, async (sim) => {
      const msg = await ask(sim, BSN);
      assert.equal(attr(at(msg, 'sender/device/id'), 'extension'), '555');
      assert.equal(
        attr(
          at(msg, 'ControlActProcess/authorOrPerformer/participant/AssignedDevice/Organization/id'),
          'extension',
        ),
        '00005555',
      );
      assert.equal(
        attr(at(msg, 'acknowledgement/targetMessage/id'), 'extension'),
        'msg-1',
        'ack still follows the query',
      );
    });
  });

  test('a query that names no provider is answered by every known provider in one LSP batch', async () => {
    await withSim({ bsn: BSN }, {}, async (sim) => {
      const msg = await ask(sim, BSN, '1');
      assert.equal(msg.name, 'MCCI_IN200101');
      assert.equal(attr(at(msg, 'sender/device/id'), 'extension'), '1');
      assert.equal(attr(at(msg, 'acknowledgement/targetTransmission/id'), 'extension'), 'msg-1');
      const parts = msg.children.filter((c) => c.name === 'QURX_IN990113NL');
      assert.equal(attr(child(msg, 'transmissionQuantity'), 'value'), '2');
      assert.deepEqual(
        parts.map((p) =>
          attr(
            at(p, 'ControlActProcess/authorOrPerformer/participant/AssignedDevice/Organization/id'),
            'extension',
          ),
        ),
        ['00004242', '00000777'],
      );
    });
  });

  test('an unknown BSN gets a well-formed NF answer without payload', async () => {
    await withSim({ bsn: BSN }, {}, async (sim) => {
      const msg = await ask(sim, OTHER_BSN);
      assert.equal(msg.name, 'QURX_IN990113NL');
      assert.equal(attr(child(msg, 'acknowledgement'), 'typeCode'), 'AA');
      assert.equal(attr(at(msg, 'acknowledgement/targetMessage/id'), 'extension'), 'msg-1');
      assert.equal(attr(at(msg, 'ControlActProcess/queryAck/queryResponseCode'), 'code'), 'NF');
      assert.equal(attr(at(msg, 'ControlActProcess/queryAck/queryId'), 'extension'), 'qry-1');
      assert.equal(at(msg, 'ControlActProcess/subject'), undefined);
      assert.equal(
        attr(at(msg, 'ControlActProcess/authorOrPerformer/participant/AssignedDevice/id'), 'extension'),
        '4242',
      );
    });
  });

  test('readiness: GET on the endpoint and /ping answer 200; an unknown query interaction is a SOAP Client fault', async () => {
    await withSim({ bsn: BSN }, {}, async (sim) => {
      assert.equal((await httpsCall(sim.url, tls)).status, 200);
      assert.equal((await httpsCall(new URL('/ping', sim.url).href, tls)).status, 200);
      const res = await httpsCall(sim.url, tls, testQuery({ bsn: BSN, interaction: 'ABCD_IN123456NL' }));
      assert.equal(res.status, 500);
      assert.match(res.body, /<faultcode>soap:Client<\/faultcode>/);
    });
  });

  test('a client certificate from another CA is refused in the TLS handshake', async () => {
    await withSim({ bsn: BSN }, {}, async (sim) => {
      const rogue = { ca: pki.ca.cert, cert: pki.rogueClient.cert, key: pki.rogueClient.key };
      await assert.rejects(httpsCall(sim.url, rogue, testQuery({ bsn: BSN })), (e: Error) => {
        assert.doesNotMatch(e.message, /timeout/);
        return true;
      });
      const none = { ca: pki.ca.cert, cert: '', key: '' };
      await assert.rejects(httpsCall(sim.url, none, testQuery({ bsn: BSN })));
    });
  });

  test('logs name the patient label, never the BSN', async () => {
    logLines.length = 0;
    await withSim({ bsn: BSN }, {}, async (sim) => {
      await ask(sim, BSN);
      await ask(sim, OTHER_BSN);
    });
    const text = logLines.join('');
    assert.match(text, /TEST-PATIENT/);
    assert.ok(!text.includes(BSN) && !text.includes(OTHER_BSN), text);
  });

  test('an invalid manifest stops the start with a message naming file and entry', async () => {
    const dir = mkdtempSync(join(root, 'bad-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ patients: [{ bsn: '12345', label: 'KAPOT', answers: [] }] }),
    );
    await assert.rejects(
      startLspSimulator({ port: 0, pkiDir: join(root, 'pki'), dataDirs: [dir] }),
      (e: Error) =>
        e.message.includes(join(dir, 'manifest.json')) &&
        e.message.includes('patients[0] "KAPOT"') &&
        /9 digits/.test(e.message),
    );
  });
});
