/**
 * The MedMij lists in force: fetched from the MedMij node on a schedule, checked, kept as the last good
 * copy under BRUG_HOME/lists and swapped in whole. A fetched document replaces the one in force only when
 * it downloads, parses (our safe parser), validates against its XSD (when BRUG_MEDMIJ_SCHEMAS is set,
 * otherwise the readers' structural checks alone) and its Volgnummer did not go down (equal = unchanged).
 * Any failure keeps the last good copy, logs one line and is counted in the status. On start the last
 * good copies are read back from disk first, so a node that is down at start-up changes nothing.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type Config } from '../../config.ts';
import type { ClientRegistry } from './clients.ts';
import { fetchList } from './fetch.ts';
import { LIST_KINDS, LIST_NAMES, type ListName, type ListTypes } from './kinds.ts';
import type { NodeWhitelist } from './whitelist.ts';
import { loadListSchemas, type ListSchemas } from './xsd.ts';
import { zalHasProvider, zalProviderNames } from './zal.ts';

/** What one refresh of one list came to. */
export interface RefreshOutcome {
  list: ListName;
  /** ok = a new copy is in force; unchanged = same Volgnummer; refused = the last good copy stays. */
  result: 'ok' | 'unchanged' | 'refused';
  /** The Volgnummer in force afterwards (undefined: no copy at all). */
  volgnummer: number | undefined;
  /** Why it was refused, in one line. */
  reason?: string;
}

/** The state of one list, for /ready and the CLI. */
export interface ListStatus {
  list: ListName;
  title: string;
  /** Volgnummer and Tijdstempel of the copy in force (undefined: none yet). */
  volgnummer: number | undefined;
  tijdstempel: string | undefined;
  /** When the copy in force was fetched (ISO); for a copy read from disk at start, its file time. */
  fetchedAt: string | undefined;
  /** When the node last answered with an acceptable document (ok or unchanged). */
  checkedAt: string | undefined;
  /** The last attempt and, when it failed, why. */
  lastAttemptAt: string | undefined;
  lastError: string | undefined;
  /** Refused or failed fetches since start, in total and in a row. */
  failures: number;
  consecutiveFailures: number;
}

/** The logger calls the refresher makes (pino's shape). */
export interface ListLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** The lists in force and their refresher. */
export interface MedmijLists {
  /** The parsed copy in force, or undefined when none was ever accepted. */
  current<N extends ListName>(name: N): ListTypes[N] | undefined;
  status(): ListStatus[];
  /** Fetches one list now (a refresh already running for it is joined, not doubled). */
  refresh(name: ListName): Promise<RefreshOutcome>;
  /** Fetches every list now, in parallel. */
  refreshAll(): Promise<RefreshOutcome[]>;
  /** Reads the last good copies from disk; a bad file there is logged and ignored. */
  loadFromDisk(): Promise<void>;
  /** Fetches every list now and then on its schedule (timers do not keep the process alive). */
  start(): void;
  stop(): void;
  /** OAuth clients from the OCL in force. */
  readonly clients: ClientRegistry;
  /** Back-channel hostnames from the Whitelist in force. */
  readonly whitelist: NodeWhitelist;
  /** True when the provider's name (with or without `@medmij`) is in the ZAL in force: "published". */
  zalHasProvider(naam: string): boolean;
  /** The provider names in the ZAL in force, without `@medmij`. */
  publishedProviders(): string[];
  /** The data service's Weergavenaam from the GNL in force. */
  serviceName(id: string): string | undefined;
  /**
   * Calls `listener` after every refresh of any list (ok, unchanged or refused), e.g. so onboarding
   * can promote providers the fetched ZAL now lists. A listener's error or rejection is logged, never
   * thrown into the refresher. Returns the function that removes the listener.
   * @param listener - told of each outcome
   */
  onRefresh(listener: (outcome: RefreshOutcome) => void | Promise<void>): () => void;
}

/** Options of `createMedmijLists`. */
export interface MedmijListsOptions {
  /** Base URL of the MedMij node; each list is `${baseUrl}/${file}?api=${api}`. */
  baseUrl: string;
  /** The `api` query parameter (major version). Default 2. */
  api?: number;
  /** Folder of the last good copies (created when missing). */
  dir: string;
  /** XSD validation; undefined = structural checks only. */
  schemas?: ListSchemas;
  /** CA bundle for the node's TLS certificate. */
  ca?: string | Buffer;
  /** Milliseconds between fetches per list. */
  intervalsMs: Record<ListName, number>;
  /** Download timeout. Default 20000. */
  timeoutMs?: number;
  logger: ListLogger;
  /** Told of every outcome (metrics). */
  onOutcome?: (outcome: RefreshOutcome) => void;
  /** Clock in epoch milliseconds (tests). */
  now?: () => number;
}

interface Held<N extends ListName = ListName> {
  parsed: ListTypes[N];
  fetchedAt: number;
}

/** After a failure the next try comes at most this soon, whatever the interval. */
const RETRY_AFTER_FAILURE_MS = 60_000;

/**
 * Creates the lists and their refresher. Nothing is fetched until `loadFromDisk`, `refresh` or `start`.
 * @param options - node URL, storage folder, schemas, schedule and logger
 */
export function createMedmijLists(options: MedmijListsOptions): MedmijLists {
  const now = options.now ?? Date.now;
  const api = options.api ?? 2;
  const held = new Map<ListName, Held>();
  const inflight = new Map<ListName, Promise<RefreshOutcome>>();
  const timers = new Map<ListName, NodeJS.Timeout>();
  const listeners = new Set<(outcome: RefreshOutcome) => void | Promise<void>>();
  let running = false;
  const state = new Map<ListName, ListStatus>(
    LIST_NAMES.map((list) => [
      list,
      {
        list,
        title: LIST_KINDS[list].title,
        volgnummer: undefined,
        tijdstempel: undefined,
        fetchedAt: undefined,
        checkedAt: undefined,
        lastAttemptAt: undefined,
        lastError: undefined,
        failures: 0,
        consecutiveFailures: 0,
      },
    ]),
  );
  mkdirSync(options.dir, { recursive: true });
  const iso = (ms: number): string => new Date(ms).toISOString();
  const current = <N extends ListName>(name: N): ListTypes[N] | undefined =>
    held.get(name)?.parsed as ListTypes[N] | undefined;

  const swapIn = (name: ListName, parsed: ListTypes[ListName], fetchedAt: number): void => {
    held.set(name, { parsed, fetchedAt });
    const s = state.get(name)!;
    s.volgnummer = parsed.volgnummer;
    s.tijdstempel = parsed.tijdstempel;
    s.fetchedAt = iso(fetchedAt);
  };

  /** Parses and validates a document; throws with a one-line reason. */
  const check = async (name: ListName, xml: string, source: string): Promise<ListTypes[ListName]> => {
    const parsed = LIST_KINDS[name].parse(xml, source);
    if (options.schemas) {
      const errors = await options.schemas.validate(name, xml);
      if (errors.length > 0) throw new Error(`fails ${LIST_KINDS[name].xsd}: ${errors.join('; ')}`);
    }
    return parsed;
  };

  const attempt = async (name: ListName): Promise<RefreshOutcome> => {
    const kind = LIST_KINDS[name];
    const url = `${options.baseUrl}/${kind.file}?api=${api}`;
    const s = state.get(name)!;
    const started = now();
    s.lastAttemptAt = iso(started);
    const before = held.get(name)?.parsed.volgnummer;
    let outcome: RefreshOutcome;
    try {
      const xml = await fetchList(url, { ca: options.ca, timeoutMs: options.timeoutMs });
      const parsed = await check(name, xml, kind.file);
      if (before !== undefined && parsed.volgnummer < before) {
        throw new Error(`Volgnummer went down from ${before} to ${parsed.volgnummer}`);
      }
      if (before !== undefined && parsed.volgnummer === before) {
        outcome = { list: name, result: 'unchanged', volgnummer: before };
      } else {
        // The last good copy on disk is replaced whole (write, then rename), then swapped in memory.
        const file = join(options.dir, kind.file);
        await writeFile(`${file}.tmp`, xml, 'utf8');
        await rename(`${file}.tmp`, file);
        swapIn(name, parsed, started);
        outcome = { list: name, result: 'ok', volgnummer: parsed.volgnummer };
        options.logger.info(
          { event: 'medmij_list_updated', list: name, volgnummer: parsed.volgnummer, previous: before },
          `MedMij ${kind.title} updated to Volgnummer ${parsed.volgnummer}`,
        );
      }
      s.checkedAt = iso(now());
      s.lastError = undefined;
      s.consecutiveFailures = 0;
    } catch (e) {
      const reason = (e as Error).message.replace(/\s+/g, ' ').slice(0, 500);
      s.lastError = reason;
      s.failures++;
      s.consecutiveFailures++;
      outcome = { list: name, result: 'refused', volgnummer: before, reason };
      options.logger.warn(
        { event: 'medmij_list_refused', list: name, reason, keeping: before ?? null },
        `MedMij ${kind.title} not updated (${reason}); ${before === undefined ? 'no copy in force yet' : `keeping Volgnummer ${before}`}`,
      );
    }
    options.onOutcome?.(outcome);
    for (const listener of listeners) {
      try {
        await listener(outcome);
      } catch (e) {
        options.logger.warn(
          { event: 'medmij_list_listener_failed', list: name, reason: (e as Error).message },
          `a listener of the MedMij ${kind.title} failed: ${(e as Error).message}`,
        );
      }
    }
    return outcome;
  };

  const refresh = (name: ListName): Promise<RefreshOutcome> => {
    const running = inflight.get(name);
    if (running) return running;
    const p = attempt(name).finally(() => inflight.delete(name));
    inflight.set(name, p);
    return p;
  };

  const schedule = (name: ListName, delayMs: number): void => {
    if (!running) return;
    const t = setTimeout(() => {
      void refresh(name).then((o) => {
        const interval = options.intervalsMs[name];
        schedule(name, o.result === 'refused' ? Math.min(interval, RETRY_AFTER_FAILURE_MS) : interval);
      });
    }, delayMs);
    t.unref();
    timers.set(name, t);
  };

  const zal = (): ListTypes['zal'] | undefined => current('zal');
  return {
    current,
    status: () => LIST_NAMES.map((n) => ({ ...state.get(n)! })),
    refresh,
    refreshAll: () => Promise.all(LIST_NAMES.map(refresh)),
    async loadFromDisk() {
      for (const name of LIST_NAMES) {
        const file = join(options.dir, LIST_KINDS[name].file);
        let xml: string;
        try {
          xml = await readFile(file, 'utf8');
        } catch {
          continue; // no copy yet
        }
        try {
          swapIn(name, await check(name, xml, file), statSync(file).mtimeMs);
        } catch (e) {
          options.logger.warn(
            { event: 'medmij_list_copy_unusable', list: name, reason: (e as Error).message },
            `the stored copy of the MedMij ${LIST_KINDS[name].title} is unusable; waiting for a fetch`,
          );
        }
      }
    },
    start() {
      if (running) return;
      running = true;
      for (const name of LIST_NAMES) schedule(name, 0);
    },
    stop() {
      running = false;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
    clients: {
      get(clientId) {
        const clients = current('ocl')?.clients;
        return clients !== undefined && Object.hasOwn(clients, clientId) ? clients[clientId] : undefined;
      },
    },
    whitelist: { has: (hostname) => current('whitelist')?.has(hostname) ?? false },
    zalHasProvider: (naam) => zalHasProvider(zal(), naam),
    publishedProviders: () => zalProviderNames(zal()),
    serviceName: (id) => current('gnl')?.names.get(id),
    onRefresh(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function readCa(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigError('BRUG_MEDMIJ_LISTS_CA', `cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * The lists as the configuration asks (BRUG_MEDMIJ_*), or undefined when BRUG_MEDMIJ_LISTS_URL is unset.
 * Without BRUG_MEDMIJ_SCHEMAS (demo/test only; config.ts refuses it in production) it says so once.
 * A missing XSD in the schema folder throws a ConfigError naming BRUG_MEDMIJ_SCHEMAS.
 * @param config - the gateway configuration
 * @param logger - where the refresher logs
 */
export function medmijListsFromConfig(config: Config, logger: ListLogger): MedmijLists | undefined {
  const l = config.lists;
  if (l.url === undefined) return undefined;
  const schemas = l.schemasDir === undefined ? undefined : loadListSchemas(l.schemasDir);
  if (schemas === undefined) {
    logger.warn(
      { event: 'medmij_lists_no_schemas' },
      'BRUG_MEDMIJ_SCHEMAS is not set: MedMij lists get structural checks only, no XSD validation (demo/test only)',
    );
  }
  const refresh = l.refreshSeconds * 1000;
  return createMedmijLists({
    baseUrl: l.url,
    api: l.api,
    dir: join(config.home, 'lists'),
    schemas,
    ca: l.caFile === undefined ? undefined : readCa(l.caFile),
    intervalsMs: { zal: refresh, ocl: refresh, gnl: refresh, whitelist: l.whitelistRefreshSeconds * 1000 },
    logger,
  });
}
