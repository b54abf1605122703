/**
 * A client registry backed by a file that is re-read whenever it changes (checked on each lookup by
 * its modification time and size), so a new OAuth Client List or demo client file takes effect
 * without a restart. A file that turns bad keeps the last good contents and reports the error.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { isTestEnvironment } from '../../config.ts';
import type { ClientInfo, ClientRegistry } from './clients.ts';
import { staticRegistry } from './clients.ts';
import { builtInDemoClients, parseDemoClients } from './demo-clients.ts';
import { parseOAuthClientList } from './ocl.ts';

/** A registry that can say where it reads from and re-read on demand. */
export interface FileClientRegistry extends ClientRegistry {
  readonly path: string;
  /** Re-reads the file now (also done automatically when it changes). Throws when it is bad. */
  reload(): void;
}

/**
 * Opens a client file: `.xml` is read as a MedMij OAuth Client List, anything else as a demo
 * client file (JSON). The first read happens here, so a bad file fails at start-up.
 * @param path - the file
 * @param onError - told when a changed file cannot be read (the previous contents stay in use)
 */
export function fileClientRegistry(
  path: string,
  onError: (e: Error) => void = () => undefined,
): FileClientRegistry {
  const parse = (text: string): Record<string, ClientInfo> =>
    path.toLowerCase().endsWith('.xml')
      ? parseOAuthClientList(text, path).clients
      : parseDemoClients(text, path);
  let stamp = '';
  let clients = new Map<string, ClientInfo>();
  const load = (): void => {
    const st = statSync(path);
    const next = `${st.mtimeMs}:${st.size}`;
    clients = new Map(Object.entries(parse(readFileSync(path, 'utf8'))));
    stamp = next;
  };
  const refreshIfChanged = (): void => {
    try {
      const st = statSync(path);
      if (`${st.mtimeMs}:${st.size}` !== stamp) load();
    } catch (e) {
      onError(e as Error);
    }
  };
  load();
  return {
    path,
    reload: load,
    get(clientId) {
      refreshIfChanged();
      return clients.get(clientId);
    },
  };
}

/**
 * The registry the gateway uses: the file named by `BRUG_CLIENTS_FILE` when set, otherwise (in
 * demo and test environments) the built-in demo client `localhost`; in production without a file,
 * an empty registry.
 * @param config - the gateway configuration
 * @param onError - told when a changed client file cannot be read
 */
export function loadClientRegistry(config: Config, onError?: (e: Error) => void): ClientRegistry {
  if (config.oauth.clientsFile !== undefined) return fileClientRegistry(config.oauth.clientsFile, onError);
  return staticRegistry(isTestEnvironment(config) ? builtInDemoClients(config.publicUrl) : {});
}
