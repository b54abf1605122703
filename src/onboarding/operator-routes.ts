/**
 * The operators' routes under `/beheer`: login (operators from BRUG_OPERATORS_FILE, scrypt hashes),
 * a session in the store (cookie holds a random id; the store only its SHA-256) with its own CSRF
 * token on every form, the queue, the review of an application, the signed documents, and each
 * provider's lifecycle. Every page but the login needs the session (checked in this context only).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { OperatorSession } from '../store/applications.ts';
import type { Store } from '../store/index.ts';
import { sendPortalPage } from '../web/portal-layout.ts';
import { renderPortalMessage } from '../web/portal-pages.ts';
import { renderOperatorLogin, renderProviderPage, renderQueue, renderReview } from '../web/operator-pages.ts';
import { ensureFormBody } from '../web/form-body.ts';
import { SYSTEMS } from './eligibility.ts';
import { checkOperatorLogin } from './operators.ts';
import { csrfFor, csrfOk, STATUS_TEXT } from './portal-routes.ts';
import { OnboardingError, PROVIDER_STATUS_TEXT, type Onboarding } from './service.ts';
import { ACTION_TEXT, steps } from './operator-texts.ts';

const SESSION_COOKIE = 'brug_beheer';
const LOGIN_CSRF_COOKIE = 'brug_beheer_login';
/** Operator sessions last eight hours. */
const SESSION_MS = 8 * 3600 * 1000;

/** What the operator routes need. */
export interface OperatorRouteOptions {
  config: Config;
  store: Store;
  onboarding: Onboarding;
  /** True when MedMij lists are fetched: "published" then comes from the fetched ZAL, not a button. */
  listsFetched?: boolean;
  now?: () => number;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const when = (ms: number): string =>
  new Intl.DateTimeFormat('nl-NL', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(ms));
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Registers the operator pages (an encapsulated plugin).
 * @param app - the operators' context
 * @param opts - configuration, store, onboarding operations
 */
export async function operatorRoutes(app: FastifyInstance, opts: OperatorRouteOptions): Promise<void> {
  const { config, store, onboarding } = opts;
  const now = opts.now ?? Date.now;
  await ensureFormBody(app);
  const secure = config.publicUrl.startsWith('https:') ? '; Secure' : '';

  async function session(request: FastifyRequest): Promise<OperatorSession | undefined> {
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
        const id = part.slice(eq + 1).trim();
        if (/^[A-Za-z0-9_-]{43}$/.test(id)) return store.applications.getOperatorSession(sha(id), now());
      }
    }
    return undefined;
  }

  const formOk = (request: FastifyRequest, s: OperatorSession, presented: unknown): boolean => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== new URL(config.publicUrl).origin) return false;
    return (
      typeof presented === 'string' &&
      presented.length === s.csrf.length &&
      timingSafeEqual(Buffer.from(presented), Buffer.from(s.csrf))
    );
  };
  const expired = (reply: FastifyReply): FastifyReply =>
    sendPortalPage(
      reply,
      403,
      renderPortalMessage(
        'Formulier verlopen',
        'Het formulier is verlopen of niet vanaf deze site verstuurd.',
        { href: '/beheer', text: 'Terug naar de wachtrij' },
      ),
    );

  // Every page but the login needs an operator session.
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.split('?')[0] === '/beheer/inloggen') return undefined;
    const s = await session(request);
    if (!s) return reply.redirect('/beheer/inloggen', 303);
    (request as unknown as { operator: OperatorSession }).operator = s;
    return undefined;
  });
  const op = (request: FastifyRequest): OperatorSession =>
    (request as unknown as { operator: OperatorSession }).operator;

  const loginPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    username: string,
    error?: string,
  ): FastifyReply =>
    sendPortalPage(
      reply,
      status,
      renderOperatorLogin({
        action: '/beheer/inloggen',
        csrf: csrfFor(request, reply, config, LOGIN_CSRF_COOKIE, '/beheer'),
        username,
        ...(error ? { error } : {}),
      }),
    );

  app.get('/beheer/inloggen', async (request, reply) => loginPage(request, reply, 200, ''));

  app.post('/beheer/inloggen', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!csrfOk(request, config, LOGIN_CSRF_COOKIE, body.csrf)) return expired(reply);
    const username = str(body.username).trim();
    const ok = await checkOperatorLogin(config.onboarding.operatorsFile, username, str(body.password));
    if (!ok) {
      request.log.warn({ event: 'operator_login_failed' }, 'operator login refused');
      return loginPage(request, reply, 401, username, 'Gebruikersnaam of wachtwoord klopt niet.');
    }
    const id = randomBytes(32).toString('base64url');
    await store.applications.insertOperatorSession({
      idHash: sha(id),
      username,
      csrf: randomBytes(32).toString('base64url'),
      expiresAt: now() + SESSION_MS,
    });
    request.log.info({ event: 'operator_login', operator: username }, 'operator logged in');
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=${id}; Path=/beheer; Max-Age=${SESSION_MS / 1000}; HttpOnly; SameSite=Strict${secure}`,
    );
    return reply.redirect('/beheer', 303);
  });

  app.post('/beheer/uitloggen', async (request, reply) => {
    const s = op(request);
    if (!formOk(request, s, ((request.body ?? {}) as Record<string, unknown>).csrf)) return expired(reply);
    await store.applications.deleteOperatorSession(s.idHash);
    reply.header(
      'set-cookie',
      `${SESSION_COOKIE}=; Path=/beheer; Max-Age=0; HttpOnly; SameSite=Strict${secure}`,
    );
    return reply.redirect('/beheer/inloggen', 303);
  });

  app.get('/beheer', async (request, reply) => {
    const s = op(request);
    const order = ['submitted', 'changes_requested', 'named', 'draft', 'approved', 'rejected'];
    const apps = (await store.applications.list()).sort(
      (a, b) => order.indexOf(a.status) - order.indexOf(b.status),
    );
    return sendPortalPage(
      reply,
      200,
      renderQueue({
        operator: s.username,
        applications: apps.map((a) => ({
          id: a.id,
          organisation: a.organisation,
          naam: a.naam,
          statusText: STATUS_TEXT[a.status],
          updated: when(a.updatedAt),
        })),
        providers: (await store.providers.list()).map((p) => ({
          naam: p.naam,
          displayName: p.displayName,
          status: PROVIDER_STATUS_TEXT[p.status],
        })),
        logout: { action: '/beheer/uitloggen', csrf: s.csrf },
      }),
    );
  });

  async function review(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { error?: string; notice?: string; note?: string } = {},
  ): Promise<FastifyReply> {
    const s = op(request);
    const id = (request.params as { id: string }).id;
    const a = await store.applications.get(id);
    if (!a)
      return sendPortalPage(
        reply,
        404,
        renderPortalMessage('Niet gevonden', 'Deze aanvraag bestaat niet.', {
          href: '/beheer',
          text: 'Terug',
        }),
      );
    const docs = await store.applications.documents(id);
    const history = await store.applications.events(id);
    return sendPortalPage(
      reply,
      status,
      renderReview({
        action: `/beheer/aanvraag/${id}`,
        csrf: s.csrf,
        organisation: a.organisation,
        statusText: STATUS_TEXT[a.status],
        rows: [
          ['Kenmerk', a.id],
          ['Organisatie', a.organisation],
          ['URA', a.ura],
          ['AGB-code(s)', a.agbCodes.join(', ')],
          ['Contactpersoon', `${a.contactName} (${a.email})`],
          ['LSP-applicatie-id(s)', a.applicationIds.join(', ')],
          [
            'Informatiesysteem',
            a.system === 'other'
              ? `Ander: ${a.systemOther}`
              : (SYSTEMS.find((x) => x.key === a.system)?.label ?? a.system),
          ],
          ['Gegevensdiensten', a.services.join(', ')],
          ['MedMij-naam', a.naam ? `${a.naam}@medmij` : '—'],
          ['Laatste bericht', a.operatorNote ?? '—'],
        ],
        documents: docs.map((d) => ({
          label: d.kind === 'agreement' ? 'Verwerkersovereenkomst' : 'Keuzeformulier',
          href: `/beheer/aanvraag/${id}/document/${d.kind}`,
          filename: d.filename,
          size: d.size,
          sha256: d.sha256,
        })),
        history: history.map((h) => ({
          at: when(h.at),
          actor: h.actor,
          action: ACTION_TEXT[h.action] ?? h.action,
          detail: h.detail,
        })),
        decisions:
          a.status === 'submitted'
            ? ['approve', 'changes', 'reject']
            : ['draft', 'named', 'changes_requested'].includes(a.status)
              ? ['reject']
              : [],
        note: extra.note ?? '',
        ...(extra.error ? { error: extra.error } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      }),
    );
  }

  app.get('/beheer/aanvraag/:id', async (request, reply) => review(request, reply, 200));

  app.get('/beheer/aanvraag/:id/document/:kind', async (request, reply) => {
    const { id, kind } = request.params as { id: string; kind: string };
    if (kind !== 'agreement' && kind !== 'choice') return reply.code(404).send();
    const doc = await store.applications.document(id, kind);
    if (!doc) return reply.code(404).send();
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${kind}-${id}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(doc.content);
  });

  app.post('/beheer/aanvraag/:id', async (request, reply) => {
    const s = op(request);
    const id = (request.params as { id: string }).id;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!formOk(request, s, body.csrf)) return expired(reply);
    const note = str(body.note);
    try {
      switch (str(body.decision)) {
        case 'approve': {
          const p = await onboarding.approve(id, s.username);
          return await reply.redirect(`/beheer/zorgaanbieder/${p.naam}`, 303);
        }
        case 'changes': {
          const r = await onboarding.requestChanges(id, s.username, note);
          return await review(request, reply, 200, {
            notice: r.mailed
              ? 'De aanvrager is gevraagd de aanvraag aan te passen (e-mail met nieuwe link verstuurd).'
              : `De aanvraag is teruggestuurd, maar de e-mail kon niet worden verstuurd. Geef de aanvrager zelf deze nieuwe link: ${r.link}`,
          });
        }
        case 'reject': {
          const r = await onboarding.reject(id, s.username, note);
          return await review(request, reply, 200, {
            notice: r.mailed
              ? 'De aanvraag is afgewezen; de aanvrager heeft de reden per e-mail gekregen.'
              : 'De aanvraag is afgewezen, maar de e-mail met de reden kon niet worden verstuurd: laat het de aanvrager zelf weten.',
          });
        }
        default:
          return await review(request, reply, 400, { error: 'Kies een besluit.', note });
      }
    } catch (e) {
      if (e instanceof OnboardingError) return review(request, reply, 409, { error: e.message, note });
      throw e;
    }
  });

  async function providerPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { error?: string; notice?: string } = {},
  ): Promise<FastifyReply> {
    const s = op(request);
    const naam = (request.params as { naam: string }).naam;
    const p = await store.providers.get(naam);
    if (!p)
      return sendPortalPage(
        reply,
        404,
        renderPortalMessage('Niet gevonden', 'Deze zorgaanbieder bestaat niet.', {
          href: '/beheer',
          text: 'Terug',
        }),
      );
    let submission: string | undefined;
    try {
      submission = JSON.stringify(await onboarding.submission(p.naam), null, 2);
    } catch (e) {
      if (!(e instanceof OnboardingError)) throw e;
      submission = e.message;
    }
    return sendPortalPage(
      reply,
      status,
      renderProviderPage({
        action: `/beheer/zorgaanbieder/${p.naam}`,
        csrf: s.csrf,
        naam: p.naam,
        displayName: p.displayName,
        status: PROVIDER_STATUS_TEXT[p.status],
        steps: steps(p.status, opts.listsFetched === true),
        ...(p.status === 'submitted' && opts.listsFetched === true
          ? {
              waiting:
                'Wacht op publicatie: deze pagina toont "gepubliceerd" zodra de opgehaalde zorgaanbiederslijst de naam bevat.',
            }
          : {}),
        submission,
        ...extra,
      }),
    );
  }

  app.get('/beheer/zorgaanbieder/:naam', async (request, reply) => providerPage(request, reply, 200));

  app.post('/beheer/zorgaanbieder/:naam', async (request, reply) => {
    const s = op(request);
    const naam = (request.params as { naam: string }).naam;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!formOk(request, s, body.csrf)) return expired(reply);
    try {
      switch (str(body.step)) {
        case 'submit':
          await onboarding.submitToMedmij(naam, s.username);
          return await providerPage(request, reply, 200, {
            notice: 'Aangemeld bij MedMij; wacht op publicatie in de zorgaanbiederslijst.',
          });
        case 'publish':
          if (opts.listsFetched === true)
            throw new OnboardingError(
              'Gepubliceerd volgt uit de opgehaalde zorgaanbiederslijst; dat zet Brug zelf zodra de naam erin staat.',
            );
          await onboarding.markPublished(naam, s.username);
          return await providerPage(request, reply, 200, { notice: 'Gemarkeerd als gepubliceerd.' });
        case 'live':
          await onboarding.goLive(naam, s.username);
          return await providerPage(request, reply, 200, { notice: 'De zorgaanbieder is live.' });
        case 'suspend': {
          const r = await onboarding.suspend(naam, s.username);
          return await providerPage(request, reply, 200, {
            notice: `Geschorst: ${r.grants} toestemmingen, ${r.tokens} access tokens en ${r.refreshTokens} refresh tokens ingetrokken.`,
          });
        }
        case 'offboard': {
          const r = await onboarding.offboard(naam, s.username);
          return await providerPage(request, reply, 200, {
            notice: `Afgemeld: ${r.grants} toestemmingen, ${r.tokens} access tokens en ${r.refreshTokens} refresh tokens ingetrokken.`,
          });
        }
        case 'resume':
          await onboarding.resume(naam, s.username);
          return await providerPage(request, reply, 200, {
            notice:
              'Hervat: de zorgaanbieder is weer goedgekeurd en kan opnieuw bij MedMij worden aangemeld.',
          });
        default:
          return await providerPage(request, reply, 400, { error: 'Kies een stap.' });
      }
    } catch (e) {
      if (e instanceof OnboardingError) return providerPage(request, reply, 409, { error: e.message });
      throw e;
    }
  });
}
