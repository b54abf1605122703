/**
 * The LSP/XIS simulator alone in its own process, for the load benchmark (so the gateway's memory is
 * measured without it). Reads BENCH_SIM_PORT, BENCH_PKI_DIR, BENCH_DATA_DIR (extra simulator data) and
 * BENCH_SIM_FAULT (e.g. `slow:2000`); prints `BENCH-READY` when it listens. With BENCH_SIM_TAP=PREFIX it
 * writes the first exchange it answers to PREFIX.request.xml and PREFIX.answer.xml (the round-trip
 * floor replays them). Stops on SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { startLspSimulator } from '../../src/sim/lsp/index.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';
import { DEMO_PROVIDERS } from '../../src/onboarding/seed.ts';

const pkiDir = process.env.BENCH_PKI_DIR;
if (!pkiDir) throw new Error('BENCH_PKI_DIR is required');
const tapPrefix = process.env.BENCH_SIM_TAP;
let tapped = false;
await ensurePki(pkiDir);
const sim = await startLspSimulator({
  port: Number(process.env.BENCH_SIM_PORT ?? 0),
  pkiDir,
  dataDirs: [BUILTIN_SIM_DATA, ...(process.env.BENCH_DATA_DIR ? [process.env.BENCH_DATA_DIR] : [])],
  ...(process.env.BENCH_SIM_FAULT ? { fault: process.env.BENCH_SIM_FAULT } : {}),
  providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  ...(tapPrefix
    ? {
        tap: ({ request, answer }) => {
          if (tapped) return;
          tapped = true;
          // The answer first: the bench waits for the request file, and then reads both.
          writeFileSync(`${tapPrefix}.answer.xml`, answer);
          writeFileSync(`${tapPrefix}.request.xml`, request);
        },
      }
    : {}),
});
process.stdout.write(`BENCH-READY ${sim.url}\n`);
process.once('SIGTERM', () => {
  void sim.close().then(() => process.exit(0));
});
