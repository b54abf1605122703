import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parseXml } from '../src/xml/index.ts';
import { makeInputs } from './inputs.ts';
import { measure, median } from './measure.ts';
import { findSaxon, locateStylesheets, NICTIZ_STYLESHEETS, runSaxon } from './saxon.ts';
import { formatTable, ratio } from './table.ts';
import { translateToJson } from './translate.ts';

test('median of odd and even lists', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.throws(() => median([]), RangeError);
});

test('measure tells a slow workload from a fast one', () => {
  const spin = (n: number) => (): number => {
    let x = 0;
    for (let k = 0; k < n; k++) x += k % 7;
    return x;
  };
  const t = measure({ fast: spin(1_000), slow: spin(100_000) }, { rounds: 3, roundMs: 10, warmupMs: 10 });
  assert.ok(t.slow!.ms > 10 * t.fast!.ms, `slow ${t.slow!.ms} vs fast ${t.fast!.ms}`);
  assert.equal(t.fast!.rounds, 3);
});

test('inputs hold the asked number of dispenses, bare and in SOAP', () => {
  const [one, ten] = makeInputs([1, 10]);
  const count = (x: string): number => (x.match(/<medicationDispenseEvent>/g) ?? []).length;
  assert.equal(count(one!.bare), 1);
  assert.equal(count(ten!.soap), 10);
  assert.equal(parseXml(ten!.soap).name, 'Envelope');
  const bundle = JSON.parse(translateToJson(ten!.bare)) as { resourceType: string; entry: unknown[] };
  assert.equal(bundle.resourceType, 'Bundle');
  assert.ok(bundle.entry.length >= 20);
});

test('tables align and ratios say whether the goal is met', () => {
  const t = formatTable(
    ['size', 'ms'],
    [
      ['1', '0.5'],
      ['500', '12.25'],
    ],
  ).split('\n');
  assert.equal(t[0], 'size     ms');
  assert.equal(t[3], '500   12.25');
  assert.equal(ratio(1.2, { max: 1.5 }), '1.20x ok');
  assert.equal(ratio(12, { min: 20 }), '12.0x MISS');
});

test('locateStylesheets finds the Nictiz layout or the files anywhere below', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  try {
    assert.match(locateStylesheets(path.join(dir, 'nope')) as string, /is not a folder/);
    assert.match(locateStylesheets(dir) as string, /hl7_2_ada\.xsl not found/);
    for (const rel of Object.values(NICTIZ_STYLESHEETS)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), '<x/>');
    }
    const found = locateStylesheets(dir);
    assert.equal(typeof found, 'object');
    assert.equal((found as { hl7ToAda: string }).hl7ToAda, path.join(dir, NICTIZ_STYLESHEETS.hl7ToAda));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runSaxon times a two-stage pipeline warm and returns its output size', (t) => {
  const tools = findSaxon();
  if (typeof tools === 'string') {
    t.skip(`Saxon runner not tested: ${tools}`);
    return;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  try {
    const stage1 = path.join(dir, 'a.xsl');
    const stage2 = path.join(dir, 'b.xsl');
    writeFileSync(
      stage1,
      `<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:hl7="urn:hl7-org:v3">
        <xsl:param name="bundleSelfLink"/>
        <xsl:template match="/"><ada link="{$bundleSelfLink}"><xsl:for-each select="//hl7:medicationDispenseEvent"><d/></xsl:for-each></ada></xsl:template>
      </xsl:stylesheet>`,
    );
    writeFileSync(
      stage2,
      `<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
        <xsl:output omit-xml-declaration="yes"/>
        <xsl:template match="/"><n link="{ada/@link}"><xsl:value-of select="count(//d)"/></n></xsl:template>
      </xsl:stylesheet>`,
    );
    const inputs = makeInputs([1, 10]).map((i) => ({ dispenses: i.dispenses, text: i.bare }));
    const result = runSaxon({
      tools,
      stylesheets: { hl7ToAda: stage1, adaToFhir: stage2 },
      inputs,
      warmupMs: 50,
      measureMs: 50,
      minRuns: 3,
      params: { bundleSelfLink: 'x' },
      timeoutMs: 120_000,
    });
    assert.equal(result.rows.length, 2);
    // '<n link="x">10</n>' is 18 characters; '<n link="x">1</n>' 17: proves both stages ran with the parameter.
    assert.deepEqual(
      result.rows.map((r) => [r.dispenses, r.outputChars]),
      [
        [1, 17],
        [10, 18],
      ],
    );
    for (const r of result.rows) assert.ok(r.runs >= 3 && r.ms > 0 && r.cpuMs > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
