/**
 * The MedMij node of the demo: a simulator on loopback whose ZAL is built, at each fetch, from the
 * store's providers that are live, published or submitted (standing in for MedMij Beheer publishing what
 * a DVZA submitted), with a Volgnummer that goes up by one whenever the entries change. Its OCL is empty
 * (the demo PGO `localhost` comes from the demo client file, as the OCL schema wants dotted names), its
 * Whitelist names the test PKI's client host, and its GNL names the catalogue's data services.
 */
import { join } from 'node:path';
import type { DataServiceInfo } from '../../services/catalogue.ts';
import type { Provider } from '../../store/index.ts';
import { exportZal, type ZalEndpoints } from '../../medmij/lists/export-zal.ts';
import { gnlXml, oclXml, whitelistXml } from './documents.ts';
import { startMedmijNode, type MedmijNodeSimulator } from './index.ts';

/** Provider statuses the demo node publishes. */
const PUBLISHED = ['submitted', 'published', 'live'];

/**
 * Starts the demo's MedMij node.
 * @param options - state folder, where to read providers from, the services catalogue and endpoints
 */
export async function startDemoMedmijNode(options: {
  home: string;
  providers: () => Promise<readonly Provider[]>;
  services: readonly DataServiceInfo[];
  endpoints: ZalEndpoints;
}): Promise<MedmijNodeSimulator> {
  const node = await startMedmijNode({ dir: join(options.home, 'medmij-node') });
  node.put('MedMij_OAuthclientlist.xml', oclXml(1, []));
  node.put('MedMij_Whitelist.xml', whitelistXml(1, ['brug.localhost']));
  node.put(
    'MedMij_Gegevensdienstnamenlijst.xml',
    gnlXml(
      1,
      options.services.map((s) => ({ id: s.id, name: s.name })),
    ),
  );
  let volgnummer = 0;
  let last = '';
  node.serve('MedMij_Zorgaanbiederslijst.xml', async () => {
    const providers = await options.providers();
    const entries = exportZal({
      providers,
      services: options.services,
      endpoints: options.endpoints,
      statuses: PUBLISHED,
    });
    const body = entries.xml.replace(/<Tijdstempel>[^<]*<\/Tijdstempel>/, '');
    if (body !== last) {
      last = body;
      volgnummer++;
    }
    return exportZal({
      providers,
      services: options.services,
      endpoints: options.endpoints,
      statuses: PUBLISHED,
      volgnummer,
    }).xml;
  });
  return node;
}
