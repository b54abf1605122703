/**
 * One benchmark set-up: the LSP simulator in its own process, then one or more gateway nodes
 * (`brug serve`, each its own process) on one store, and an access token for the benchmark patient made
 * with `brug token issue`. Several nodes share one PostgreSQL (BRUG_DATABASE_URL) and one audit key.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { BENCH_BSN, BENCH_SCOPE } from './data.ts';
import { answers200, freePort, printedReady, runNode, startChild, waitReady, type Child } from './procs.ts';

export interface ClusterOptions {
  /** The run's own folder (BRUG_HOME, logs). */
  home: string;
  /** Simulator data folder with the benchmark patient. */
  dataDir: string;
  /** Simulator fault for every answer (e.g. `slow:2000`), or none. */
  fault?: string;
  /** Gateway nodes. Default 1. */
  nodes?: number;
  /** BRUG_DATABASE_URL shared by the nodes; default: SQLite under `home`. */
  databaseUrl?: string;
  /** Name used in log file names. */
  label: string;
  /** More BRUG_* settings for the gateway nodes. */
  env?: Record<string, string>;
  /** More BENCH_SIM_* settings for the simulator (sim-child.ts), e.g. BENCH_SIM_TAP. */
  simEnv?: Record<string, string>;
}

export interface Cluster {
  sim: Child;
  gateways: Child[];
  /** Base URL per gateway node. */
  urls: string[];
  /** Bearer token of the benchmark patient for BENCH_SCOPE. */
  token: string;
  stop(): Promise<void>;
}

/**
 * Starts the simulator and the gateway node(s) and issues a token; stops what it started on failure.
 * @param o - see ClusterOptions
 */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const simPort = await freePort();
  const started: Child[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((c) => c.stop()));
  };
  try {
    const simLog = path.join(o.home, `${o.label}-sim.log`);
    const sim = startChild(
      'LSP simulator',
      // BENCH_SIM_NODE_ARGS: node options for the simulator, as BENCH_GATEWAY_NODE_ARGS for a node.
      [
        ...(process.env.BENCH_SIM_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []),
        '--import',
        'tsx',
        'bench/load/sim-child.ts',
      ],
      {
        BENCH_SIM_PORT: String(simPort),
        BENCH_PKI_DIR: path.join(o.home, 'pki'),
        BENCH_DATA_DIR: o.dataDir,
        ...(o.fault ? { BENCH_SIM_FAULT: o.fault } : {}),
        ...o.simEnv,
      },
      simLog,
    );
    started.push(sim);
    const common: Record<string, string> = {
      BRUG_HOME: o.home,
      BRUG_SIM_PORT: String(simPort),
      BRUG_LOG_LEVEL: 'warn',
      // Nodes on one database must share the secret behind pseudonyms and sealed BSNs.
      BRUG_AUDIT_KEY: auditKey(o.home),
      ...(o.databaseUrl ? { BRUG_DATABASE_URL: o.databaseUrl } : {}),
      ...o.env,
    };
    // The token needs only the store: issued while the simulator starts.
    const [token] = await Promise.all([
      runNode(['bin/brug.js', 'token', 'issue', '--bsn', BENCH_BSN, '--scope', BENCH_SCOPE], common),
      waitReady(sim, printedReady(simLog)),
    ]);
    const gateways: Child[] = [];
    const urls: string[] = [];
    for (let n = 0; n < (o.nodes ?? 1); n++) {
      const port = await freePort();
      const gw = startChild(
        `gateway node ${n + 1}`,
        // BENCH_GATEWAY_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, shows where a node spends its time.
        [
          ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []),
          'bin/brug.js',
          'serve',
        ],
        { ...common, BRUG_PORT: String(port) },
        path.join(o.home, `${o.label}-gateway${n + 1}.log`),
      );
      started.push(gw);
      gateways.push(gw);
      urls.push(`http://127.0.0.1:${port}`);
    }
    await Promise.all(gateways.map((gw, i) => waitReady(gw, () => answers200(`${urls[i]!}/health`))));
    return { sim, gateways, urls, token, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

const keys = new Map<string, string>();
/** One audit key per run folder (64 hex characters, as production requires). */
function auditKey(home: string): string {
  let k = keys.get(home);
  if (!k) {
    k = randomBytes(32).toString('hex');
    keys.set(home, k);
  }
  return k;
}
