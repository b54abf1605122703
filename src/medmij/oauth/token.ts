/**
 * `POST /oauth/token` (form body): the authorization code grant, as a pipeline of named checks.
 * Answers `{access_token, token_type, expires_in, scope}` with `Cache-Control: no-store`; errors are
 * RFC 6749 JSON. Client authentication by certificate (mTLS against the Whitelist) and refresh tokens
 * come later: `deps.authenticateClient` and `redeemCode` are the seams.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ClientInfo, ClientRegistry } from '../lists/index.ts';
import type { OAuthContext } from './context.ts';
import { single } from './context.ts';
import { tokenError } from './errors.ts';
import { redeemCode } from './redeem.ts';

/** Rule: a form-encoded body. */
function checkFormBody(request: FastifyRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (
    !type.toLowerCase().startsWith('application/x-www-form-urlencoded') ||
    typeof request.body !== 'object' ||
    request.body === null
  ) {
    throw tokenError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  return request.body as Record<string, unknown>;
}

/** Rule: only the authorization code grant (refresh tokens come with long-lived consent). */
function checkGrantType(grantType: string | undefined): void {
  if (grantType === undefined || grantType === '')
    throw tokenError(400, 'invalid_request', 'grant_type is missing');
  if (grantType !== 'authorization_code')
    throw tokenError(400, 'unsupported_grant_type', 'only grant_type=authorization_code is supported');
}

/** Rule: the client is known. */
function checkTokenClient(clients: ClientRegistry, clientId: string | undefined): ClientInfo {
  if (clientId === undefined || clientId === '')
    throw tokenError(401, 'invalid_client', 'client_id is missing');
  const client = clients.get(clientId);
  if (!client)
    throw tokenError(401, 'invalid_client', 'client_id is not a known client', `client_id ${clientId}`);
  return client;
}

/** Rule: a parameter the grant needs is present. */
function required(body: Record<string, unknown>, name: string): string {
  const v = single(body, name, false);
  if (v === undefined || v === '') throw tokenError(400, 'invalid_request', `${name} is missing`);
  return v;
}

/**
 * Registers the token endpoint.
 * @param app - the token endpoint's context (JSON error edge)
 * @param ctx - the OAuth context
 */
export function registerToken(app: FastifyInstance, ctx: OAuthContext): void {
  app.post('/oauth/token', async (request, reply) => {
    const body = checkFormBody(request);
    checkGrantType(single(body, 'grant_type', false));
    const clientId = single(body, 'client_id', false);
    const client = checkTokenClient(ctx.clients, clientId);
    ctx.authenticateClient(request, client);
    const code = required(body, 'code');
    const redirectUri = required(body, 'redirect_uri');
    const requestId = request.headers['medmij-request-id'];
    const correlationId = request.headers['x-correlation-id'];
    const answer = await redeemCode(
      ctx.store,
      { code, clientId: clientId!, redirectUri },
      ctx.config.oauth.tokenTtl,
      ctx.now(),
    );
    ctx.logger.info(
      { event: 'token_issued', traceId: request.id, requestId, correlationId, clientId, scope: answer.scope },
      'access token issued',
    );
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
  });
}
