/**
 * The patient's own consents page, `GET|POST /oauth/consents`: after a DigiD login (same broker,
 * same level rule as the authorization flow) the person sees their long-lived consents per provider
 * and PGO and can withdraw each (the grant is revoked with every token issued under it). Forms carry
 * the session's CSRF token; the session lives in the store like the authorization session, under the
 * same cookie. The DigiD callback hands portal logins here (`finishPortalLogin`).
 * Below the consents, the latest fetches of the person's data from the audit log (`deps.history`).
 * The DigiD login (accepted, cancelled, level too low), every view of the page and every withdrawal
 * is an audit record (step `portal`); a withdrawal commits in one transaction with its record.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PendingLogin } from '../../identity/index.ts';
import { LoginError, meetsLevel } from '../../identity/index.ts';
import {
  pickLang,
  renderConsentsLoginPage,
  renderConsentsPage,
  sendPage,
  t,
  type ConsentRow,
  type HistoryRow,
  type Lang,
} from '../../web/index.ts';
import { checkCsrf, checkOrigin } from './checks/origin.ts';
import type { OAuthContext } from './context.ts';
import { single } from './context.ts';
import { pageError } from './errors.ts';
import { newCsrfToken, newUuid, sessionRef } from './secrets.ts';
import { renewSession, sessionIdFrom, setSessionCookie } from './session.ts';
import { withAuditFacts } from './audit.ts';
import { traceIdsOf } from '../../log.ts';

const PATH = '/oauth/consents';

/** The person's latest 50 fetches, with provider and PGO names. */
async function historyRows(ctx: OAuthContext, bsn: string): Promise<HistoryRow[]> {
  const records = await ctx.history!(bsn);
  const names = new Map<string, string>();
  const rows: HistoryRow[] = [];
  for (const r of records.slice(0, 50)) {
    if (!names.has(r.provider)) {
      names.set(r.provider, (await ctx.store.providers.get(r.provider))?.displayName ?? r.provider);
    }
    rows.push({
      at: r.at,
      providerName: names.get(r.provider)!,
      pgoName: r.clientId === undefined ? '' : (ctx.clients.get(r.clientId)?.organisationName ?? r.clientId),
      what: r.resourceType,
      count: r.status === 200 ? r.matches : undefined,
    });
  }
  return rows;
}

/** The portal's session data. */
export interface PortalSession {
  kind: 'portal';
  step: 'portal-start' | 'portal-login' | 'portal';
  csrf: string;
  lang: Lang;
  login?: PendingLogin;
  /** Set after the login; server-side only. */
  bsn?: string;
  notice?: 'withdrawn';
}

async function loadPortal(
  ctx: OAuthContext,
  request: FastifyRequest,
): Promise<{ id: string; data: PortalSession } | undefined> {
  const id = sessionIdFrom(request);
  if (id === undefined) return undefined;
  const s = await ctx.store.sessions.get(id, ctx.now());
  const data = s?.data as Partial<PortalSession> | undefined;
  return data?.kind === 'portal' ? { id, data: data as PortalSession } : undefined;
}

const save = (ctx: OAuthContext, id: string, data: PortalSession): Promise<void> =>
  ctx.store.sessions.update(id, data as unknown as Record<string, unknown>);

async function consentRows(ctx: OAuthContext, bsn: string, now: number): Promise<ConsentRow[]> {
  const rows: ConsentRow[] = [];
  for (const g of await ctx.store.grants.listByBsn(bsn)) {
    if (!g.longLived || g.revokedAt !== null) continue;
    const refresh = await ctx.store.refreshTokens.activeForGrant(g.id);
    if (refresh && refresh.idleExpiresAt <= now) continue; // lapsed: no longer valid
    rows.push({
      grantId: g.id,
      providerName: (await ctx.store.providers.get(g.provider))?.displayName ?? g.provider,
      pgoName: ctx.clients.get(g.clientId)?.organisationName ?? g.clientId,
      serviceNames: g.services.map((sid) => ctx.services.find((s) => s.id === sid)?.name ?? sid),
      since: g.createdAt,
      lapsesAt: refresh?.idleExpiresAt,
    });
  }
  return rows;
}

/**
 * Completes a portal login at the DigiD callback.
 * @param ctx - the OAuth context
 * @param request - the callback request
 * @param reply - the reply
 * @param id - the session id
 * @param data - the portal session at step `portal-login`
 */
export async function finishPortalLogin(
  ctx: OAuthContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  data: PortalSession,
): Promise<FastifyReply> {
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  const known = { step: 'portal' as const, sessionRef: sessionRef(id), ...traceIdsOf(request.raw) };
  if (!data.login) {
    throw withAuditFacts(pageError(400, 'invalid_request', 'No DigiD login is pending; start again.'), {
      ...known,
      facts: { action: 'login' },
    });
  }
  let auth;
  try {
    auth = await ctx.login.finish(
      new URL(`${ctx.config.publicUrl}/oauth/digid/callback${query}`),
      data.login,
    );
  } catch (e) {
    if (e instanceof LoginError && e.cancelled) {
      await ctx.store.sessions.delete(id);
      setSessionCookie(reply, ctx.config, '', 0);
      throw withAuditFacts(pageError(400, 'access_denied', 'The DigiD login was cancelled.', e.reason), {
        ...known,
        facts: { action: 'login', login: 'cancelled' },
      });
    }
    throw e;
  }
  if (!meetsLevel(auth.level, ctx.settings.minimumLevel)) {
    await ctx.store.sessions.delete(id);
    setSessionCookie(reply, ctx.config, '', 0);
    throw withAuditFacts(
      pageError(403, 'access_denied', 'The DigiD login is below the required assurance level.', auth.level),
      {
        ...known,
        bsn: auth.bsn,
        facts: { action: 'login', level: auth.level, required: ctx.settings.minimumLevel },
      },
    );
  }
  await ctx.audit({
    ...known,
    outcome: 'accepted',
    status: 303,
    bsn: auth.bsn,
    facts: { action: 'login', level: auth.level },
  });
  const next: PortalSession = {
    kind: 'portal',
    step: 'portal',
    csrf: newCsrfToken(),
    lang: data.lang,
    bsn: auth.bsn,
  };
  const renewed = await renewSession(
    ctx.store,
    reply,
    ctx.config,
    id,
    next as unknown as Record<string, unknown>,
    ctx.now(),
  );
  ctx.logger.info(
    { event: 'portal_login', traceId: request.id, level: auth.level, sessionRef: sessionRef(renewed) },
    'patient logged in to the consents page',
  );
  return reply.header('cache-control', 'no-store').redirect(PATH, 303);
}

/**
 * Registers the consents page.
 * @param app - the browser-routes context
 * @param ctx - the OAuth context
 */
export function registerPortal(app: FastifyInstance, ctx: OAuthContext): void {
  app.get(PATH, async (request, reply) => {
    const now = ctx.now();
    const asked = (request.query as Record<string, unknown>).lang;
    const portal = await loadPortal(ctx, request);
    if (portal?.data.step === 'portal' && portal.data.bsn !== undefined) {
      const { id, data } = portal;
      const bsn = portal.data.bsn;
      if (asked === 'nl' || asked === 'en') data.lang = asked;
      const notice = data.notice;
      delete data.notice;
      await save(ctx, id, data);
      const consents = await consentRows(ctx, bsn, now);
      const history = ctx.history ? await historyRows(ctx, bsn) : undefined;
      // Viewing one's consents and fetch history is itself an access to be recorded.
      await ctx.audit({
        step: 'portal',
        outcome: 'accepted',
        status: 200,
        bsn,
        sessionRef: sessionRef(id),
        facts: { action: 'view', consents: consents.length, history: history?.length ?? 0 },
        ...traceIdsOf(request.raw),
      });
      const page = renderConsentsPage({
        consents,
        ...(history ? { history } : {}),
        action: PATH,
        csrfToken: data.csrf,
        lang: data.lang,
        ...(notice === 'withdrawn'
          ? {
              notice: t(data.lang, {
                nl: 'De toestemming is ingetrokken.',
                en: 'The consent was withdrawn.',
              }),
            }
          : {}),
      });
      return sendPage(reply, 200, page);
    }
    const id = newUuid();
    const data: PortalSession = {
      kind: 'portal',
      step: 'portal-start',
      csrf: newCsrfToken(),
      lang: pickLang(request, ctx.settings.acceptLanguage),
    };
    await ctx.store.sessions.insert({
      id,
      data: data as unknown as Record<string, unknown>,
      expiresAt: now + ctx.config.oauth.sessionTtl * 1000,
    });
    setSessionCookie(reply, ctx.config, id, ctx.config.oauth.sessionTtl);
    const page = renderConsentsLoginPage({ action: PATH, csrfToken: data.csrf, lang: data.lang });
    return sendPage(reply, 200, page, { formActionOrigins: [new URL(ctx.config.oidc.issuer).origin] });
  });

  app.post(PATH, async (request, reply) => {
    const portal = await loadPortal(ctx, request);
    if (!portal) throw pageError(400, 'invalid_request', 'Your session has expired; open the page again.');
    const { id, data } = portal;
    checkOrigin(request, ctx.config.publicUrl);
    checkCsrf(data.csrf, (request.body as Record<string, unknown> | undefined)?.csrf);
    const action = single(request.body, 'action', false);

    if (data.step === 'portal-start' && action === 'login') {
      const started = await ctx.login.start();
      data.step = 'portal-login';
      data.login = started.pending;
      await save(ctx, id, data);
      return reply.header('cache-control', 'no-store').redirect(started.url, 303);
    }
    if (data.step !== 'portal' || data.bsn === undefined)
      throw pageError(400, 'invalid_request', 'Log in with DigiD first.');
    const who = {
      step: 'portal' as const,
      bsn: data.bsn,
      sessionRef: sessionRef(id),
      ...traceIdsOf(request.raw),
    };
    if (action === 'logout') {
      await ctx.audit({ ...who, outcome: 'accepted', status: 303, facts: { action: 'logout' } });
      await ctx.store.sessions.delete(id);
      setSessionCookie(reply, ctx.config, '', 0);
      return reply.header('cache-control', 'no-store').redirect(PATH, 303);
    }
    const grantId = single(request.body, 'grant', false);
    const grant = grantId === undefined ? undefined : await ctx.store.grants.get(grantId);
    if (!grant || grant.bsn !== data.bsn || !grant.longLived) {
      throw withAuditFacts(
        pageError(400, 'invalid_request', 'This consent is not yours or does not exist.'),
        {
          ...who,
          facts: { action: 'withdraw' },
        },
      );
    }
    await ctx.store.transaction(async (tx) => {
      await tx.grants.revoke(grant.id, ctx.now());
      await ctx.audit(
        {
          ...who,
          outcome: 'accepted',
          status: 303,
          clientId: grant.clientId,
          provider: grant.provider,
          services: grant.services,
          grantId: grant.id,
          facts: { action: 'withdraw' },
        },
        tx,
      );
    });
    ctx.logger.info(
      {
        event: 'consent_withdrawn',
        traceId: request.id,
        grantId: grant.id,
        clientId: grant.clientId,
        provider: grant.provider,
        sessionRef: sessionRef(id),
      },
      'the patient withdrew a long-lived consent',
    );
    data.notice = 'withdrawn';
    await save(ctx, id, data);
    return reply.header('cache-control', 'no-store').redirect(PATH, 303);
  });
}
