/**
 * `buildApp` assembles the gateway from its parts and returns an unlistened Fastify instance (tests use
 * `inject` or listen on an ephemeral port; `server.ts` listens for real). Each domain is an
 * encapsulated plugin registered explicitly here: OAuth and its pages, the FHIR resource server, and in
 * demo and test environments the DigiD simulator and the demo PGO.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { AsyncResource } from 'node:async_hooks';
import { logContext, markRequestLogger, maskBsn, requestIdOf, traceIdsOf, type LogIds } from './log.ts';
import { createMetrics, instrumentHttp, type HttpMetrics, type Metrics } from './metrics/index.ts';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import type { Config } from './config.ts';
import { isTestEnvironment } from './config.ts';
import type { Logger } from './log.ts';
import type { Store } from './store/index.ts';
import type { LspClient } from './aorta/index.ts';
import {
  fileWhitelist,
  staticWhitelist,
  withListNames,
  type ClientRegistry,
  type MedmijLists,
  type NodeWhitelist,
} from './medmij/lists/index.ts';
import { OAuthError, oauthRoutes, resolveAccessToken, whitelistedCertificate } from './medmij/oauth/index.ts';
import { FhirError, fhirRoutes, operationOutcome } from './medmij/fhir/index.ts';
import { createRegistry, searchesByKind, type Registry } from './services/registry.ts';
import { createSearchSource } from './services/search.ts';
import { capabilityFor } from './services/capability.ts';
import { digidSimulator } from './sim/digid/index.ts';
import { pgoSimulator } from './sim/pgo/index.ts';
import { DEFAULT_DATA_SERVICES } from './services/catalogue.ts';
import { auditKeyFor, createAuditLog, createLspTrail, startAnchorWriter } from './audit/index.ts';
import { createAvailabilityCheck } from './services/availability.ts';
import { onboardingRoutes } from './onboarding/index.ts';

/** Marks a raw request that arrived on the back-channel port (server.ts sets it). */
export const BACKCHANNEL = Symbol('brug.backchannel');

/** Paths that belong to the back channel: with a back-channel port they answer only there. */
const BACKCHANNEL_PATHS = /^\/(oauth\/(token|revoke)|fhir\/)/;

/**
 * Fastify's request log lines, with every nine-digit run in the URL masked: a PGO may put a BSN in a
 * query string (it is refused, but must not be logged either).
 */
class MaskingLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info({ req: { method: request.method, url: maskBsn(request.url) } }, 'incoming request');
  }

  override routeNotFound(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.info(`Route ${request.method}:${maskBsn(request.raw.url ?? '')} not found`);
  }
}

export interface AppDeps {
  store: Store;
  lsp: LspClient;
  clients: ClientRegistry;
  logger: Logger;
  registry?: Registry;
  /**
   * The MedMij lists fetched from the node (BRUG_MEDMIJ_LISTS_URL): their Whitelist replaces
   * BRUG_WHITELIST_FILE, the GNL names the services on the consent page, /ready reports their status.
   * The OCL reaches the OAuth server through `clients` (server.ts combines it with the demo clients).
   */
  lists?: MedmijLists;
  /** The Prometheus registry's metrics (metrics/); default: a fresh registry of this app's own. */
  metrics?: Metrics & HttpMetrics;
}

/** Whether a request arrived on the back-channel port. */
function onBackchannel(request: FastifyRequest): boolean {
  return (request.raw as unknown as Record<symbol, boolean | undefined>)[BACKCHANNEL] === true;
}

/**
 * The FHIR back channel's client check (DESIGN.md: the back channel checks the client certificate
 * against the MedMij Whitelist, as the token endpoint does). On the back-channel port, and with a
 * trusted proxy's header (BRUG_CLIENT_CERT_HEADER) on the port that serves /fhir, a FHIR request needs
 * a certificate whose CN or DNS SAN is on the current Whitelist, read as the token endpoint reads it
 * (client-auth.ts); else 403 `security`, through the FHIR error edge (so audited). With neither, /fhir
 * stays plain (demo, tests). Without a Whitelist a test environment checks only the CA bundle (the
 * token endpoint then checks nothing either); production then refuses every certificate.
 * @param config - the configuration (back-channel port, proxy header, environment)
 * @param whitelist - the Whitelist the token endpoint uses, if any
 */
function fhirClientCheck(
  config: Config,
  whitelist: NodeWhitelist | undefined,
): ((request: FastifyRequest) => void) | undefined {
  const header = config.oauth.clientCertHeader;
  if (config.backchannelPort === undefined && header === undefined) return undefined;
  if (whitelist === undefined && isTestEnvironment(config)) return undefined;
  const list = whitelist ?? staticWhitelist([]);
  return (request) => {
    const onBack = onBackchannel(request);
    if (!onBack && header === undefined) return;
    try {
      // On the back channel only the TLS connection's own certificate counts, never a header.
      whitelistedCertificate(request, list, onBack ? undefined : header);
    } catch (e) {
      if (!(e instanceof OAuthError)) throw e;
      throw new FhirError(
        403,
        operationOutcome('error', 'security', 'A client certificate on the MedMij Whitelist is required.'),
        {},
        e.detail ?? e.description,
      );
    }
  };
}

/** The request's async resource, re-entered after body parsing (which runs in the socket's context). */
const LOG_SCOPE = Symbol('brug.logScope');

/**
 * Builds the gateway.
 * @param config - the validated configuration
 * @param deps - store, LSP client, OAuth client registry and logger
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance: logger,
    logController: new MaskingLogController(),
    trustProxy: false,
    bodyLimit: 64 * 1024,
    // The request id is the MedMij-Request-ID when it is id-shaped (log.ts), else a UUID.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // Every line of a request's logger carries the MedMij request and correlation ids.
    childLoggerFactory: (parent, bindings, opts, raw) => {
      const child = parent.child({ ...bindings, ...traceIdsOf(raw) }, opts);
      markRequestLogger(child);
      return child;
    },
  });
  const metrics = deps.metrics ?? createMetrics({ defaults: false });
  app.decorate('metrics', metrics);
  // Lines written by other loggers while a request is handled (LSP client, services, OAuth) get the
  // request's ids from its async context (log.ts). Body parsing resumes in the socket's context, so
  // the context is entered again before validation (as @fastify/request-context does).
  app.addHook('onRequest', (request, _reply, done) => {
    const ids: LogIds = { reqId: request.id, ...traceIdsOf(request.raw) };
    logContext.run(ids, () => {
      const scope = new AsyncResource('brug.request');
      (request as unknown as Record<symbol, AsyncResource>)[LOG_SCOPE] = scope;
      scope.runInAsyncScope(done, request.raw);
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = (request as unknown as Record<symbol, AsyncResource | undefined>)[LOG_SCOPE];
    if (scope) scope.runInAsyncScope(done, request.raw);
    else done();
  });
  instrumentHttp(app, metrics);
  await app.register(formbody);
  await app.register(cookie);
  const registry = deps.registry ?? createRegistry(DEFAULT_DATA_SERVICES, searchesByKind(config.gpSummary));

  if (config.backchannelPort !== undefined) {
    // DESIGN.md: in production the back channel listens on its own port with mutual TLS.
    app.addHook('onRequest', async (request, reply) => {
      const onBack = onBackchannel(request);
      if (
        BACKCHANNEL_PATHS.test(request.url) !== onBack &&
        request.url !== '/health' &&
        request.url !== '/ready'
      ) {
        return reply.code(404).send({ error: 'not_found', error_description: 'not on this port' });
      }
      // FHIR on the back channel needs a client certificate our CA bundle verified (here, for every
      // /fhir path); the FHIR routes then check it against the Whitelist (fhirClientCheck), and the
      // token endpoint makes its own check (Whitelist, client_id) and answers invalid_client.
      const socket = request.raw.socket as { authorized?: boolean };
      if (onBack && request.url.startsWith('/fhir/') && !socket.authorized) {
        return reply
          .code(403)
          .type('application/fhir+json; charset=utf-8')
          .send(operationOutcome('error', 'security', 'A trusted client certificate is required.'));
      }
      return undefined;
    });
  }

  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_req, reply) => {
    const [store, lsp] = await Promise.all([
      deps.store.ping().catch(() => false),
      deps.lsp.ping().catch(() => false),
    ]);
    const ready = store && lsp;
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not ready',
      store,
      lsp,
      ...(deps.lists ? { lists: deps.lists.status() } : {}),
    });
  });

  const oauth = config.oauth;
  const audit = createAuditLog(deps.store, auditKeyFor(config), undefined, (event) =>
    metrics.auditRecord(event),
  );
  // The sealed audit anchor, written outside the database every few minutes (audit/anchor.ts).
  const anchors = startAnchorWriter({
    store: deps.store,
    logger: deps.logger,
    intervalMs: config.audit.anchorIntervalMs,
    ...(config.audit.anchorFile === undefined ? {} : { file: config.audit.anchorFile }),
  });
  app.addHook('onClose', () => anchors.stop());
  const lspTrail = createLspTrail(); // a search's HL7v3 exchanges, for its audit record
  // One Whitelist for the token endpoint and the FHIR back channel: the fetched one, else the file.
  const whitelist: NodeWhitelist | undefined =
    deps.lists?.whitelist ??
    (oauth.whitelistFile === undefined
      ? undefined
      : fileWhitelist(oauth.whitelistFile, (e) =>
          deps.logger.error({ err: e.message }, 'MedMij Whitelist unreadable; keeping the last good copy'),
        ));
  await app.register(oauthRoutes, {
    history: (bsn: string) => audit.patientHistory(bsn, 50),
    audit: (decision, tx) => audit.oauthDecision(decision, tx),
    onTokenIssued: (grantType) => metrics.tokenIssued(grantType),
    config,
    store: deps.store,
    clients: deps.clients,
    services: deps.lists
      ? withListNames(registry.services, (id) => deps.lists?.serviceName(id))
      : registry.services,
    logger: deps.logger,
    ...(oauth.availabilityCheck === 'off'
      ? {}
      : {
          availability: createAvailabilityCheck({
            store: deps.store,
            lsp: deps.lsp,
            registry,
            logger: deps.logger,
            mode: oauth.availabilityCheck,
          }),
        }),
    ...(whitelist ? { whitelist } : {}),
    settings: {
      refreshIdleSeconds: oauth.refreshIdleDays * 86_400,
      refreshGraceSeconds: oauth.refreshGraceSeconds,
      grantTypeAliases: oauth.grantTypeAliases,
      minimumLevel: config.oidc.minimumLevel,
      acrMap: config.oidc.acrMap,
      landingPage: oauth.landingPage,
      acceptLanguage: oauth.acceptLanguage,
      clientCertHeader: oauth.clientCertHeader,
      certificateMustNameClient: oauth.certificateMustNameClient,
      chainLogEndpoint: config.chainLog.url,
      chainLogIntervalMs: config.chainLog.intervalMs,
      backchannelPerIpPerMinute: oauth.ratePerIp,
      backchannelPerClientPerMinute: oauth.ratePerClient,
    },
  });
  const checkClient = fhirClientCheck(config, whitelist);
  await app.register(fhirRoutes, {
    ...(checkClient ? { checkClient } : {}),
    audit: (access) => audit.dataAccess({ ...access, lsp: lspTrail.take(access.token) ?? [] }),
    auditRefusal: (refusal) => audit.fhirRefusal(refusal),
    resolveToken: (token: string) => resolveAccessToken(deps.store, token, Date.now()),
    search: lspTrail.search(
      createSearchSource({ store: deps.store, lsp: lspTrail.lsp(deps.lsp), registry, logger: deps.logger }),
    ),
    capability: (provider: string, serviceId: string) => capabilityFor(registry, config, provider, serviceId),
    searchTables: (_provider: string, serviceId: string) => registry.get(serviceId)?.tables,
    isKnownEndpoint: async (provider: string, serviceId: string) => {
      const p = await deps.store.providers.get(provider);
      return p !== undefined && p.status === 'live' && p.services.some((s) => s.id === serviceId);
    },
  });

  // The provider portal (/portal) and the operators' pages (/beheer): onboarding/. With fetched lists,
  // names are checked against the fetched ZAL and each ZAL refresh promotes submitted providers.
  await app.register(onboardingRoutes, {
    config,
    store: deps.store,
    services: registry.services,
    registry,
    ...(deps.lists ? { lists: deps.lists } : {}),
  });

  if (isTestEnvironment(config)) {
    await app.register(digidSimulator, {
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      redirectUris: [`${config.publicUrl}/oauth/digid/callback`],
    });
    await app.register(pgoSimulator, { config, store: deps.store, registry });
  }
  return app;
}
