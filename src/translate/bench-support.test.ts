import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseXml } from '../xml/index.ts';
import { makeDispenseList, SYNTHETIC_GGZ_FILE } from './bench-support.ts';
import { translateDispenseList } from './index.ts';

test('makeDispenseList makes N distinct dispenses that translate to 2N MedicationDispenses', () => {
  const template = readFileSync(SYNTHETIC_GGZ_FILE, 'utf8');
  for (const n of [1, 10, 37]) {
    const pool = translateDispenseList(parseXml(makeDispenseList(template, n)));
    const dispenses = pool.filter((e) => e.resource.resourceType === 'MedicationDispense');
    assert.equal(dispenses.length, 2 * n);
    assert.equal(new Set(dispenses.map((e) => e.fullUrl)).size, 2 * n);
    assert.equal(pool.filter((e) => e.resource.resourceType === 'Patient').length, 1);
  }
});
