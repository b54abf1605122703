/**
 * `GET /oauth/digid/callback`: the DigiD broker sends the browser back here. The login is completed
 * and verified (identity/), the BSN and authentication facts are kept in the session (server-side),
 * and the browser goes on to the consent page. A cancelled login goes back to the client as
 * `access_denied`; a login that cannot be verified is a technical failure.
 */
import type { FastifyInstance } from 'fastify';
import { LoginError } from '../../identity/index.ts';
import type { OAuthContext } from './context.ts';
import { redirectError } from './errors.ts';
import { newCsrfToken, sessionRef } from './secrets.ts';
import { loadSession, setSessionCookie } from './session.ts';

/**
 * Registers the DigiD callback.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerLoginCallback(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth/digid/callback', async (request, reply) => {
    const { id, data } = await loadSession(ctx.store, request, 'login', ctx.now());
    const target = { redirectUri: data.redirectUri, state: data.state };
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
        throw err;
      }
      throw e;
    }
    // Seam: the availability check (BRUG_AVAILABILITY_CHECK=index|query) belongs here, after the
    // login and before consent; with the default `off` there is nothing to check.
    delete data.login;
    data.step = 'consent';
    data.auth = auth;
    data.csrf = newCsrfToken();
    await ctx.store.sessions.update(id, data as unknown as Record<string, unknown>);
    ctx.logger.info(
      {
        event: 'receive_authentication_response',
        traceId: request.id,
        requestId: data.requestId,
        correlationId: data.correlationId,
        level: auth.level,
        sessionRef: sessionRef(id),
      },
      'DigiD login completed',
    );
    return reply.header('cache-control', 'no-store').redirect('/oauth/consent', 303);
  });
}
