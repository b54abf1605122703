/**
 * Checks Brug's synthetic simulator patients: BSNs pass the 11-check and are in the test range, every
 * answer file exists and parses, and every medicationDispenseEvent validates against the pharmacy CMET
 * COCT_MT924000NL02 (XSDs in ../shared; that part skips when ../shared is absent).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { parseXml } from '../../xml/index.ts';

const DIR = path.dirname(fileURLToPath(import.meta.url));
const SHARED = path.resolve(DIR, '../../..', '../shared');
const CMETS = path.join(SHARED, 'fixtures/hl7v3/schemas/pharmacy-cmets');

interface Manifest {
  patients: { bsn: string; answers: { file: string; anchor: string }[] }[];
}
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Manifest;
const files = [...new Set(manifest.patients.flatMap((p) => p.answers.map((a) => a.file)))];

function elevenProof(bsn: string): boolean {
  const d = Array.from(bsn, Number);
  const sum = d.slice(0, 8).reduce((s, x, i) => s + x * (9 - i), 0) - d[8]!;
  return d.length === 9 && sum % 11 === 0;
}

test('manifest BSNs are test BSNs (999990000-999999999) that pass the 11-check; anchors are dates', () => {
  assert.ok(manifest.patients.length >= 4);
  for (const p of manifest.patients) {
    assert.match(p.bsn, /^99999\d{4}$/);
    assert.ok(elevenProof(p.bsn), `${p.bsn} fails the 11-check`);
    for (const a of p.answers) assert.match(a.anchor, /^\d{4}-\d{2}-\d{2}$/);
  }
});

test('every answer file exists and parses', () => {
  for (const f of files) {
    const file = path.join(DIR, f);
    assert.ok(existsSync(file), f);
    assert.equal(parseXml(readFileSync(file, 'utf8')).ns, 'urn:hl7-org:v3');
  }
});

const DRIVER = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema targetNamespace="urn:hl7-org:v3" xmlns="urn:hl7-org:v3" xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:include schemaLocation="COCT_MT924000NL02.xsd"/>
  <xs:element name="medicationDispenseEvent" type="COCT_MT924000NL02.MedicationDispenseEvent"/>
</xs:schema>`;

test(
  'every medicationDispenseEvent validates against COCT_MT924000NL02',
  { skip: existsSync(CMETS) ? false : `../shared absent (${SHARED}): XSD check skipped` },
  async () => {
    const preload = [];
    for (const sub of ['hl7_schemas', 'coreschemas']) {
      for (const f of readdirSync(path.join(CMETS, sub)))
        preload.push({ fileName: `${sub}/${f}`, contents: readFileSync(path.join(CMETS, sub, f), 'utf8') });
    }
    const docs: { fileName: string; contents: string }[] = [];
    for (const f of files) {
      const text = readFileSync(path.join(DIR, f), 'utf8');
      const events = text.match(/<medicationDispenseEvent>[\s\S]*?<\/medicationDispenseEvent>/g) ?? [];
      events.forEach((e, i) =>
        docs.push({
          fileName: `${f}#${i + 1}`,
          contents: e.replace(
            '<medicationDispenseEvent>',
            '<medicationDispenseEvent xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
          ),
        }),
      );
    }
    assert.ok(docs.length >= 7, `only ${docs.length} dispenses found`);
    const result = await validateXML({
      xml: docs,
      schema: [{ fileName: 'hl7_schemas/brug-driver.xsd', contents: DRIVER }],
      preload,
      maxMemoryPages: 4096,
    });
    assert.deepEqual(
      result.errors.map((e) => e.rawMessage),
      [],
    );
  },
);
