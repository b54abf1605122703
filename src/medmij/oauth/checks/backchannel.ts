/**
 * Rules shared by the back-channel endpoints (token, revoke): a form-encoded body, single-valued
 * parameters, a known client_id that proves itself (ClientAuthenticator: the TLS client certificate
 * against the Whitelist), and the request ids MedMij sends as headers (read and logged, never required).
 */
import type { FastifyRequest } from 'fastify';
import type { ClientInfo } from '../../lists/index.ts';
import type { OAuthContext } from '../context.ts';
import { single } from '../context.ts';
import { tokenError } from '../errors.ts';

/** @param request - the request; its body must be application/x-www-form-urlencoded */
export function checkFormBody(request: FastifyRequest): Record<string, unknown> {
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

/**
 * Rule: the client is known and authenticates (certificate), else `invalid_client` (401).
 * @param ctx - the OAuth context (registry and authenticator)
 * @param request - the request (its TLS socket or proxy header)
 * @param clientId - the `client_id` parameter
 */
export function checkBackchannelClient(
  ctx: OAuthContext,
  request: FastifyRequest,
  clientId: string | undefined,
): ClientInfo {
  if (clientId === undefined || clientId === '')
    throw tokenError(401, 'invalid_client', 'client_id is missing');
  const client = ctx.clients.get(clientId);
  if (!client)
    throw tokenError(401, 'invalid_client', 'client_id is not a known client', `client_id ${clientId}`);
  ctx.authenticateClient(request, client);
  return client;
}

/**
 * Rule: a parameter the request needs is present (once).
 * @param body - the form body
 * @param name - the parameter
 */
export function required(body: Record<string, unknown>, name: string): string {
  const v = single(body, name, false);
  if (v === undefined || v === '') throw tokenError(400, 'invalid_request', `${name} is missing`);
  return v;
}

/** The MedMij request ids of a back-channel request (headers), when sent and sane. */
export interface RequestIds {
  requestId: string | undefined;
  correlationId: string | undefined;
}

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Reads `MedMij-Request-ID` and `X-Correlation-ID`; anything not id-shaped is dropped, not refused.
 * @param request - the request
 */
export function requestIds(request: FastifyRequest): RequestIds {
  const h = (name: string): string | undefined => {
    const v = request.headers[name];
    return typeof v === 'string' && ID.test(v) ? v : undefined;
  };
  return { requestId: h('medmij-request-id'), correlationId: h('x-correlation-id') };
}
