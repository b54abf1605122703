/**
 * What the portal's and the operators' forms share: the double-submit CSRF token (a hidden field that
 * must match an HttpOnly SameSite=Strict cookie, the Origin checked when present), the Dutch status
 * texts of an application, and reading the application form from a posted body.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Application, ApplicationStatus } from '../store/applications.ts';
import type { ApplicationValues } from '../web/portal-pages.ts';
import type { ApplicationForm } from './eligibility.ts';

/** The portal's CSRF cookie (its value is repeated in each form's hidden field). */
export const PORTAL_CSRF_COOKIE = 'brug_portal_csrf';

/** Dutch status texts for applicants and operators. */
export const STATUS_TEXT: Readonly<Record<ApplicationStatus, string>> = {
  draft: 'ontvangen; kies een MedMij-naam',
  named: 'MedMij-naam gekozen; upload de ondertekende documenten',
  submitted: 'ingediend; wacht op beoordeling',
  changes_requested: 'aanpassing gevraagd',
  approved: 'goedgekeurd',
  rejected: 'afgewezen',
};

/** The value of one cookie of the request. */
function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The CSRF token of this browser (set when absent).
 * @param request - the request
 * @param reply - the reply (the cookie is set on it)
 * @param config - for the Secure flag
 * @param name - the cookie's name
 * @param path - the cookie's path
 */
export function csrfFor(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  name: string,
  path: string,
): string {
  const existing = cookieValue(request, name);
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';
  reply.header('set-cookie', `${name}=${token}; Path=${path}; HttpOnly; SameSite=Strict${secure}`);
  return token;
}

/**
 * True when the form's token matches the cookie and the Origin (if sent) is ours.
 * @param request - the request
 * @param config - our public URL (the Origin)
 * @param name - the cookie's name
 * @param presented - the token from the form
 */
export function csrfOk(request: FastifyRequest, config: Config, name: string, presented: unknown): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== new URL(config.publicUrl).origin) return false;
  const cookie = cookieValue(request, name);
  if (cookie === undefined || typeof presented !== 'string' || presented.length !== cookie.length)
    return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(presented));
}

/** A posted field as one string. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
/** A posted field as a list of strings. */
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** The application form from a posted body. */
export function formOf(body: Record<string, unknown>): ApplicationForm {
  return {
    organisation: str(body.organisation),
    ura: str(body.ura),
    agbCodes: str(body.agbCodes),
    contactName: str(body.contactName),
    email: str(body.email),
    applicationIds: str(body.applicationIds),
    system: str(body.system),
    systemOther: str(body.systemOther),
    services: list(body.services),
  };
}

/** An application's values, to fill the form in again. */
export function valuesOf(app: Application): ApplicationValues {
  return {
    organisation: app.organisation,
    ura: app.ura,
    agbCodes: app.agbCodes.join(', '),
    contactName: app.contactName,
    email: app.email,
    applicationIds: app.applicationIds.join(', '),
    system: app.system,
    systemOther: app.systemOther,
    services: app.services,
  };
}
