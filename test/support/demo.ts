/**
 * Starts the whole demo for end-to-end tests, as `brug demo` does but on ephemeral ports in a temp
 * folder: the test PKI, the LSP/XIS simulator over mutual TLS with our synthetic patients, the gateway
 * (with the DigiD simulator and the demo PGO) on a real socket, and the seeded demo providers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testConfig, type Config } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';
import { startLspSimulator, type LspSimulator } from '../../src/sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from '../../src/onboarding/seed.ts';
import { freePort } from '../../src/medmij/oauth/testing.ts';
import { issueTestToken } from '../../src/medmij/oauth/index.ts';
import { loadClientRegistry } from '../../src/medmij/lists/index.ts';

export interface Demo {
  config: Config;
  base: string;
  gateway: RunningGateway;
  sim: LspSimulator;
  /** An access token for a patient, made through the token endpoint's code path (`brug token issue`). */
  token(bsn: string, scope: string, clientId?: string): Promise<string>;
  /** Stops the simulator only (to test the gateway with the LSP gone). */
  stopSimulator(): Promise<void>;
  close(): Promise<void>;
}

/**
 * @param settings - extra BRUG_* settings (e.g. BRUG_LSP_TIMEOUT_MS)
 * @param extraDataDirs - simulator data folders besides our own
 * @param logger - where the gateway and the simulator log (default: silent)
 */
export async function startDemo(
  settings: Record<string, string> = {},
  extraDataDirs: string[] = [],
  logger: Logger = createLogger('silent'),
): Promise<Demo> {
  const home = mkdtempSync(join(tmpdir(), 'brug-e2e-'));
  const [port, simPort] = [await freePort(), await freePort()];
  const config = testConfig(home, { BRUG_PORT: String(port), BRUG_SIM_PORT: String(simPort), ...settings });
  const pkiDir = join(home, 'pki');
  await ensurePki(pkiDir);
  let simOpen = true;
  const sim = await startLspSimulator({
    port: simPort,
    pkiDir,
    dataDirs: [BUILTIN_SIM_DATA, ...extraDataDirs],
    logger,
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  const gateway = await startGateway(config, logger);
  await seedDemoProviders(gateway.store);
  const stopSimulator = async (): Promise<void> => {
    if (simOpen) await sim.close();
    simOpen = false;
  };
  return {
    config,
    base: config.publicUrl,
    gateway,
    sim,
    stopSimulator,
    token: (bsn, scope, clientId = 'localhost') =>
      issueTestToken(
        { config, store: gateway.store, clients: loadClientRegistry(config), logger: createLogger('silent') },
        { bsn, scope, clientId },
      ),
    close: async () => {
      await gateway.close();
      await stopSimulator();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
