/**
 * The LSP-edge harness: the gateway's FHIR edge wired to the real LSP client, talking mutual TLS to
 * the real LSP simulator, all on 127.0.0.1 with ephemeral ports and state in a temp folder. One per
 * test file (`before`/`after`). Tests only use HTTP (fetch) against `search()`.
 *
 * Parts: test PKI (`ensurePki`), simulator with the built-in patients plus a temp data folder the test
 * describes (manifest entries with a per-patient `fault`, answer files), optionally a front server
 * that serves hostile answers for some patients and forwards the rest (`front-server.ts`), the LSP
 * client from `testConfig(...)`, a SQLite store with the demo providers, and Fastify with `fhirRoutes`
 * and `createSearchSource`. Bearer tokens map straight to a `TokenContext` (no OAuth here).
 * Log lines of the gateway are kept in memory so tests can check them for BSNs.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { pino, type Logger } from 'pino';
import { createLspClient, type LspClient, type LspClientOptions } from '../../src/aorta/index.ts';
import { testConfig, type Config } from '../../src/config.ts';
import { fhirRoutes, type TokenContext } from '../../src/medmij/fhir/index.ts';
import { DEMO_PROVIDERS, seedDemoProviders } from '../../src/onboarding/seed.ts';
import { capabilityFor } from '../../src/services/capability.ts';
import { DEFAULT_DATA_SERVICES } from '../../src/services/catalogue.ts';
import { createRegistry } from '../../src/services/registry.ts';
import { createSearchSource } from '../../src/services/search.ts';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { startLspSimulator, type LspSimulator } from '../../src/sim/lsp/index.ts';
import { ensurePki } from '../../src/sim/pki/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startFrontServer, type FrontServer } from './front-server.ts';
import type { HostileAnswer } from './hostile.ts';

/** A patient entry for the temp data folder's manifest.json (simulator format, DESIGN.md). */
export interface SimPatient {
  bsn: string;
  label: string;
  answers?: { interaction: string; file: string; anchor: string }[];
  fault?: string;
  keepSources?: boolean;
  asPatient?: { bsn: string };
}

export interface HarnessOptions {
  /** Patients written to the temp data folder (added to the built-in ones). */
  patients?: SimPatient[];
  /** Answer files written to the temp data folder, by file name. */
  files?: Record<string, string>;
  /** Hostile answers per BSN, served by a front server in place of the simulator. */
  hostile?: Record<string, { label: string; answer: HostileAnswer }>;
  /** BRUG_LSP_TIMEOUT_MS. Default 1500. */
  timeoutMs?: number;
  /** LSP client options (defaults otherwise). */
  client?: Partial<LspClientOptions>;
}

export interface SearchResponse {
  status: number;
  headers: Headers;
  /** The raw body, as the PGO receives it. */
  text: string;
  /** The body parsed as JSON (FHIR JSON). */
  json: FhirJson;
  /** Wall time of the request, ms. */
  ms: number;
}

/** FHIR JSON as tests read it. */
export type FhirJson = { resourceType?: string; [k: string]: unknown };

export interface Harness {
  /** The gateway's origin, e.g. http://127.0.0.1:40123. */
  baseUrl: string;
  config: Config;
  simulator: LspSimulator;
  front?: FrontServer;
  timeoutMs: number;
  /**
   * Searches `MedicationDispense` at ggzdemo/31 for the patient, as a PGO with a valid token would.
   * @param bsn - the token's patient
   * @param query - extra query string, without `?`
   */
  search(bsn: string, query?: string): Promise<SearchResponse>;
  /** GET an absolute path on the gateway. */
  get(path: string): Promise<Response>;
  /** Stops the simulator (the LSP becomes unreachable). */
  stopSimulator(): Promise<void>;
  /** Every log line the gateway wrote so far (JSON lines). */
  logs(): string;
  close(): Promise<void>;
}

const PROVIDER = 'ggzdemo';
const SERVICE = '31';

function memoryLogger(lines: string[]): Logger {
  return pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
}

/**
 * Starts everything for one test file.
 * @param opts - patients, files, hostile answers, timeout
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const timeoutMs = opts.timeoutMs ?? 1500;
  const root = mkdtempSync(join(tmpdir(), 'brug-'));
  const home = join(root, 'home');
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { recursive: true });
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(dataDir, name), text);
  writeFileSync(
    join(dataDir, 'manifest.json'),
    JSON.stringify({ patients: (opts.patients ?? []).map((p) => ({ answers: [], ...p })) }, null, 2),
  );
  const pki = await ensurePki(join(home, 'pki'));
  const lines: string[] = [];
  const logger = memoryLogger(lines);

  const simulator = await startLspSimulator({
    port: 0,
    pkiDir: join(home, 'pki'),
    dataDirs: [BUILTIN_SIM_DATA, dataDir],
    providers: DEMO_PROVIDERS.map((p) => ({ applicationId: p.applicationIds[0]!, ura: p.ura })),
  });
  const hostile = new Map(Object.entries(opts.hostile ?? {}));
  const front = hostile.size > 0 ? await startFrontServer(pki, simulator.url, hostile) : undefined;
  const lspUrl = front?.url ?? simulator.url;
  const config = testConfig(home, {
    BRUG_SIM_PORT: String(front?.port ?? simulator.port),
    BRUG_LSP_URL: lspUrl,
    BRUG_LSP_SERVER_NAME: 'localhost',
    BRUG_LSP_TIMEOUT_MS: String(timeoutMs),
  });
  const lsp: LspClient = createLspClient(config.lsp, {
    logger,
    ...(opts.client ? { options: opts.client } : {}),
  });
  const store: Store = await openStore(config);
  await seedDemoProviders(store);
  const registry = createRegistry(DEFAULT_DATA_SERVICES);

  const tokens = new Map<string, TokenContext>();
  const tokenFor = (bsn: string): string => {
    for (const [t, c] of tokens) if (c.bsn === bsn) return t;
    const t = randomUUID();
    tokens.set(t, {
      grantId: randomUUID(),
      clientId: 'localhost',
      provider: PROVIDER,
      services: [SERVICE],
      bsn,
      auth: { time: Date.now(), level: 'substantieel', assertionId: randomUUID() },
    });
    return t;
  };

  const app = Fastify({ loggerInstance: logger });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.register(fhirRoutes, {
    resolveToken: async (token: string) => tokens.get(token),
    search: createSearchSource({ store, lsp, registry, logger }),
    capability: (provider: string, serviceId: string) => capabilityFor(registry, config, provider, serviceId),
    isKnownEndpoint: async (provider: string, serviceId: string) => {
      const p = await store.providers.get(provider);
      return p !== undefined && p.status === 'live' && p.services.some((s) => s.id === serviceId);
    },
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  let simStopped = false;
  return {
    baseUrl,
    config,
    simulator,
    ...(front ? { front } : {}),
    timeoutMs,
    async search(bsn, query = '') {
      const started = performance.now();
      const res = await fetch(
        `${baseUrl}/fhir/${PROVIDER}/${SERVICE}/stu3/MedicationDispense${query ? `?${query}` : ''}`,
        { headers: { authorization: `Bearer ${tokenFor(bsn)}`, accept: 'application/fhir+json' } },
      );
      const text = await res.text();
      const ms = performance.now() - started;
      let json: FhirJson;
      try {
        json = JSON.parse(text) as FhirJson;
      } catch {
        json = {};
      }
      return { status: res.status, headers: res.headers, text, json, ms };
    },
    get: (path) => fetch(`${baseUrl}${path}`),
    async stopSimulator() {
      if (simStopped) return;
      simStopped = true;
      await simulator.close();
    },
    logs: () => lines.join(''),
    async close() {
      await app.close();
      lsp.close();
      await front?.close();
      if (!simStopped) await simulator.close();
      await store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
