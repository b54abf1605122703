/**
 * The MP 9 golden cases: every MP 9 answer of our own synthetic patients (src/sim/data/manifest.json),
 * translated unshifted (their dates are fixed in the files) and compared with our own reviewed file
 * golden/<file>.<interaction>.fhir.json. No public HL7v3 example of these interactions exists, so the
 * goldens are written only by `node --import tsx src/translate/hl7v3/mp9/golden-update.ts` after review.
 */
import path from 'node:path';
import { readManifest, REPO_ROOT, SIM_DATA_DIR } from '../../golden/fixtures.ts';
import type { AllergyCase, CaseTranslator } from '../allergy612/golden-run.test-util.ts';
import {
  MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
  MP9_AGREEMENTS_INTERACTION,
  MP9_DISPENSE_REQUESTS_INTERACTION,
  MP9_DISPENSES_INTERACTION,
  MP9_MEDICATION_USE_INTERACTION,
} from './oids.ts';
import {
  translateMp9AdministrationAgreements,
  translateMp9Agreements,
  translateMp9DispenseRequests,
  translateMp9Dispenses,
  translateMp9MedicationUse,
} from './translate.ts';

/** Our own MP 9 goldens. */
export const MP9_GOLDEN_DIR = path.join(REPO_ROOT, 'src/translate/hl7v3/mp9/golden');

/** The translator, match type and the MedMij search of each MP 9 answer interaction. */
export const MP9_TRANSLATORS: Readonly<Record<string, CaseTranslator & { search: string }>> = {
  [MP9_AGREEMENTS_INTERACTION]: {
    interaction: MP9_AGREEMENTS_INTERACTION,
    translate: translateMp9Agreements,
    matchType: 'MedicationRequest',
    search:
      'MedicationRequest?category=http://snomed.info/sct|16076005&_include=MedicationRequest:medication',
  },
  [MP9_DISPENSE_REQUESTS_INTERACTION]: {
    interaction: MP9_DISPENSE_REQUESTS_INTERACTION,
    translate: translateMp9DispenseRequests,
    matchType: 'MedicationRequest',
    search:
      'MedicationRequest?category=http://snomed.info/sct|52711000146108&_include=MedicationRequest:medication',
  },
  [MP9_ADMINISTRATION_AGREEMENTS_INTERACTION]: {
    interaction: MP9_ADMINISTRATION_AGREEMENTS_INTERACTION,
    translate: translateMp9AdministrationAgreements,
    matchType: 'MedicationDispense',
    search:
      'MedicationDispense?category=http://snomed.info/sct|422037009&_include=MedicationDispense:medication',
  },
  [MP9_DISPENSES_INTERACTION]: {
    interaction: MP9_DISPENSES_INTERACTION,
    translate: translateMp9Dispenses,
    matchType: 'MedicationDispense',
    search:
      'MedicationDispense?category=http://snomed.info/sct|373784005&_include=MedicationDispense:medication',
  },
  [MP9_MEDICATION_USE_INTERACTION]: {
    interaction: MP9_MEDICATION_USE_INTERACTION,
    translate: translateMp9MedicationUse,
    matchType: 'MedicationStatement',
    search:
      'MedicationStatement?category=urn:oid:2.16.840.1.113883.2.4.3.11.60.20.77.5.3|6&_include=MedicationStatement:medication',
  },
};

/** One MP 9 case: the input, how to translate it and the search it answers. */
export interface Mp9Case {
  c: AllergyCase;
  how: CaseTranslator & { search: string };
}

/** Every MP 9 answer of our synthetic patients, each file and interaction once. */
export function mp9Cases(): Mp9Case[] {
  const m = readManifest(path.join(SIM_DATA_DIR, 'manifest.json'));
  const out = new Map<string, Mp9Case>();
  for (const p of m.patients) {
    for (const a of p.answers) {
      const how = MP9_TRANSLATORS[a.interaction];
      if (!how) continue;
      const name = `${path.basename(a.file).replace(/\.hl7v3\.xml$/, '')}.${a.interaction}`;
      if (out.has(name)) continue;
      out.set(name, {
        c: {
          name,
          input: path.resolve(SIM_DATA_DIR, a.file),
          expected: path.join(MP9_GOLDEN_DIR, `${name}.fhir.json`),
          anchor: a.anchor ?? '',
          today: a.anchor ?? '',
        },
        how,
      });
    }
  }
  return [...out.values()];
}
