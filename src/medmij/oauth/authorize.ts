/**
 * `GET /oauth/authorize`: the authorization request (MedMij core.authint.200) as a pipeline of
 * named checks. First the checks whose failure must not redirect (client, redirect URI); then the
 * ones that redirect with an RFC 6749 error (response type, scope, state). `MedMij-Request-ID` and
 * `X-Correlation-ID` are read as query parameters but required by none of the checks. A valid request
 * is parked as a session (id in a cookie) and the browser goes to DigiD.
 */
import type { FastifyInstance } from 'fastify';
import { LoginError } from '../../identity/index.ts';
import { checkClient } from './checks/client.ts';
import { checkRedirectUri } from './checks/redirect-uri.ts';
import { checkResponseType } from './checks/response-type.ts';
import { checkScope } from './checks/scope.ts';
import { checkState } from './checks/state.ts';
import type { OAuthContext } from './context.ts';
import { single } from './context.ts';
import { OAuthError, redirectError } from './errors.ts';
import { newUuid, sessionRef } from './secrets.ts';
import { setSessionCookie, type AuthorizeSession } from './session.ts';

/**
 * Registers the authorization endpoint.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerAuthorize(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth/authorize', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const text = (name: string): string | undefined => (typeof q[name] === 'string' ? q[name] : undefined);
    const requestId = text('MedMij-Request-ID');
    const correlationId = text('X-Correlation-ID');
    ctx.logger.info(
      { event: 'receive_authorization_request', traceId: request.id, requestId, correlationId },
      'authorization request',
    );

    const clientId = single(q, 'client_id', false);
    const client = checkClient(ctx.clients, clientId);
    const redirectUri = checkRedirectUri(client, single(q, 'redirect_uri', false), ctx.config);
    const rawState = text('state');

    try {
      checkResponseType(single(q, 'response_type', true));
      const scope = await checkScope(ctx.store, client, single(q, 'scope', true));
      const state = checkState(single(q, 'state', true));
      let started;
      try {
        started = await ctx.login.start();
      } catch (e) {
        if (e instanceof LoginError)
          throw redirectError('temporarily_unavailable', 'the DigiD login is not available now', e.reason);
        throw e;
      }
      const now = ctx.now();
      const id = newUuid();
      const data: AuthorizeSession = {
        step: 'login',
        clientId: clientId!,
        redirectUri,
        state,
        scope: scope.scope,
        provider: scope.provider,
        services: scope.services,
        login: started.pending,
      };
      if (requestId !== undefined) data.requestId = requestId;
      if (correlationId !== undefined) data.correlationId = correlationId;
      await ctx.store.sessions.insert({
        id,
        data: data as unknown as Record<string, unknown>,
        expiresAt: now + ctx.config.oauth.sessionTtl * 1000,
      });
      setSessionCookie(reply, ctx.config, id, ctx.config.oauth.sessionTtl);
      ctx.logger.info(
        {
          event: 'send_authentication_request',
          traceId: request.id,
          requestId,
          correlationId,
          clientId,
          provider: scope.provider,
          sessionRef: sessionRef(id),
        },
        'sent to DigiD',
      );
      return await reply.header('cache-control', 'no-store').redirect(started.url, 302);
    } catch (e) {
      if (e instanceof OAuthError && e.allowRedirect) e.redirectTarget = { redirectUri, state: rawState };
      throw e;
    }
  });
}
