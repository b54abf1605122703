export { oauthRoutes } from './plugin.ts';
export type { OAuthDeps, ClientAuthenticator } from './deps.ts';
export { resolveAccessToken } from './resolve.ts';
export { issueTestToken, TEST_TOKEN_REDIRECT_URI, type TestTokenRequest } from './test-token.ts';
export { redeemCode, type TokenResponse, type CodeRedemption } from './redeem.ts';
export { OAuthError, type OAuthErrorCode } from './errors.ts';
export { parseScope, formatScope, type ParsedScope } from './scope.ts';
