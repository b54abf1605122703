/**
 * The two error edges of the OAuth routes. Browser routes (authorize, DigiD callback, consent):
 * a redirectable OAuthError goes back to the client's matched redirect URI with `error`,
 * `error_description` and `state`; any other OAuthError becomes an error page; anything else the
 * technical-failure page with a trace id. The token endpoint answers RFC 6749 JSON. Internal detail
 * goes to the log only, with nine-digit runs masked. Every answer here is recorded in the audit log
 * first: OAuth refusals, unreadable requests (non-OAuth 4xx) and technical failures (500, outcome
 * `failed`); an OAuth refusal whose record cannot be written becomes a technical failure.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { maskBsns } from '../../identity/index.ts';
import { renderAuthorizationErrorPage, renderTechnicalErrorPage, sendPage } from '../../web/index.ts';
import type { OAuthContext } from './context.ts';
import { clientRedirect } from './context.ts';
import { OAuthError } from './errors.ts';
import { sessionRef } from './secrets.ts';
import { sessionIdFrom } from './session.ts';
import { auditRefusal } from './audit.ts';

type Handler = (
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply>;

function clientErrorStatus(error: unknown): number | undefined {
  const s = (error as { statusCode?: unknown }).statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 ? s : undefined;
}

/**
 * The error handler for the browser routes.
 * @param ctx - the OAuth context (logger)
 */
export function browserErrorEdge(ctx: OAuthContext): Handler {
  return async (error, request, reply) => {
    const sid = sessionIdFrom(request);
    const ref = sid === undefined ? undefined : sessionRef(sid);
    const redirects =
      error instanceof OAuthError && error.allowRedirect && error.redirectTarget !== undefined;
    // The refusal is recorded before it is answered; without its record, a technical failure.
    if (
      error instanceof OAuthError &&
      !(await auditRefusal(
        ctx,
        request,
        error,
        redirects ? (request.method === 'POST' ? 303 : 302) : error.status,
      ))
    ) {
      return sendPage(reply, 500, renderTechnicalErrorPage(request.id, ref));
    }
    if (error instanceof OAuthError) {
      ctx.logger.warn(
        {
          event: 'authorization_request_error',
          code: error.code,
          detail: maskBsns(error.detail ?? ''),
          traceId: request.id,
          sessionRef: ref,
        },
        maskBsns(error.description),
      );
      const chain = { session_id: ref, error_code: error.code, status: error.status };
      if (error.allowRedirect && error.redirectTarget) {
        ctx.chainLog({ type: 'send_authorization_request_error', ...chain });
        const location = clientRedirect(error.redirectTarget, {
          error: error.code,
          error_description: error.description,
        });
        return reply
          .header('cache-control', 'no-store')
          .redirect(location, request.method === 'POST' ? 303 : 302);
      }
      ctx.chainLog({ type: 'authorization_request_error', ...chain });
      ctx.chainLog({ type: 'show_authorization_request_error_page', ...chain });
      return sendPage(reply, error.status, renderAuthorizationErrorPage(error.description, error.code));
    }
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      if (!(await auditRefusal(ctx, request, { code: 'invalid_request' }, status)))
        return sendPage(reply, 500, renderTechnicalErrorPage(request.id, ref));
      return sendPage(
        reply,
        status,
        renderAuthorizationErrorPage('The request could not be read.', 'invalid_request'),
      );
    }
    await auditRefusal(ctx, request, { code: 'server_error' }, 500, 'failed');
    ctx.chainLog({
      type: 'show_technical_error_page',
      session_id: ref,
      error_code: 'server_error',
      status: 500,
    });
    ctx.logger.error(
      {
        event: 'technical_failure',
        traceId: request.id,
        sessionRef: ref,
        err: maskBsns(error.stack ?? error.message),
      },
      'authorization flow failed',
    );
    return sendPage(reply, 500, renderTechnicalErrorPage(request.id, ref));
  };
}

/**
 * The error handler for the token endpoint (RFC 6749 section 5.2).
 * @param ctx - the OAuth context (logger)
 */
export function tokenErrorEdge(ctx: OAuthContext): Handler {
  return async (error, request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (error instanceof OAuthError && !(await auditRefusal(ctx, request, error, error.status))) {
      return reply
        .code(500)
        .send({ error: 'server_error', error_description: `internal error (trace id ${request.id})` });
    }
    if (error instanceof OAuthError) {
      ctx.logger.warn(
        {
          event: 'token_request_error',
          code: error.code,
          detail: maskBsns(error.detail ?? ''),
          traceId: request.id,
        },
        error.description,
      );
      return reply.code(error.status).send({ error: error.code, error_description: error.description });
    }
    if (clientErrorStatus(error) !== undefined) {
      if (!(await auditRefusal(ctx, request, { code: 'invalid_request' }, 400))) {
        return reply
          .code(500)
          .send({ error: 'server_error', error_description: `internal error (trace id ${request.id})` });
      }
      return reply
        .code(400)
        .send({ error: 'invalid_request', error_description: 'the request body could not be read' });
    }
    await auditRefusal(ctx, request, { code: 'server_error' }, 500, 'failed');
    ctx.logger.error(
      {
        event: 'token_request_failure',
        traceId: request.id,
        err: maskBsns(error.stack ?? error.message),
      },
      'token endpoint failed',
    );
    return reply
      .code(500)
      .send({ error: 'server_error', error_description: `internal error (trace id ${request.id})` });
  };
}
