/**
 * The OAuth authorization server as a Fastify plugin. Two encapsulated contexts, each with its own
 * error edge: the browser routes (authorize, DigiD callback, consent: redirects and pages) and the
 * token endpoint (JSON). Register it without a prefix: `app.register(oauthRoutes, deps)`.
 */
import type { FastifyInstance } from 'fastify';
import { oidcPatientLogin } from '../../identity/index.ts';
import { registerAuthorize } from './authorize.ts';
import { registerConsent } from './consent.ts';
import { registerLanding } from './landing.ts';
import { registerPortal } from './portal.ts';
import { ensureFormBody } from '../../web/index.ts';
import type { OAuthContext } from './context.ts';
import type { ChainLogEvent, ClientAuthenticator, OAuthDeps } from './deps.ts';
import { outboxChainLog } from './chain-log.ts';
import { startChainLogSender } from './chain-log-sender.ts';
import { backchannelRateLimit } from './rate-limit.ts';
import { browserErrorEdge, tokenErrorEdge } from './error-edge.ts';
import { auditRefusal } from './audit.ts';
import { registerLoginCallback } from './login-callback.ts';
import { registerRevoke } from './revoke.ts';
import { resolveSettings, type OAuthSettings } from './settings.ts';
import { certificateAuthenticator } from './client-auth.ts';
import { isTestEnvironment } from '../../config.ts';
import { staticWhitelist } from '../lists/index.ts';
import { registerToken } from './token.ts';

/** The client authenticator when none is given (see OAuthDeps.authenticateClient). */
function defaultAuthenticator(deps: OAuthDeps, settings: OAuthSettings): ClientAuthenticator {
  if (deps.whitelist !== undefined)
    return certificateAuthenticator({ whitelist: deps.whitelist, config: deps.config, settings });
  if (isTestEnvironment(deps.config)) return () => undefined;
  deps.logger.warn(
    { event: 'no_whitelist' },
    'no MedMij Whitelist configured: the token endpoint refuses every client certificate',
  );
  return certificateAuthenticator({ whitelist: staticWhitelist([]), config: deps.config, settings });
}

/**
 * The chain log when none is given: the outbox with its background sender when an endpoint is set
 * (stopped when the app closes), otherwise a debug log line per event.
 */
function defaultChainLog(
  app: FastifyInstance,
  deps: OAuthDeps,
  settings: OAuthSettings,
): (event: ChainLogEvent) => void {
  if (settings.chainLogEndpoint === undefined) {
    return (event) => deps.logger.debug({ chainLog: event }, 'chain-log event');
  }
  const sender = startChainLogSender({
    store: deps.store,
    endpoint: settings.chainLogEndpoint,
    logger: deps.logger,
    intervalMs: settings.chainLogIntervalMs,
  });
  app.addHook('onClose', async () => sender.stop());
  return outboxChainLog({
    store: deps.store,
    location: new URL(deps.config.publicUrl).hostname,
    logger: deps.logger,
  });
}

/**
 * Registers `GET /oauth/authorize`, `GET|POST /oauth/landing`, `GET /oauth/digid/callback`,
 * `GET|POST /oauth/consent`, `GET|POST /oauth/consents` (the patient's own page), `POST /oauth/token`
 * and `POST /oauth/revoke`.
 * @param app - the Fastify instance (the plugin encapsulates itself)
 * @param deps - configuration, store, client registry, data services, logger (and optional login, clock)
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthDeps): Promise<void> {
  const settings = resolveSettings(deps.settings);
  const ctx: OAuthContext = {
    ...deps,
    login: deps.login ?? oidcPatientLogin(deps.config, { acrMap: settings.acrMap }),
    now: deps.now ?? Date.now,
    authenticateClient: deps.authenticateClient ?? defaultAuthenticator(deps, settings),
    settings,
    chainLog: deps.chainLog ?? defaultChainLog(app, deps, settings),
    audit: deps.audit ?? (() => Promise.resolve()),
  };
  await app.register(async (browser) => {
    await ensureFormBody(browser);
    browser.setErrorHandler(browserErrorEdge(ctx));
    registerAuthorize(browser, ctx);
    registerLanding(browser, ctx);
    registerLoginCallback(browser, ctx);
    registerConsent(browser, ctx);
    registerPortal(browser, ctx);
  });
  await app.register(async (backchannel) => {
    await ensureFormBody(backchannel);
    backchannel.setErrorHandler(tokenErrorEdge(ctx));
    backchannel.addHook(
      'preHandler',
      backchannelRateLimit(
        settings.backchannelPerIpPerMinute,
        settings.backchannelPerClientPerMinute,
        ctx.now,
        (request) => auditRefusal(ctx, request, { code: 'slow_down' }, 429),
      ),
    );
    registerToken(backchannel, ctx);
    registerRevoke(backchannel, ctx);
  });
}
