/**
 * The allergy golden cases: the qualification fixture (Stalewska content, the batch with the same
 * message twice) against Nictiz's CIO-01 output, and every REPC_IN000024NL answer of our own synthetic
 * patients (src/sim/data) against golden/<name>.fhir.json.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readManifest, SHARED_DIR, SIM_DATA_DIR } from '../../golden/fixtures.ts';
import { ALLERGY_GOLDEN_DIR, ICA_DIR, type AllergyCase } from './golden-run.test-util.ts';
import { ROOT_INTERACTION } from './oids.ts';

/** The day Nictiz resolved the CIO-01 T-dates with (qualification README). */
export const CIO01_T = '2025-08-14';

/** The qualification fixture case, or undefined when ../shared is absent. */
export function fixtureCase(): AllergyCase | undefined {
  const manifestFile = path.join(SHARED_DIR, 'fixtures/hl7v3/qualification/manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const m = readManifest(manifestFile);
  for (const p of m.patients) {
    for (const a of p.answers) {
      if (a.interaction !== ROOT_INTERACTION || a.anchor === undefined) continue;
      const c: AllergyCase = {
        name: path.basename(a.file, '.hl7v3.xml'),
        input: path.resolve(path.dirname(manifestFile), a.file),
        expected: path.join(ICA_DIR, 'CIO-01-AlleOnderdelen_999911235.fhir-stu3.xml'),
        anchor: a.anchor,
        today: CIO01_T,
      };
      if (p.asPatient) c.asPatient = p.asPatient;
      return c;
    }
  }
  return undefined;
}

/** Our synthetic allergy answers, translated unshifted (their dates are fixed in the files). */
export function syntheticAllergyCases(): AllergyCase[] {
  const m = readManifest(path.join(SIM_DATA_DIR, 'manifest.json'));
  const out = new Map<string, AllergyCase>();
  for (const p of m.patients) {
    for (const a of p.answers) {
      if (a.interaction !== ROOT_INTERACTION) continue;
      const name = path.basename(a.file).replace(/\.hl7v3\.xml$/, '');
      if (out.has(name)) continue;
      out.set(name, {
        name,
        input: path.resolve(SIM_DATA_DIR, a.file),
        expected: path.join(ALLERGY_GOLDEN_DIR, `${name}.fhir.json`),
        anchor: a.anchor ?? '',
        today: a.anchor ?? '',
      });
    }
  }
  return [...out.values()];
}
