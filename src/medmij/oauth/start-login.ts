/** Sending the browser to DigiD: the one place a login starts (from authorize or the landing page). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginError } from '../../identity/index.ts';
import type { OAuthContext } from './context.ts';
import { redirectError } from './errors.ts';
import { sessionRef } from './secrets.ts';
import type { AuthorizeSession } from './session.ts';

/**
 * Starts the DigiD login, moves the session to step `login` and redirects the browser to DigiD.
 * @param ctx - the OAuth context
 * @param request - the request (trace id)
 * @param reply - the reply
 * @param session - the session id and data (updated in the store here)
 * @param status - 302 after a GET, 303 after a POST
 * @throws OAuthError `temporarily_unavailable` (redirectable) when the broker does not answer
 */
export async function sendToDigid(
  ctx: OAuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
  session: { id: string; data: AuthorizeSession },
  status: 302 | 303,
): Promise<FastifyReply> {
  let started;
  try {
    started = await ctx.login.start();
  } catch (e) {
    if (e instanceof LoginError)
      throw redirectError('temporarily_unavailable', 'the DigiD login is not available now', e.reason);
    throw e;
  }
  const { id, data } = session;
  data.step = 'login';
  data.login = started.pending;
  await ctx.store.sessions.update(id, data as unknown as Record<string, unknown>);
  ctx.logger.info(
    {
      event: 'send_authentication_request',
      traceId: request.id,
      requestId: data.requestId,
      correlationId: data.correlationId,
      clientId: data.clientId,
      provider: data.provider,
      sessionRef: sessionRef(id),
    },
    'sent to DigiD',
  );
  ctx.chainLog({
    type: 'send_authentication_request',
    session_id: sessionRef(id),
    trace_id: data.correlationId,
    request_id: data.requestId,
    client_id: data.clientId,
  });
  return reply.header('cache-control', 'no-store').redirect(started.url, status);
}
