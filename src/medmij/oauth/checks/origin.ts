/**
 * Rule: a form post must come from our own pages. The CSRF token in the hidden field must match the
 * session's; the Origin header is checked only when the browser sends one.
 */
import type { FastifyRequest } from 'fastify';
import { pageError } from '../errors.ts';
import { sameSecret } from '../secrets.ts';

/**
 * @param request - the form post
 * @param publicUrl - our public URL (its origin is the only one allowed)
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (origin !== new URL(publicUrl).origin) {
    throw pageError(403, 'access_denied', 'The form was not sent from this site.', `origin ${origin}`);
  }
}

/**
 * @param expected - the session's CSRF token
 * @param presented - the form's `csrf` field
 */
export function checkCsrf(expected: string | undefined, presented: unknown): void {
  if (expected === undefined || typeof presented !== 'string' || !sameSecret(expected, presented)) {
    throw pageError(
      403,
      'access_denied',
      'The form has expired or was not sent from this site.',
      'csrf mismatch',
    );
  }
}
