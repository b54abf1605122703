/**
 * `GET /oauth/digid/callback`: the DigiD broker sends the browser back here. The login is completed
 * and verified (identity/), the BSN and authentication facts are kept in the session (server-side),
 * and the browser goes on to the consent page. A cancelled login goes back to the client as
 * `access_denied`; a login that cannot be verified is a technical failure. A login below the required
 * DigiD level (`settings.minimumLevel`) ends the flow: a page says why, with a link back to the PGO
 * carrying `access_denied`.
 */
import type { FastifyInstance } from 'fastify';
import { LoginError, meetsLevel } from '../../identity/index.ts';
import { renderLevelTooLowPage, renderNoDataPage, sendPage } from '../../web/index.ts';
import type { OAuthContext } from './context.ts';
import { clientRedirect } from './context.ts';
import { redirectError } from './errors.ts';
import { newCsrfToken, sessionRef } from './secrets.ts';
import { finishPortalLogin, type PortalSession } from './portal.ts';
import { loadSession, renewSession, sessionIdFrom, setSessionCookie } from './session.ts';
import { withAuditFacts } from './audit.ts';

/**
 * Registers the DigiD callback.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerLoginCallback(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth/digid/callback', async (request, reply) => {
    const sid = sessionIdFrom(request);
    const peek = sid === undefined ? undefined : await ctx.store.sessions.get(sid, ctx.now());
    const portal = peek?.data as Partial<PortalSession> | undefined;
    if (sid !== undefined && portal?.kind === 'portal' && portal.step === 'portal-login') {
      return finishPortalLogin(ctx, request, reply, sid, portal as PortalSession);
    }
    const { id, data } = await loadSession(ctx.store, request, 'login', ctx.now());
    const target = { redirectUri: data.redirectUri, state: data.state };
    const known = {
      clientId: data.clientId,
      provider: data.provider,
      services: data.services,
      sessionRef: sessionRef(id),
      ...(data.requestId === undefined ? {} : { requestId: data.requestId }),
      ...(data.correlationId === undefined ? {} : { correlationId: data.correlationId }),
    };
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const callbackUrl = new URL(`${ctx.config.publicUrl}/oauth/digid/callback${query}`);
    let auth;
    try {
      if (!data.login) throw new LoginError('session has no pending login');
      auth = await ctx.login.finish(callbackUrl, data.login);
    } catch (e) {
      if (e instanceof LoginError && e.cancelled) {
        await ctx.store.sessions.delete(id);
        setSessionCookie(reply, ctx.config, '', 0);
        const err = redirectError('access_denied', 'the person cancelled the DigiD login', e.reason);
        err.redirectTarget = target;
        throw withAuditFacts(err, { ...known, facts: { login: 'cancelled' } });
      }
      throw e;
    }
    const ref = sessionRef(id);
    const chainBase = {
      session_id: ref,
      trace_id: data.correlationId,
      request_id: data.requestId,
      client_id: data.clientId,
    };
    if (!meetsLevel(auth.level, ctx.settings.minimumLevel)) {
      await ctx.store.sessions.delete(id);
      setSessionCookie(reply, ctx.config, '', 0);
      const description = 'the DigiD login is below the required assurance level';
      ctx.logger.warn(
        {
          event: 'receive_authentication_error',
          traceId: request.id,
          requestId: data.requestId,
          correlationId: data.correlationId,
          level: auth.level,
          required: ctx.settings.minimumLevel,
          sessionRef: ref,
        },
        description,
      );
      ctx.chainLog({ type: 'receive_authentication_error', ...chainBase, error_code: 'access_denied' });
      await ctx.audit({
        ...known,
        step: 'login',
        outcome: 'refused',
        status: 403,
        reason: 'level_too_low',
        bsn: auth.bsn,
        facts: { level: auth.level, required: ctx.settings.minimumLevel },
      });
      const client = ctx.clients.get(data.clientId);
      const page = renderLevelTooLowPage({
        pgoName: client?.organisationName ?? data.clientId,
        backUrl: clientRedirect(target, { error: 'access_denied', error_description: description }),
        lang: data.lang ?? 'nl',
        required: ctx.settings.minimumLevel,
      });
      return sendPage(reply, 403, page);
    }
    ctx.chainLog({ type: 'receive_authentication_response', ...chainBase });
    // The availability check (BRUG_AVAILABILITY_CHECK=index|query), after the login, before consent.
    if (ctx.availability) {
      const found = await ctx.availability({
        bsn: auth.bsn,
        provider: data.provider,
        services: data.services,
        auth: { time: auth.authTime, level: auth.level, assertionId: auth.assertionId },
      });
      // The check's answer and its HL7v3 exchanges (interaction, message id, LSP codes).
      await ctx.audit({
        ...known,
        step: 'availability',
        outcome: found.result === 'none' ? 'refused' : 'accepted',
        status: found.result === 'none' ? 200 : 303,
        ...(found.result === 'none' ? { reason: 'no_data' } : {}),
        bsn: auth.bsn,
        facts: { result: found.result },
        lsp: found.lsp,
      });
      if (found.result === 'none') {
        await ctx.store.sessions.delete(id);
        setSessionCookie(reply, ctx.config, '', 0);
        ctx.logger.info(
          { event: 'availability_none', traceId: request.id, requestId: data.requestId, sessionRef: ref },
          'no data for this person at this provider',
        );
        ctx.chainLog({ type: 'send_authorization_request_error', ...chainBase, error_code: 'access_denied' });
        await ctx.audit({
          ...known,
          step: 'login',
          outcome: 'refused',
          status: 200,
          reason: 'no_data',
          bsn: auth.bsn,
          facts: { level: auth.level, availability: 'none' },
        });
        const client = ctx.clients.get(data.clientId);
        const providerName = (await ctx.store.providers.get(data.provider))?.displayName ?? data.provider;
        const page = renderNoDataPage({
          pgoName: client?.organisationName ?? data.clientId,
          providerName,
          // MedMij 1.1: no data for this person and service is access_denied, "No such resources."
          backUrl: clientRedirect(target, {
            error: 'access_denied',
            error_description: 'No such resources.',
          }),
          lang: data.lang ?? 'nl',
        });
        return sendPage(reply, 200, page);
      }
    }
    await ctx.audit({
      ...known,
      step: 'login',
      outcome: 'accepted',
      status: 303,
      bsn: auth.bsn,
      facts: { level: auth.level },
    });
    delete data.login;
    data.step = 'consent';
    data.auth = auth;
    data.csrf = newCsrfToken();
    const renewed = await renewSession(
      ctx.store,
      reply,
      ctx.config,
      id,
      data as unknown as Record<string, unknown>,
      ctx.now(),
    );
    ctx.logger.info(
      {
        event: 'receive_authentication_response',
        traceId: request.id,
        requestId: data.requestId,
        correlationId: data.correlationId,
        level: auth.level,
        sessionRef: ref,
        renewedSessionRef: sessionRef(renewed),
      },
      'DigiD login completed',
    );
    return reply.header('cache-control', 'no-store').redirect('/oauth/consent', 303);
  });
}
