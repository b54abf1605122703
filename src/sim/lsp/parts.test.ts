import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildQuery } from '../../aorta/hl7v3/build-query.ts';
import { soapEnvelope } from '../../aorta/transport/soap.ts';
import { parseXml } from '../../xml/index.ts';
import { amsterdamDate, hl7Timestamp } from './clock.ts';
import { parseFault } from './fault.ts';
import { loadManifest, loadPatients, ManifestError } from './manifest.ts';
import { readQuery, QueryError } from './query.ts';
import { serialize } from './tree.ts';
import { writeSimData } from './fixtures.test-util.ts';

const ID = { applicationId: '900001', ura: '90000001', lspApplicationId: '1' };
const TARGET = { applicationId: '4242', ura: '00004242' };

test('readQuery reads what the gateway builds (src/aorta/hl7v3), LSP-routed and direct', () => {
  const routed = buildQuery(ID, {
    interaction: 'QURX_IN990111NL',
    bsn: '999990019',
    target: TARGET,
    uniqueId: 'u-1',
  });
  const q = readQuery(soapEnvelope(routed.xml));
  assert.equal(q.interaction, 'QURX_IN990111NL');
  assert.deepEqual(q.messageId, routed.messageId);
  assert.deepEqual(q.queryId, routed.queryId);
  assert.equal(q.bsn, '999990019');
  assert.equal(q.senderApplicationId, '900001');
  assert.deepEqual(q.provider, {}, "the gateway's own URA in the author is not the provider");
  const direct = buildQuery(
    { ...ID, addressing: 'direct' },
    { interaction: 'QURX_IN990111NL', bsn: '999990019', target: TARGET },
  );
  assert.deepEqual(readQuery(soapEnvelope(direct.xml)).provider, { applicationId: '4242' });
});

test('readQuery refuses what is not an HL7v3 query', () => {
  assert.throws(() => readQuery('<a>'), QueryError);
  assert.throws(
    () => readQuery('<x:Envelope xmlns:x="http://schemas.xmlsoap.org/soap/envelope/"><x:Body/></x:Envelope>'),
    /no HL7v3/,
  );
  assert.throws(() => readQuery('<Hello/>'), /not an HL7v3 interaction/);
});

test('parseFault accepts the BRUG_SIM_FAULT forms and refuses others', () => {
  assert.deepEqual(parseFault('timeout'), { kind: 'timeout' });
  assert.deepEqual(parseFault('error-ack'), { kind: 'error-ack', code: 'NOSTORE' });
  assert.deepEqual(parseFault('error-ack:KEY204'), { kind: 'error-ack', code: 'KEY204' });
  assert.deepEqual(parseFault('slow:1500'), { kind: 'slow', ms: 1500 });
  assert.throws(() => parseFault('slow'), /slow:MS/);
  assert.throws(() => parseFault('error-ack:lower'), /error-ack/);
});

test('manifest validation names the file and entry; later folders add and replace patients', () => {
  const root = mkdtempSync(join(tmpdir(), 'brug-'));
  try {
    const a = join(root, 'a');
    const b = join(root, 'b');
    writeSimData(a, { bsn: '999990019' });
    writeSimData(b, {
      bsn: '999990019',
      keepSources: true,
      extra: [{ bsn: '999990020', label: 'EXTRA', answers: [] }],
    });
    const patients = loadPatients([a, b]);
    assert.equal(patients.size, 2);
    assert.equal(patients.get('999990019')?.keepSources, true, 'the later folder wins');
    assert.equal(patients.get('999990019')?.answers[0]?.file, join(b, 'answers', 'dispenses.xml'));

    const bad = (patient: object, pattern: RegExp): void => {
      writeFileSync(join(a, 'manifest.json'), JSON.stringify({ patients: [patient] }));
      assert.throws(
        () => loadManifest(a),
        (e: Error) =>
          e instanceof ManifestError &&
          e.message.startsWith(join(a, 'manifest.json')) &&
          pattern.test(e.message),
      );
    };
    const ok = {
      bsn: '999990019',
      label: 'L',
      answers: [{ interaction: 'QURX_IN990113NL', file: 'answers/dispenses.xml', anchor: '2020-01-15' }],
    };
    bad(
      { ...ok, answers: [{ ...ok.answers[0], file: 'answers/missing.xml' }] },
      /patients\[0\] "L": answers\[0\]: file answers\/missing\.xml does not exist/,
    );
    bad({ ...ok, answers: [{ ...ok.answers[0], anchor: '2020-02-30' }] }, /anchor/);
    bad({ ...ok, keepSource: true }, /unknown field "keepSource"/);
    bad({ ...ok, fault: 'explode' }, /fault must be/);
    bad({ ...ok, asPatient: { bsn: '12' } }, /asPatient\.bsn/);
    writeFileSync(join(a, 'manifest.json'), '{');
    assert.throws(() => loadManifest(a), /cannot read simulator manifest/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Amsterdam clock: the date changes at local midnight, not UTC midnight', () => {
  assert.equal(amsterdamDate(new Date('2026-03-09T23:30:00Z')), '2026-03-10');
  assert.equal(amsterdamDate(new Date('2026-07-09T21:59:00Z')), '2026-07-09');
  assert.equal(hl7Timestamp(new Date('2026-07-09T22:00:05Z')), '20260710000005');
});

test('serialize writes namespaces, prefixed attributes and escaped text that parse back the same', () => {
  const src =
    '<a xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:o="urn:other">' +
    '<value xsi:type="II" root="1&amp;2"/><o:x>t &lt; u</o:x><text>mixed <b>bold</b> tail</text><n xmlns=""><m/></n></a>';
  const once = serialize(parseXml(src, { mixed: true }));
  const twice = serialize(parseXml(once, { mixed: true }));
  assert.equal(once, twice);
  const back = parseXml(once);
  assert.equal(back.children[0]?.attrs['{http://www.w3.org/2001/XMLSchema-instance}type'], 'II');
  assert.equal(back.children[0]?.attrs.root, '1&2');
  assert.equal(back.children[1]?.ns, 'urn:other');
  assert.equal(back.children[1]?.text, 't < u');
  assert.equal(back.children[3]?.ns, '');
  assert.equal(back.children[3]?.children[0]?.ns, '');
  assert.match(once, /<text>mixed <b>bold<\/b> tail<\/text>/);
});
