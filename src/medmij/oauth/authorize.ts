/**
 * `GET /oauth/authorize`: the authorization request (MedMij core.authint.200) as a pipeline of
 * named checks. First the checks whose failure must not redirect (client, redirect URI); then the
 * ones that redirect with an RFC 6749 error (response type, scope, state). `MedMij-Request-ID` and
 * `X-Correlation-ID` are read as query parameters but required by none of the checks. A valid request
 * is parked as a session (id in a cookie); the browser goes to the landing page (setting
 * `landingPage`) or straight to DigiD.
 */
import type { FastifyInstance } from 'fastify';
import { pickLang } from '../../web/index.ts';
import { checkClient } from './checks/client.ts';
import { checkRedirectUri } from './checks/redirect-uri.ts';
import { checkResponseType } from './checks/response-type.ts';
import { checkScope } from './checks/scope.ts';
import { checkState, MAX_STATE_LENGTH } from './checks/state.ts';
import type { OAuthContext } from './context.ts';
import { single } from './context.ts';
import { OAuthError } from './errors.ts';
import { newCsrfToken, newUuid, sessionRef } from './secrets.ts';
import { setSessionCookie, type AuthorizeSession } from './session.ts';
import { sendToDigid } from './start-login.ts';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Registers the authorization endpoint.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerAuthorize(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth/authorize', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const text = (name: string): string | undefined => (typeof q[name] === 'string' ? q[name] : undefined);
    const id = (name: string): string | undefined => {
      const v = text(name);
      return v !== undefined && ID.test(v) ? v : undefined;
    };
    const requestId = id('MedMij-Request-ID');
    const correlationId = id('X-Correlation-ID');
    const rawClientId = text('client_id');
    ctx.logger.info(
      { event: 'receive_authorization_request', traceId: request.id, requestId, correlationId },
      'authorization request',
    );
    ctx.chainLog({
      type: 'receive_authorization_request',
      trace_id: correlationId,
      request_id: requestId,
      client_id: rawClientId !== undefined && rawClientId.length <= 253 ? rawClientId : undefined,
    });

    const clientId = single(q, 'client_id', false);
    const client = checkClient(ctx.clients, clientId);
    const redirectUri = checkRedirectUri(client, single(q, 'redirect_uri', false), ctx.config);
    const rawState = text('state');

    try {
      checkResponseType(single(q, 'response_type', true));
      const scope = await checkScope(ctx.store, client, single(q, 'scope', true));
      const state = checkState(single(q, 'state', true));
      const now = ctx.now();
      const sid = newUuid();
      const data: AuthorizeSession = {
        step: 'landing',
        clientId: clientId!,
        redirectUri,
        state,
        scope: scope.scope,
        provider: scope.provider,
        services: scope.services,
        lang: pickLang(request, ctx.settings.acceptLanguage),
      };
      if (requestId !== undefined) data.requestId = requestId;
      if (correlationId !== undefined) data.correlationId = correlationId;
      if (ctx.settings.landingPage) data.csrf = newCsrfToken();
      await ctx.store.sessions.insert({
        id: sid,
        data: data as unknown as Record<string, unknown>,
        expiresAt: now + ctx.config.oauth.sessionTtl * 1000,
      });
      setSessionCookie(reply, ctx.config, sid, ctx.config.oauth.sessionTtl);
      await ctx.audit({
        step: 'authorize',
        outcome: 'accepted',
        status: 302,
        clientId: clientId!,
        provider: scope.provider,
        services: scope.services,
        sessionRef: sessionRef(sid),
        ...(requestId === undefined ? {} : { requestId }),
        ...(correlationId === undefined ? {} : { correlationId }),
      });
      if (ctx.settings.landingPage) {
        ctx.logger.info(
          { event: 'show_landing_page', traceId: request.id, requestId, sessionRef: sessionRef(sid) },
          'to the landing page',
        );
        return await reply.header('cache-control', 'no-store').redirect('/oauth/landing', 302);
      }
      return await sendToDigid(ctx, request, reply, { id: sid, data }, 302);
    } catch (e) {
      if (e instanceof OAuthError && e.allowRedirect) {
        // A state too long to accept is not echoed either (it would ride back unbounded in Location).
        const echo = rawState !== undefined && rawState.length <= MAX_STATE_LENGTH ? rawState : undefined;
        e.redirectTarget = { redirectUri, state: echo };
      }
      throw e;
    }
  });
}
