/**
 * The landing page (MedMij Landingspagina), shown before DigiD when the setting `landingPage` is on:
 * `GET /oauth/landing` names the provider, the PGO and the data services; `POST /oauth/landing`
 * (CSRF token, and our Origin when sent) either sends the browser to DigiD (`action=login`) or ends
 * the flow on the cancellation page, whose link takes the person back to the PGO with `access_denied`.
 */
import type { FastifyInstance } from 'fastify';
import { renderCancelledPage, renderLandingPage, sendPage, type Lang } from '../../web/index.ts';
import { checkCsrf, checkOrigin } from './checks/origin.ts';
import type { OAuthContext } from './context.ts';
import { clientRedirect, single } from './context.ts';
import { OAuthError, pageError } from './errors.ts';
import { sessionRef } from './secrets.ts';
import { loadSession, setSessionCookie, type AuthorizeSession } from './session.ts';
import { sendToDigid } from './start-login.ts';

/** Provider and PGO names, and the services' list names, for the pages. */
async function names(
  ctx: OAuthContext,
  data: AuthorizeSession,
): Promise<{ providerName: string; pgoName: string; serviceNames: string[] }> {
  const provider = await ctx.store.providers.get(data.provider);
  const client = ctx.clients.get(data.clientId);
  if (!provider || provider.status !== 'live' || !client) {
    throw pageError(400, 'invalid_request', 'The provider or PGO is no longer available.');
  }
  return {
    providerName: provider.displayName,
    pgoName: client.organisationName,
    serviceNames: data.services.map(
      (sid) => ctx.services.find((s) => s.id === sid)?.name ?? `Gegevensdienst ${sid}`,
    ),
  };
}

function langParam(v: unknown): Lang | undefined {
  return v === 'nl' || v === 'en' ? v : undefined;
}

/**
 * Registers the landing page and its form post.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerLanding(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth/landing', async (request, reply) => {
    const { id, data } = await loadSession(ctx.store, request, 'landing', ctx.now());
    const asked = langParam((request.query as Record<string, unknown>).lang);
    if (asked !== undefined && asked !== data.lang) {
      data.lang = asked;
      await ctx.store.sessions.update(id, data as unknown as Record<string, unknown>);
    }
    ctx.chainLog({
      type: 'show_landing_page',
      session_id: sessionRef(id),
      trace_id: data.correlationId,
      request_id: data.requestId,
      client_id: data.clientId,
    });
    const page = renderLandingPage({
      ...(await names(ctx, data)),
      action: '/oauth/landing',
      csrfToken: data.csrf ?? '',
      lang: data.lang ?? 'nl',
    });
    // The post redirects on to DigiD: form-action must allow the broker's origin.
    return sendPage(reply, 200, page, { formActionOrigins: [new URL(ctx.config.oidc.issuer).origin] });
  });

  app.post('/oauth/landing', async (request, reply) => {
    const { id, data } = await loadSession(ctx.store, request, 'landing', ctx.now());
    checkOrigin(request, ctx.config.publicUrl);
    checkCsrf(data.csrf, (request.body as Record<string, unknown> | undefined)?.csrf);
    const action = single(request.body, 'action', false);
    const target = { redirectUri: data.redirectUri, state: data.state };
    if (action === 'login') {
      try {
        return await sendToDigid(ctx, request, reply, { id, data }, 303);
      } catch (e) {
        if (e instanceof OAuthError && e.allowRedirect) e.redirectTarget = target;
        throw e;
      }
    }
    if (action !== 'cancel') throw pageError(400, 'invalid_request', 'Choose to log in or to cancel.');
    await ctx.store.sessions.delete(id);
    setSessionCookie(reply, ctx.config, '', 0);
    ctx.logger.info(
      {
        event: 'send_authorization_cancellation',
        traceId: request.id,
        requestId: data.requestId,
        sessionRef: sessionRef(id),
      },
      'the person cancelled at the landing page',
    );
    ctx.chainLog({
      type: 'send_authorization_cancellation',
      session_id: sessionRef(id),
      trace_id: data.correlationId,
      request_id: data.requestId,
      client_id: data.clientId,
    });
    const description = 'the person cancelled';
    return sendPage(
      reply,
      200,
      renderCancelledPage({
        pgoName: (await names(ctx, data)).pgoName,
        backUrl: clientRedirect(target, { error: 'access_denied', error_description: description }),
        lang: data.lang ?? 'nl',
      }),
    );
  });
}
