/**
 * Reader for the MedMij Gegevensdienstnamenlijst (GNL), namespace release1 ("File version: 7"):
 * `Gegevensdienstnamenlijst{Tijdstempel, Volgnummer, Gegevensdiensten{Gegevensdienst*{GegevensdienstId,
 * Weergavenaam}}}`: the display names of the data services, as PGOs and the consent page show them.
 */
import { at, childrenNamed } from '../../xml/index.ts';
import { ClientListError } from './demo-clients.ts';
import { listRoot } from './zal.ts';

const GNL_NS_PREFIX = 'xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/';

/** A parsed Gegevensdienstnamenlijst. */
export interface Gegevensdienstnamenlijst {
  tijdstempel: string;
  volgnummer: number;
  /** GegevensdienstId -> Weergavenaam. */
  names: ReadonlyMap<string, string>;
}

/**
 * Parses a Gegevensdienstnamenlijst document.
 * @param xml - the document text
 * @param source - file name or URL, for messages
 */
export function parseGegevensdienstnamenlijst(xml: string, source: string): Gegevensdienstnamenlijst {
  const { root, volgnummer, tijdstempel } = listRoot(xml, source, 'Gegevensdienstnamenlijst', GNL_NS_PREFIX);
  const names = new Map<string, string>();
  for (const g of childrenNamed(at(root, 'Gegevensdiensten'), 'Gegevensdienst')) {
    const id = at(g, 'GegevensdienstId')?.text.trim() ?? '';
    const name = at(g, 'Weergavenaam')?.text.trim() ?? '';
    if (id === '' || id.length > 30) throw new ClientListError(`${source}: invalid GegevensdienstId "${id}"`);
    if (name.length < 3 || name.length > 50) {
      throw new ClientListError(`${source}: Weergavenaam of service ${id} must be 3-50 characters`);
    }
    if (names.has(id)) throw new ClientListError(`${source}: GegevensdienstId ${id} listed twice`);
    names.set(id, name);
  }
  return { tijdstempel, volgnummer, names };
}

/**
 * The data services with their `name` read from the Gegevensdienstnamenlijst in force at each use (the
 * catalogue's name when the GNL has none), so the consent page shows MedMij's Weergavenaam.
 * @param services - the data-service catalogue
 * @param nameOf - the GNL lookup (MedmijLists.serviceName)
 */
export function withListNames<T extends { id: string; name: string }>(
  services: readonly T[],
  nameOf: (id: string) => string | undefined,
): T[] {
  return services.map((s) =>
    Object.defineProperty({ ...s }, 'name', { get: () => nameOf(s.id) ?? s.name, enumerable: true }),
  );
}
