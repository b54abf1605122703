/**
 * `POST /oauth/revoke` (RFC 7009): a client withdraws a token it holds. Parameters `token` and the
 * optional `token_type_hint` (`access_token` | `refresh_token`; other hints are ignored). The client
 * authenticates as at the token endpoint. Revoking a refresh token revokes its grant (the long-lived
 * consent) with every access and refresh token issued under it; revoking an access token revokes only
 * that token. The answer is 200 whether or not the token was known (or was another client's), so it
 * reveals nothing about tokens. The revocation and its audit record commit in one store transaction.
 */
import type { FastifyInstance } from 'fastify';
import { checkBackchannelClient, checkFormBody, required, requestIds } from './checks/backchannel.ts';
import type { OAuthContext } from './context.ts';
import { single } from './context.ts';
import { hashSecret } from './secrets.ts';

/**
 * Registers the revocation endpoint.
 * @param app - the back-channel context (JSON error edge)
 * @param ctx - the OAuth context
 */
export function registerRevoke(app: FastifyInstance, ctx: OAuthContext): void {
  app.post('/oauth/revoke', async (request, reply) => {
    const ids = requestIds(request);
    const body = checkFormBody(request);
    const clientId = single(body, 'client_id', false);
    checkBackchannelClient(ctx, request, clientId);
    const token = required(body, 'token');
    const hint = single(body, 'token_type_hint', false);
    const hash = hashSecret(token);
    const now = ctx.now();

    let revoked: 'refresh_token' | 'access_token' | undefined;
    await ctx.store.transaction(async (tx) => {
      let grantId: string | undefined;
      const tryRefresh = async (): Promise<boolean> => {
        const rt = await tx.refreshTokens.get(hash);
        if (!rt || rt.clientId !== clientId) return false;
        await tx.grants.revoke(rt.grantId, now);
        revoked = 'refresh_token';
        grantId = rt.grantId;
        return true;
      };
      const tryAccess = async (): Promise<boolean> => {
        const at = await tx.tokens.get(hash);
        if (!at || at.clientId !== clientId) return false;
        await tx.tokens.revoke(hash, now);
        revoked = 'access_token';
        grantId = at.grantId;
        return true;
      };
      if (hint === 'access_token') {
        if (!(await tryAccess())) await tryRefresh();
      } else if (!(await tryRefresh())) await tryAccess();
      await ctx.audit(
        {
          step: 'revoke',
          outcome: 'accepted',
          status: 200,
          clientId: clientId!,
          ...(grantId === undefined ? {} : { grantId }),
          facts: { revoked: revoked ?? 'none' },
          ...(ids.requestId === undefined ? {} : { requestId: ids.requestId }),
          ...(ids.correlationId === undefined ? {} : { correlationId: ids.correlationId }),
        },
        tx,
      );
    });
    ctx.logger.info(
      {
        event: 'receive_revocation_request',
        traceId: request.id,
        ...ids,
        clientId,
        revoked: revoked ?? 'none',
      },
      'revocation request',
    );
    return reply.header('cache-control', 'no-store').code(200).send();
  });
}
