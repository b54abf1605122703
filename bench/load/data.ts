/**
 * The benchmark's patient: our synthetic GGZ answer (src/sim/data) cut down to one dispense, served by
 * the simulator under its own test BSN from a data folder written at bench time (BRUG_SIM_DATA format),
 * so no golden file or shipped patient depends on the benchmark.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDispenseList, SYNTHETIC_GGZ_FILE } from '../../src/translate/bench-support.ts';

/**
 * A fictitious test BSN (999990000-999999999, passes the 11-check) used only by the load benchmark; no
 * synthetic patient in src/sim/data has it.
 */
export const BENCH_BSN = '999990202';
/** The scope searched: the demo GGZ provider, data service 31 (medication dispenses). */
export const BENCH_SCOPE = 'ggzdemo~31';
/**
 * The FHIR search every request makes: the MedMij 6.12 request (both categories), one LSP query
 * (QURX_IN990111NL) a search. Without a category service 31 also asks the MP 9 TA and MVE queries.
 */
export const BENCH_PATH =
  '/fhir/ggzdemo/31/stu3/MedicationDispense?category=http://snomed.info/sct|373784005,http://snomed.info/sct|422037009';

/**
 * Writes the simulator data folder (manifest and a one-dispense answer) and returns its path.
 * @param dir - an empty folder of the benchmark's own
 */
export function writeBenchData(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = 'QURX_IN990113NL_bench_one_dispense.hl7v3.xml';
  writeFileSync(path.join(dir, file), makeDispenseList(readFileSync(SYNTHETIC_GGZ_FILE, 'utf8'), 1));
  const manifest = {
    about: 'Load benchmark: our synthetic GGZ answer with one dispense (written by bench/load/data.ts).',
    patients: [
      {
        bsn: BENCH_BSN,
        label: 'BENCH (one dispense)',
        answers: [{ interaction: 'QURX_IN990113NL', file, anchor: '2026-11-02' }],
        asPatient: { bsn: BENCH_BSN },
      },
    ],
  };
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}
