/**
 * The documents step of the portal: download the two generated documents (filled in with the
 * application), upload the signed copies (multipart, bounded, each file checked by pdf-check.ts).
 * Registered by portal-routes.ts in its context, with its helpers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Application, DocumentKind } from '../store/applications.ts';
import { sendPortalPage, type PageError } from '../web/portal-layout.ts';
import { renderDocumentsStep } from '../web/portal-pages.ts';
import { boundaryOf, MultipartError, parseMultipart } from './multipart.ts';
import { csrfOk, PORTAL_CSRF_COOKIE } from './portal-forms.ts';
import { PdfCheckError } from './pdf-check.ts';
import { OnboardingError, type Onboarding } from './service.ts';

const DOC_FILES: Record<string, DocumentKind> = {
  'verwerkersovereenkomst.pdf': 'agreement',
  'keuzeformulier.pdf': 'choice',
};

/** What the document routes borrow from the portal's context. */
export interface DocumentRouteHelpers {
  config: Config;
  onboarding: Onboarding;
  /** The application behind the request's personal link (a 404 page is sent when there is none). */
  load: (
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<{ app: Application; key: string; base: string } | undefined>;
  csrf: (request: FastifyRequest, reply: FastifyReply) => string;
  notFound: (reply: FastifyReply) => FastifyReply;
  expired: (reply: FastifyReply) => FastifyReply;
}

/**
 * Registers the documents step.
 * @param app - the portal's context (its multipart parser is registered there)
 * @param helpers - configuration, operations and the portal's helpers
 */
export function registerDocumentRoutes(app: FastifyInstance, helpers: DocumentRouteHelpers): void {
  const { config, onboarding, load, csrf, notFound, expired } = helpers;
  const maxUpload = config.onboarding.uploadMaxBytes;
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
    if (!csrfOk(request, config, PORTAL_CSRF_COOKIE, form.fields.csrf)) return expired(reply);
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
}
