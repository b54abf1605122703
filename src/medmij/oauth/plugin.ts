/**
 * The OAuth authorization server as a Fastify plugin. Two encapsulated contexts, each with its own
 * error edge: the browser routes (authorize, DigiD callback, consent: redirects and pages) and the
 * token endpoint (JSON). Register it without a prefix: `app.register(oauthRoutes, deps)`.
 */
import type { FastifyInstance } from 'fastify';
import { oidcPatientLogin } from '../../identity/index.ts';
import { registerAuthorize } from './authorize.ts';
import { registerConsent } from './consent.ts';
import { ensureFormBody } from '../../web/index.ts';
import type { OAuthContext } from './context.ts';
import type { OAuthDeps } from './deps.ts';
import { browserErrorEdge, tokenErrorEdge } from './error-edge.ts';
import { registerLoginCallback } from './login-callback.ts';
import { registerToken } from './token.ts';

/**
 * Registers `GET /oauth/authorize`, `GET /oauth/digid/callback`, `GET|POST /oauth/consent` and
 * `POST /oauth/token`.
 * @param app - the Fastify instance (the plugin encapsulates itself)
 * @param deps - configuration, store, client registry, data services, logger (and optional login, clock)
 */
export async function oauthRoutes(app: FastifyInstance, deps: OAuthDeps): Promise<void> {
  const ctx: OAuthContext = {
    ...deps,
    login: deps.login ?? oidcPatientLogin(deps.config),
    now: deps.now ?? Date.now,
    authenticateClient: deps.authenticateClient ?? (() => undefined),
  };
  await app.register(async (browser) => {
    await ensureFormBody(browser);
    browser.setErrorHandler(browserErrorEdge(ctx));
    registerAuthorize(browser, ctx);
    registerLoginCallback(browser, ctx);
    registerConsent(browser, ctx);
  });
  await app.register(async (backchannel) => {
    await ensureFormBody(backchannel);
    backchannel.setErrorHandler(tokenErrorEdge(ctx));
    registerToken(backchannel, ctx);
  });
}
