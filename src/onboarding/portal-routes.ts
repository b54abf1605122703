/**
 * The provider portal's routes under `/portal`: the application form, and behind the personal link
 * (`/portal/aanvraag/{key}`, the key known only to the applicant's mailbox) the overview, the
 * MedMij-name step, the documents (download, upload) and submission. Forms carry a CSRF token in a
 * hidden field that must match an HttpOnly SameSite=Strict cookie (double submit: applicants have no
 * login); the Origin header is checked when present. Uploads are multipart, parsed by our own bounded
 * parser within this context only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Application } from '../store/applications.ts';
import { sendPortalPage } from '../web/portal-layout.ts';
import {
  renderApplicationForm,
  renderNameStep,
  renderOverview,
  renderPortalMessage,
  type ApplicationValues,
} from '../web/portal-pages.ts';
import { ensureFormBody } from '../web/form-body.ts';
import { SYSTEMS } from './eligibility.ts';
import { csrfFor, csrfOk, formOf, PORTAL_CSRF_COOKIE, STATUS_TEXT, str, valuesOf } from './portal-forms.ts';
import { NAME_PROBLEM_TEXT } from './naming.ts';
import { registerDocumentRoutes } from './portal-documents.ts';
import { EDITABLE_STATUSES, OnboardingError, type Onboarding } from './service.ts';

export { csrfFor, csrfOk, STATUS_TEXT } from './portal-forms.ts';

/** What the portal routes need. */
export interface PortalRouteOptions {
  config: Config;
  onboarding: Onboarding;
  services: ReadonlyArray<{ id: string; name: string }>;
}

const EDITABLE = EDITABLE_STATUSES;

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
    csrfFor(request, reply, config, PORTAL_CSRF_COOKIE, '/portal');
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
    if (!csrfOk(request, config, PORTAL_CSRF_COOKIE, body.csrf)) return expired(reply);
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
    if (!csrfOk(request, config, PORTAL_CSRF_COOKIE, body.csrf)) return expired(reply);
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
    if (!csrfOk(request, config, PORTAL_CSRF_COOKIE, body.csrf)) return expired(reply);
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

  registerDocumentRoutes(app, { config, onboarding, load, csrf, notFound, expired });

  app.post('/portal/aanvraag/:key/indienen', async (request, reply) => {
    const a = await load(request, reply);
    if (!a) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!csrfOk(request, config, PORTAL_CSRF_COOKIE, body.csrf)) return expired(reply);
    try {
      await onboarding.submit(a.app);
    } catch (e) {
      if (e instanceof OnboardingError) return overview(request, reply, a, 409, { error: e.message });
      throw e;
    }
    return reply.redirect(`${a.base}?ingediend=1`, 303);
  });
}
