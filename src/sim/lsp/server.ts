/**
 * The LSP/XIS simulator: an HTTPS server with mutual TLS (the test PKI's CA) that answers SOAP 1.1
 * HL7v3 queries from simulator data folders, the way the LSP answers for one provider. See README.md.
 */
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { QUERY_INTERACTIONS, type QueryInteraction } from '../../services/lsp-table.ts';
import { ensurePki, type Pki } from '../pki/index.ts';
import { AnswerFiles } from './answers.ts';
import { amsterdamDate, hl7Timestamp } from './clock.ts';
import { parseFault, type Fault } from './fault.ts';
import { loadPatients, type PatientEntry } from './manifest.ts';
import { QueryError, readQuery, type ReceivedQuery } from './query.ts';
import { decide, type Providers } from './respond.ts';
import { soapEnvelope, soapFault } from './soap.ts';
import type { Source } from './stamp.ts';
import { serialize } from './tree.ts';

export interface LspSimulatorOptions {
  /** Port to listen on; 0 for an ephemeral port. */
  port: number;
  /** Address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Test PKI folder (generated when absent), e.g. `.brug/pki`. */
  pkiDir: string;
  /** Simulator data folders with a manifest.json each; later folders add (or replace) patients. */
  dataDirs: string[];
  /** Fault for every request (BRUG_SIM_FAULT syntax). */
  fault?: string;
  logger?: Logger;
  /** Clock, for tests. Default: the system clock. */
  now?: () => Date;
  /** Path of the SOAP endpoint. Default `/aorta` (the default BRUG_LSP_URL). */
  path?: string;
  /** The LSP's own application id, which is never taken for the addressed provider. Default '1'. */
  lspApplicationId?: string;
  /**
   * Providers the simulator answers for (e.g. the demo providers). A query naming one of them (by
   * receiver application id or URA) gets its URA completed from here; a query naming none is answered
   * by all of them in one MCCI_IN200101 batch, as the LSP asks every source.
   */
  providers?: Source[];
  /** Source stamped when the query names no provider and `providers` is empty. Default 900100 / 90000100. */
  defaultProvider?: Source;
  /**
   * The query -> answer table to answer by: the one of the gateway's registry
   * (`queryResponseTable()` of its bindings, `services/lsp-table.ts`), so a data service declared
   * there is answered here too. Default: the table of every binding Brug ships.
   */
  table?: readonly QueryInteraction[];
  /**
   * Told of every query answered with data or an acknowledgement: the request body and the SOAP
   * answer, as sent. The load benchmark keeps one exchange to replay it through a bare server.
   */
  tap?: (exchange: { request: string; answer: string }) => void;
}

export interface LspSimulator {
  /** The SOAP endpoint URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The TLS side of the LSP end: the simulator's server certificate, client certificates from the test
 * CA required (mutual TLS, as the LSP asks), TLS 1.2 at least.
 * @param pki - the test PKI
 */
export function lspServerTls(pki: Pki): ServerOptions {
  return {
    key: pki.server.key,
    cert: pki.server.cert,
    ca: [pki.ca.cert],
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
}

/** The source stamped on answers whose query names no provider. */
export const DEFAULT_PROVIDER: Source = { applicationId: '900100', ura: '90000100' };

const MAX_BODY = 5 * 1024 * 1024;
const MASKED = 'XXXXXXXXX';
const XML_TYPE = 'text/xml; charset=utf-8';

function send(res: ServerResponse, status: number, body: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': XML_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the simulator. Rejects when a manifest is invalid (the message names file and entry) or the
 * port is taken.
 * @param opts - see LspSimulatorOptions
 */
export async function startLspSimulator(opts: LspSimulatorOptions): Promise<LspSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const path = opts.path ?? '/aorta';
  const now = opts.now ?? (() => new Date());
  const log = opts.logger;
  const lspAppId = opts.lspApplicationId ?? '1';
  const table = opts.table ?? QUERY_INTERACTIONS;
  const globalFault = opts.fault ? parseFault(opts.fault) : undefined;
  const patients = loadPatients(opts.dataDirs);
  const files = new AnswerFiles();
  const pki = await ensurePki(opts.pkiDir);
  const timers = new Set<NodeJS.Timeout>();

  const providers: Providers = {
    known: opts.providers ?? [],
    fallback: opts.defaultProvider ?? DEFAULT_PROVIDER,
  };

  const answer = (
    res: ServerResponse,
    q: ReceivedQuery,
    entry: PatientEntry | undefined,
    fault: Fault | undefined,
    request: string,
  ): void => {
    const at = now();
    const ctx = { query: q, now: at, today: amsterdamDate(at), creationTime: hl7Timestamp(at) };
    const errorCode = fault?.kind === 'error-ack' ? fault.code : undefined;
    const d = decide(q, entry, errorCode, ctx, files, providers, lspAppId, table);
    if (!d.answer) {
      send(res, 500, soapFault('soap:Client', `unknown query interaction ${q.interaction}`));
      return;
    }
    const body = soapEnvelope(serialize(d.answer));
    send(res, 200, body);
    opts.tap?.({ request, answer: body });
    log?.info(
      {
        patient: entry?.label ?? `unknown patient ${MASKED}`,
        interaction: q.interaction,
        response: d.response,
        result: d.result,
        providers: d.how,
      },
      'LSP simulator: answered',
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://sim.invalid');
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (url.pathname === path || url.pathname === '/ping') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(req.method === 'HEAD' ? undefined : 'LSP simulator ready\n');
      } else {
        res.writeHead(404).end();
      }
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, HEAD, POST' }).end();
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      send(res, 413, soapFault('soap:Client', 'request too large'));
      return;
    }
    let q: ReceivedQuery;
    try {
      q = readQuery(body, lspAppId);
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      log?.warn({ err: e.message }, 'LSP simulator: bad request');
      send(res, 500, soapFault('soap:Client', e.message));
      return;
    }
    const entry = q.bsn === undefined ? undefined : patients.get(q.bsn);
    const fault = entry?.fault ?? globalFault;
    switch (fault?.kind) {
      case 'timeout':
        log?.info({ patient: entry?.label ?? MASKED, fault: 'timeout' }, 'LSP simulator: not answering');
        return; // the socket stays open until the client gives up or the simulator closes
      case 'soapfault':
        send(res, 500, soapFault('soap:Server', 'Simulated LSP failure'));
        return;
      case 'malformed':
        send(
          res,
          200,
          '<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><QURX_IN990113NL xmlns="urn:hl7-org:v3"><id root="2.16',
        );
        return;
      case 'slow': {
        const t = setTimeout(() => {
          timers.delete(t);
          try {
            answer(res, q, entry, undefined, body);
          } catch (e) {
            fail(res, e);
          }
        }, fault.ms);
        timers.add(t);
        return;
      }
      case 'error-ack':
      case undefined:
        answer(res, q, entry, fault, body);
    }
  };

  const fail = (res: ServerResponse, e: unknown): void => {
    log?.error({ err: (e as Error).message }, 'LSP simulator: internal error');
    send(res, 500, soapFault('soap:Server', 'simulator error'));
  };

  const server: Server = createServer(lspServerTls(pki), (req, res) => {
    handle(req, res).catch((e: unknown) => fail(res, e));
  });
  server.on('tlsClientError', (e) => log?.debug({ err: e.message }, 'LSP simulator: TLS handshake refused'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  log?.info({ port, patients: patients.size, fault: opts.fault }, 'LSP simulator listening');
  return {
    url: `https://${urlHost}:${port}${path}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
