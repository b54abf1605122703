/**
 * Ketenzorg golden cases whose expected FHIR is our own reviewed file (golden/<name>.fhir.json), for
 * building blocks without a Nictiz output: the two NHG lab results (POLB_IN364001NL03) in the
 * XXX_Cevat qualification batch (Nictiz's FHIR for that file holds only the general observations), and
 * every Ketenzorg and professional-summary answer of our own synthetic patients (src/sim/data) that
 * these translators read, the GP medication agreements (QUMA_IN991203NL02) included (the MP 9 answers
 * have their own goldens in ../mp9/golden/).
 * Written only by `node --import tsx src/translate/hl7v3/ketenzorg302/golden-update.ts`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readManifest, REPO_ROOT, SHARED_DIR, SIM_DATA_DIR } from '../../golden/fixtures.ts';
import type { AllergyCase, CaseTranslator } from '../allergy612/golden-run.test-util.ts';
import {
  ALLERGIES_INTERACTION,
  CONTACT_REPORTS_INTERACTION,
  CONTACTS_INTERACTION,
  EPISODES_INTERACTION,
  GENERAL_OBSERVATIONS_INTERACTION,
  LAB_RESULTS_INTERACTION,
  MEDICATION_AGREEMENTS_INTERACTION,
} from './oids.ts';
import { translateGpAllergies } from './translate-allergies.ts';
import { translateContacts } from './translate-contacts.ts';
import { translateEpisodes } from './translate-episodes.ts';
import { translateLabResults } from './translate-lab.ts';
import { translateMedicationAgreements } from './translate-medication.ts';
import { translateGeneralObservations } from './translate-observations.ts';
import { translateContactReports } from './translate-reports.ts';
import { PROFESSIONAL_SUMMARY_INTERACTION, translateProfessionalSummary } from '../qupc/translate.ts';

/** Our own Ketenzorg goldens. */
export const KETENZORG_GOLDEN_DIR = path.join(REPO_ROOT, 'src/translate/hl7v3/ketenzorg302/golden');

/** The translator per answer interaction that has own goldens. */
export const OWN_TRANSLATORS: Readonly<Record<string, CaseTranslator>> = {
  [LAB_RESULTS_INTERACTION]: {
    interaction: LAB_RESULTS_INTERACTION,
    translate: translateLabResults,
    matchType: 'Observation',
  },
  [ALLERGIES_INTERACTION]: {
    interaction: ALLERGIES_INTERACTION,
    translate: translateGpAllergies,
    matchType: 'AllergyIntolerance',
  },
  [GENERAL_OBSERVATIONS_INTERACTION]: {
    interaction: GENERAL_OBSERVATIONS_INTERACTION,
    translate: translateGeneralObservations,
    matchType: 'Observation',
  },
  [EPISODES_INTERACTION]: {
    interaction: EPISODES_INTERACTION,
    translate: translateEpisodes,
    matchType: 'EpisodeOfCare',
  },
  [CONTACTS_INTERACTION]: {
    interaction: CONTACTS_INTERACTION,
    translate: translateContacts,
    matchType: 'Encounter',
  },
  [PROFESSIONAL_SUMMARY_INTERACTION]: {
    interaction: PROFESSIONAL_SUMMARY_INTERACTION,
    translate: translateProfessionalSummary,
    matchType: 'Patient',
  },
  [CONTACT_REPORTS_INTERACTION]: {
    interaction: CONTACT_REPORTS_INTERACTION,
    translate: translateContactReports,
    matchType: 'Composition',
  },
  [MEDICATION_AGREEMENTS_INTERACTION]: {
    interaction: MEDICATION_AGREEMENTS_INTERACTION,
    translate: translateMedicationAgreements,
    matchType: 'MedicationRequest',
  },
};

/** One own case: the input, how to translate it and its golden. */
export interface OwnCase {
  c: AllergyCase;
  how: CaseTranslator;
}

/** The lab results of the XXX_Cevat batch, or undefined when ../shared is absent. */
export function cevatLabCase(): OwnCase | undefined {
  const input = path.join(
    SHARED_DIR,
    'fixtures/hl7v3/qualification/gp-cevat/algemene_bepalingen_bundle_POOB_IN990003NL_01.hl7v3.xml',
  );
  if (!existsSync(input)) return undefined;
  return {
    c: {
      name: 'cevat_POLB_IN364001NL03',
      input,
      expected: path.join(KETENZORG_GOLDEN_DIR, 'cevat_POLB_IN364001NL03.fhir.json'),
      anchor: '2021-08-02',
      today: '2021-08-02',
    },
    how: OWN_TRANSLATORS[LAB_RESULTS_INTERACTION]!,
  };
}

/** Every Ketenzorg answer of our synthetic patients (unshifted: their dates are fixed in the files). */
export function syntheticGpCases(): OwnCase[] {
  const m = readManifest(path.join(SIM_DATA_DIR, 'manifest.json'));
  const out = new Map<string, OwnCase>();
  for (const p of m.patients) {
    for (const a of p.answers) {
      const how = OWN_TRANSLATORS[a.interaction];
      if (!how) continue;
      const name = `${path.basename(a.file).replace(/\.hl7v3\.xml$/, '')}.${a.interaction}`;
      if (out.has(name)) continue;
      out.set(name, {
        c: {
          name,
          input: path.resolve(SIM_DATA_DIR, a.file),
          expected: path.join(KETENZORG_GOLDEN_DIR, `${name}.fhir.json`),
          anchor: a.anchor ?? '',
          today: a.anchor ?? '',
        },
        how,
      });
    }
  }
  return [...out.values()];
}

/** All own cases that can run here. */
export function ownCases(): OwnCase[] {
  const lab = cevatLabCase();
  return [...(lab ? [lab] : []), ...syntheticGpCases()];
}
