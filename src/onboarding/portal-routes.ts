/**
 * The provider portal's routes under `/portal`: the application form, and behind the personal link
 * (`/portal/aanvraag/{key}`, the key known only to the applicant's mailbox) the overview, the
 * MedMij-name step, the documents (download, upload) and submission. Forms carry a CSRF token in a
 * hidden field that must match an HttpOnly SameSite=Strict cookie (double submit: applicants have no
 * login); the Origin header is checked when present. Uploads are multipart, parsed by our own bounded
 * parser within this context only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Application, ApplicationStatus, DocumentKind } from '../store/applications.ts';
import { sendPortalPage, type PageError } from '../web/portal-layout.ts';
import {
  renderApplicationForm,
  renderDocumentsStep,
  renderNameStep,
  renderOverview,
  renderPortalMessage,
  type ApplicationValues,
} from '../web/portal-pages.ts';
import { ensureFormBody } from '../web/form-body.ts';
import { SYSTEMS, type ApplicationForm } from './eligibility.ts';
import { boundaryOf, MultipartError, parseMultipart } from './multipart.ts';
import { NAME_PROBLEM_TEXT } from './naming.ts';
import { PdfCheckError } from './pdf-check.ts';
import { EDITABLE_STATUSES, OnboardingError, type Onboarding } from './service.ts';

const CSRF_COOKIE = 'brug_portal_csrf';

/** Dutch status texts for applicants and operators. */
export const STATUS_TEXT: Readonly<Record<ApplicationStatus, string>> = {
  draft: 'ontvangen; kies een MedMij-naam',
  named: 'MedMij-naam gekozen; upload de ondertekende documenten',
  submitted: 'ingediend; wacht op beoordeling',
  changes_requested: 'aanpassing gevraagd',
  approved: 'goedgekeurd',
  rejected: 'afgewezen',
};

/** What the portal routes need. */
export interface PortalRouteOptions {
  config: Config;
  onboarding: Onboarding;
  services: ReadonlyArray<{ id: string; name: string }>;
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The CSRF token of this browser (set when absent). */
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

/** True when the form's token matches the cookie and the Origin (if sent) is ours. */
export function csrfOk(request: FastifyRequest, config: Config, name: string, presented: unknown): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== new URL(config.publicUrl).origin) return false;
  const cookie = cookieValue(request, name);
  if (cookie === undefined || typeof presented !== 'string' || presented.length !== cookie.length)
    return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(presented));
}

const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

function formOf(body: Record<string, unknown>): ApplicationForm {
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

function valuesOf(app: Application): ApplicationValues {
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

const EDITABLE = EDITABLE_STATUSES;
const DOC_FILES: Record<string, DocumentKind> = {
  'verwerkersovereenkomst.pdf': 'agreement',
  'keuzeformulier.pdf': 'choice',
};

/**
 * Registers the portal (an encapsulated plugin).
 * @param app - the portal's context
 * @param opts - configuration, onboarding operations, offered services
 */
export async function portalRoutes(app: FastifyInstance, opts: PortalRouteOptions): Promise<void> {
  const { config, onboarding } = opts;
  const maxUpload = config.onboarding.uploadMaxBytes;
  await ensureFormBody(app);
  // Both files plus the form's fields fit; each file is bounded again by the parser and the check.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: 2 * maxUpload + 64 * 1024 },
    (_req, body, done) => {
      done(null, body);
    },
  );
  const csrf = (request: FastifyRequest, reply: FastifyReply): string =>
    csrfFor(request, reply, config, CSRF_COOKIE, '/portal');
  const expired = (reply: FastifyReply): FastifyReply =>
    sendPortalPage(
      reply,
      403,
      renderPortalMessage(
        'Formulier verlopen',
        'Het formulier is verlopen of niet vanaf deze site verstuurd. Open de pagina opnieuw en probeer het nog eens.',
      ),
    );
  const notFound = (reply: FastifyReply): FastifyReply =>
    sendPortalPage(
      reply,
      404,
      renderPortalMessage(
        'Aanvraag niet gevonden',
        'Deze link hoort bij geen aanvraag (meer). Gebruik de nieuwste link uit uw e-mail.',
      ),
    );

  const formPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    values: ApplicationValues,
    errors: Array<{ field: keyof ApplicationValues; message: string }>,
    action: string,
    correction: boolean,
  ): FastifyReply =>
    sendPortalPage(
      reply,
      status,
      renderApplicationForm({
        action,
        csrf: csrf(request, reply),
        values,
        errors,
        systems: SYSTEMS,
        services: opts.services,
        title: correction ? 'Gegevens van uw aanvraag wijzigen' : 'Aansluiting op Brug aanvragen',
        button: correction ? 'Wijzigingen opslaan' : 'Aanvraag versturen',
      }),
    );

  const empty: ApplicationValues = {
    organisation: '',
    ura: '',
    agbCodes: '',
    contactName: '',
    email: '',
    applicationIds: '',
    system: '',
    systemOther: '',
    services: [],
  };

  app.get('/portal', async (request, reply) => formPage(request, reply, 200, empty, [], '/portal', false));

  app.post('/portal', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!csrfOk(request, config, CSRF_COOKIE, body.csrf)) return expired(reply);
    const form = formOf(body);
    const result = await onboarding.apply(form);
    if (result.errors.length > 0) return formPage(request, reply, 400, form, result.errors, '/portal', false);
    return reply
      .header('cache-control', 'no-store')
      .redirect(
        `/portal/aanvraag/${result.key!}?ontvangen=1${result.mailed === false ? '&mail=0' : ''}`,
        303,
      );
  });

  async function load(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ app: Application; key: string; base: string } | undefined> {
    const key = (request.params as { key: string }).key;
    const application = await onboarding.byKey(key);
    if (!application) {
      notFound(reply);
      return undefined;
    }
    return { app: application, key, base: `/portal/aanvraag/${key}` };
  }

  async function overview(
    request: FastifyRequest,
    reply: FastifyReply,
    a: { app: Application; base: string },
    status: number,
    extra: { notice?: string; error?: string } = {},
  ): Promise<FastifyReply> {
    const { app: application, base } = a;
    const docs = await onboarding.documentsOf(application.id);
    const canSubmit =
      ['named', 'changes_requested'].includes(application.status) &&
      docs.some((d) => d.kind === 'agreement') &&
      docs.some((d) => d.kind === 'choice');
    const serviceNames = application.services.map(
      (id) => `${opts.services.find((s) => s.id === id)?.name ?? id} (${id})`,
    );
    return sendPortalPage(
      reply,
      status,
      renderOverview({
        organisation: application.organisation,
        statusText: STATUS_TEXT[application.status],
        naam: application.naam,
        rows: [
          ['Organisatie', application.organisation],
          ['URA', application.ura],
          ['AGB-code(s)', application.agbCodes.join(', ')],
          ['Contactpersoon', `${application.contactName} (${application.email})`],
          ['LSP-applicatie-id(s)', application.applicationIds.join(', ')],
          [
            'Informatiesysteem',
            application.system === 'other'
              ? application.systemOther
              : (SYSTEMS.find((s) => s.key === application.system)?.label ?? ''),
          ],
          ['Gegevensdiensten', serviceNames.join('; ')],
          ['MedMij-naam', application.naam ? `${application.naam}@medmij` : 'nog niet gekozen'],
        ],
        base,
        documents: docs.map((d) => ({
          label: d.kind === 'agreement' ? 'Verwerkersovereenkomst' : 'Keuzeformulier',
          filename: d.filename,
          sha256: d.sha256,
        })),
        operatorNote:
          application.status === 'changes_requested' || application.status === 'rejected'
            ? application.operatorNote
            : null,
        canEdit: EDITABLE.includes(application.status),
        ...(canSubmit ? { submit: { action: `${base}/indienen`, csrf: csrf(request, reply) } } : {}),
        ...extra,
      }),
    );
  }

  app.get('/portal/aanvraag/:key', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const q = request.query as Record<string, unknown>;
    const again = 'Download de documenten opnieuw en upload nieuwe ondertekende versies.';
    const notice =
      q.ontvangen === '1'
        ? q.mail === '0'
          ? `Uw aanvraag is ontvangen: u voldoet aan de voorwaarden. Wij konden u de link naar deze pagina niet mailen: bewaar het adres van deze pagina (${config.publicUrl}${a.base}), het is uw persoonlijke link. Kies nu uw MedMij-naam.`
          : 'Uw aanvraag is ontvangen: u voldoet aan de voorwaarden. Wij hebben de link naar deze pagina ook gemaild. Kies nu uw MedMij-naam.'
        : q.ingediend === '1'
          ? 'Uw aanvraag is ingediend. Een beheerder beoordeelt hem; u krijgt bericht per e-mail.'
          : q.opgeslagen === '1'
            ? q.opnieuw === '1'
              ? `Uw wijzigingen zijn opgeslagen. De ondertekende documenten horen bij de oude gegevens en zijn vervallen. ${again}`
              : 'Uw wijzigingen zijn opgeslagen.'
            : undefined;
    return overview(request, reply, a, 200, notice ? { notice } : {});
  });

  app.get('/portal/aanvraag/:key/wijzigen', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    if (!EDITABLE.includes(a.app.status))
      return overview(request, reply, a, 409, { error: 'Deze aanvraag kan niet meer worden gewijzigd.' });
    return formPage(request, reply, 200, valuesOf(a.app), [], `${a.base}/wijzigen`, true);
  });

  app.post('/portal/aanvraag/:key/wijzigen', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!csrfOk(request, config, CSRF_COOKIE, body.csrf)) return expired(reply);
    const form = formOf(body);
    let cleared = false;
    try {
      const result = await onboarding.correct(a.app, form);
      if (result.errors.length > 0)
        return await formPage(request, reply, 400, form, result.errors, `${a.base}/wijzigen`, true);
      cleared = result.documentsCleared === true;
    } catch (e) {
      if (e instanceof OnboardingError) return overview(request, reply, a, 409, { error: e.message });
      throw e;
    }
    return reply.redirect(`${a.base}?opgeslagen=1${cleared ? '&opnieuw=1' : ''}`, 303);
  });

  const namePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    a: { app: Application; base: string },
    status: number,
    value: string,
    error?: string,
    proposals: string[] = [],
  ): FastifyReply =>
    sendPortalPage(
      reply,
      status,
      renderNameStep({
        action: `${a.base}/naam`,
        csrf: csrf(request, reply),
        organisation: a.app.organisation,
        value,
        proposals,
        back: a.base,
        ...(error ? { error } : {}),
      }),
    );

  app.get('/portal/aanvraag/:key/naam', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    if (!EDITABLE.includes(a.app.status))
      return overview(request, reply, a, 409, { error: 'De MedMij-naam kan niet meer worden gewijzigd.' });
    return namePage(request, reply, a, 200, a.app.naam ?? '');
  });

  app.post('/portal/aanvraag/:key/naam', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!csrfOk(request, config, CSRF_COOKIE, body.csrf)) return expired(reply);
    const proposal = str(body.voorstel);
    const wish = (proposal !== '' ? proposal : str(body.naam)).trim();
    let cleared = false;
    try {
      const result = await onboarding.chooseName(a.app, wish);
      cleared = result.documentsCleared === true;
      if (result.problem !== undefined) {
        const hint =
          result.proposals.length > 0
            ? ' Kies een van de voorgestelde vrije namen of probeer een andere.'
            : '';
        return await namePage(
          request,
          reply,
          a,
          400,
          wish,
          NAME_PROBLEM_TEXT[result.problem] + hint,
          result.proposals,
        );
      }
    } catch (e) {
      if (e instanceof OnboardingError) return overview(request, reply, a, 409, { error: e.message });
      throw e;
    }
    return reply.redirect(`${a.base}/documenten?naam=${cleared ? '2' : '1'}`, 303);
  });

  const documentsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    a: { app: Application; base: string },
    status: number,
    errors: PageError[] = [],
    notice?: string,
  ): Promise<FastifyReply> =>
    sendPortalPage(
      reply,
      status,
      renderDocumentsStep({
        action: `${a.base}/documenten`,
        csrf: csrf(request, reply),
        organisation: a.app.organisation,
        naam: a.app.naam ?? '',
        agreementUrl: `${a.base}/document/verwerkersovereenkomst.pdf`,
        choiceUrl: `${a.base}/document/keuzeformulier.pdf`,
        uploaded: (await onboarding.documentsOf(a.app.id)).map((d) => ({
          kind: d.kind,
          filename: d.filename,
          sha256: d.sha256,
        })),
        errors,
        maxKb: Math.floor(maxUpload / 1024),
        back: a.base,
        ...(notice ? { notice } : {}),
      }),
    );

  app.get('/portal/aanvraag/:key/documenten', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    if (a.app.naam === null) return reply.redirect(`${a.base}/naam`, 303);
    const q = request.query as Record<string, unknown>;
    return documentsPage(
      request,
      reply,
      a,
      200,
      [],
      q.naam === '1'
        ? `De MedMij-naam ${a.app.naam}@medmij is vastgelegd. Download nu de documenten.`
        : q.naam === '2'
          ? `De MedMij-naam ${a.app.naam}@medmij is vastgelegd. De eerder geüploade documenten noemden de oude naam en zijn vervallen: download de documenten opnieuw en upload nieuwe ondertekende versies.`
          : undefined,
    );
  });

  app.get('/portal/aanvraag/:key/document/:file', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const kind = DOC_FILES[(request.params as { file: string }).file];
    if (kind === undefined || a.app.naam === null) return notFound(reply);
    const pdf = await onboarding.document(a.app, kind);
    return reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="${kind === 'agreement' ? 'verwerkersovereenkomst' : 'keuzeformulier'}-${a.app.naam}.pdf"`,
      )
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(pdf));
  });

  app.post('/portal/aanvraag/:key/documenten', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const boundary = boundaryOf(request.headers['content-type']);
    if (boundary === undefined || !Buffer.isBuffer(request.body)) {
      return documentsPage(request, reply, a, 400, [
        { id: 'upload-overeenkomst', message: 'Upload de bestanden met het formulier op deze pagina.' },
      ]);
    }
    let form;
    try {
      form = parseMultipart(request.body, boundary, { maxFileBytes: maxUpload, maxParts: 6 });
    } catch (e) {
      if (!(e instanceof MultipartError)) throw e;
      const id = e.field === 'choice' ? 'upload-keuzeformulier' : 'upload-overeenkomst';
      return documentsPage(request, reply, a, e.status, [{ id, message: e.message }]);
    }
    if (!csrfOk(request, config, CSRF_COOKIE, form.fields.csrf)) return expired(reply);
    const errors: PageError[] = [];
    let stored = 0;
    for (const [field, kind, id] of [
      ['agreement', 'agreement', 'upload-overeenkomst'],
      ['choice', 'choice', 'upload-keuzeformulier'],
    ] as const) {
      const file = form.files.find((f) => f.field === field);
      if (!file) continue;
      try {
        await onboarding.upload(a.app, kind, file.filename || `${kind}.pdf`, file.data);
        stored++;
      } catch (e) {
        if (e instanceof PdfCheckError || e instanceof OnboardingError)
          errors.push({ id, message: e.message });
        else throw e;
      }
    }
    if (stored === 0 && errors.length === 0)
      errors.push({ id: 'upload-overeenkomst', message: 'Kies een bestand om te uploaden.' });
    if (errors.length > 0) return documentsPage(request, reply, a, 400, errors);
    const docs = await onboarding.documentsOf(a.app.id);
    if (docs.length >= 2) return reply.redirect(`${a.base}?ontvangen=0`, 303);
    return documentsPage(
      request,
      reply,
      a,
      200,
      [],
      'Het document is ontvangen. Upload ook het andere document.',
    );
  });

  app.post('/portal/aanvraag/:key/indienen', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!csrfOk(request, config, CSRF_COOKIE, body.csrf)) return expired(reply);
    try {
      await onboarding.submit(a.app);
    } catch (e) {
      if (e instanceof OnboardingError) return overview(request, reply, a, 409, { error: e.message });
      throw e;
    }
    return reply.redirect(`${a.base}?ingediend=1`, 303);
  });
}
