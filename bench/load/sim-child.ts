/**
 * The LSP/XIS simulator alone in its own process, for the load benchmark (so the gateway's memory is
 * measured without it). Reads BENCH_SIM_PORT, BENCH_PKI_DIR, BENCH_DATA_DIR (extra simulator data) and
 * BENCH_SIM_FAULT (e.g. `slow:2000`); prints `BENCH-READY` when it listens. Stops on SIGTERM.
 */
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { startLspSimulator } from '../../src/sim/lsp/index.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';
import { DEMO_PROVIDERS } from '../../src/onboarding/seed.ts';

const pkiDir = process.env.BENCH_PKI_DIR;
if (!pkiDir) throw new Error('BENCH_PKI_DIR is required');
await ensurePki(pkiDir);
const sim = await startLspSimulator({
  port: Number(process.env.BENCH_SIM_PORT ?? 0),
  pkiDir,
  dataDirs: [BUILTIN_SIM_DATA, ...(process.env.BENCH_DATA_DIR ? [process.env.BENCH_DATA_DIR] : [])],
  ...(process.env.BENCH_SIM_FAULT ? { fault: process.env.BENCH_SIM_FAULT } : {}),
  providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
});
process.stdout.write(`BENCH-READY ${sim.url}\n`);
process.once('SIGTERM', () => {
  void sim.close().then(() => process.exit(0));
});
