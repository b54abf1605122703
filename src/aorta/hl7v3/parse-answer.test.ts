import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseXml } from '../../xml/index.ts';
import { LspError } from '../errors.ts';
import { parseAnswer, splitAnswer } from './parse-answer.ts';
import { sharedDir } from './xsd-harness.test-util.ts';

const shared = sharedDir();
const fixture = (rel: string): string => readFileSync(path.join(shared!, 'fixtures/hl7v3', rel), 'utf8');
const BATCH = 'medication-612/999901539_Mohamed_QURX113.batch.hl7v3.xml';
const EPISODES = 'gp-ketenzorg-302/episodes_bundle_01.hl7v3.xml';
const skip = shared ? false : '../shared/fixtures is absent';

test('the 4-source LSP batch, addressed to one source, keeps only that source', { skip }, () => {
  const a = parseAnswer(parseXml(fixture(BATCH)), {
    target: { applicationId: '10011427', ura: '00063703' },
    lspApplicationId: '1',
  });
  assert.equal(a.parts.length, 1);
  assert.equal(a.droppedParts, 3);
  const p = a.parts[0]!;
  assert.equal(p.interaction, 'QURX_IN990113NL');
  assert.deepEqual(p.source, { applicationId: '10011427', ura: '00063703', name: 'AHHAKuinre' });
  assert.equal(p.ackType, 'AA');
  assert.equal(p.queryResponseCode, 'OK');
  assert.equal(p.message.name, 'QURX_IN990113NL');
  assert.ok(JSON.stringify(p.message).includes('FOLIUMZUUR AUROBINDO TABLET 5MG'));
  assert.deepEqual(a.lspIssues, []);
});

test('a source named only by its telecom application id and URA is recognised', { skip }, () => {
  const a = parseAnswer(parseXml(fixture(BATCH)), {
    target: { applicationId: '10005159', ura: '57947' },
    lspApplicationId: '1',
  });
  assert.equal(a.parts.length, 1);
  assert.equal(a.parts[0]!.source.name, 'Klatter Apo');
  assert.equal(a.parts[0]!.queryResponseCode, 'NF');
});

test('a provider that is not in the batch gets nothing', { skip }, () => {
  const a = parseAnswer(parseXml(fixture(BATCH)), {
    target: { applicationId: '12345678', ura: '01234567' },
    lspApplicationId: '1',
  });
  assert.deepEqual(a.parts, []);
  assert.equal(a.droppedParts, 4);
});

test(
  'a part whose URA contradicts the target is dropped even when its application id matches',
  { skip },
  () => {
    const a = parseAnswer(parseXml(fixture(BATCH)), {
      target: { applicationId: '10011427', ura: '99999999' },
      lspApplicationId: '1',
    });
    assert.equal(a.parts.length, 0);
  },
);

test('an LSP-generated AUTERR_SWV_FALSE part becomes an issue, not data, with BSNs masked', { skip }, () => {
  const doc = fixture(EPISODES).replace('(URA: 00003232)', '(URA: 00003232, BSN 900154858)');
  const a = parseAnswer(parseXml(doc), {
    target: { applicationId: '70000020', ura: '00002727' },
    lspApplicationId: '1',
  });
  assert.equal(a.parts.length, 1);
  assert.equal(a.parts[0]!.source.name, 'Huisarts de Jong ZAB');
  assert.equal(a.droppedParts, 1);
  assert.equal(a.lspIssues?.length, 1);
  const issue = (a.lspIssues ?? [])[0]!;
  assert.equal(issue.code, 'AUTERR_SWV_FALSE');
  assert.equal(issue.codeSystem, '2.16.840.1.113883.2.4.6.6.1.1000');
  assert.ok(issue.text?.includes('BSN XXXXXXXXX'), issue.text);
  assert.ok(!issue.text?.includes('900154858'));
});

test('only an LSP error part left: the query was refused, with the LSP code', { skip }, () => {
  const doc = parseXml(fixture(EPISODES));
  assert.throws(
    () => parseAnswer(doc, { target: { applicationId: '55555555', ura: '00005555' }, lspApplicationId: '1' }),
    (e: unknown) => e instanceof LspError && e.kind === 'refused' && e.codes.join() === 'AUTERR_SWV_FALSE',
  );
});

test('a single NF answer (no batch) is one part', { skip }, () => {
  const a = parseAnswer(parseXml(fixture('medication-612/999900444_Decker_QURX113-nf.hl7v3.xml')), {
    target: { applicationId: '10006673', ura: '00056219' },
    lspApplicationId: '1',
  });
  assert.equal(a.parts.length, 1);
  assert.equal(a.parts[0]!.queryResponseCode, 'NF');
  assert.equal(a.parts[0]!.source.applicationId, '10006673');
});

test('the same message twice in a batch is kept once', { skip }, () => {
  const doc = parseXml(fixture('qualification/ica-612-allergy/REPC_IN000024NL_batch.hl7v3.xml'));
  assert.equal(splitAnswer(doc, '1').parts.length, 2);
  const a = parseAnswer(doc, { target: { applicationId: '70000100', ura: '' }, lspApplicationId: '1' });
  assert.equal(a.parts.length, 1);
});

const BATCH_AE = `<MCCI_IN200101 xmlns="urn:hl7-org:v3"><id root="2.16.840.1.113883.2.4.6.6" extension="1"/>
<acknowledgement typeCode="AE"><acknowledgementDetail typeCode="E"><code code="SYN105" codeSystem="2.16.840.1.113883.2.4.6.6.1.1000"/><text>Syntaxfout in bericht voor 123456782</text></acknowledgementDetail>
<targetTransmission><id root="x" extension="y"/></targetTransmission></acknowledgement></MCCI_IN200101>`;

test('a batch acknowledged AE is a refusal carrying its code, text masked', () => {
  try {
    parseAnswer(parseXml(BATCH_AE), { target: { applicationId: '1234', ura: '' }, lspApplicationId: '1' });
    assert.fail('expected a refusal');
  } catch (e) {
    assert.ok(e instanceof LspError);
    assert.equal(e.kind, 'refused');
    assert.deepEqual(e.codes, ['SYN105']);
    assert.ok(!e.message.includes('123456782'), e.message);
    assert.ok(e.message.includes('XXXXXXXXX'));
  }
});

test('SOAP faults and foreign documents are typed errors', () => {
  const fault = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>kapot voor 999901539</faultstring></s:Fault></s:Body></s:Envelope>`;
  const opts = { target: { applicationId: '1234', ura: '' }, lspApplicationId: '1' };
  assert.throws(
    () => parseAnswer(parseXml(fault), opts),
    (e: unknown) =>
      e instanceof LspError &&
      e.kind === 'soap-fault' &&
      e.faultCode === 's:Server' &&
      !e.message.includes('999901539'),
  );
  assert.throws(
    () => parseAnswer(parseXml('<html><body>502 Bad Gateway</body></html>'), opts),
    (e: unknown) => e instanceof LspError && e.kind === 'malformed',
  );
});
