/**
 * The demo client file: a JSON object mapping client_id to a client, for PGOs that are not on the
 * MedMij OAuth Client List (the demo PGO `localhost`, whose name the OCL schema would refuse).
 *
 * ```json
 * { "clients": { "localhost": { "organisationName": "Demo PGO",
 *     "redirectPrefixes": ["http://localhost:8080/sim/pgo/"], "loopbackDemo": true,
 *     "allowedServices": ["31"] } } }
 * ```
 * `hostname` defaults to the client_id.
 */
import type { ClientInfo } from './clients.ts';

/** Raised when a client file cannot be used; names the file and the problem. */
export class ClientListError extends Error {
  override readonly name = 'ClientListError';
}

/**
 * The built-in demo client `localhost` ("Demo PGO"), redirecting to the demo PGO page on the
 * gateway's own port, on localhost or 127.0.0.1.
 * @param publicUrl - the gateway's public URL; its port is the one the demo PGO page runs on
 */
export function builtInDemoClients(publicUrl: string): Record<string, ClientInfo> {
  const u = new URL(publicUrl);
  const port = u.port === '' ? (u.protocol === 'https:' ? '443' : '80') : u.port;
  return {
    localhost: {
      hostname: 'localhost',
      organisationName: 'Demo PGO',
      redirectPrefixes: [`http://localhost:${port}/sim/pgo/`, `http://127.0.0.1:${port}/sim/pgo/`],
      loopbackDemo: true,
    },
  };
}

function stringArray(v: unknown, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new ClientListError(`${where} must be an array of strings`);
  }
  return v;
}

/**
 * Parses a demo client file.
 * @param text - the file's JSON text
 * @param source - the file name, for messages
 */
export function parseDemoClients(text: string, source: string): Record<string, ClientInfo> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ClientListError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  const clients = (data as { clients?: unknown } | null)?.clients;
  if (typeof clients !== 'object' || clients === null || Array.isArray(clients)) {
    throw new ClientListError(`${source} must hold {"clients": {clientId: {...}}}`);
  }
  const out: Record<string, ClientInfo> = {};
  for (const [id, raw] of Object.entries(clients as Record<string, unknown>)) {
    const where = `${source}: client "${id}"`;
    if (typeof raw !== 'object' || raw === null) throw new ClientListError(`${where} must be an object`);
    const r = raw as Record<string, unknown>;
    if (typeof r.organisationName !== 'string' || r.organisationName.trim() === '') {
      throw new ClientListError(`${where} needs an organisationName`);
    }
    if (r.hostname !== undefined && typeof r.hostname !== 'string') {
      throw new ClientListError(`${where}: hostname must be a string`);
    }
    const info: ClientInfo = {
      hostname: typeof r.hostname === 'string' ? r.hostname : id,
      organisationName: r.organisationName,
    };
    const services = stringArray(r.allowedServices, `${where}: allowedServices`);
    if (services) info.allowedServices = services;
    const prefixes = stringArray(r.redirectPrefixes, `${where}: redirectPrefixes`);
    if (prefixes) info.redirectPrefixes = prefixes;
    if (r.loopbackDemo !== undefined) {
      if (typeof r.loopbackDemo !== 'boolean')
        throw new ClientListError(`${where}: loopbackDemo must be true or false`);
      info.loopbackDemo = r.loopbackDemo;
    }
    out[id] = info;
  }
  return out;
}
