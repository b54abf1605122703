/**
 * Rule: the redirect_uri must belong to the client, else an error page (no redirect):
 * - an absolute https URI on the client's own hostname (the OCL hostname; MedMij), default port,
 *   no fragment, no user info; or
 * - for a loopback demo client in a demo/test environment, a URI starting with one of its
 *   registered prefixes (plain http on localhost/127.0.0.1 allowed), after normalisation too, so
 *   `..` cannot climb out of the prefix.
 */
import type { Config } from '../../../config.ts';
import { isTestEnvironment } from '../../../config.ts';
import type { ClientInfo } from '../../lists/index.ts';
import { pageError } from '../errors.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * @param client - the client from checkClient
 * @param redirectUri - the `redirect_uri` parameter
 * @param config - to know whether loopback demo clients are allowed
 * @returns the redirect URI, unchanged
 */
export function checkRedirectUri(
  client: ClientInfo,
  redirectUri: string | undefined,
  config: Config,
): string {
  if (redirectUri === undefined || redirectUri === '')
    throw pageError(400, 'invalid_request', 'redirect_uri is missing');
  // Control characters (CR, LF, NUL, ...) and spaces: the URL parser would drop some silently.
  if (/[\u0000-\u0020\u007f]/.test(redirectUri))
    throw pageError(400, 'invalid_request', 'redirect_uri contains control characters or spaces');
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    throw pageError(400, 'invalid_request', 'redirect_uri is not an absolute URI');
  }
  if (url.hash !== '' || redirectUri.includes('#'))
    throw pageError(400, 'invalid_request', 'redirect_uri must not have a fragment');
  if (url.username !== '' || url.password !== '')
    throw pageError(400, 'invalid_request', 'redirect_uri must not carry user info');

  if (client.loopbackDemo === true && isTestEnvironment(config) && LOOPBACK.has(url.hostname)) {
    const prefixes = client.redirectPrefixes ?? [];
    if (prefixes.some((p) => redirectUri.startsWith(p) && url.href.startsWith(p))) return redirectUri;
    throw pageError(
      400,
      'invalid_request',
      'redirect_uri does not belong to this client',
      `loopback ${url.origin}${url.pathname}`,
    );
  }
  if (url.protocol !== 'https:') throw pageError(400, 'invalid_request', 'redirect_uri must use https');
  if (url.hostname !== client.hostname || url.port !== '') {
    throw pageError(
      400,
      'invalid_request',
      'redirect_uri does not belong to this client',
      `host ${url.host}`,
    );
  }
  return redirectUri;
}
