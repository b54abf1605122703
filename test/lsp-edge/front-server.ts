/**
 * A tiny mutual-TLS "LSP" in front of the simulator, with the same test PKI: for the patients the test
 * names it writes a hostile answer itself; every other query it forwards unchanged to the real
 * simulator and relays the answer. So hostile and normal searches go through one gateway, one LSP
 * client and one connection pool, as they would in production.
 */
import { createServer, request, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pki } from '../../src/sim/pki/index.ts';
import { readQuery } from '../../src/sim/lsp/index.ts';
import type { HostileAnswer } from './hostile.ts';

export interface FrontServer {
  url: string;
  port: number;
  /** Hostile answers served so far, by label. */
  served: string[];
  close(): Promise<void>;
}

const MAX_QUERY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_QUERY) req.destroy(new Error('query too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the front server on 127.0.0.1 (ephemeral port).
 * @param pki - the test PKI (server certificate for itself, client certificate toward the simulator)
 * @param simUrl - the simulator's SOAP endpoint
 * @param hostile - hostile answer (and a label for it) per BSN
 */
export async function startFrontServer(
  pki: Pki,
  simUrl: string,
  hostile: ReadonlyMap<string, { label: string; answer: HostileAnswer }>,
): Promise<FrontServer> {
  const served: string[] = [];
  const target = new URL(simUrl);

  const forward = (req: IncomingMessage, body: string, res: ServerResponse): void => {
    const out = request(
      {
        hostname: target.hostname,
        port: Number(target.port),
        path: target.pathname,
        method: 'POST',
        key: pki.client.key,
        cert: pki.client.cert,
        ca: [pki.ca.cert],
        servername: 'localhost',
        headers: {
          'content-type': req.headers['content-type'] ?? 'text/xml; charset=utf-8',
          soapaction: req.headers.soapaction ?? '""',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const server: Server = createServer(
    {
      key: pki.server.key,
      cert: pki.server.cert,
      ca: [pki.ca.cert],
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      res.on('error', () => undefined);
      if (req.method !== 'POST') {
        res.writeHead(req.method === 'GET' ? 200 : 405).end();
        return;
      }
      readBody(req)
        .then((body) => {
          let bsn: string | undefined;
          try {
            bsn = readQuery(body, '1').bsn;
          } catch {
            bsn = undefined;
          }
          const h = bsn === undefined ? undefined : hostile.get(bsn);
          if (h) {
            served.push(h.label);
            h.answer(res);
          } else {
            forward(req, body, res);
          }
        })
        .catch(() => res.destroy());
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `https://127.0.0.1:${port}/aorta`,
    port,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
