/**
 * Reader for the MedMij OAuth Client List (OCL), namespace release2:
 * `OAuthclientlist{Tijdstempel, Volgnummer, OAuthclients{OAuthclient*{Hostname, OAuthclientOrganisatienaam}}}`.
 * The client_id of a PGO is its Hostname; the organisation name is shown on the consent page.
 * Newer lists that add `Interfaceversies/.../GegevensdienstId` per client restrict the services.
 * (XSD validation of downloaded lists belongs to the list fetcher, later; this reader checks the shape.)
 */
import { all, at, childrenNamed, parseXml } from '../../xml/index.ts';
import type { ClientInfo } from './clients.ts';
import { ClientListError } from './demo-clients.ts';

/** The OCL namespace prefix; the release number may change. */
const OCL_NS_PREFIX = 'xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/';
const HOSTNAME = /^(([a-z0-9])([a-z0-9-])*(\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])$/;

/** A parsed OAuth Client List. */
export interface OAuthClientList {
  tijdstempel: string;
  volgnummer: number;
  clients: Record<string, ClientInfo>;
}

/**
 * Parses an OAuth Client List document.
 * @param xml - the document text
 * @param source - the file name or URL, for messages
 */
export function parseOAuthClientList(xml: string, source: string): OAuthClientList {
  let root;
  try {
    root = parseXml(xml);
  } catch (e) {
    throw new ClientListError(`${source} is not well-formed XML: ${(e as Error).message}`);
  }
  if (root.name !== 'OAuthclientlist' || !root.ns.startsWith(OCL_NS_PREFIX)) {
    throw new ClientListError(`${source} is not an OAuthclientlist (root {${root.ns}}${root.name})`);
  }
  const volgnummer = Number(at(root, 'Volgnummer')?.text ?? '');
  if (!Number.isInteger(volgnummer) || volgnummer < 1) {
    throw new ClientListError(`${source}: Volgnummer missing or not a positive integer`);
  }
  const clients: Record<string, ClientInfo> = {};
  for (const c of childrenNamed(at(root, 'OAuthclients'), 'OAuthclient')) {
    const hostname = at(c, 'Hostname')?.text.trim() ?? '';
    const organisationName = at(c, 'OAuthclientOrganisatienaam')?.text.trim() ?? '';
    if (!HOSTNAME.test(hostname)) throw new ClientListError(`${source}: invalid Hostname "${hostname}"`);
    if (organisationName.length < 3 || organisationName.length > 50) {
      throw new ClientListError(
        `${source}: OAuthclientOrganisatienaam of ${hostname} must be 3-50 characters`,
      );
    }
    if (clients[hostname]) throw new ClientListError(`${source}: Hostname ${hostname} listed twice`);
    const info: ClientInfo = { hostname, organisationName };
    const serviceIds = all(
      c,
      'Interfaceversies/Interfaceversie/Gegevensdiensten/Gegevensdienst/GegevensdienstId',
    ).map((e) => e.text.trim());
    if (serviceIds.length > 0) info.allowedServices = [...new Set(serviceIds)];
    clients[hostname] = info;
  }
  return { tijdstempel: at(root, 'Tijdstempel')?.text.trim() ?? '', volgnummer, clients };
}
