/**
 * The audit side of the OAuth routes: every decision (authorize, DigiD login, consent, token, refresh,
 * revoke; accepted or refused) becomes an audit record (audit/record.ts) before its answer is sent.
 * Accepting steps call `ctx.audit` themselves; refusals are recorded once, by the error edges, with
 * what the throwing step knew attached to its error (`withAuditFacts`). A refusal that changed state
 * (a code used up, a replay's revocations) is recorded inside that change's transaction instead
 * (`markAudited` then tells the edge it is done). Technical failures (500) and requests refused before
 * any step ran (unreadable bodies, rate limits) are recorded too. Only registered client ids, closed
 * codes and ids are recorded; the patient only as the audit log's keyed pseudonym.
 */
import type { FastifyRequest } from 'fastify';
import type { OAuthDecision, OAuthStep } from '../../audit/index.ts';
import { traceIdsOf } from '../../log.ts';
import type { OAuthContext } from './context.ts';
import type { OAuthError } from './errors.ts';
import { sessionRef } from './secrets.ts';
import { sessionIdFrom } from './session.ts';

const STEPS: Record<string, OAuthStep> = {
  '/oauth/authorize': 'authorize',
  '/oauth/landing': 'landing',
  '/oauth/digid/callback': 'login',
  '/oauth/consent': 'consent',
  '/oauth/consents': 'portal',
  '/oauth/token': 'token',
  '/oauth/revoke': 'revoke',
};

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);

const facts = new WeakMap<object, Partial<OAuthDecision>>();
const audited = new WeakSet<object>();

/**
 * Notes that an error's refusal is already recorded (inside the transaction of what it changed).
 * @param error - the error about to be thrown
 */
export function markAudited<E extends object>(error: E): E {
  audited.add(error);
  return error;
}

/**
 * Attaches what a step knew (client, patient, provider, session ids) to the error it throws, for the
 * error edge's record of the refusal.
 * @param error - the error about to be thrown
 * @param known - the decision's fields known at that point
 */
export function withAuditFacts<E extends object>(error: E, known: Partial<OAuthDecision>): E {
  facts.set(error, { ...facts.get(error), ...known });
  return error;
}

/** The OAuth step a request belongs to, from its route template. */
export function stepOf(request: FastifyRequest): OAuthStep | undefined {
  return STEPS[request.routeOptions.url ?? ''];
}

/** A parameter of the query (GET) or form body (POST), when given once as text. */
function param(request: FastifyRequest, name: string): string | undefined {
  const src = (request.method === 'GET' ? request.query : request.body) as
    Record<string, unknown> | undefined;
  const v = src?.[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The record of a refused request (an OAuthError at one of the error edges).
 * @param ctx - the OAuth context (audit, client registry)
 * @param request - the refused request
 * @param error - why
 * @param status - the status answered (302/303 when redirected)
 */
export function refusal(
  ctx: OAuthContext,
  request: FastifyRequest,
  error: Pick<OAuthError, 'code'> | { code: 'slow_down' },
  status: number,
  outcome: OAuthDecision['outcome'] = 'refused',
): OAuthDecision | undefined {
  const step = stepOf(request);
  if (step === undefined) return undefined;
  const sid = sessionIdFrom(request);
  const clientId = param(request, 'client_id');
  const grantType = param(request, 'grant_type');
  return {
    step,
    outcome,
    status,
    reason: error.code,
    ...(clientId !== undefined && ctx.clients.get(clientId) ? { clientId } : {}),
    ...(step === 'token' && grantType !== undefined && GRANT_TYPES.has(grantType) ? { grantType } : {}),
    ...(sid === undefined ? {} : { sessionRef: sessionRef(sid) }),
    ...traceIdsOf(request.raw),
    ...facts.get(error),
  };
}

/**
 * Records a refusal; true when recorded (or nothing to record), false when the audit log failed (the
 * edge then answers a technical failure: no answer without its record).
 * @param ctx - the OAuth context
 * @param request - the refused request
 * @param error - why
 * @param status - the status answered
 */
export async function auditRefusal(
  ctx: OAuthContext,
  request: FastifyRequest,
  error: Pick<OAuthError, 'code'> | { code: 'slow_down' },
  status: number,
  outcome: OAuthDecision['outcome'] = 'refused',
): Promise<boolean> {
  if (audited.has(error)) return true;
  const decision = refusal(ctx, request, error, status, outcome);
  if (decision === undefined) return true;
  try {
    await ctx.audit(decision);
    return true;
  } catch (e) {
    request.log.error({ err: (e as Error).message, step: decision.step }, 'audit record not written');
    return false;
  }
}
