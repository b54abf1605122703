/**
 * The MedMij node of the demo: a simulator on loopback whose ZAL is built, at each fetch, from the
 * store's providers that are live, published or submitted (standing in for MedMij Beheer publishing what
 * a DVZA submitted), with a Volgnummer that goes up by one whenever the entries change. The Volgnummer
 * and the entries it stands for are kept in the node's folder, so a restarted demo goes on counting
 * (its gateway keeps the last good ZAL on disk and would refuse a lower number). Its OCL is empty
 * (the demo PGO `localhost` comes from the demo client file, as the OCL schema wants dotted names), its
 * Whitelist names the test PKI's client host, and its GNL names the catalogue's data services.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { Registry } from '../../services/registry.ts';
import type { Provider } from '../../store/index.ts';
import { exportZal, zalEndpoints, type ZalEndpoints } from '../../medmij/lists/export-zal.ts';
import { writeDemoNodeUrl } from '../../medmij/lists/demo-node.ts';
import { gnlXml, oclXml, whitelistXml } from './documents.ts';
import { startMedmijNode, type MedmijNodeSimulator } from './index.ts';

/** Provider statuses the demo node publishes. */
const PUBLISHED = ['submitted', 'published', 'live'];

/** In the demo the gateway fetches the lists from its own node at least this often (seconds). */
export const DEMO_LISTS_REFRESH_SECONDS = 5;

const STATE_FILE = 'zal-state.json';

interface ZalState {
  volgnummer: number;
  /** The document without its Tijdstempel, to see whether the entries changed. */
  body: string;
}

function readState(dir: string): ZalState {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return { volgnummer: 0, body: '' };
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<ZalState>;
    if (typeof s.volgnummer === 'number' && Number.isSafeInteger(s.volgnummer) && typeof s.body === 'string')
      return { volgnummer: s.volgnummer, body: s.body };
  } catch {
    // unreadable: start again above anything the gateway can have seen from us
  }
  return { volgnummer: Math.floor(Date.now() / 1000), body: '' };
}

/**
 * Starts the demo's MedMij node.
 * @param options - state folder, where to read providers from, the data-service registry and endpoints
 */
export async function startDemoMedmijNode(options: {
  home: string;
  providers: () => Promise<readonly Provider[]>;
  registry: Registry;
  endpoints: ZalEndpoints;
}): Promise<MedmijNodeSimulator> {
  const dir = join(options.home, 'medmij-node');
  const node = await startMedmijNode({ dir });
  node.put('MedMij_OAuthclientlist.xml', oclXml(1, []));
  node.put('MedMij_Whitelist.xml', whitelistXml(1, ['brug.localhost']));
  node.put(
    'MedMij_Gegevensdienstnamenlijst.xml',
    gnlXml(
      1,
      options.registry.services.map((s) => ({ id: s.id, name: s.name })),
    ),
  );
  let state = readState(dir);
  node.serve('MedMij_Zorgaanbiederslijst.xml', async () => {
    const providers = await options.providers();
    const zal = (volgnummer: number): string =>
      exportZal({
        providers,
        registry: options.registry,
        endpoints: options.endpoints,
        statuses: PUBLISHED,
        volgnummer,
      }).xml;
    const body = zal(1)
      .replace(/<Tijdstempel>[^<]*<\/Tijdstempel>/, '')
      .replace(/<Volgnummer>\d+<\/Volgnummer>/, '');
    if (body !== state.body) {
      state = { volgnummer: state.volgnummer + 1, body };
      writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state)}\n`);
    }
    return zal(state.volgnummer);
  });
  return node;
}

/**
 * For `brug demo` without BRUG_MEDMIJ_LISTS_URL: starts the demo's MedMij node and returns the
 * configuration that fetches the lists from it, often enough that a provider submitted to MedMij
 * shows up as published within seconds. The node's URL is recorded in the home folder
 * (`medmij/lists/demo-node.ts`) until the node closes, so `brug lists refresh` and `brug providers`
 * find it with no settings while the demo runs.
 * @param config - the demo's configuration
 * @param registry - the data-service registry the gateway serves
 * @param store - resolves to the gateway's store once it is open (the ZAL is read from it per fetch)
 */
export async function startDemoLists(
  config: Config,
  registry: Registry,
  store: Promise<{ providers: { list(): Promise<Provider[]> } }>,
): Promise<{ node: MedmijNodeSimulator; config: Config }> {
  const node = await startDemoMedmijNode({
    home: config.home,
    providers: async () => (await store).providers.list(),
    registry,
    endpoints: zalEndpoints(config),
  });
  const forget = writeDemoNodeUrl(config.home, node.url);
  const close = node.close.bind(node);
  node.close = async () => {
    forget();
    await close();
  };
  return {
    node,
    config: {
      ...config,
      lists: {
        ...config.lists,
        url: node.url,
        refreshSeconds: Math.min(config.lists.refreshSeconds, DEMO_LISTS_REFRESH_SECONDS),
      },
    },
  };
}
