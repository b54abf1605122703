/**
 * Starting Brug for real: `brug serve` (the gateway alone) and `brug demo` (gateway, LSP/XIS simulator,
 * DigiD simulator and demo PGO on one machine, with the embedded SQLite store under `.brug/`).
 * Both stop gracefully on SIGINT/SIGTERM, finishing requests in flight.
 */
import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { join } from 'node:path';
import { BACKCHANNEL, buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { openStore, type Store } from './store/index.ts';
import { createLspClient, type LspClient } from './aorta/index.ts';
import { loadClientRegistry } from './medmij/lists/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from './onboarding/seed.ts';
import { ensurePki } from './sim/pki/index.ts';
import { startLspSimulator } from './sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from './sim/data/index.ts';

export interface RunningGateway {
  app: FastifyInstance;
  store: Store;
  lsp: LspClient;
  url: string;
  /** https URL of the mutual-TLS back channel, when BRUG_BACKCHANNEL_PORT is set. */
  backchannelUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * The back channel's own port: TLS with the PKIoverheid server certificate, asking every client for
 * its certificate (checked against the CA bundle here and against the MedMij Whitelist by the token
 * endpoint). Requests are handed to the same app, marked so that /oauth/token, /oauth/revoke and /fhir
 * answer only here (see app.ts).
 */
async function listenBackchannel(config: Config, app: FastifyInstance): Promise<HttpsServer> {
  const bc = config.backchannel;
  const server = createHttpsServer(
    {
      cert: readFileSync(bc.certFile!),
      key: readFileSync(bc.keyFile!),
      ca: readFileSync(bc.caFile!),
      requestCert: true,
      // An unverified certificate still reaches the app, which answers invalid_client as RFC 6749 says.
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      (req as unknown as Record<symbol, boolean>)[BACKCHANNEL] = true;
      app.routing(req, res);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.backchannelPort, config.host, () => resolve());
  });
  return server;
}

/**
 * Opens the store, connects the LSP client, builds the app and listens.
 * @param config - validated configuration
 * @param logger - process logger
 */
export async function startGateway(config: Config, logger: Logger): Promise<RunningGateway> {
  const store = openStore(config);
  const lsp = createLspClient(config.lsp, { logger });
  const app = await buildApp(config, { store, lsp, clients: loadClientRegistry(config), logger });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await store.close();
    lsp.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.port} on ${config.host} is in use: stop the other process or set BRUG_PORT`,
      );
    }
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let back: HttpsServer | undefined;
  if (config.backchannelPort !== undefined) {
    try {
      back = await listenBackchannel(config, app);
    } catch (e) {
      await app.close();
      lsp.close();
      await store.close();
      throw e;
    }
  }
  const backAddress = back?.address();
  return {
    app,
    store,
    lsp,
    url: `http://${config.host}:${port}`,
    backchannelUrl:
      typeof backAddress === 'object' && backAddress
        ? `https://${config.host}:${backAddress.port}`
        : undefined,
    close: async () => {
      if (back) await new Promise<void>((resolve) => back.close(() => resolve()));
      await app.close();
      lsp.close();
      await store.close();
    },
  };
}

function untilSignal(logger: Logger, stop: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const onSignal = (sig: string): void => {
      logger.info({ signal: sig }, 'stopping: finishing requests in flight');
      stop().then(
        () => resolve(0),
        (e: unknown) => {
          logger.error({ err: e }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

/** `brug serve`: the gateway alone. */
export async function runServe(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  const gw = await startGateway(config, logger);
  logger.info({ url: gw.url }, 'Brug is listening');
  return untilSignal(logger, () => gw.close());
}

/** `brug demo`: everything on one machine; prints the URLs. */
export async function runDemo(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const pkiDir = join(config.home, 'pki');
  await ensurePki(pkiDir);
  const sim = await startLspSimulator({
    port: config.sim.lspPort,
    pkiDir,
    dataDirs: [BUILTIN_SIM_DATA, ...config.sim.dataDirs],
    fault: config.sim.fault,
    logger: logger.child({ name: 'sim-lsp' }),
    // The simulated LSP answers for every demo provider, as the real one routes to every source.
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  let gw: RunningGateway;
  try {
    gw = await startGateway(config, logger);
  } catch (e) {
    await sim.close();
    process.stderr.write(`brug demo: ${(e as Error).message}\n`);
    return 1;
  }
  await seedDemoProviders(gw.store);
  const base = config.publicUrl;
  process.stdout.write(
    [
      '',
      `Brug demo is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
      '',
      `  Demo PGO (start here)     ${base}/sim/pgo`,
      `  OAuth authorize           ${base}/oauth/authorize`,
      `  FHIR base (ggzdemo, 31)   ${base}/fhir/ggzdemo/31/stu3`,
      `  CapabilityStatement       ${base}/fhir/ggzdemo/31/stu3/metadata`,
      `  DigiD simulator           ${base}/sim/digid`,
      `  LSP/XIS simulator (mTLS)  ${sim.url}`,
      `  Health / readiness        ${base}/health  ${base}/ready`,
      '',
      `  Store: ${config.databaseUrl}   Test PKI: ${pkiDir}`,
      `  Extra simulator data: ${config.sim.dataDirs.length ? config.sim.dataDirs.join(', ') : '(none; set BRUG_SIM_DATA)'}`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  return untilSignal(logger, async () => {
    await gw.close();
    await sim.close();
  });
}
