/**
 * Reader for the MedMij Zorgaanbiederslijst (ZAL), namespace release2 ("File version: 5"):
 * `Zorgaanbiederslijst{Tijdstempel, Volgnummer, Zorgaanbieders{Zorgaanbieder*{Zorgaanbiedernaam,
 * Gegevensdiensten{Gegevensdienst+{GegevensdienstId, AuthorizationEndpoint, TokenEndpoint, Systeemrollen}}}}}`.
 * The structural checks here are what stands in for the XSD when no schema folder is configured; the
 * queries (`zalHasProvider`, `zalProviderNames`) are what onboarding asks ("is our provider published?").
 */
import { all, at, childrenNamed, parseXml, type XmlElement } from '../../xml/index.ts';
import { ClientListError } from './demo-clients.ts';

/** The ZAL namespace prefix; the release number may change. */
const ZAL_NS_PREFIX = 'xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/';
/** A Zorgaanbiedernaam as the release2 XSD allows it: 3-50 letters a-z and `@medmij`. */
const ZORGAANBIEDERNAAM = /^[a-z]{3,50}@medmij$/;

/** One system role of a data service: its code and the FHIR resource endpoint. */
export interface ZalSystemRole {
  code: string;
  resourceEndpoint: string;
}

/** One data service of a provider in the ZAL. */
export interface ZalService {
  id: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  systemRoles: ZalSystemRole[];
}

/** One provider (Zorgaanbieder) in the ZAL. */
export interface ZalProvider {
  /** The full name, with `@medmij`. */
  naam: string;
  services: ZalService[];
}

/** A parsed Zorgaanbiederslijst. */
export interface Zorgaanbiederslijst {
  tijdstempel: string;
  volgnummer: number;
  /** Keyed by the full name (`ggzdemo@medmij`). */
  providers: ReadonlyMap<string, ZalProvider>;
}

/**
 * Reads the root of a MedMij list and checks its element, namespace and Volgnummer; shared by the four
 * list readers.
 * @param xml - the document text
 * @param source - file name or URL, for messages
 * @param rootName - the expected root element
 * @param nsPrefix - the expected namespace prefix (before `release<N>/`)
 */
export function listRoot(
  xml: string,
  source: string,
  rootName: string,
  nsPrefix: string,
): { root: XmlElement; volgnummer: number; tijdstempel: string } {
  let root;
  try {
    root = parseXml(xml, { maxLength: MAX_LIST_CHARS });
  } catch (e) {
    throw new ClientListError(`${source} is not well-formed XML: ${(e as Error).message}`);
  }
  if (root.name !== rootName || !root.ns.startsWith(nsPrefix)) {
    throw new ClientListError(`${source} is not a ${rootName} (root {${root.ns}}${root.name})`);
  }
  const volgnummer = Number(at(root, 'Volgnummer')?.text ?? '');
  if (!Number.isSafeInteger(volgnummer) || volgnummer < 1) {
    throw new ClientListError(`${source}: Volgnummer missing or not a positive integer`);
  }
  const tijdstempel = at(root, 'Tijdstempel')?.text.trim() ?? '';
  if (Number.isNaN(Date.parse(tijdstempel))) {
    throw new ClientListError(`${source}: Tijdstempel missing or not a date-time`);
  }
  return { root, volgnummer, tijdstempel };
}

/** The largest list document accepted, in characters (the real ZAL is well under a megabyte). */
export const MAX_LIST_CHARS = 20 * 1024 * 1024;

function https(uri: string, where: string, source: string): string {
  if (!/^https:\/\/[^\s?#]+$/.test(uri))
    throw new ClientListError(`${source}: ${where} "${uri}" is not an https URI`);
  return uri;
}

/**
 * Parses a Zorgaanbiederslijst document (release2 shape).
 * @param xml - the document text
 * @param source - file name or URL, for messages
 */
export function parseZorgaanbiederslijst(xml: string, source: string): Zorgaanbiederslijst {
  const { root, volgnummer, tijdstempel } = listRoot(xml, source, 'Zorgaanbiederslijst', ZAL_NS_PREFIX);
  const providers = new Map<string, ZalProvider>();
  for (const z of childrenNamed(at(root, 'Zorgaanbieders'), 'Zorgaanbieder')) {
    const naam = at(z, 'Zorgaanbiedernaam')?.text.trim() ?? '';
    if (!ZORGAANBIEDERNAAM.test(naam))
      throw new ClientListError(`${source}: invalid Zorgaanbiedernaam "${naam}"`);
    if (providers.has(naam)) throw new ClientListError(`${source}: Zorgaanbiedernaam ${naam} listed twice`);
    const services: ZalService[] = [];
    for (const g of childrenNamed(at(z, 'Gegevensdiensten'), 'Gegevensdienst')) {
      const id = at(g, 'GegevensdienstId')?.text.trim() ?? '';
      if (id === '' || id.length > 30)
        throw new ClientListError(`${source}: ${naam} has an invalid GegevensdienstId`);
      if (services.some((s) => s.id === id)) {
        throw new ClientListError(`${source}: ${naam} lists GegevensdienstId ${id} twice`);
      }
      const where = `${naam} service ${id}`;
      const systemRoles = all(g, 'Systeemrollen/Systeemrol').map((r) => ({
        code: at(r, 'Systeemrolcode')?.text.trim() ?? '',
        resourceEndpoint: https(
          at(r, 'ResourceEndpoint/ResourceEndpointuri')?.text.trim() ?? '',
          `${where} ResourceEndpointuri`,
          source,
        ),
      }));
      if (systemRoles.length === 0 || systemRoles.some((r) => r.code === '')) {
        throw new ClientListError(`${source}: ${where} needs Systeemrollen with a Systeemrolcode`);
      }
      services.push({
        id,
        authorizationEndpoint: https(
          at(g, 'AuthorizationEndpoint/AuthorizationEndpointuri')?.text.trim() ?? '',
          `${where} AuthorizationEndpointuri`,
          source,
        ),
        tokenEndpoint: https(
          at(g, 'TokenEndpoint/TokenEndpointuri')?.text.trim() ?? '',
          `${where} TokenEndpointuri`,
          source,
        ),
        systemRoles,
      });
    }
    if (services.length === 0) throw new ClientListError(`${source}: ${naam} has no Gegevensdienst`);
    providers.set(naam, { naam, services });
  }
  return { tijdstempel, volgnummer, providers };
}

/** `ggzdemo` or `ggzdemo@medmij` -> `ggzdemo@medmij` (lower case). */
function fullName(naam: string): string {
  const n = naam.trim().toLowerCase();
  return n.endsWith('@medmij') ? n : `${n}@medmij`;
}

/**
 * True when the provider's MedMij name appears in the ZAL ("published").
 * @param zal - the list in force (undefined = none fetched yet: false)
 * @param naam - the name with or without `@medmij`
 */
export function zalHasProvider(zal: Zorgaanbiederslijst | undefined, naam: string): boolean {
  return zal?.providers.has(fullName(naam)) ?? false;
}

/**
 * Every provider name in the ZAL, without `@medmij` (for the uniqueness check of a new MedMij name).
 * @param zal - the list in force (undefined = none fetched yet: empty)
 */
export function zalProviderNames(zal: Zorgaanbiederslijst | undefined): string[] {
  return zal === undefined ? [] : [...zal.providers.keys()].map((n) => n.slice(0, -'@medmij'.length));
}
