/**
 * Prometheus metrics (prom-client), one registry per gateway instance (tests run several in one
 * process). Labels are closed sets chosen by Brug: route templates, methods, status classes, LSP error
 * kinds and codes, grant types, audit event names. Never a BSN, token, client secret or free text.
 * Served by `startMetricsServer` on a separate listener (`BRUG_METRICS_PORT`), off unless set.
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { isKnownLspCode, LspError } from '../aorta/errors.ts';

/** One LSP call as the client reports it (aorta/client.ts `observe`). */
export interface LspObservation {
  interaction: string;
  ms: number;
  /** The failure, when the call failed. */
  error?: unknown;
}

export interface Metrics {
  readonly registry: Registry;
  /** Counts one LSP call (and its error by kind and code). */
  lspCall(o: LspObservation): void;
  /** Counts one access token issued. */
  tokenIssued(grantType: string): void;
  /** Counts one audit record written. */
  auditRecord(event: string): void;
}

/** Interaction ids look like QURX_IN990111NL; anything else is folded into 'other'. */
const INTERACTION = /^[A-Z]{4}_IN\d{6}[A-Z]{2}$/;
const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);
const EVENT = /^[a-z]+(\.[a-z_]+){1,3}$/;

/**
 * Creates the registry and its metrics.
 * @param options - `defaults`: also collect the process metrics (CPU, memory, event loop); default true
 */
export function createMetrics(options: { defaults?: boolean } = {}): Metrics & HttpMetrics {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'brug_' });
  const httpRequests = new Counter({
    name: 'brug_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status class',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'brug_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 60],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'brug_http_requests_in_flight',
    help: 'HTTP requests being handled now',
    registers: [registry],
  });
  const lspRequests = new Counter({
    name: 'brug_lsp_requests_total',
    help: 'Queries sent to the LSP, by interaction and outcome (ok or error)',
    labelNames: ['interaction', 'outcome'] as const,
    registers: [registry],
  });
  const lspDuration = new Histogram({
    name: 'brug_lsp_request_duration_seconds',
    help: 'Time the LSP took to answer a query, by interaction',
    labelNames: ['interaction'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 55],
    registers: [registry],
  });
  const lspErrors = new Counter({
    name: 'brug_lsp_errors_total',
    help: 'Failed LSP queries, by error kind (aorta/errors.ts) and LSP code (known codes, else "other" or "none")',
    labelNames: ['kind', 'code'] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'brug_oauth_tokens_issued_total',
    help: 'Access tokens issued, by grant type',
    labelNames: ['grant_type'] as const,
    registers: [registry],
  });
  const audit = new Counter({
    name: 'brug_audit_records_total',
    help: 'Audit records written, by event',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  return {
    registry,
    lspCall: (o) => {
      const interaction = INTERACTION.test(o.interaction) ? o.interaction : 'other';
      lspRequests.inc({ interaction, outcome: o.error === undefined ? 'ok' : 'error' });
      lspDuration.observe({ interaction }, o.ms / 1000);
      if (o.error === undefined) return;
      if (o.error instanceof LspError) {
        const codes = o.error.codes.length ? o.error.codes : ['none'];
        for (const c of new Set(codes)) {
          lspErrors.inc({ kind: o.error.kind, code: c === 'none' || isKnownLspCode(c) ? c : 'other' });
        }
      } else {
        lspErrors.inc({ kind: 'internal', code: 'none' });
      }
    },
    tokenIssued: (grantType) => tokens.inc({ grant_type: GRANT_TYPES.has(grantType) ? grantType : 'other' }),
    auditRecord: (event) => audit.inc({ event: EVENT.test(event) ? event : 'other' }),
    http: { requests: httpRequests, duration: httpDuration, inFlight },
  };
}

/** The HTTP metrics the app's hooks feed. */
export interface HttpMetrics {
  http: {
    requests: Counter<'route' | 'method' | 'status'>;
    duration: Histogram<'route' | 'method'>;
    inFlight: Gauge;
  };
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

/**
 * Adds the hooks that count requests, latency per route template and requests in flight. Register on
 * the root instance before the routes. Unmatched paths are one label, `unmatched`, so a scanner
 * cannot blow up the label set.
 * @param app - the root Fastify instance
 * @param metrics - the registry's HTTP metrics
 */
export function instrumentHttp(app: FastifyInstance, metrics: HttpMetrics): void {
  const m = metrics.http;
  app.addHook('onRequest', (request, reply, done) => {
    m.inFlight.inc();
    reply.raw.once('close', () => m.inFlight.dec());
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const method = METHODS.has(request.method) ? request.method : 'other';
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    m.requests.inc({ route, method, status });
    m.duration.observe({ route, method }, reply.elapsedTime / 1000);
    done();
  });
}

/** A running metrics listener. */
export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format) on its own listener, apart from the PGO-facing ports,
 * so it is never exposed with them (bind it to loopback or a management network).
 * @param registry - what to serve
 * @param host - address to bind
 * @param port - port (0 picks a free one)
 */
export async function startMetricsServer(
  registry: Registry,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's Prometheus metrics (app.ts decorates the root instance). */
    metrics: Metrics & HttpMetrics;
  }
}
