/**
 * `brug token issue`: an access token for a test patient, made through the token endpoint's own code
 * path: the same checks on client and scope as authorize, a grant, a one-time code, and the code
 * redeemed by `redeemCode`. Only in test environments (demo, test); `fixedToken` registers a given
 * token, as qualification environments hand out fixed tokens per test patient.
 */
import type { OAuthDecision } from '../../audit/index.ts';
import { isTestEnvironment } from '../../config.ts';
import { isValidBsn } from '../../identity/index.ts';
import type { DataServiceInfo } from '../../services/catalogue.ts';
import { checkClient } from './checks/client.ts';
import { checkScope } from './checks/scope.ts';
import { createAuthorizationCode } from './code.ts';
import type { OAuthDeps } from './deps.ts';
import { OAuthError } from './errors.ts';
import { recordGrant } from './grant.ts';
import { redeemCode } from './redeem.ts';
import { newUuid } from './secrets.ts';

/** The redirect URI a test token's code is bound to (no browser is involved). */
export const TEST_TOKEN_REDIRECT_URI = 'urn:brug:token-issue';

/** What `brug token issue` asks for. */
export interface TestTokenRequest {
  bsn: string;
  /** e.g. `ggzdemo~31` */
  scope: string;
  clientId: string;
  /** Register this token instead of a random one. */
  fixedToken?: string | undefined;
}

/**
 * Issues a test access token and returns it.
 * @param deps - configuration, store, client registry, services and logger (as for oauthRoutes)
 * @param request - patient, scope, client and optional fixed token
 * @throws Error with a message fit for the command line (never containing the BSN)
 */
export async function issueTestToken(
  deps: Pick<OAuthDeps, 'config' | 'store' | 'clients' | 'logger'> & {
    services?: readonly DataServiceInfo[];
    now?: () => number;
    /** Records the issued token in the audit log, as the token endpoint records the tokens it issues. */
    audit?: (decision: OAuthDecision) => Promise<void>;
  },
  request: TestTokenRequest,
): Promise<string> {
  if (!isTestEnvironment(deps.config))
    throw new Error('refused: test tokens exist only in demo and test environments');
  if (!isValidBsn(request.bsn)) throw new Error('--bsn must be 9 digits passing the 11-check');
  if (request.fixedToken !== undefined && !/^[A-Za-z0-9._~+/=-]{8,512}$/.test(request.fixedToken)) {
    throw new Error('--token must be 8-512 characters of A-Z a-z 0-9 . _ ~ + / = -');
  }
  const now = (deps.now ?? Date.now)();
  try {
    const client = checkClient(deps.clients, request.clientId);
    const scope = await checkScope(deps.store, client, request.scope);
    const grant = await recordGrant(
      deps.store,
      {
        clientId: request.clientId,
        provider: scope.provider,
        services: scope.services,
        auth: {
          bsn: request.bsn,
          authTime: now,
          level: 'substantieel',
          assertionId: `brug-token-issue:${newUuid()}`,
        },
        longLived: false,
      },
      now,
    );
    const code = await createAuthorizationCode(
      deps.store,
      {
        grantId: grant.id,
        clientId: request.clientId,
        redirectUri: TEST_TOKEN_REDIRECT_URI,
        scope: scope.scope,
      },
      deps.config.oauth.codeTtl,
      now,
    );
    const answer = await redeemCode(
      deps.store,
      {
        code,
        clientId: request.clientId,
        redirectUri: TEST_TOKEN_REDIRECT_URI,
        ...(request.fixedToken === undefined ? {} : { fixedToken: request.fixedToken }),
      },
      deps.config.oauth.tokenTtl,
      now,
    );
    await deps.audit?.({
      step: 'token',
      outcome: 'accepted',
      status: 200,
      clientId: request.clientId,
      grantType: 'test_token',
      grantId: grant.id,
      bsn: request.bsn,
      provider: scope.provider,
      services: scope.services,
      facts: { testToken: true, fixed: request.fixedToken !== undefined },
    });
    deps.logger.info(
      {
        event: 'test_token_issued',
        clientId: request.clientId,
        scope: answer.scope,
        grantId: grant.id,
        fixed: request.fixedToken !== undefined,
      },
      'test token issued',
    );
    return answer.access_token;
  } catch (e) {
    if (e instanceof OAuthError) throw new Error(`${e.code}: ${e.description}`);
    throw e;
  }
}
