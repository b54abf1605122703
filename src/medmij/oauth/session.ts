/**
 * The browser interaction that authorize parks and the login and consent steps resume, by id.
 * The id travels in an HttpOnly, SameSite=Lax cookie (Secure when the public URL is https); the
 * state lives in `store.sessions`, so any gateway node can resume it.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { PendingLogin } from '../../identity/index.ts';
import type { Store } from '../../store/index.ts';
import type { Lang } from '../../web/index.ts';
import { pageError } from './errors.ts';

export const SESSION_COOKIE = 'brug_authz';

/** The facts of a completed DigiD login (the BSN stays server-side). */
export interface SessionAuthentication {
  bsn: string;
  authTime: number;
  level: string;
  assertionId: string;
}

/** What a parked authorization request holds, step by step. */
export interface AuthorizeSession {
  step: 'landing' | 'login' | 'consent';
  clientId: string;
  redirectUri: string;
  state: string;
  /** Canonical scope string. */
  scope: string;
  provider: string;
  services: string[];
  requestId?: string;
  correlationId?: string;
  /** Set while the browser is at DigiD. */
  login?: PendingLogin;
  /** Set after the login. */
  auth?: SessionAuthentication;
  /** The CSRF token of the session's forms (landing, consent). */
  csrf?: string;
  /** The person's page language. */
  lang?: Lang;
}

/**
 * Reads the session id from the request's cookie header.
 * @param request - the Fastify request
 */
export function sessionIdFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const v = part.slice(eq + 1).trim();
      return /^[0-9a-f-]{36}$/.test(v) ? v : undefined;
    }
  }
  return undefined;
}

/**
 * Sets (or, with maxAge 0, clears) the session cookie.
 * @param reply - the Fastify reply
 * @param config - for the Secure flag (https public URL)
 * @param id - the session id ('' to clear)
 * @param maxAgeSeconds - cookie lifetime
 */
export function setSessionCookie(
  reply: FastifyReply,
  config: Config,
  id: string,
  maxAgeSeconds: number,
): void {
  const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';
  reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${id}; Path=/oauth; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`,
  );
}

/**
 * Loads the session named by the cookie, requiring it to be at the given step; otherwise an error
 * page (there is no trustworthy redirect URI without a session).
 * @param store - the store
 * @param request - the request carrying the cookie
 * @param step - the step the session must be at
 * @param now - epoch milliseconds
 */
export async function loadSession(
  store: Store,
  request: FastifyRequest,
  step: AuthorizeSession['step'],
  now: number,
): Promise<{ id: string; data: AuthorizeSession }> {
  const id = sessionIdFrom(request);
  if (id === undefined) {
    throw pageError(
      400,
      'invalid_request',
      'No authorization session (cookie missing); start again from your PGO.',
    );
  }
  const s = await store.sessions.get(id, now);
  if (!s)
    throw pageError(
      400,
      'invalid_request',
      'The authorization session has expired; start again from your PGO.',
    );
  const data = s.data as unknown as AuthorizeSession;
  if (data.step !== step) {
    throw pageError(
      400,
      'invalid_request',
      'This step of the authorization does not fit the session.',
      `step ${data.step}, wanted ${step}`,
    );
  }
  return { id, data };
}

/**
 * Rule: once DigiD has told who the person is, the session gets a new id (and cookie), and the old id
 * is worthless. A session id planted in the person's browser before the login (session fixation) thus
 * never reaches the consent step or the consents page.
 * @param store - the store
 * @param reply - to set the new cookie
 * @param config - cookie flags and the session lifetime
 * @param oldId - the session id the login ran under
 * @param data - the session's data after the login
 * @param now - epoch milliseconds
 * @returns the new session id
 */
export async function renewSession(
  store: Store,
  reply: FastifyReply,
  config: Config,
  oldId: string,
  data: Record<string, unknown>,
  now: number,
): Promise<string> {
  const id = randomUUID();
  await store.sessions.insert({ id, data, expiresAt: now + config.oauth.sessionTtl * 1000 });
  await store.sessions.delete(oldId);
  setSessionCookie(reply, config, id, config.oauth.sessionTtl);
  return id;
}
