/**
 * A MedMij node simulator for tests and the demo: serves the list files (`MedMij_*.xml`) of a directory
 * over HTTP, or HTTPS when given a certificate, on loopback, ignoring the `?api=` parameter as a fixed
 * release would. Tests change what it serves (`put`), make one list answer an HTTP error (`fail`) or take
 * the whole node down and up again (`down`, `up`: the port is closed, so fetches are refused).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';

export * from './documents.ts';

/** A running node simulator. */
export interface MedmijNodeSimulator {
  /** Base URL (`http://127.0.0.1:PORT`); lists are `${url}/MedMij_Whitelist.xml`. */
  readonly url: string;
  readonly port: number;
  /** The folder served. */
  readonly dir: string;
  /** Paths requested so far (with query), in order. */
  readonly requests: string[];
  /**
   * Serves this document as the file from now on (written into the folder).
   * @param file - e.g. `MedMij_OAuthclientlist.xml`
   * @param xml - the document
   */
  put(file: string, xml: string): void;
  /**
   * Answers this status for the file until the next `put` or `heal`.
   * @param file - the list file
   * @param status - the HTTP status, e.g. 503
   */
  fail(file: string, status: number): void;
  /**
   * Serves the file from a function called on every request (e.g. a ZAL built from the store).
   * @param file - the list file
   * @param produce - returns the document
   */
  serve(file: string, produce: () => string | Promise<string>): void;
  /** Ends every injected failure. */
  heal(): void;
  /** Stops listening: fetches are refused until `up`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Options of `startMedmijNode`. */
export interface MedmijNodeOptions {
  /** Folder of the `MedMij_*.xml` files to serve (created when missing). */
  dir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
}

const LIST_FILE = /^\/(MedMij_[A-Za-z]+\.xml)$/;

/**
 * Starts the simulator.
 * @param options - folder, address and optional TLS
 */
export async function startMedmijNode(options: MedmijNodeOptions): Promise<MedmijNodeSimulator> {
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dir, { recursive: true });
  const failures = new Map<string, number>();
  const producers = new Map<string, () => string | Promise<string>>();
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://node');
    requests.push(`${url.pathname}${url.search}`);
    const file = LIST_FILE.exec(url.pathname)?.[1];
    if (req.method !== 'GET' || file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const status = failures.get(file);
    if (status !== undefined) {
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`simulated failure ${status}\n`);
      return;
    }
    const produce = producers.get(file);
    if (produce !== undefined) {
      Promise.resolve()
        .then(produce)
        .then(
          (xml) => res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(xml),
          () => res.writeHead(500, { 'content-type': 'text/plain' }).end('list unavailable\n'),
        );
      return;
    }
    let body: Buffer;
    try {
      body = readFileSync(join(options.dir, file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such list\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(body);
  };
  const make = (): Server =>
    options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
      : createHttpServer(handler);
  let server = make();
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const a = server.address();
        resolve(typeof a === 'object' && a ? a.port : port);
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const port = await listen(options.port ?? 0);
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    dir: options.dir,
    requests,
    put(file, xml) {
      writeFileSync(join(options.dir, file), xml);
      failures.delete(file);
      producers.delete(file);
    },
    serve(file, produce) {
      producers.set(file, produce);
      failures.delete(file);
    },
    fail(file, status) {
      failures.set(file, status);
    },
    heal() {
      failures.clear();
    },
    down: stop,
    async up() {
      if (server.listening) return;
      server = make();
      await listen(port);
    },
    close: stop,
  };
}
