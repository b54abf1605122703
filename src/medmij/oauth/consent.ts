/**
 * The consent interaction: `GET /oauth/consent` shows the Toestemmingsverklaring for the parked
 * request; `POST /oauth/consent` takes the decision. The post must carry the session's CSRF token
 * (and, when the browser sends one, our Origin). Approve stores the grant and a one-time code and
 * sends the browser to `redirect_uri?code=...&state=...`; deny sends `error=access_denied`. Either
 * way the session ends. On approve, the grant, the code, the end of the session and the audit record
 * are one store transaction: none of them is kept without the others.
 */
import type { FastifyInstance } from 'fastify';
import { renderConsentPage, sendPage } from '../../web/index.ts';
import { checkCsrf, checkOrigin } from './checks/origin.ts';
import { createAuthorizationCode } from './code.ts';
import type { OAuthContext } from './context.ts';
import { clientRedirect, single } from './context.ts';
import { pageError, redirectError } from './errors.ts';
import { recordGrant } from './grant.ts';
import { sessionRef } from './secrets.ts';
import { loadSession, setSessionCookie, type AuthorizeSession } from './session.ts';
import { withAuditFacts } from './audit.ts';

/** Long-lived consent is offered only when every requested service allows it. */
function offersLongLived(ctx: OAuthContext, services: string[]): boolean {
  return services.every((id) => ctx.services.find((s) => s.id === id)?.longLivedConsent === true);
}

async function loadNames(
  ctx: OAuthContext,
  data: AuthorizeSession,
): Promise<{ providerName: string; pgoName: string }> {
  const provider = await ctx.store.providers.get(data.provider);
  const client = ctx.clients.get(data.clientId);
  if (!provider || provider.status !== 'live' || !client) {
    throw pageError(
      400,
      'invalid_request',
      'The provider or PGO is no longer available.',
      `provider ${data.provider}, client ${data.clientId}`,
    );
  }
  return { providerName: provider.displayName, pgoName: client.organisationName };
}

/**
 * Registers the consent page and its form post.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerConsent(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth/consent', async (request, reply) => {
    const { id, data } = await loadSession(ctx.store, request, 'consent', ctx.now());
    const asked = (request.query as Record<string, unknown>).lang;
    if ((asked === 'nl' || asked === 'en') && asked !== data.lang) {
      data.lang = asked;
      await ctx.store.sessions.update(id, data as unknown as Record<string, unknown>);
    }
    const names = await loadNames(ctx, data);
    ctx.logger.info(
      {
        event: 'show_consent_page',
        traceId: request.id,
        requestId: data.requestId,
        sessionRef: sessionRef(id),
      },
      'consent page',
    );
    const page = renderConsentPage({
      ...names,
      serviceNames: data.services.map(
        (sid) => ctx.services.find((s) => s.id === sid)?.name ?? `Gegevensdienst ${sid}`,
      ),
      offerLongLived: offersLongLived(ctx, data.services),
      action: '/oauth/consent',
      csrfToken: data.csrf ?? '',
      lang: data.lang ?? 'nl',
    });
    return sendPage(reply, 200, page, { formActionOrigins: [new URL(data.redirectUri).origin] });
  });

  app.post('/oauth/consent', async (request, reply) => {
    const now = ctx.now();
    const { id, data } = await loadSession(ctx.store, request, 'consent', now);
    checkOrigin(request, ctx.config.publicUrl);
    checkCsrf(data.csrf, (request.body as Record<string, unknown> | undefined)?.csrf);
    const decision = single(request.body, 'decision', false);
    if (decision !== 'approve' && decision !== 'deny')
      throw pageError(400, 'invalid_request', 'Choose to give or refuse consent.');
    const target = { redirectUri: data.redirectUri, state: data.state };
    const ref = sessionRef(id);
    const known = {
      clientId: data.clientId,
      provider: data.provider,
      services: data.services,
      sessionRef: ref,
      ...(data.auth ? { bsn: data.auth.bsn } : {}),
      ...(data.requestId === undefined ? {} : { requestId: data.requestId }),
      ...(data.correlationId === undefined ? {} : { correlationId: data.correlationId }),
    };
    setSessionCookie(reply, ctx.config, '', 0);

    if (decision === 'deny') {
      await ctx.store.sessions.delete(id);
      ctx.logger.info(
        {
          event: 'consent_refused',
          traceId: request.id,
          requestId: data.requestId,
          clientId: data.clientId,
          provider: data.provider,
          sessionRef: ref,
        },
        'consent refused',
      );
      const err = redirectError('access_denied', 'the person did not give consent');
      err.redirectTarget = target;
      throw withAuditFacts(err, { ...known, facts: { decision: 'deny' } });
    }
    if (!data.auth) throw new Error('consent session without authentication');
    const longLived =
      single(request.body, 'longLived', false) === 'yes' && offersLongLived(ctx, data.services);
    const auth = data.auth;
    const { grant, code } = await ctx.store.transaction(async (tx) => {
      await tx.sessions.delete(id);
      const grant = await recordGrant(
        tx,
        { clientId: data.clientId, provider: data.provider, services: data.services, auth, longLived },
        now,
      );
      const code = await createAuthorizationCode(
        tx,
        { grantId: grant.id, clientId: data.clientId, redirectUri: data.redirectUri, scope: data.scope },
        ctx.config.oauth.codeTtl,
        now,
      );
      await ctx.audit(
        {
          ...known,
          step: 'consent',
          outcome: 'accepted',
          status: 303,
          grantId: grant.id,
          facts: { decision: 'approve', longLived },
        },
        tx,
      );
      return { grant, code };
    });
    ctx.logger.info(
      {
        event: 'consent_given',
        traceId: request.id,
        requestId: data.requestId,
        correlationId: data.correlationId,
        clientId: data.clientId,
        provider: data.provider,
        services: data.services,
        longLived,
        grantId: grant.id,
        sessionRef: ref,
      },
      'consent given; code issued',
    );
    return reply.header('cache-control', 'no-store').redirect(clientRedirect(target, { code }), 303);
  });
}
