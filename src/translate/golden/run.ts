/**
 * Runs one golden case: reads and prepares the input (identity, date shift), translates it, builds
 * the Bundle and compares it with the expected file (FHIR XML with T-dates, or our own JSON).
 */
import { readFileSync } from 'node:fs';
import type * as fhir from 'fhir';
import { daysBetween, shiftTimestamps } from '../../sim/timeshift.ts';
import { child, childrenNamed, parseXml, type XmlElement } from '../../xml/index.ts';
import { translateDispenseList, type TranslatedResource } from '../hl7v3/mp612/translate.ts';
import { applyAsPatient } from './as-patient.ts';
import { searchsetBundle } from './bundle.ts';
import { fromJson, fromXml, type CNode } from './canonical.ts';
import { compareBundles, fullUrlIdMismatches, type Comparison } from './compare.ts';
import type { GoldenCase } from './fixtures.ts';
import { amsterdamToday, resolvePlaceholders } from './placeholders.ts';

/** The result of one case. */
export interface CaseResult extends Comparison {
  /** Entry keys whose fullUrl does not end with the resource id. */
  idMismatches: string[];
  bundle: fhir.Bundle;
}

/**
 * Translates a case's input. Shared fixtures are shifted to `today`; our own goldens are translated
 * unshifted (their dates are fixed in the files), so they do not change from day to day.
 * @param c - the case
 * @param shift - whether to shift dates from the anchor to today
 * @param today - T as YYYY-MM-DD
 */
export function translateCase(c: GoldenCase, shift: boolean, today: string): fhir.Bundle {
  let xml = readFileSync(c.input, 'utf8');
  if (c.asPatient) xml = applyAsPatient(xml, c.asPatient);
  if (shift) xml = shiftTimestamps(xml, daysBetween(c.anchor, today));
  const pool: TranslatedResource[] = [];
  const seen = new Set<string>();
  for (const m of messages(parseXml(xml))) {
    for (const r of translateDispenseList(m)) {
      if (seen.has(r.fullUrl)) continue;
      seen.add(r.fullUrl);
      pool.push(r);
    }
  }
  return searchsetBundle(pool);
}

/** The QURX_IN990113NL messages of an answer: the message itself, or every part of an LSP batch. */
export function messages(root: XmlElement): XmlElement[] {
  if (root.name === 'QURX_IN990113NL') return [root];
  const body = root.name === 'Envelope' ? childrenNamed(child(root, 'Body'), 'MCCI_IN200101')[0] : root;
  return childrenNamed(body, 'QURX_IN990113NL');
}

/**
 * Runs a shared-fixture case (expected FHIR XML with placeholders).
 * @param c - the case
 * @param today - T, default today in Europe/Amsterdam
 */
export function runFixtureCase(c: GoldenCase, today: string = amsterdamToday()): CaseResult {
  const bundle = translateCase(c, true, today);
  const expected = fromXml(parseXml(resolvePlaceholders(readFileSync(c.expected, 'utf8'), today)));
  return finish(expected, bundle);
}

/**
 * Runs one of our synthetic cases (expected JSON golden).
 * @param c - the case
 */
export function runSyntheticCase(c: GoldenCase): CaseResult {
  const bundle = translateCase(c, false, '');
  const expected = fromJson(
    'Bundle',
    JSON.parse(readFileSync(c.expected, 'utf8')) as Record<string, unknown>,
  );
  return finish(expected, bundle);
}

function finish(expected: CNode, bundle: fhir.Bundle): CaseResult {
  const actual = fromJson('Bundle', bundle as unknown as Record<string, unknown>);
  return { ...compareBundles(expected, actual), idMismatches: fullUrlIdMismatches(actual), bundle };
}
