/**
 * The HTTPS agent toward the LSP: mutual TLS with Brug's client (UZI server) certificate, the CA(s)
 * trusted for the LSP's server certificate, the expected server name checked, TLS 1.2 at least, and
 * keep-alive so thousands of queries share a bounded pool of connections.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { checkServerIdentity, connect, type ConnectionOptions, type PeerCertificate } from 'node:tls';

export interface TlsFiles {
  /** PEM file of trusted CA certificate(s). */
  caFile: string;
  /** PEM file of Brug's client certificate (chain). */
  certFile: string;
  /** PEM file of the private key for `certFile`. */
  keyFile: string;
}

/** The TLS settings shared by the agent and the reachability probe. */
export type TlsMaterial = Pick<
  ConnectionOptions,
  'ca' | 'cert' | 'key' | 'minVersion' | 'servername' | 'checkServerIdentity'
>;

/**
 * Reads the PEM files once and fixes the expected server identity.
 * @param files - CA, certificate and key files
 * @param serverName - the host name the LSP's certificate must carry
 * @throws Error when a file cannot be read
 */
export function loadTlsMaterial(files: TlsFiles, serverName: string): TlsMaterial {
  return {
    ca: readFileSync(files.caFile),
    cert: readFileSync(files.certFile),
    key: readFileSync(files.keyFile),
    minVersion: 'TLSv1.2',
    servername: serverName,
    checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(serverName, cert),
  };
}

/**
 * Creates the keep-alive mutual-TLS agent.
 * @param tls - the TLS material
 * @param maxSockets - most sockets open at once toward the LSP
 */
export function createLspAgent(tls: TlsMaterial, maxSockets = 256): Agent {
  return new Agent({
    keepAlive: true,
    keepAliveMsecs: 10_000,
    // No Nagle: a request is written in pieces (headers, body) and must not wait for the LSP's ACK.
    noDelay: true,
    maxSockets,
    // Idle sockets are kept up to the whole pool, so a burst after a burst needs no new TLS handshakes
    // (the LSP closes the ones it does not want to keep).
    maxFreeSockets: maxSockets,
    scheduling: 'lifo',
    rejectUnauthorized: true,
    ...tls,
  });
}

/**
 * True when a mutual-TLS handshake with the endpoint succeeds within `timeoutMs` (for /ready).
 * @param url - the LSP endpoint
 * @param tls - the TLS material
 * @param timeoutMs - how long to try
 */
export function probeTls(url: URL, tls: TlsMaterial, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? 443 : Number(url.port),
      rejectUnauthorized: true,
      ...tls,
    });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}
