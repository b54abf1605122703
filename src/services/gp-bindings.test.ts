/**
 * The GP data bindings and the BRUG_GP_SUMMARY setting: which searches ask the professional summary
 * (off / patient / all), that each setting gives a registry whose tables check out, that every GP
 * search keeps one Patient, and that the Observation search drops results dated after today.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type * as fhir from 'fhir';
import { loadConfig, testConfig } from '../config.ts';
import type { TranslatedResource } from '../translate/index.ts';
import { DEFAULT_DATA_SERVICES } from './catalogue.ts';
import { gpDataSearches, gpResults } from './gp-bindings.ts';
import { PROFESSIONAL_SUMMARY } from './interactions.ts';
import { createRegistry, searchesByKind } from './registry.ts';

function askingSummary(setting: 'off' | 'patient' | 'all'): string[] {
  return gpDataSearches(setting)
    .filter((b) => b.feeds.some((f) => f.query === PROFESSIONAL_SUMMARY.query))
    .map((b) => b.resourceType);
}

test('BRUG_GP_SUMMARY decides which GP data searches ask the professional summary', () => {
  assert.deepEqual(askingSummary('off'), []);
  assert.deepEqual(askingSummary('patient'), ['Patient']);
  assert.deepEqual(askingSummary('all'), [
    'Patient',
    'EpisodeOfCare',
    'Encounter',
    'Composition',
    'Observation',
    'MedicationRequest',
    'AllergyIntolerance',
  ]);
  for (const setting of ['off', 'patient', 'all'] as const) {
    const gp = createRegistry(DEFAULT_DATA_SERVICES, searchesByKind(setting)).services.find(
      (s) => s.kind === 'gp-data',
    );
    assert.equal(gp?.searches.length, 7, setting);
    // The Ketenzorg building block stays the first feed of every search.
    for (const b of gp?.searches ?? []) assert.ok(b.feeds.length >= 1 && b.reduce, b.name);
  }
});

test('the setting is read from the environment, and a bad value names it', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'brug-gp-'));
  assert.equal(testConfig(home).gpSummary, 'patient');
  assert.equal(testConfig(home, { BRUG_GP_SUMMARY: 'all' }).gpSummary, 'all');
  assert.throws(
    () => loadConfig({ BRUG_HOME: home, BRUG_GP_SUMMARY: 'everything' }, home),
    /BRUG_GP_SUMMARY/,
  );
});

function result(id: string, when: string | undefined, profile = 'gp-DiagnosticResult'): TranslatedResource {
  const o: fhir.Observation = {
    resourceType: 'Observation',
    id,
    meta: { profile: [`http://nictiz.nl/fhir/StructureDefinition/${profile}`] },
    status: 'final',
    code: { text: id },
  };
  if (when !== undefined) o.effectiveDateTime = when;
  return { fullUrl: `urn:uuid:${id}`, resource: o };
}

test('the Observation search leaves out results dated after today, nothing else', () => {
  const day = (offset: number): string =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const pool = [
    result('past', day(-400)),
    result('today', `${day(0)}T00:00:00+01:00`),
    result('future', day(900)),
    result('future-lab', `${day(30)}T10:00:00+02:00`, 'gp-LaboratoryResult'),
    result('no-time', undefined),
    result('journal-line', day(900), 'gp-JournalEntry'),
  ];
  assert.deepEqual(
    gpResults(pool).map((r) => r.resource.id),
    ['past', 'today', 'no-time', 'journal-line'],
  );
});
