/**
 * Reader for the MedMij Whitelist (namespace release2, "File version: 9"):
 * `Whitelist{Tijdstempel, Volgnummer, MedMijNodes{MedMijNode*{Hostname}}}`: the hostnames of the
 * nodes allowed on the back channel. A TLS client certificate is acceptable when its CN or one of its
 * DNS SANs is listed (medmij.md section 1.6). The older "File version: 2" shape (`<MedMijNode>` holding
 * the hostname as text) is refused, as its XSD is not the current one. A file-backed whitelist is
 * re-read when it changes, like the client list.
 */
import { readFileSync, statSync } from 'node:fs';
import { at, childrenNamed, parseXml } from '../../xml/index.ts';
import { ClientListError } from './demo-clients.ts';

const WHITELIST_NS_PREFIX = 'xmlns://afsprakenstelsel.medmij.nl/whitelist/';
const HOSTNAME = /^(([a-z0-9])([a-z0-9-])*(\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])$/;

/** The hostnames allowed on the back channel. */
export interface NodeWhitelist {
  /**
   * True when the hostname is listed (compared in lower case).
   * @param hostname - a certificate's CN or DNS SAN
   */
  has(hostname: string): boolean;
}

/** A parsed Whitelist. */
export interface Whitelist extends NodeWhitelist {
  tijdstempel: string;
  volgnummer: number;
  hostnames: ReadonlySet<string>;
}

/**
 * A whitelist of fixed hostnames (tests, and an empty one when none is configured).
 * @param hostnames - the allowed hostnames
 */
export function staticWhitelist(hostnames: Iterable<string>): NodeWhitelist {
  const set = new Set([...hostnames].map((h) => h.toLowerCase()));
  return { has: (h) => set.has(h.toLowerCase()) };
}

/**
 * Parses a Whitelist document.
 * @param xml - the document text
 * @param source - file name or URL, for messages
 */
export function parseWhitelist(xml: string, source: string): Whitelist {
  let root;
  try {
    root = parseXml(xml);
  } catch (e) {
    throw new ClientListError(`${source} is not well-formed XML: ${(e as Error).message}`);
  }
  if (root.name !== 'Whitelist' || !root.ns.startsWith(WHITELIST_NS_PREFIX)) {
    throw new ClientListError(`${source} is not a Whitelist (root {${root.ns}}${root.name})`);
  }
  const volgnummer = Number(at(root, 'Volgnummer')?.text ?? '');
  if (!Number.isInteger(volgnummer) || volgnummer < 1) {
    throw new ClientListError(`${source}: Volgnummer missing or not a positive integer`);
  }
  const hostnames = new Set<string>();
  for (const node of childrenNamed(at(root, 'MedMijNodes'), 'MedMijNode')) {
    const h = at(node, 'Hostname')?.text.trim();
    if (h === undefined)
      throw new ClientListError(`${source}: a MedMijNode has no Hostname (an old file version?)`);
    if (!HOSTNAME.test(h)) throw new ClientListError(`${source}: invalid Hostname "${h}"`);
    if (hostnames.has(h)) throw new ClientListError(`${source}: Hostname ${h} listed twice`);
    hostnames.add(h);
  }
  return {
    tijdstempel: at(root, 'Tijdstempel')?.text.trim() ?? '',
    volgnummer,
    hostnames,
    has: (h) => hostnames.has(h.toLowerCase()),
  };
}

/**
 * A whitelist backed by a file, re-read when its modification time or size changes; a file that turns
 * bad keeps the last good contents and reports the error. The first read happens here.
 * @param path - the Whitelist XML file
 * @param onError - told when a changed file cannot be read
 */
export function fileWhitelist(path: string, onError: (e: Error) => void = () => undefined): NodeWhitelist {
  let stamp = '';
  let current: Whitelist | undefined;
  const load = (): void => {
    const st = statSync(path);
    current = parseWhitelist(readFileSync(path, 'utf8'), path);
    stamp = `${st.mtimeMs}:${st.size}`;
  };
  load();
  return {
    has(hostname) {
      try {
        const st = statSync(path);
        if (`${st.mtimeMs}:${st.size}` !== stamp) load();
      } catch (e) {
        onError(e as Error);
      }
      return current?.has(hostname) ?? false;
    },
  };
}
