/**
 * The MedMij rules every XIS response must meet (../shared/domain/fhir.md 2.1, rules 3-11), checked on
 * the translation of every 6.12 input we have: our synthetic patients and, when ../shared is present,
 * the Nictiz fixtures.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseXml } from '../../../xml/index.ts';
import { fixtureCases, SHARED_DIR, syntheticCases } from '../../golden/fixtures.ts';
import { messages } from '../../golden/run.ts';
import { translateDispenseList } from '../../index.ts';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Walks every object with the key it sits under. */
function walk(
  v: unknown,
  key: string,
  path: string,
  visit: (o: Json, key: string, path: string) => void,
): void {
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, key, `${path}[${i}]`, visit));
  else if (isObj(v)) {
    visit(v, key, path);
    for (const [k, x] of Object.entries(v)) walk(x, k, `${path}.${k}`, visit);
  }
}

const CODEABLE = new Set([
  'category',
  'code',
  'additionalInstruction',
  'asNeededCodeableConcept',
  'route',
  'itemCodeableConcept',
  'valueCodeableConcept',
]);

function violations(resources: Json[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    walk(r, '', String(r.resourceType), (o, key, path) => {
      if (
        key === 'coding' &&
        (typeof o.system !== 'string' ||
          o.system === '' ||
          o.system === 'urn:oid:' ||
          typeof o.code !== 'string')
      )
        out.push(`${path}: Coding without system and code`);
      if (
        key === 'coding' &&
        typeof o.system === 'string' &&
        o.system.startsWith('urn:oid:2.16.840.1.113883.2.4.3.11.60.40.2')
      )
        out.push(`${path}: zib value set OID as code system`);
      if (CODEABLE.has(key) && !('value' in o)) {
        const codings = Array.isArray(o.coding) ? (o.coding as Json[]) : [];
        if (
          !codings.some((c) => typeof c.display === 'string') &&
          typeof o.text !== 'string' &&
          !Array.isArray(o.extension)
        )
          out.push(`${path}: CodeableConcept without display, text or extension`);
      }
      if (typeof o.reference === 'string' && typeof o.display !== 'string')
        out.push(`${path}: Reference without display`);
      if (
        (key === 'identifier' || key === 'valueIdentifier') &&
        (typeof o.system !== 'string' || (o.value === undefined && !isObj(o._value)))
      )
        out.push(`${path}: Identifier without system and value`);
      if (
        (key === 'identifier' || key === 'valueIdentifier') &&
        o.system === 'http://fhir.nl/fhir/NamingSystem/bsn' &&
        o.value !== undefined
      )
        out.push(`${path}: unmasked BSN`);
    });
    if (r.resourceType !== 'OperationOutcome' && !(isObj(r.meta) && Array.isArray(r.meta.profile)))
      out.push(`${String(r.resourceType)}: no meta.profile`);
  }
  return out;
}

// Real LSP traffic without expected FHIR (a 4-source batch and an NF answer) must translate cleanly too.
const LSP_TRAFFIC = ['999901539_Mohamed_QURX113.batch.hl7v3.xml', '999900444_Decker_QURX113-nf.hl7v3.xml']
  .map((f) => path.join(SHARED_DIR, 'fixtures/hl7v3/medication-612', f))
  .filter((f) => existsSync(f))
  .map((input) => ({ name: path.basename(input), input }));
const inputs: { name: string; input: string }[] = [...syntheticCases(), ...fixtureCases(), ...LSP_TRAFFIC];

for (const c of inputs) {
  test(`MedMij response rules hold for ${c.name}`, () => {
    const pool = messages(parseXml(readFileSync(c.input, 'utf8'))).flatMap((m) => translateDispenseList(m));
    for (const e of pool) {
      assert.match(e.fullUrl, /^(urn:uuid:[0-9a-f-]{36}|urn:oid:[0-9.]+)$/);
      assert.ok(e.fullUrl.endsWith(e.resource.id ?? '\u0000'));
    }
    assert.deepEqual(violations(pool.map((e) => e.resource as unknown as Json)), []);
  });
}
