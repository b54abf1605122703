/**
 * Finds the golden cases: the shared Nictiz fixtures (via `../shared`, next to the repository, with
 * their anchors and identities from the qualification manifest) and our own synthetic patients in
 * `src/sim/data/`. Reading files is test support, not translation, so it lives here and not in the
 * translator.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AsPatient } from './as-patient.ts';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The shared background folder (may be absent in fresh clones). */
export const SHARED_DIR = path.resolve(REPO_ROOT, '../shared');
/** Our synthetic simulator patients. */
export const SIM_DATA_DIR = path.join(REPO_ROOT, 'src/sim/data');
/** Our own golden files and the reviewed expected differences. */
export const GOLDEN_DIR = path.join(REPO_ROOT, 'src/translate/hl7v3/mp612/golden');

/** One entry of a simulator manifest answer list. */
export interface ManifestAnswer {
  interaction: string;
  file: string;
  anchor?: string;
  keepSources?: boolean;
}

/** One patient of a simulator manifest. */
export interface ManifestPatient {
  bsn: string;
  label?: string;
  answers: ManifestAnswer[];
  asPatient?: AsPatient;
}

export interface Manifest {
  patients: ManifestPatient[];
}

/** A golden case: an HL7v3 input with its expected output. */
export interface GoldenCase {
  name: string;
  input: string;
  expected: string;
  anchor: string;
  asPatient?: AsPatient;
}

/**
 * Reads a manifest.
 * @param file - path of manifest.json
 */
export function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** The 6.12 fixture cases with an expected FHIR file, or [] when ../shared is absent. */
export function fixtureCases(): GoldenCase[] {
  const manifestFile = path.join(SHARED_DIR, 'fixtures/hl7v3/qualification/manifest.json');
  if (!existsSync(manifestFile)) return [];
  const dir = path.dirname(manifestFile);
  const out: GoldenCase[] = [];
  for (const p of readManifest(manifestFile).patients) {
    for (const a of p.answers) {
      if (a.interaction !== 'QURX_IN990113NL' || !a.file.endsWith('.hl7v3.xml')) continue;
      const input = path.resolve(dir, a.file);
      const expected = input.replace(/\.hl7v3\.xml$/, '.fhir-stu3.xml');
      if (!existsSync(expected) || a.anchor === undefined) continue;
      const c: GoldenCase = { name: path.basename(input, '.hl7v3.xml'), input, expected, anchor: a.anchor };
      if (p.asPatient) c.asPatient = p.asPatient;
      out.push(c);
    }
  }
  return out;
}

/** Our synthetic cases: every QURX_IN990113NL answer in src/sim/data with its golden path (may not exist yet). */
export function syntheticCases(): GoldenCase[] {
  const manifest = readManifest(path.join(SIM_DATA_DIR, 'manifest.json'));
  const out: GoldenCase[] = [];
  const seen = new Set<string>();
  for (const p of manifest.patients) {
    for (const a of p.answers) {
      if (a.interaction !== 'QURX_IN990113NL') continue;
      const input = path.resolve(SIM_DATA_DIR, a.file);
      const name = path.basename(input).replace(/\.hl7v3\.xml$/, '');
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, input, expected: path.join(GOLDEN_DIR, `${name}.fhir.json`), anchor: a.anchor ?? '' });
    }
  }
  return out;
}
