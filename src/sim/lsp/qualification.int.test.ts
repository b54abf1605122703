import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { all, at, child, descendants, parseXml, type XmlElement } from '../../xml/index.ts';
import { ensurePki } from '../pki/index.ts';
import { AnswerFiles, dataAnswer } from './answers.ts';
import { amsterdamDate } from './clock.ts';
import { loadManifest } from './manifest.ts';
import { startLspSimulator, type LspSimulator } from './index.ts';
import { httpsCall, testQuery, type TlsClient } from './testing.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = resolve(repoRoot, '../shared');
const qualification = join(shared, 'fixtures/hl7v3/qualification');
const batchFile = join(shared, 'fixtures/hl7v3/medication-612/999901539_Mohamed_QURX113.batch.hl7v3.xml');
const skip =
  existsSync(join(qualification, 'manifest.json')) && existsSync(batchFile)
    ? false
    : `shared fixtures not found at ${shared} (only present in the development workspace)`;

const NOW = new Date('2026-06-15T08:00:00Z');
const TODAY = amsterdamDate(NOW).replaceAll('-', '');
const PROVIDER = { applicationId: '31337', ura: '00031337' };

function daysBefore(n: number): string {
  const d = new Date(NOW.getTime() - n * 86_400_000);
  return d.toISOString().slice(0, 10).replaceAll('-', '');
}

let root: string;
let tls: TlsClient;
let sim: LspSimulator;

async function ask(bsn: string, interaction = 'QURX_IN990111NL'): Promise<XmlElement> {
  const res = await httpsCall(
    sim.url,
    tls,
    testQuery({ bsn, interaction, receiverApplicationId: PROVIDER.applicationId }),
  );
  assert.equal(res.status, 200, res.body.slice(0, 500));
  const msg = at(parseXml(res.body), 'Body')?.children[0];
  assert.ok(msg);
  return msg;
}

describe('LSP simulator with the qualification data', { skip }, () => {
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'brug-'));
    const pki = await ensurePki(join(root, 'pki'));
    tls = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
    // Two extra entries for the real-shaped 4-source LSP batch (the file is referenced, not copied).
    const extra = join(root, 'extra');
    mkdirSync(extra);
    const answer = [{ interaction: 'QURX_IN990113NL', file: batchFile, anchor: '2022-01-13' }];
    writeFileSync(
      join(extra, 'manifest.json'),
      JSON.stringify({
        patients: [
          { bsn: '999901539', label: 'MOHAMED batch, sources kept', answers: answer, keepSources: true },
          {
            bsn: '999901540',
            label: 'MOHAMED batch, stamped',
            answers: answer,
            asPatient: { bsn: '999901540' },
          },
        ],
      }),
    );
    sim = await startLspSimulator({
      port: 0,
      pkiDir: join(root, 'pki'),
      dataDirs: [qualification, extra],
      now: () => NOW,
      providers: [PROVIDER],
    });
  });
  after(async () => {
    await sim?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('VEENOORD (555555021) is served from the XXX_Tieter file, re-identified, anchor 2015-06-02 = today', async () => {
    const msg = await ask('555555021');
    const list = at(msg, 'ControlActProcess/subject/MedicationDispenseList');
    const patient = at(list, 'subject/Patient');
    assert.equal(child(patient, 'id')?.attrs.extension, '555555021');
    const person = child(patient, 'Person');
    assert.deepEqual(
      child(person, 'name')?.children.map((c) => `${c.name}:${c.text}`),
      ['given:Peter', 'given:P.', 'family:Veenoord'],
    );
    assert.equal(child(person, 'administrativeGenderCode')?.attrs.code, 'M');
    assert.equal(child(person, 'birthTime')?.attrs.value, '19500120');
    const dates = all(list, 'component/medicationDispenseEvent').map(
      (e) => child(e, 'effectiveTime')?.attrs.value,
    );
    // 20150513 = T-20, 20150523 = T-10, 20150528 = T-5 (qualification README).
    for (const d of [daysBefore(20), daysBefore(10), daysBefore(5)])
      assert.ok(dates.includes(d), `${d} in ${dates.join(',')}`);
    assert.equal(
      at(msg, 'ControlActProcess/authorOrPerformer/participant/AssignedDevice/Organization/id')?.attrs
        .extension,
      PROVIDER.ura,
    );
  });

  test('HENEGOUWEN (file in ../medication-612) has its one dispense today', async () => {
    const msg = await ask('555555112');
    const e = at(msg, 'ControlActProcess/subject/MedicationDispenseList/component/medicationDispenseEvent');
    assert.equal(child(e, 'effectiveTime')?.attrs.value, TODAY);
  });

  test('STALEWSKA allergy batch (single quotes, CR line ends) is shifted and re-identified', () => {
    // No query interaction in the table answers with REPC_IN000024NL yet, so build the answer directly.
    const entry = loadManifest(qualification).find((e) => e.bsn === '999911235')!;
    const q = {
      interaction: 'X',
      provider: {},
      messageId: { root: '1.2', extension: 'm' },
      queryId: { root: '1.3', extension: 'q' },
    };
    const ctx = {
      query: q,
      provider: PROVIDER,
      now: NOW,
      today: amsterdamDate(NOW),
      creationTime: '20260615100000',
    };
    const batch = dataAnswer(new AnswerFiles(), entry, entry.answers[0]!, ctx);
    assert.equal(batch.name, 'MCCI_IN200101');
    const parts = batch.children.filter((c) => c.name === 'REPC_IN000024NL');
    assert.equal(parts.length, 2);
    const lows = descendants(parts[0]!, 'low').map((l) => l.attrs.value);
    assert.ok(lows.includes(`${daysBefore(50)}151328`), `onset T-50 in ${lows.join(',')}`);
    const bsns = descendants(batch, 'id').filter((i) => i.attrs.root === '2.16.840.1.113883.2.4.6.3');
    assert.ok(bsns.length > 0 && bsns.every((i) => i.attrs.extension === '999911235'));
    const patients = descendants(batch, 'patient').filter(
      (p) => child(p, 'id')?.attrs.root === '2.16.840.1.113883.2.4.6.3',
    );
    assert.equal(patients.length, 8);
    const family = patients.map((p) => at(p, 'Person/name/family')?.text);
    assert.ok(
      family.every((f) => f === 'van XXX_Stalewska'),
      family.join(','),
    );
    assert.ok(
      descendants(batch, 'family').some((f) => f.text === 'XXX_Mulders'),
      'the informant (husband) keeps his name',
    );
    assert.equal(at(parts[0], 'sender/device/id')?.attrs.extension, PROVIDER.applicationId);
    assert.equal(at(parts[1], 'ControlActProcess/queryAck/queryId')?.attrs.extension, 'q');
  });

  test('DAALEN (no answers) gets NF', async () => {
    const msg = await ask('999911247');
    assert.equal(at(msg, 'ControlActProcess/queryAck/queryResponseCode')?.attrs.code, 'NF');
  });

  test('the 4-source LSP batch keeps its sources with keepSources, and is stamped without', async () => {
    const kept = await ask('999901539');
    assert.equal(kept.name, 'MCCI_IN200101');
    const uras = (m: XmlElement): (string | undefined)[] =>
      m.children
        .filter((c) => c.name === 'QURX_IN990113NL')
        .map(
          (p) =>
            at(p, 'ControlActProcess/authorOrPerformer/participant/AssignedDevice/Organization/id')?.attrs
              .extension,
        );
    assert.deepEqual(uras(kept), ['00073339', '00063703', '00057947', '00019303']);
    for (const q of descendants(kept, 'queryId')) assert.equal(q.attrs.extension, 'qry-1');
    const stamped = await ask('999901540');
    assert.deepEqual(uras(stamped), [PROVIDER.ura, PROVIDER.ura, PROVIDER.ura, PROVIDER.ura]);
    assert.ok(
      descendants(stamped, 'id').every(
        (i) => i.attrs.root !== '2.16.840.1.113883.2.4.6.3' || i.attrs.extension === '999901540',
      ),
    );
  });
});
