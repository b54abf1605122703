/**
 * `POST /oauth/token` (form body), as a pipeline of named checks: form body, grant type (with the
 * configured aliases), client (known, and authenticated by certificate), then the grant:
 * `authorization_code` (redeem.ts) or `refresh_token` (refresh.ts, long-lived consent only).
 * Answers `{access_token, token_type, expires_in, scope[, refresh_token]}` with `Cache-Control:
 * no-store`; errors are RFC 6749 JSON. `MedMij-Request-ID` and `X-Correlation-ID` are logged.
 * The grant step runs in one store transaction with its audit record: a token is issued (or a code
 * used up, or a replay's tokens revoked) only together with the record of it.
 */
import type { FastifyInstance } from 'fastify';
import { checkBackchannelClient, checkFormBody, required, requestIds } from './checks/backchannel.ts';
import type { OAuthContext } from './context.ts';
import { single } from './context.ts';
import { OAuthError, tokenError } from './errors.ts';
import { markAudited, refusal } from './audit.ts';
import { redeemCode, type TokenResponse } from './redeem.ts';
import { useRefreshToken } from './refresh.ts';
import type { OAuthSettings } from './settings.ts';
import { resolveAccessToken } from './resolve.ts';

type GrantType = 'authorization_code' | 'refresh_token';

/**
 * Rule: the authorization code grant, or the refresh token grant; a non-standard name only when the
 * settings list it as an alias.
 * @param grantType - the `grant_type` parameter
 * @param settings - for the aliases
 */
export function checkGrantType(grantType: string | undefined, settings: OAuthSettings): GrantType {
  if (grantType === undefined || grantType === '')
    throw tokenError(400, 'invalid_request', 'grant_type is missing');
  if (grantType === 'authorization_code' || grantType === 'refresh_token') return grantType;
  const alias = Object.hasOwn(settings.grantTypeAliases, grantType)
    ? settings.grantTypeAliases[grantType]
    : undefined;
  if (alias !== undefined) return alias;
  throw tokenError(
    400,
    'unsupported_grant_type',
    'only grant_type=authorization_code and refresh_token are supported',
  );
}

/**
 * Registers the token endpoint.
 * @param app - the token endpoint's context (JSON error edge)
 * @param ctx - the OAuth context
 */
export function registerToken(app: FastifyInstance, ctx: OAuthContext): void {
  app.post('/oauth/token', async (request, reply) => {
    const ids = requestIds(request);
    const body = checkFormBody(request);
    const grantType = checkGrantType(single(body, 'grant_type', false), ctx.settings);
    ctx.logger.info(
      { event: 'receive_token_request', traceId: request.id, ...ids, grantType },
      'token request',
    );
    const clientId = single(body, 'client_id', false);
    checkBackchannelClient(ctx, request, clientId);
    const now = ctx.now();
    const code = grantType === 'authorization_code' ? required(body, 'code') : undefined;
    const redirectUri = grantType === 'authorization_code' ? required(body, 'redirect_uri') : undefined;
    const refreshToken = grantType === 'refresh_token' ? required(body, 'refresh_token') : undefined;
    const scope = grantType === 'refresh_token' ? single(body, 'scope', false) : undefined;
    const traced = {
      ...(ids.requestId === undefined ? {} : { requestId: ids.requestId }),
      ...(ids.correlationId === undefined ? {} : { correlationId: ids.correlationId }),
    };
    const outcome = await ctx.store.transaction(
      async (tx): Promise<{ answer: TokenResponse } | { refused: OAuthError }> => {
        try {
          const answer =
            code !== undefined
              ? await redeemCode(
                  tx,
                  { code, clientId: clientId!, redirectUri: redirectUri! },
                  ctx.config.oauth.tokenTtl,
                  now,
                  ctx.settings.refreshIdleSeconds,
                )
              : await useRefreshToken(
                  tx,
                  { refreshToken: refreshToken!, clientId: clientId!, scope },
                  {
                    tokenTtlSeconds: ctx.config.oauth.tokenTtl,
                    refreshIdleSeconds: ctx.settings.refreshIdleSeconds,
                    refreshGraceSeconds: ctx.settings.refreshGraceSeconds,
                  },
                  now,
                );
          // The record names the grant and the patient (pseudonymised) the new token stands for.
          const issued = await resolveAccessToken(tx, answer.access_token, now);
          await ctx.audit(
            {
              step: 'token',
              outcome: 'accepted',
              status: 200,
              clientId: clientId!,
              grantType,
              ...(issued ? { grantId: issued.grantId, bsn: issued.bsn, provider: issued.provider } : {}),
              ...(issued ? { services: issued.services } : {}),
              facts: { refreshToken: answer.refresh_token !== undefined },
              ...traced,
            },
            tx,
          );
          return { answer };
        } catch (e) {
          if (!(e instanceof OAuthError)) throw e;
          // The refusal commits with what it changed (a code used up, a replay's revocations).
          const decision = refusal(ctx, request, e, e.status);
          if (decision) await ctx.audit(decision, tx);
          return { refused: markAudited(e) };
        }
      },
    );
    if ('refused' in outcome) throw outcome.refused;
    const { answer } = outcome;
    ctx.logger.info(
      {
        event: 'send_token_response',
        traceId: request.id,
        ...ids,
        clientId,
        grantType,
        scope: answer.scope,
        refresh: answer.refresh_token !== undefined,
      },
      'access token issued',
    );
    ctx.onTokenIssued?.(grantType);
    ctx.chainLog({
      type: 'send_token_response',
      request_id: ids.requestId,
      trace_id: ids.correlationId,
      client_id: clientId,
      grant_type: grantType,
      status: 200,
    });
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(answer);
  });
}
