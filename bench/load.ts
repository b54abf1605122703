/**
 * `npm run bench:load [-- options]`: load figures for the issue "Scale out" with autocannon against the
 * gateway (`brug serve`, own process) and the LSP simulator (own process) on loopback.
 *
 *   (a) fast LSP, one-dispense answers: requests/s, p50 and p99 latency, against the floor (a bare
 *       Fastify route in its own process returning the same Bundle bytes with the same headers).
 *       Goal: at least 40% of the floor's requests/s, p99 under 50 ms.
 *   (b) LSP slowed to 2 s (BRUG_SIM_FAULT=slow:2000): 2,000 concurrent searches, one each; errors
 *       (non-2xx plus socket errors), p99 and the gateway's peak resident memory (VmHWM).
 *       Goal: no errors, under 1 GiB.
 *   (c) as (b) with two gateway nodes (two `brug serve` processes) on one PostgreSQL, the load split
 *       between them. The server: `--database-url`, else BRUG_BENCH_DATABASE_URL, else
 *       BRUG_TEST_DATABASE_URL; the nodes get a fresh schema `brug_bench_<random>` on it, dropped
 *       after the run. Without a server, or when it cannot be reached, (c) says why it did not run.
 *
 * Options:
 *   --quick               short runs at small scale (a smoke run, not for figures)
 *   --only a,b,c          the scenarios to run (default all)
 *   --connections N       (a) concurrent connections (default 10)
 *   --duration S          (a) seconds per measured round (default 10; quick 2)
 *   --concurrent N        (b, c) concurrent searches (default 2000; quick 200)
 *   --slow-ms MS          (b, c) LSP delay (default 2000)
 *   --database-url URL    (c) the PostgreSQL server (a fresh schema is made on it and dropped)
 *   --out DIR             where the JSON goes (default bench/out)
 *   --keep                keep the temporary folder with the children's logs
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cannon, combine, type CannonFigures } from './load/cannon.ts';
import { startCluster } from './load/cluster.ts';
import { BENCH_PATH, writeBenchData } from './load/data.ts';
import { benchDatabase, freshBenchSchema } from './load/pg.ts';
import { freePort, printedReady, startChild, waitReady, type Child } from './load/procs.ts';
import { redactDatabaseUrl } from '../src/store/postgres.ts';
import { formatTable, num, ratio } from './table.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Goals of the issue. */
export const LOAD_GOALS = { floorShare: 0.4, p99Ms: 50, maxRssBytes: 1024 ** 3 } as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'a,b,c' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    concurrent: { type: 'string' },
    'slow-ms': { type: 'string' },
    'database-url': { type: 'string' },
    out: { type: 'string', default: path.join(HERE, 'out') },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});

function positive(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${v}"`);
  return n;
}

const quick = values.quick;
const only = new Set(values.only.split(',').map((s) => s.trim()));
const connections = positive('connections', values.connections, 10);
const duration = positive('duration', values.duration, quick ? 2 : 10);
const concurrent = positive('concurrent', values.concurrent, quick ? 200 : 2000);
const slowMs = positive('slow-ms', values['slow-ms'], 2000);
const database = benchDatabase(values['database-url'], process.env);

const home = mkdtempSync(path.join(os.tmpdir(), 'brug-load-'));
const dataDir = writeBenchData(path.join(home, 'data'));
const HEADERS_DROPPED = new Set(['date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

function mib(bytes: number): string {
  return Number.isFinite(bytes) ? `${num(bytes / 1024 ** 2)} MiB` : '-';
}

interface ScenarioA {
  gateway: CannonFigures;
  floor: CannonFigures;
  /** The round-trip floor: the bare route that first makes the gateway's LSP exchange against a bare server. */
  roundTrip: CannonFigures;
  /** gateway / floor: the issue's figure. */
  ratio: number;
  /** round-trip floor / floor: the most any gateway that asks the LSP for each search reaches here. */
  roundTripRatio: number;
  /** gateway / round-trip floor: what Brug's own work (token, query, signature, translation, audit) leaves. */
  gatewayToRoundTrip: number;
  bundleBytes: number;
  bundleEntries: number;
  /** Sizes of the SOAP request and answer of the search's LSP exchange, replayed by the round-trip floor. */
  soapRequestBytes: number;
  soapAnswerBytes: number;
  gatewayPeakRss: number;
  met: boolean;
}

/** Starts one child that prints BENCH-READY in its log, and waits for it. */
async function readyChild(name: string, script: string, env: Record<string, string>): Promise<Child> {
  const log = path.join(home, `a-${name.replace(/\W+/g, '-')}.log`);
  const child = startChild(name, ['--import', 'tsx', script], env, log);
  try {
    await waitReady(child, printedReady(log));
  } catch (e) {
    await child.stop();
    throw e;
  }
  return child;
}

/**
 * (a): the gateway against the floor and the round-trip floor with a fast LSP; rounds alternate so a
 * busy machine hits all three.
 */
async function scenarioA(): Promise<ScenarioA> {
  const children: Child[] = [];
  const floorEnv = {
    BENCH_FLOOR_PATH: BENCH_PATH.split('?')[0]!, // a route, without the query
    BENCH_FLOOR_BODY: path.join(home, 'floor-body'),
    BENCH_FLOOR_HEADERS: path.join(home, 'floor-headers.json'),
  };
  const tap = path.join(home, 'a-exchange');
  try {
    // The floor starts alongside the gateway; it reads the Bundle bytes at its first request.
    const floorPort = await freePort();
    const floorReady = readyChild('floor', 'bench/load/floor-child.ts', {
      ...floorEnv,
      BENCH_FLOOR_PORT: String(floorPort),
    }).then((c) => children.push(c));
    const cluster = await startCluster({ home, dataDir, label: 'a', simEnv: { BENCH_SIM_TAP: tap } });
    try {
      await floorReady;
      const url = `${cluster.urls[0]!}${BENCH_PATH}`;
      const headers = { authorization: `Bearer ${cluster.token}`, accept: 'application/fhir+json' };
      const res = await fetch(url, { headers });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200)
        throw new Error(`a search answered ${res.status}: ${body.toString('utf8').slice(0, 500)}`);
      const bundle = JSON.parse(body.toString('utf8')) as {
        entry?: { resource?: { resourceType?: string; identifier?: unknown[] } }[];
      };
      // One HL7v3 dispense becomes two MedicationDispense resources in the MP 6.12 mapping (the dispense
      // and its request); the answer must hold exactly one dispense (the one with a dispense identifier).
      const dispenses = (bundle.entry ?? []).filter(
        (e) => e.resource?.resourceType === 'MedicationDispense' && (e.resource.identifier ?? []).length > 0,
      ).length;
      if (dispenses !== 1) throw new Error(`the benchmark answer holds ${dispenses} dispenses, not 1`);
      const floorHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (!HEADERS_DROPPED.has(k)) floorHeaders[k] = v;
      });
      writeFileSync(floorEnv.BENCH_FLOOR_BODY, body);
      writeFileSync(floorEnv.BENCH_FLOOR_HEADERS, JSON.stringify(floorHeaders));
      // The search's one LSP exchange, as the simulator saw it (written before the answer was sent).
      if (!existsSync(`${tap}.request.xml`)) throw new Error('the simulator did not record the LSP exchange');
      if (!readFileSync(`${tap}.request.xml`, 'utf8').includes('QURX_IN990111NL'))
        throw new Error('the recorded LSP exchange is not the 6.12 dispense query of the search');
      const soapRequestBytes = statSync(`${tap}.request.xml`).size;
      const soapAnswerBytes = statSync(`${tap}.answer.xml`).size;
      const echoPort = await freePort();
      children.push(
        await readyChild('LSP end of the round-trip floor', 'bench/load/lsp-echo-child.ts', {
          BENCH_ECHO_PORT: String(echoPort),
          BENCH_PKI_DIR: path.join(home, 'pki'),
          BENCH_ECHO_ANSWER: `${tap}.answer.xml`,
        }),
      );
      const relayPort = await freePort();
      children.push(
        await readyChild('round-trip floor', 'bench/load/floor-child.ts', {
          ...floorEnv,
          BENCH_FLOOR_PORT: String(relayPort),
          BENCH_FLOOR_RELAY_URL: `https://127.0.0.1:${echoPort}/aorta`,
          BENCH_FLOOR_RELAY_REQUEST: `${tap}.request.xml`,
          BENCH_PKI_DIR: path.join(home, 'pki'),
        }),
      );
      const floorUrl = `http://127.0.0.1:${floorPort}${BENCH_PATH}`;
      const roundTripUrl = `http://127.0.0.1:${relayPort}${BENCH_PATH}`;
      for (const u of [floorUrl, roundTripUrl]) {
        const same = await fetch(u);
        if (same.status !== 200 || !Buffer.from(await same.arrayBuffer()).equals(body))
          throw new Error(`${u === floorUrl ? 'the floor' : 'the round-trip floor'} answers other bytes`);
      }
      const run = (target: string, seconds: number): Promise<CannonFigures> =>
        cannon({ url: target, headers, connections, duration: seconds });
      const targets = [url, roundTripUrl, floorUrl];
      if (!quick) for (const t of targets) await run(t, 3);
      const rounds: CannonFigures[][] = [[], [], []];
      for (let round = 0; round < (quick ? 1 : 2); round++) {
        for (const [i, t] of targets.entries()) rounds[i]!.push(await run(t, duration));
      }
      const [g, rt, f] = rounds.map(combine) as [CannonFigures, CannonFigures, CannonFigures];
      const r = g.rps / f.rps;
      return {
        gateway: g,
        floor: f,
        roundTrip: rt,
        ratio: r,
        roundTripRatio: rt.rps / f.rps,
        gatewayToRoundTrip: g.rps / rt.rps,
        bundleBytes: body.length,
        bundleEntries: (bundle.entry ?? []).length,
        soapRequestBytes,
        soapAnswerBytes,
        gatewayPeakRss: cluster.gateways[0]!.peakRss(),
        met: r >= LOAD_GOALS.floorShare && g.p99 < LOAD_GOALS.p99Ms && g.errors + g.non2xx === 0,
      };
    } finally {
      await cluster.stop();
    }
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

interface ScenarioB {
  nodes: number;
  concurrent: number;
  slowMs: number;
  load: CannonFigures;
  failed: number;
  /** Peak resident memory per gateway node. */
  peakRss: number[];
  met: boolean;
}

/** (b) and (c): `concurrent` searches at once against a slow LSP, split over the nodes. */
async function scenarioB(nodes: number, db: string | undefined): Promise<ScenarioB> {
  const cluster = await startCluster({
    home,
    dataDir,
    label: nodes === 1 ? 'b' : 'c',
    fault: `slow:${slowMs}`,
    nodes,
    ...(db ? { databaseUrl: db } : {}),
    // The question is what one node holds, so the node's own LSP limits (default 256 in flight, a
    // deployment choice for an LSP whose capacity is unknown) are set to the burst a node receives.
    env: {
      BRUG_LSP_MAX_ACTIVE: String(Math.ceil(concurrent / nodes)),
      BRUG_LSP_MAX_ACTIVE_PER_PROVIDER: String(Math.ceil(concurrent / nodes)),
    },
  });
  try {
    const headers = { authorization: `Bearer ${cluster.token}`, accept: 'application/fhir+json' };
    // One search per node first, so the burst measures the load, not the first request.
    for (const u of cluster.urls) {
      const res = await fetch(`${u}${BENCH_PATH}`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`a search on ${u} answered ${res.status}`);
    }
    const share = Math.ceil(concurrent / nodes);
    const runs = await Promise.all(
      cluster.urls.map((u) =>
        cannon({ url: `${u}${BENCH_PATH}`, headers, connections: share, amount: share, timeout: 60 }),
      ),
    );
    const load = combine(runs);
    const peakRss = cluster.gateways.map((g) => g.peakRss());
    const failed = load.non2xx + load.errors;
    return {
      nodes,
      concurrent: share * nodes,
      slowMs,
      load,
      failed,
      peakRss,
      met: failed === 0 && peakRss.every((b) => !(b >= LOAD_GOALS.maxRssBytes)),
    };
  } finally {
    await cluster.stop();
  }
}

const result: Record<string, unknown> = {
  at: new Date().toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? '?',
    memory: os.totalmem(),
    loadavg: os.loadavg(),
    node: process.version,
  },
  settings: { connections, duration, concurrent, slowMs },
  goals: LOAD_GOALS,
};
const lines: string[] = [];
const say = (s: string): void => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};
say(
  `Brug load benchmark${quick ? ' (quick: not for figures)' : ''}: ${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}, node ${process.version}`,
);

try {
  if (only.has('a')) {
    const a = await scenarioA();
    result.a = a;
    say('');
    say(
      `(a) fast LSP, one-dispense answers (Bundle of ${a.bundleEntries} entries, ${a.bundleBytes} bytes), ${connections} connections, ${duration} s rounds`,
    );
    const row = (name: string, f: CannonFigures): string[] => [
      name,
      num(f.rps),
      num(f.p50),
      num(f.p99),
      num(f.max),
      String(f.requests),
      String(f.errors + f.non2xx),
    ];
    say(
      formatTable(
        ['target', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors'],
        [
          row('gateway', a.gateway),
          row('round-trip floor (bare route + the LSP exchange)', a.roundTrip),
          row('floor (bare Fastify, same bytes)', a.floor),
        ],
      ),
    );
    say(
      `gateway/floor ${ratio(a.ratio, { min: LOAD_GOALS.floorShare })} (goal >= ${LOAD_GOALS.floorShare}); p99 ${num(a.gateway.p99)} ms ${a.gateway.p99 < LOAD_GOALS.p99Ms ? 'ok' : 'MISS'} (goal < ${LOAD_GOALS.p99Ms}); gateway peak RSS ${mib(a.gatewayPeakRss)}`,
    );
    say(
      `round-trip floor/floor ${num(a.roundTripRatio)}x: the most a gateway that asks the LSP for each search reaches on this machine ` +
        `(one mutual-TLS POST of the same ${a.soapRequestBytes}-byte SOAP request, the same ${a.soapAnswerBytes}-byte answer from a server that does nothing else)`,
    );
    say(
      `gateway/round-trip floor ${num(a.gatewayToRoundTrip)}x: what is left after Brug's own work (token, query, AORTA signature, parse, translation, audit)`,
    );
  }
  const slowRows: ScenarioB[] = [];
  if (only.has('b')) {
    const b = await scenarioB(1, undefined);
    result.b = b;
    slowRows.push(b);
  }
  let cNotRun: string | undefined;
  if (only.has('c')) {
    if (database.url === undefined) {
      cNotRun = database.why;
    } else {
      const fresh = await freshBenchSchema(database.url).catch((e: unknown) => {
        cNotRun = (e as Error).message;
        return undefined;
      });
      if (fresh) {
        say('');
        say(
          `(c) on ${redactDatabaseUrl(database.url)} (from ${database.from}), fresh schema ${fresh.schema}`,
        );
        try {
          const c = await scenarioB(2, fresh.url);
          result.c = { ...c, schema: fresh.schema, from: database.from };
          slowRows.push(c);
        } finally {
          await fresh.drop().catch((e: unknown) => {
            process.stderr.write(`could not drop schema ${fresh.schema}: ${(e as Error).message}\n`);
          });
        }
      }
    }
    if (cNotRun !== undefined) result.c = { notRun: cNotRun };
  }
  if (slowRows.length > 0) {
    say('');
    say(
      `(b/c) LSP slowed to ${slowMs} ms, ${concurrent} concurrent searches, one each; ` +
        `BRUG_LSP_MAX_ACTIVE and _PER_PROVIDER set to the searches a node gets`,
    );
    say(
      formatTable(
        [
          'set-up',
          'searches',
          '200',
          'errors (goal 0)',
          'p50 ms',
          'p99 ms',
          'max ms',
          'took s',
          'peak RSS per node (goal < 1 GiB)',
        ],
        slowRows.map((r) => [
          r.nodes === 1 ? '(b) one node, SQLite' : `(c) ${r.nodes} nodes, PostgreSQL`,
          String(r.concurrent),
          String(r.load.ok),
          `${r.failed}${r.failed === 0 ? ' ok' : ` MISS ${JSON.stringify(r.load.statuses)}`}`,
          num(r.load.p50),
          num(r.load.p99),
          num(r.load.max),
          num(r.load.seconds),
          r.peakRss.map(mib).join(', ') +
            (r.peakRss.every((b) => b < LOAD_GOALS.maxRssBytes) ? ' ok' : ' MISS'),
        ]),
      ),
    );
  }
  if (cNotRun !== undefined) {
    say('');
    say(`(c) DID NOT RUN: ${cNotRun}.`);
    say('    Two nodes on PostgreSQL need a server: --database-url postgres://user:pass@host:port/db');
  }
  say('');
  say('Figures move with the load of other processes on this machine (see the load average above).');
  mkdirSync(values.out, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path.join(values.out, `load-${stamp}.json`), json);
  writeFileSync(path.join(values.out, 'load-latest.json'), json);
  say(`JSON: ${path.join(values.out, `load-${stamp}.json`)}`);
} catch (e) {
  process.stderr.write(`bench:load failed: ${(e as Error).message}\n(logs in ${home})\n`);
  process.exitCode = 1;
} finally {
  if (!values.keep && process.exitCode !== 1) rmSync(home, { recursive: true, force: true });
  else process.stdout.write(`children's logs kept in ${home}\n`);
}
