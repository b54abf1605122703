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
import { redactDatabaseUrl } from './store/postgres.ts';
import { createLspClient, type LspClient } from './aorta/index.ts';
import { combineRegistries, loadClientRegistry, medmijListsFromConfig } from './medmij/lists/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from './onboarding/seed.ts';
import { simulatorProviders } from './onboarding/eligibility.ts';
import { ensureDemoOperator } from './onboarding/operators.ts';
import { ensurePki } from './sim/pki/index.ts';
import { startLspSimulator } from './sim/lsp/index.ts';
import { BUILTIN_SIM_DATA } from './sim/data/index.ts';
import { createMetrics, startMetricsServer, type MetricsServer } from './metrics/index.ts';
import { startDemoLists } from './sim/medmij-node/demo.ts';
import { queryResponseTable } from './services/lsp-table.ts';
import { createRegistry, searchesByKind } from './services/registry.ts';
import { DEFAULT_DATA_SERVICES } from './services/catalogue.ts';

export interface RunningGateway {
  app: FastifyInstance;
  store: Store;
  lsp: LspClient;
  url: string;
  /** https URL of the mutual-TLS back channel, when BRUG_BACKCHANNEL_PORT is set. */
  backchannelUrl: string | undefined;
  /** URL of the Prometheus metrics, when BRUG_METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /**
   * Stops gracefully: no new connections, requests in flight finish, then the LSP client and the
   * store close. After `graceMs` the remaining connections are cut (the store still closes cleanly).
   * Resolves true when every request finished in time.
   */
  close(graceMs?: number): Promise<boolean>;
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
  // The MedMij lists (BRUG_MEDMIJ_LISTS_URL), first so a bad BRUG_MEDMIJ_SCHEMAS fails before anything opens.
  const lists = medmijListsFromConfig(config, logger.child({ component: 'medmij-lists' }));
  const store = await openStore(config);
  const metrics = createMetrics();
  const lsp = createLspClient(config.lsp, {
    logger,
    observe: (o) => metrics.lspCall(o),
    // Back-pressure (BRUG_LSP_MAX_*): beyond these a search gets 503 with Retry-After at once.
    options: {
      maxConcurrentTotal: config.lspLimits.maxActive,
      maxQueuedTotal: config.lspLimits.maxQueued,
      maxConcurrentPerDestination: config.lspLimits.maxActivePerProvider,
      maxQueuedPerDestination: config.lspLimits.maxQueued,
      maxSockets: config.lspLimits.maxActive,
      maxResponseBytes: config.lspLimits.maxAnswerBytes,
      maxBufferedBytes: config.lspLimits.maxBufferedBytes,
    },
  });
  // Last good copies from disk first, then fetched now and on schedule; the OCL's clients come before
  // the demo client file's.
  await lists?.loadFromDisk();
  lists?.start();
  const clients = lists
    ? combineRegistries(lists.clients, loadClientRegistry(config))
    : loadClientRegistry(config);
  const app = await buildApp(config, { store, lsp, clients, logger, metrics, lists });
  app.addHook('onClose', async () => lists?.stop());
  try {
    // A deep accept queue (the kernel caps it at net.core.somaxconn): a burst of PGO connections
    // waits to be accepted instead of being dropped at Node's default of 511.
    await app.listen({ host: config.host, port: config.port, backlog: 4096 });
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
  let metricsServer: MetricsServer | undefined;
  if (config.metrics.port !== undefined) {
    try {
      metricsServer = await startMetricsServer(metrics.registry, config.metrics.host, config.metrics.port);
    } catch (e) {
      if (back) back.close();
      await app.close();
      lsp.close();
      await store.close();
      const err = e as NodeJS.ErrnoException;
      throw err.code === 'EADDRINUSE'
        ? new Error(`metrics port ${config.metrics.port} is in use: set BRUG_METRICS_PORT to another port`)
        : e;
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
    metricsUrl: metricsServer?.url,
    close: async (graceMs = config.shutdownGraceMs) => {
      // Stop listening at once (new connections are refused), then wait for requests in flight.
      const closing = Promise.all([
        back ? new Promise<void>((resolve) => back.close(() => resolve())) : undefined,
        app.close(),
      ]);
      // A keep-alive connection whose request finishes while we drain would hold the close open:
      // close each one as soon as it is idle.
      const reap = setInterval(() => {
        app.server.closeIdleConnections();
        back?.closeIdleConnections();
      }, 100);
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        closing.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      clearInterval(reap);
      if (!inTime) {
        logger.warn(
          { graceMs },
          'requests still in flight after the grace period: cutting their connections',
        );
        app.server.closeAllConnections();
        back?.closeAllConnections();
        await closing;
      }
      await metricsServer?.close();
      lsp.close();
      await store.close();
      return inTime;
    },
  };
}

/**
 * Waits for SIGINT/SIGTERM, then stops gracefully. Exit code 0 when every request in flight finished,
 * 1 when some had to be cut after BRUG_SHUTDOWN_GRACE_MS or stopping failed. A second signal while
 * stopping is logged and otherwise ignored (the grace period bounds the wait).
 */
function untilSignal(logger: Logger, stop: () => Promise<boolean>): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (sig: string): void => {
      if (stopping) {
        logger.warn({ signal: sig }, 'already stopping: waiting for requests in flight');
        return;
      }
      stopping = true;
      logger.info({ signal: sig }, 'stopping: finishing requests in flight');
      stop().then(
        (inTime) => {
          logger.info({ clean: inTime }, 'stopped');
          logger.flush();
          resolve(inTime ? 0 : 1);
        },
        (e: unknown) => {
          logger.error({ err: e }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
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
  if (config.env === 'production') {
    // The demo runs simulators, demo clients and demo providers: never next to real patients' data.
    process.stderr.write(
      'brug demo: BRUG_ENV is production; the demo runs only as demo or test (use brug serve)\n',
    );
    return 78;
  }
  const logger = createLogger(config.logLevel);
  const started = Date.now();
  const pkiDir = join(config.home, 'pki');
  await ensurePki(pkiDir);
  // The registry the gateway builds (app.ts); the simulator answers by its query/answer table.
  const registry = createRegistry(DEFAULT_DATA_SERVICES, searchesByKind(config.gpSummary));
  const sim = await startLspSimulator({
    port: config.sim.lspPort,
    pkiDir,
    dataDirs: [BUILTIN_SIM_DATA, ...config.sim.dataDirs],
    fault: config.sim.fault,
    logger: logger.child({ name: 'sim-lsp' }),
    // The simulated LSP answers for every demo provider, as the real one routes to every source.
    // ... and for every provider in the (synthetic) LSP register, so one that joins through the portal works.
    providers: simulatorProviders(DEMO_PROVIDERS, config.onboarding.lspRegisterFile),
    table: queryResponseTable(Object.fromEntries(registry.services.map((s) => [s.id, s.searches]))),
  });
  // Without BRUG_MEDMIJ_LISTS_URL the demo runs its own MedMij node, which publishes in its ZAL what
  // Brug submitted (read from the store, once the gateway has opened it).
  let storeOpened: (store: Store) => void = () => undefined;
  const opened = new Promise<Store>((resolve) => (storeOpened = resolve));
  let demoLists: Awaited<ReturnType<typeof startDemoLists>> | undefined;
  let gw: RunningGateway;
  try {
    if (config.lists.url === undefined) demoLists = await startDemoLists(config, registry, opened);
    gw = await startGateway(demoLists?.config ?? config, logger);
  } catch (e) {
    await demoLists?.node.close();
    await sim.close();
    process.stderr.write(`brug demo: ${(e as Error).message}\n`);
    return 1;
  }
  storeOpened(gw.store);
  await seedDemoProviders(gw.store);
  const operator = await ensureDemoOperator(config.onboarding.operatorsFile, config.home);
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
      `  MedMij node (lists)       ${demoLists ? `${demoLists.node.url}  (its ZAL publishes what Brug submits)` : config.lists.url}`,
      `  Health / readiness        ${base}/health  ${base}/ready`,
      `  Provider portal           ${base}/portal`,
      `  Operators (beheer)        ${base}/beheer${operator ? `   login: ${operator.username} / ${operator.password}` : ''}`,
      '',
      `  Store: ${redactDatabaseUrl(config.databaseUrl)}   Test PKI: ${pkiDir}`,
      `  Extra simulator data: ${config.sim.dataDirs.length ? config.sim.dataDirs.join(', ') : '(none; set BRUG_SIM_DATA)'}`,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  return untilSignal(logger, async () => {
    const inTime = await gw.close();
    await sim.close();
    await demoLists?.node.close();
    return inTime;
  });
}
