import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileWhitelist, parseWhitelist, staticWhitelist } from './whitelist.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const shared = path.resolve(repoRoot, '../shared');
const example = path.join(shared, 'fixtures/medmij/namespace-release2/MedMij_Whitelist_example.xml');
const legacy = path.join(
  shared,
  'fixtures/medmij/legacy-fileversion2/MedMij_Whitelist_example.fileversion2.xml',
);

test(
  'the Whitelist example lists its seven nodes; the file version 2 shape is refused',
  { skip: !existsSync(example) && 'needs ../shared/fixtures (absent)' },
  () => {
    const list = parseWhitelist(readFileSync(example, 'utf8'), example);
    assert.equal(list.volgnummer, 28654);
    assert.equal(list.hostnames.size, 7);
    assert.equal(list.has('medmij.deenigeechtepgo.nl'), true);
    assert.equal(list.has('MEDMIJ.XISBRIDGE.NET'), true);
    assert.equal(list.has('evil.example.nl'), false);
    assert.throws(() => parseWhitelist(readFileSync(legacy, 'utf8'), legacy), /has no Hostname/);
  },
);

const NS = 'xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/';
const doc = (hosts: string[]): string =>
  `<Whitelist xmlns="${NS}"><Tijdstempel>2024-01-01T00:00:00Z</Tijdstempel><Volgnummer>7</Volgnummer><MedMijNodes>${hosts
    .map((h) => `<MedMijNode><Hostname>${h}</Hostname></MedMijNode>`)
    .join('')}</MedMijNodes></Whitelist>`;

test('bad hostnames, duplicates and other roots are refused', () => {
  assert.throws(() => parseWhitelist(doc(['Not A Host']), 'w.xml'), /invalid Hostname/);
  assert.throws(() => parseWhitelist(doc(['a.example.nl', 'a.example.nl']), 'w.xml'), /listed twice/);
  assert.throws(() => parseWhitelist('<Other xmlns="urn:x"/>', 'w.xml'), /is not a Whitelist/);
  assert.equal(staticWhitelist(['A.example.nl']).has('a.example.nl'), true);
});

test('a Whitelist file is re-read when it changes; a broken update keeps the last good list', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  const file = path.join(dir, 'whitelist.xml');
  writeFileSync(file, doc(['a.example.nl']));
  const errors: Error[] = [];
  const list = fileWhitelist(file, (e) => errors.push(e));
  assert.equal(list.has('a.example.nl'), true);
  assert.equal(list.has('b.example.nl'), false);
  writeFileSync(file, doc(['a.example.nl', 'b.example.nl']));
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  assert.equal(list.has('b.example.nl'), true);
  writeFileSync(file, '<broken');
  utimesSync(file, new Date(), new Date(Date.now() + 10000));
  assert.equal(list.has('b.example.nl'), true);
  assert.equal(errors.length, 1);
});
