/**
 * The FHIR HTTP edge: an encapsulated Fastify plugin that mounts, per provider and data service,
 * `GET /fhir/:naam/:serviceId/stu3/metadata` (no token) and `GET /fhir/:naam/:serviceId/stu3/:type`
 * (bearer token). Bearer checks and the one FHIR error edge live only inside this plugin; everything
 * else is the Fastify-free logic in `search.ts`. Register with `app.register(fhirRoutes, opts)` (no
 * prefix: the paths are absolute).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as fhir from 'fhir';
import type { DataAccess, FhirRefusal } from '../../audit/index.ts';
import { CONTENT_TYPE, negotiate, serialize, type FhirFormat } from './format.ts';
import {
  FhirError,
  badRequest,
  forbidden,
  maskBsn,
  methodNotAllowed,
  notFound,
  operationOutcome,
  serverError,
  unauthorized,
} from './outcome.ts';
import type { SearchTables } from './params.ts';
import { parseQuery, MAX_PARAMS } from './query.ts';
import { DEFAULT_SEARCH_TABLES } from './registry.ts';
import { searchType } from './search.ts';
import type { SearchSource, TokenContext } from './types.ts';

export interface FhirRoutesOptions {
  /** The token's meaning, or undefined when it is unknown, expired or revoked. */
  resolveToken(token: string): Promise<TokenContext | undefined>;
  /** Produces the pool of resources for a search (the `services/` layer). */
  search: SearchSource;
  /** The endpoint's CapabilityStatement, or undefined when there is none. */
  capability(provider: string, serviceId: string): fhir.CapabilityStatement | undefined;
  /** Whether `/fhir/{provider}/{serviceId}/stu3` is a live endpoint. */
  isKnownEndpoint(provider: string, serviceId: string): Promise<boolean>;
  /** Search tables per resource type (default `DEFAULT_SEARCH_TABLES`). */
  tables?: SearchTables;
  /**
   * The search tables of one endpoint (what its data service declares it accepts); when given and
   * it returns tables, they replace `tables` for that endpoint's searches.
   */
  searchTables?(provider: string, serviceId: string): SearchTables | undefined;
  /** Public origin for Bundle links (`https://brug.example.nl`); default: from the request. */
  publicBaseUrl?: string;
  /** Clock for `meta.lastUpdated` (tests). */
  now?: () => Date;
  /**
   * Records each search before its answer is sent (the audit log). When it fails, the request fails
   * with a 500: no response without its record.
   */
  audit?: (access: SearchAccess) => Promise<void>;
  /**
   * Records a refused request that is not a search (a refused method, the metadata of an unknown
   * endpoint, a read): before its answer, like a search.
   */
  auditRefusal?: (refusal: FhirRefusal) => Promise<void>;
  /**
   * Checks the calling node before anything else, on every FHIR route (metadata too): the back
   * channel's client certificate against the MedMij Whitelist (app.ts). Throws a FhirError to refuse;
   * the refusal goes through the error edge and is audited like any other.
   */
  checkClient?: (request: FastifyRequest) => void;
}

/** What the audit log is told of one search: its own record shape (audit/record.ts). */
export type SearchAccess = DataAccess;

/** Counts a searchset's entries by search mode. */
function countEntries(bundle: fhir.Bundle): { match: number; include: number; outcome: number } {
  const c = { match: 0, include: 0, outcome: 0 };
  for (const e of bundle.entry ?? []) {
    const mode = e.search?.mode;
    if (mode === 'include' || mode === 'outcome') c[mode]++;
    else c.match++;
  }
  return c;
}

const TRACE_HEADERS = ['medmij-request-id', 'x-correlation-id'] as const;
const TRACE_RESPONSE_NAMES: Record<(typeof TRACE_HEADERS)[number], string> = {
  'medmij-request-id': 'MedMij-Request-ID',
  'x-correlation-id': 'X-Correlation-ID',
};
const SAFE_HEADER_VALUE = /^[\x21-\x7e]{1,128}$/;
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

interface Params {
  naam: string;
  serviceId: string;
  type?: string;
}

/** A request header as one string (the first, when repeated). */
function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The MedMij trace ids of a request, when present and well-formed. */
function traceIds(request: FastifyRequest): { requestId?: string; correlationId?: string } {
  const out: { requestId?: string; correlationId?: string } = {};
  const r = header(request, 'medmij-request-id');
  const c = header(request, 'x-correlation-id');
  if (r !== undefined && SAFE_HEADER_VALUE.test(r)) out.requestId = r;
  if (c !== undefined && SAFE_HEADER_VALUE.test(c)) out.correlationId = c;
  return out;
}

/** The request's query parameters in order, or a 400 when they are not valid percent-encoding. */
function queryParams(request: FastifyRequest): [string, string][] {
  const q = request.url.indexOf('?');
  const params = q < 0 ? [] : parseQuery(request.url.slice(q + 1));
  if (!params) throw badRequest('The query string is not valid percent-encoding.');
  if (params.length > MAX_PARAMS) throw badRequest(`Too many query parameters (at most ${MAX_PARAMS}).`);
  return params;
}

/** The response format of a request; JSON when the request's own preference cannot be read. */
function formatOf(request: FastifyRequest): FhirFormat {
  try {
    const q = request.url.indexOf('?');
    const params = q < 0 ? [] : (parseQuery(request.url.slice(q + 1)) ?? []);
    const f = params.find(([n]) => n === '_format')?.[1];
    return negotiate(f, header(request, 'accept'));
  } catch {
    return 'json';
  }
}

function send(
  reply: FastifyReply,
  status: number,
  resource: fhir.Resource,
  format: FhirFormat,
): FastifyReply {
  return reply.code(status).header('content-type', CONTENT_TYPE[format]).send(serialize(resource, format));
}

/** Bearer token of the request, resolved; a 401 when it is missing, malformed or not valid. */
async function authenticate(request: FastifyRequest, opts: FhirRoutesOptions): Promise<TokenContext> {
  const auth = header(request, 'authorization');
  if (auth === undefined || auth.trim() === '')
    throw unauthorized('An access token is required (Authorization: Bearer).');
  const m = BEARER.exec(auth);
  if (!m || m[1]!.length > 4096) throw unauthorized('The Authorization header is not a Bearer token.');
  const ctx = await opts.resolveToken(m[1]!);
  if (!ctx) throw unauthorized('The access token is invalid or has expired.');
  return ctx;
}

/** Rewords non-FHIR errors with an HTTP status (Fastify's own 4xx) without echoing their text. */
function fromHttpError(status: number): FhirError {
  const text =
    status === 413
      ? 'The request is too large.'
      : status === 415
        ? 'Unsupported media type.'
        : 'The request could not be processed.';
  return new FhirError(status, operationOutcome('error', status === 413 ? 'too-long' : 'invalid', text));
}

/**
 * The FHIR routes plugin.
 * @param app - the (encapsulated) Fastify instance
 * @param opts - token resolver, search source, capability and endpoint lookups
 */
export function fhirRoutes(app: FastifyInstance, opts: FhirRoutesOptions): Promise<void> {
  const tables = opts.tables ?? DEFAULT_SEARCH_TABLES;
  const origin = opts.publicBaseUrl?.replace(/\/+$/, '');
  const tokens = new WeakMap<FastifyRequest, TokenContext>();
  /** A refused request that is no search, for the audit log. */
  const recordRefusal = async (request: FastifyRequest, status: number): Promise<void> => {
    if (!opts.auditRefusal) return;
    const p = request.params as Partial<Params> | undefined;
    const token = tokens.get(request);
    await opts.auditRefusal({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      // Path segments as typed (masked: a caller may put a BSN anywhere).
      ...(p?.naam === undefined ? {} : { provider: maskBsn(p.naam.slice(0, 64)) }),
      ...(p?.serviceId === undefined ? {} : { serviceId: maskBsn(p.serviceId.slice(0, 16)) }),
      status,
      ...(token ? { token } : {}),
      ...traceIds(request),
    });
  };
  /** The search's record, for the audit log; other requests as refusals (recordRefusal). */
  const record = async (request: FastifyRequest, status: number, bundle?: fhir.Bundle): Promise<void> => {
    if (!opts.audit) return;
    const p = request.params as Partial<Params>;
    if (request.method !== 'GET' || p.type === undefined || p.naam === undefined || p.serviceId === undefined)
      return recordRefusal(request, status);
    const token = tokens.get(request);
    const q = request.url.indexOf('?');
    await opts.audit({
      ...(token ? { token } : {}),
      provider: p.naam,
      serviceId: p.serviceId,
      resourceType: p.type,
      query: q < 0 ? '' : request.url.slice(q + 1),
      status,
      ...(bundle ? { counts: countEntries(bundle) } : {}),
      ...traceIds(request),
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    for (const h of TRACE_HEADERS) {
      const v = header(request, h);
      if (v !== undefined && SAFE_HEADER_VALUE.test(v)) reply.header(TRACE_RESPONSE_NAMES[h], v);
    }
    opts.checkClient?.(request);
  });

  app.setErrorHandler(async (err: unknown, request, reply) => {
    const format = formatOf(request);
    let fe: FhirError;
    if (err instanceof FhirError) fe = err;
    else {
      const status = (err as { statusCode?: unknown }).statusCode;
      fe =
        typeof status === 'number' && status >= 400 && status < 500 ? fromHttpError(status) : serverError();
    }
    const ids = traceIds(request);
    if (fe.status >= 500) {
      const e = err instanceof Error ? err : new Error(String(err));
      request.log.error(
        {
          err: { type: e.name, message: maskBsn(e.message), stack: maskBsn(e.stack ?? '') },
          ...ids,
          detail: fe.privateDetail === undefined ? undefined : maskBsn(fe.privateDetail),
        },
        'FHIR request failed',
      );
    } else {
      request.log.info({ status: fe.status, ...ids }, maskBsn(fe.message));
    }
    try {
      await record(request, fe.status);
    } catch (e) {
      request.log.error({ err: (e as Error).message, ...ids }, 'audit record not written');
      return send(reply, 500, serverError().outcome, format);
    }
    for (const [k, v] of Object.entries(fe.headers)) reply.header(k, v);
    return send(reply, fe.status, fe.outcome, format);
  });

  app.get<{ Params: Params }>('/fhir/:naam/:serviceId/stu3/metadata', async (request, reply) => {
    const format = negotiate(
      queryParams(request).find(([n]) => n === '_format')?.[1],
      header(request, 'accept'),
    );
    const { naam, serviceId } = request.params;
    if (!(await opts.isKnownEndpoint(naam, serviceId))) throw notFound('Unknown FHIR endpoint.');
    const cs = opts.capability(naam, serviceId);
    if (!cs) throw notFound('Unknown FHIR endpoint.');
    return send(reply, 200, cs, format);
  });

  app.get<{ Params: Params }>('/fhir/:naam/:serviceId/stu3/:type', async (request, reply) => {
    // The token first: without one the answer is 401 whatever was asked (the error edge falls back to
    // JSON when the asked format cannot be served), never a 400 or 406 that reveals more.
    const token = await authenticate(request, opts);
    tokens.set(request, token);
    const params = queryParams(request);
    const format = negotiate(params.find(([n]) => n === '_format')?.[1], header(request, 'accept'));
    const { naam, serviceId } = request.params;
    const type = request.params.type ?? '';
    if (!(await opts.isKnownEndpoint(naam, serviceId))) throw notFound('Unknown FHIR endpoint.');
    if (token.provider !== naam || !token.services.includes(serviceId)) throw forbidden();
    if (!RESOURCE_TYPE.test(type)) throw notFound('Unknown resource type.');
    const cs = opts.capability(naam, serviceId);
    const offered = cs?.rest?.flatMap((r) => (r.resource ?? []).map((x) => x.type));
    if (offered && !offered.includes(type))
      throw notFound(`Resource type '${type}' is not served at this endpoint.`);
    const path = request.url.split('?')[0]!;
    const base = origin ?? `${request.protocol}://${request.host}`;
    const ac = new AbortController();
    const onClose = (): void => {
      if (!reply.raw.writableFinished) ac.abort();
    };
    reply.raw.once('close', onClose);
    const result = await searchType(
      {
        url: `${base}${path}`,
        provider: naam,
        serviceId,
        resourceType: type,
        params,
        token,
        strict: /(^|[;,\s])handling\s*=\s*strict\b/i.test(header(request, 'prefer') ?? ''),
        ...traceIds(request),
      },
      {
        search: opts.search,
        tables: opts.searchTables?.(naam, serviceId) ?? tables,
        ...(opts.now ? { now: opts.now } : {}),
      },
      ac.signal,
    );
    if (result.bsnMasked) {
      request.log.warn(
        { places: result.bsnMasked, ...traceIds(request) },
        'BSN masked in a FHIR response (fix the translator)',
      );
    }
    await record(request, result.status, result.resource); // a failure goes to the error edge: 500
    return send(reply, result.status, result.resource, format);
  });

  // Everything else under a FHIR base: reads, history, operations (GET) are not offered; other
  // methods are refused before any body is read.
  const refuse = (request: FastifyRequest): Promise<void> =>
    Promise.reject(
      request.method === 'GET' || request.method === 'HEAD'
        ? notFound('This FHIR interaction is not supported; only search is.')
        : methodNotAllowed('GET'),
    );
  app.route({
    method: ['DELETE', 'PATCH', 'POST', 'PUT', 'OPTIONS'],
    url: '/fhir/:naam/:serviceId/stu3/:type',
    onRequest: refuse,
    handler: (_request, reply) => reply.code(404).send(),
  });
  app.route({
    method: ['DELETE', 'PATCH', 'POST', 'PUT', 'OPTIONS'],
    url: '/fhir/:naam/:serviceId/stu3/metadata',
    onRequest: refuse,
    handler: (_request, reply) => reply.code(404).send(),
  });
  app.route({
    method: ['GET', 'DELETE', 'PATCH', 'POST', 'PUT', 'OPTIONS'],
    url: '/fhir/:naam/:serviceId/stu3/:type/*',
    onRequest: refuse,
    handler: (_request, reply) => reply.code(404).send(),
  });
  app.route({
    method: ['GET', 'DELETE', 'PATCH', 'POST', 'PUT', 'OPTIONS'],
    url: '/fhir/:naam/:serviceId/stu3',
    onRequest: refuse,
    handler: (_request, reply) => reply.code(404).send(),
  });
  return Promise.resolve();
}
