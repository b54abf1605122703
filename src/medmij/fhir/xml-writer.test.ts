import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseXml, XSI_NS, type XmlElement } from '../../xml/index.ts';
import { FHIR_NS, toFhirXml, XHTML_NS } from './xml-writer.ts';
import * as P from './test-pool.ts';

/** A namespace-aware, whitespace-insensitive tree both sides are reduced to. */
interface CNode {
  name: string;
  ns: string;
  attrs: Record<string, string>;
  text: string;
  children: CNode[];
}

function sortAttrs(a: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(a).sort()) if (k !== `{${XSI_NS}}schemaLocation`) out[k] = a[k]!;
  return out;
}

function canonXml(el: XmlElement): CNode {
  return {
    name: el.name,
    ns: el.ns,
    attrs: sortAttrs(el.attrs),
    text: el.text.replace(/\s+/g, ' ').trim(),
    children: el.children.map(canonXml),
  };
}

type J = Record<string, unknown>;
const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The XML tree the FHIR JSON stands for, derived independently of the writer (xml.html rules). */
function canonJson(res: J, ns = FHIR_NS): CNode {
  const node: CNode = { name: String(res['resourceType']), ns, attrs: {}, text: '', children: [] };
  members(res, node, true, false);
  return node;
}

function members(obj: J, into: CNode, isResource: boolean, isExt: boolean): void {
  const names: string[] = [];
  for (const k of Object.keys(obj)) {
    if (k === 'resourceType') continue;
    const base = k.replace(/^_/, '');
    if (!names.includes(base)) names.push(base);
  }
  for (const name of names) {
    if (!isResource && name === 'id') continue;
    if (isExt && name === 'url') continue;
    const v = obj[name];
    const e = obj[`_${name}`];
    const vs = Array.isArray(v) ? v : [v];
    const es = Array.isArray(e) ? e : [e];
    for (let i = 0; i < Math.max(vs.length, es.length); i++) {
      const val = vs[i];
      const ext = es[i];
      if (name === 'div' && typeof val === 'string') {
        const xhtml = (n: CNode): CNode => ({
          ...n,
          ns: n.ns === '' ? XHTML_NS : n.ns,
          children: n.children.map(xhtml),
        });
        into.children.push(xhtml(canonXml(parseXml(val))));
      } else if (isObj(val) && typeof val['resourceType'] === 'string') {
        into.children.push({ name, ns: FHIR_NS, attrs: {}, text: '', children: [canonJson(val)] });
      } else if (isObj(val)) {
        const n: CNode = { name, ns: FHIR_NS, attrs: {}, text: '', children: [] };
        if (typeof val['id'] === 'string') n.attrs['id'] = val['id'];
        const ext2 = name === 'extension' || name === 'modifierExtension';
        if (ext2) n.attrs['url'] = String(val['url']);
        members(val, n, false, ext2);
        n.attrs = sortAttrs(n.attrs);
        into.children.push(n);
      } else if ((val !== undefined && val !== null) || isObj(ext)) {
        const n: CNode = { name, ns: FHIR_NS, attrs: {}, text: '', children: [] };
        if (val !== undefined && val !== null) n.attrs['value'] = String(val);
        if (isObj(ext)) {
          if (typeof ext['id'] === 'string') n.attrs['id'] = ext['id'];
          members({ extension: ext['extension'] }, n, false, false);
        }
        n.attrs = sortAttrs(n.attrs);
        into.children.push(n);
      }
    }
  }
}

function roundTrip(resource: object): void {
  const xml = toFhirXml(resource);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
  assert.deepEqual(canonXml(parseXml(xml)), canonJson(resource as J));
}

test('round trip: the pool resources, with primitive extensions, masked BSN and a Bundle wrapper', () => {
  for (const p of P.testPool()) roundTrip(p.resource);
  const bundle = {
    resourceType: 'Bundle',
    id: 'b1',
    type: 'searchset',
    total: 1,
    link: [{ relation: 'self', url: 'https://x/fhir/MedicationDispense?category=a|b&_include=X:y' }],
    entry: [{ fullUrl: P.PATIENT.fullUrl, resource: P.PATIENT.resource, search: { mode: 'include' } }],
  };
  roundTrip(bundle);
  const xml = toFhirXml(bundle);
  assert.ok(xml.includes('<url value="https://x/fhir/MedicationDispense?category=a|b&amp;_include=X:y"/>'));
  assert.ok(xml.includes('<resource><Patient><id value="'), 'nested resource wrapped, id as element');
  assert.ok(
    xml.includes(
      '<identifier><system value="http://fhir.nl/fhir/NamingSystem/bsn"/><value><extension url="http://hl7.org/fhir/StructureDefinition/data-absent-reason"><valueCode value="masked"/></extension></value></identifier>',
    ),
  );
});

test('primitive arrays zip with their _field siblings; element ids are attributes; div is XHTML', () => {
  const r = {
    resourceType: 'Patient',
    id: 'p1',
    text: { status: 'generated', div: '<div><p>Jan &amp; <b>Piet</b></p></div>' },
    name: [
      {
        id: 'n1',
        given: ['A', 'B'],
        _given: [null, { id: 'g2', extension: [{ url: 'http://e', valueCode: 'BR' }] }],
      },
    ],
    active: true,
    _birthDate: {
      extension: [
        { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' },
      ],
    },
  };
  const xml = toFhirXml(r, false);
  assert.equal(
    xml,
    '<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><text><status value="generated"/>' +
      `<div xmlns="${XHTML_NS}"><p>Jan &amp; <b>Piet</b></p></div></text>` +
      '<name id="n1"><given value="A"/><given id="g2" value="B"><extension url="http://e"><valueCode value="BR"/></extension></given></name>' +
      '<active value="true"/><birthDate><extension url="http://hl7.org/fhir/StructureDefinition/data-absent-reason"><valueCode value="unknown"/></extension></birthDate></Patient>',
  );
  const div = parseXml(xml).children[1]!.children[1]!;
  assert.equal(div.ns, XHTML_NS);
  roundTrip(r);
});

test('property: arbitrary text values survive escaping', () => {
  // Newline and tab are written as &#10; / &#9; but src/xml/parse.ts normalises them to spaces after
  // decoding (XML 1.0 section 3.3.3 keeps character references), so they are left out here.
  const text = fc.string({
    unit: fc.constantFrom('a', 'Z', ' ', '&', '<', '>', '"', "'", 'é', '€', '|', '😀', ']]>'),
  });
  fc.assert(
    fc.property(text, fc.array(text, { maxLength: 3 }), fc.integer(), fc.boolean(), (s, arr, n, b) => {
      const r = {
        resourceType: 'Basic',
        id: 'x',
        code: { coding: arr.map((a) => ({ code: a, display: s })), text: s },
        extension: [{ url: s, valueInteger: n, valueBoolean: b }],
      };
      const back = parseXml(toFhirXml(r));
      assert.equal(back.children[1]!.children.at(-1)!.attrs['value'], s);
      assert.deepEqual(
        back.children[1]!.children.slice(0, -1).map((c) => c.children[0]!.attrs['value']),
        arr,
      );
      assert.equal(back.children[2]!.attrs['url'], s);
    }),
    { numRuns: 200 },
  );
});

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const shared = path.resolve(repoRoot, '../shared');
const mp907 = path.join(shared, 'fixtures/fhir/stu3/mp907');
const haveFixtures = fs.existsSync(path.join(mp907, 'xml'));

test(
  'fixtures: our XML of each JSON twin equals the Nictiz XML',
  { skip: haveFixtures ? false : `no fixtures at ${mp907}` },
  () => {
    const files = fs.readdirSync(path.join(mp907, 'xml')).filter((f) => f.endsWith('.xml'));
    assert.ok(files.length >= 25);
    const decimal = (n: CNode): CNode => ({
      ...n,
      attrs: Object.fromEntries(
        Object.entries(n.attrs).map(([k, v]) => [k, /^-?\d+\.\d+$/.test(v) ? String(Number(v)) : v]),
      ),
      children: n.children.map(decimal),
    });
    for (const f of files) {
      const json = JSON.parse(
        fs.readFileSync(path.join(mp907, 'json', f.replace(/\.xml$/, '.json')), 'utf8'),
      ) as object;
      const expected = canonXml(parseXml(fs.readFileSync(path.join(mp907, 'xml', f), 'utf8')));
      const actual = canonXml(parseXml(toFhirXml(json)));
      assert.deepEqual(decimal(actual), decimal(expected), f);
    }
  },
);

test(
  'fixtures: every example Bundle round-trips',
  { skip: haveFixtures ? false : `no fixtures at ${mp907}` },
  () => {
    for (const f of fs.readdirSync(path.join(mp907, 'bundles'))) {
      roundTrip(JSON.parse(fs.readFileSync(path.join(mp907, 'bundles', f), 'utf8')) as object);
    }
  },
);
