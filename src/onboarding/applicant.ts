/**
 * The applicant's steps behind the portal: apply, the personal link, correct the form, choose the
 * MedMij name, get the generated documents, upload the signed copies and submit. The signed copies
 * belong to the data they were generated from: a correction or a new name that changes that data
 * clears them, and new signed copies are needed.
 */
import { randomBytes } from 'node:crypto';
import { NameTakenError, type Application, type DocumentKind } from '../store/applications.ts';
import { checkApplication, SYSTEMS, type ApplicationForm, type FieldError } from './eligibility.ts';
import { checkName, proposeNames, type NameProblem } from './naming.ts';
import { agreementPdf, choiceFormPdf, type DocumentInput } from './pdf.ts';
import { checkPdf } from './pdf-check.ts';
import { MESSAGES } from './mail.ts';
import { hashKey, OnboardingError, type OnboardingContext } from './context.ts';

/** Statuses in which the applicant may still change the application. */
export const EDITABLE_STATUSES: readonly Application['status'][] = ['draft', 'named', 'changes_requested'];

/** The data the documents are filled in with (their date aside): when it changes, they are stale. */
function documentData(app: Application): string {
  return JSON.stringify([
    app.organisation,
    app.ura,
    app.agbCodes,
    app.contactName,
    app.email,
    app.applicationIds,
    app.system,
    app.systemOther,
    app.services,
    app.naam,
  ]);
}

/**
 * The applicant's operations.
 * @param ctx - the shared onboarding helpers
 */
export function applicantSteps(ctx: OnboardingContext) {
  const { deps, store, now, event } = ctx;

  async function takenNames(): Promise<Set<string>> {
    const taken = new Set<string>(deps.zalNames ? await deps.zalNames() : []);
    for (const p of await store.providers.list()) taken.add(p.naam);
    for (const n of await store.applications.namesInUse()) taken.add(n);
    return taken;
  }

  function documentInput(app: Application): DocumentInput {
    if (app.naam === null) throw new OnboardingError('Kies eerst een MedMij-naam.');
    return {
      applicationId: app.id,
      organisation: app.organisation,
      ura: app.ura,
      agbCodes: app.agbCodes,
      contactName: app.contactName,
      email: app.email,
      applicationIds: app.applicationIds,
      systemLabel:
        app.system === 'other'
          ? app.systemOther
          : (SYSTEMS.find((s) => s.key === app.system)?.label ?? app.system),
      naam: app.naam,
      services: app.services.map((id) => ({ id, name: ctx.serviceName(id) })),
      dvzaName: deps.dvzaName,
      date: new Date(app.updatedAt),
    };
  }

  /** Stores the changed application; clears the signed copies when their data changed. */
  async function save(before: Application, next: Application): Promise<boolean> {
    await store.applications.update(next);
    if (documentData(before) === documentData(next)) return false;
    const cleared = await store.applications.deleteDocuments(before.id);
    if (cleared > 0)
      await event(before.id, 'brug', 'documents-cleared', 'de gegevens zijn gewijzigd; opnieuw ondertekenen');
    return cleared > 0;
  }

  return {
    takenNames,
    /** The signed documents of an application, as listed. */
    documentsOf: (id: string) => store.applications.documents(id),

    /**
     * Checks the form; on success stores a new application and mails the personal link. `mailed` is
     * false when the relay failed: the page then shows the link itself.
     */
    async apply(
      form: ApplicationForm,
    ): Promise<{ errors: FieldError[]; application?: Application; key?: string; mailed?: boolean }> {
      const { errors, value } = checkApplication(form, deps.rules);
      if (errors.length > 0) return { errors };
      const key = randomBytes(24).toString('base64url');
      const at = now();
      const application: Application = {
        id: crypto.randomUUID(),
        keyHash: hashKey(key),
        status: 'draft',
        ...value,
        naam: null,
        operatorNote: null,
        createdAt: at,
        updatedAt: at,
      };
      await store.applications.insert(application);
      await event(application.id, 'provider', 'applied', value.organisation);
      const mailed = await ctx.mail(
        application.id,
        value.email,
        `Aanvraag ontvangen: ${value.organisation}`,
        MESSAGES.received(value.organisation, ctx.link(key)),
      );
      return { errors: [], application, key, mailed };
    },

    /** The application behind a personal link. */
    async byKey(key: string): Promise<Application | undefined> {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(key)) return undefined;
      return store.applications.getByKeyHash(hashKey(key));
    },

    /** Corrects the form of an application (while it may still change). */
    async correct(
      app: Application,
      form: ApplicationForm,
    ): Promise<{ errors: FieldError[]; application?: Application; documentsCleared?: boolean }> {
      if (!EDITABLE_STATUSES.includes(app.status)) {
        throw new OnboardingError('Deze aanvraag kan niet meer worden gewijzigd.');
      }
      const { errors, value } = checkApplication(form, deps.rules);
      if (errors.length > 0) return { errors };
      const next: Application = { ...app, ...value, updatedAt: now() };
      const documentsCleared = await save(app, next);
      await event(app.id, 'provider', 'corrected', '');
      return { errors: [], application: next, documentsCleared };
    },

    /** Chooses the MedMij name, or says why not and proposes free ones. */
    async chooseName(
      app: Application,
      wish: string,
    ): Promise<{
      problem?: NameProblem;
      proposals: string[];
      application?: Application;
      documentsCleared?: boolean;
    }> {
      if (!EDITABLE_STATUSES.includes(app.status)) {
        throw new OnboardingError('De MedMij-naam van deze aanvraag kan niet meer worden gewijzigd.');
      }
      const taken = await takenNames();
      if (app.naam !== null) taken.delete(app.naam); // its own name is not "taken" for itself
      const problem = checkName(wish, taken);
      if (problem !== undefined) return { problem, proposals: proposeNames(app.organisation, wish, taken) };
      const next: Application = {
        ...app,
        naam: wish,
        status: app.status === 'draft' ? 'named' : app.status,
        updatedAt: now(),
      };
      let documentsCleared: boolean;
      try {
        documentsCleared = await save(app, next);
      } catch (e) {
        // Another application took the name between our check and our write (the unique index).
        if (!(e instanceof NameTakenError)) throw e;
        taken.add(wish);
        return { problem: 'taken', proposals: proposeNames(app.organisation, wish, taken) };
      }
      await event(app.id, 'provider', 'named', `${wish}@medmij`);
      return { proposals: [], application: next, documentsCleared };
    },

    /** The generated document, filled in with the application. */
    async document(app: Application, kind: DocumentKind): Promise<Uint8Array> {
      const input = documentInput(app);
      return kind === 'agreement' ? agreementPdf(input) : choiceFormPdf(input);
    },

    /** Checks and stores a signed copy (throws PdfCheckError with the reason when refused). */
    async upload(app: Application, kind: DocumentKind, filename: string, data: Buffer): Promise<void> {
      if (!['named', 'changes_requested'].includes(app.status)) {
        throw new OnboardingError(
          app.naam === null
            ? 'Kies eerst een MedMij-naam.'
            : 'Voor deze aanvraag kunnen geen documenten meer worden geüpload.',
        );
      }
      const checked = await checkPdf(data, deps.uploadMaxBytes);
      await store.applications.putDocument({
        applicationId: app.id,
        kind,
        filename,
        size: checked.size,
        sha256: checked.sha256,
        content: data,
        uploadedAt: now(),
      });
      await event(app.id, 'provider', `uploaded-${kind}`, `sha256 ${checked.sha256}`);
    },

    /** Sends the application to the operators' queue once both signed copies are in. */
    async submit(app: Application): Promise<Application> {
      const docs = await store.applications.documents(app.id);
      const missing = (['agreement', 'choice'] as const).filter((k) => !docs.some((d) => d.kind === k));
      if (app.naam === null) throw new OnboardingError('Kies eerst een MedMij-naam.');
      if (missing.length > 0) {
        throw new OnboardingError(
          `Upload eerst ${missing.map((k) => (k === 'agreement' ? 'de ondertekende verwerkersovereenkomst' : 'het ondertekende keuzeformulier')).join(' en ')}.`,
        );
      }
      if (!['named', 'changes_requested'].includes(app.status))
        throw new OnboardingError('Deze aanvraag is al ingediend.');
      const next: Application = { ...app, status: 'submitted', updatedAt: now() };
      await store.applications.update(next);
      await event(app.id, 'provider', 'submitted', '');
      await ctx.mail(
        app.id,
        app.email,
        `Documenten ontvangen: ${app.organisation}`,
        MESSAGES.submitted(app.organisation),
      );
      return next;
    },
  };
}
