/**
 * The onboarding operations, shared by the portal, the operator pages and the CLI: apply, choose a
 * MedMij name, get the documents, upload the signed copies; review (request changes, approve,
 * reject); and the provider lifecycle approved -> submitted to MedMij -> published -> live, and
 * suspension (grants and tokens revoked in one transaction; the provider leaves our ZAL entries,
 * which list only live providers). Every step is recorded in the application's history.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/index.ts';
import type { Provider, ProviderStatus } from '../store/types.ts';
import type { Application, DocumentKind } from '../store/applications.ts';
import type { DataServiceInfo } from '../services/catalogue.ts';
import {
  checkApplication,
  SYSTEMS,
  type ApplicationForm,
  type EligibilityRules,
  type FieldError,
} from './eligibility.ts';
import { checkName, proposeNames, type NameProblem } from './naming.ts';
import { agreementPdf, choiceFormPdf, type DocumentInput } from './pdf.ts';
import { checkPdf } from './pdf-check.ts';
import { MESSAGES, type Mailer } from './mail.ts';

/** A step that is not allowed now (the message is Dutch, for pages and the CLI). */
export class OnboardingError extends Error {
  override readonly name = 'OnboardingError';
}

/** What the onboarding operations need. */
export interface OnboardingDeps {
  store: Store;
  mailer: Mailer;
  rules: EligibilityRules;
  /** Data services offered (ids, names, system roles). */
  services: readonly DataServiceInfo[];
  /** Names in the current MedMij provider list (ZAL), without `@medmij`; none when not wired. */
  zalNames?: () => Promise<Set<string>>;
  /** Front-channel URL of the portal (links in e-mail). */
  publicUrl: string;
  /** Base URL of our ZAL endpoints. */
  zalUrl: string;
  uploadMaxBytes: number;
  dvzaName: string;
  now?: () => number;
}

/** One entry of a submission to MedMij: a data service and its endpoints. */
export interface SubmissionService {
  id: string;
  name: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  systemRole: string;
  resourceEndpoint: string;
}

/** What we submit to MedMij for the provider list. */
export interface Submission {
  name: string;
  services: SubmissionService[];
  statement: string;
}

const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The onboarding operations. */
export type Onboarding = ReturnType<typeof createOnboarding>;

/**
 * Builds the onboarding operations.
 * @param deps - store, mailer, rules and URLs
 */
export function createOnboarding(deps: OnboardingDeps) {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const link = (key: string): string => `${deps.publicUrl}/portal/aanvraag/${key}`;
  const event = (applicationId: string, actor: string, action: string, detail = ''): Promise<void> =>
    store.applications.addEvent({ applicationId, at: now(), actor, action, detail });
  const serviceName = (id: string): string => deps.services.find((s) => s.id === id)?.name ?? id;
  const mail = async (to: string, subject: string, text: string): Promise<void> => {
    await deps.mailer.send({ to, subject, text });
  };

  async function takenNames(): Promise<Set<string>> {
    const taken = new Set<string>(deps.zalNames ? await deps.zalNames() : []);
    for (const p of await store.providers.list()) taken.add(p.naam);
    for (const n of await store.applications.namesInUse()) taken.add(n);
    return taken;
  }

  async function mustGet(id: string): Promise<Application> {
    const app = await store.applications.get(id);
    if (!app) throw new OnboardingError(`Aanvraag ${id} bestaat niet.`);
    return app;
  }

  /** The provider of an approved application (by application id or MedMij name). */
  async function providerOf(ref: string): Promise<{ provider: Provider; app: Application | undefined }> {
    const app = (await store.applications.get(ref)) ?? (await store.applications.byNaam(ref));
    const naam = app?.naam ?? ref;
    const provider = await store.providers.get(naam);
    if (!provider) throw new OnboardingError(`Zorgaanbieder ${naam} bestaat niet (nog niet goedgekeurd?).`);
    return { provider, app };
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
      services: app.services.map((id) => ({ id, name: serviceName(id) })),
      dvzaName: deps.dvzaName,
      date: new Date(app.updatedAt),
    };
  }

  async function step(
    naam: string,
    from: ProviderStatus[],
    to: ProviderStatus,
    actor: string,
  ): Promise<Provider> {
    const { provider, app } = await providerOf(naam);
    if (!from.includes(provider.status)) {
      throw new OnboardingError(
        `Zorgaanbieder ${provider.naam} is ${provider.status}; deze stap kan alleen vanuit ${from.join(' of ')}.`,
      );
    }
    await store.applications.setProviderStatus(provider.naam, to);
    await event(app?.id ?? `provider:${provider.naam}`, actor, `provider-${to}`, provider.naam);
    return { ...provider, status: to };
  }

  /** What we submit to MedMij for a provider: its name, endpoints per data service, the statement. */
  async function submission(naam: string): Promise<Submission> {
    const { provider } = await providerOf(naam);
    return {
      name: `${provider.naam}@medmij`,
      services: provider.services.map((s) => {
        const info = deps.services.find((d) => d.id === s.id);
        return {
          id: s.id,
          name: info?.name ?? s.id,
          authorizationEndpoint: `${deps.zalUrl}/oauth/authorize`,
          tokenEndpoint: `${deps.zalUrl}/oauth/token`,
          systemRole: info?.systemRole ?? '',
          resourceEndpoint: `${deps.zalUrl}/fhir/${provider.naam}/${s.id}/stu3`,
        };
      }),
      statement: `${provider.displayName} (URA ${provider.ura}) verklaart de naam ${provider.naam}@medmij te voeren en geeft ${deps.dvzaName} opdracht deze met de genoemde gegevensdiensten aan te melden (ondertekend keuzeformulier in het dossier).`,
    };
  }

  return {
    takenNames,
    link,
    /** The signed documents of an application, as listed. */
    documentsOf: (id: string) => store.applications.documents(id),

    /** Checks the form; on success stores a new application and mails the personal link. */
    async apply(
      form: ApplicationForm,
    ): Promise<{ errors: FieldError[]; application?: Application; key?: string }> {
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
      await mail(
        value.email,
        `Aanvraag ontvangen: ${value.organisation}`,
        MESSAGES.received(value.organisation, link(key)),
      );
      return { errors: [], application, key };
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
    ): Promise<{ errors: FieldError[]; application?: Application }> {
      if (!['draft', 'named', 'changes_requested'].includes(app.status)) {
        throw new OnboardingError('Deze aanvraag kan niet meer worden gewijzigd.');
      }
      const { errors, value } = checkApplication(form, deps.rules);
      if (errors.length > 0) return { errors };
      const next: Application = { ...app, ...value, updatedAt: now() };
      await store.applications.update(next);
      await event(app.id, 'provider', 'corrected', '');
      return { errors: [], application: next };
    },

    /** Chooses the MedMij name, or says why not and proposes free ones. */
    async chooseName(
      app: Application,
      wish: string,
    ): Promise<{ problem?: NameProblem; proposals: string[]; application?: Application }> {
      if (!['draft', 'named', 'changes_requested'].includes(app.status)) {
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
      await store.applications.update(next);
      await event(app.id, 'provider', 'named', `${wish}@medmij`);
      return { proposals: [], application: next };
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
      const checked = checkPdf(data, deps.uploadMaxBytes);
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
      await mail(
        app.email,
        `Documenten ontvangen: ${app.organisation}`,
        MESSAGES.submitted(app.organisation),
      );
      return next;
    },

    // ---- the operator's side ----

    /** Asks the provider to correct something; it gets the link again. */
    async requestChanges(id: string, operator: string, note: string): Promise<void> {
      const app = await mustGet(id);
      if (app.status !== 'submitted')
        throw new OnboardingError('Alleen een ingediende aanvraag kan worden teruggestuurd.');
      if (note.trim() === '') throw new OnboardingError('Schrijf wat de aanvrager moet aanpassen.');
      // A fresh link: the old one may have been seen by others; the provider gets the new one.
      const newKey = randomBytes(24).toString('base64url');
      await store.applications.update({
        ...app,
        status: 'changes_requested',
        operatorNote: note.trim(),
        keyHash: hashKey(newKey),
        updatedAt: now(),
      });
      await event(id, operator, 'changes-requested', note.trim());
      await mail(
        app.email,
        `Aanpassing nodig: ${app.organisation}`,
        MESSAGES.changes(app.organisation, note.trim(), link(newKey)),
      );
    },

    /** Rejects an application with a reason. */
    async reject(id: string, operator: string, reason: string): Promise<void> {
      const app = await mustGet(id);
      if (['approved', 'rejected'].includes(app.status))
        throw new OnboardingError('Over deze aanvraag is al besloten.');
      if (reason.trim() === '') throw new OnboardingError('Geef een reden voor de afwijzing.');
      await store.applications.update({
        ...app,
        status: 'rejected',
        operatorNote: reason.trim(),
        updatedAt: now(),
      });
      await event(id, operator, 'rejected', reason.trim());
      await mail(
        app.email,
        `Aanvraag afgewezen: ${app.organisation}`,
        MESSAGES.rejected(app.organisation, reason.trim()),
      );
    },

    /** Approves a submitted application: the provider exists from now on, with status approved. */
    async approve(ref: string, operator: string): Promise<Provider> {
      const app = (await store.applications.get(ref)) ?? (await store.applications.byNaam(ref));
      if (!app) throw new OnboardingError(`Aanvraag ${ref} bestaat niet.`);
      if (app.status !== 'submitted')
        throw new OnboardingError(
          `Aanvraag ${app.id} is ${app.status}, niet ingediend: goedkeuren kan niet.`,
        );
      if (app.naam === null) throw new OnboardingError('De aanvraag heeft geen MedMij-naam.');
      const existing = await store.providers.get(app.naam);
      if (existing) throw new OnboardingError(`De MedMij-naam ${app.naam} is al van een zorgaanbieder.`);
      const provider: Provider = {
        naam: app.naam,
        displayName: app.organisation,
        ura: app.ura,
        applicationIds: app.applicationIds,
        services: app.services.map((id) => ({ id })),
        status: 'approved',
      };
      await store.providers.upsert(provider);
      await store.applications.update({ ...app, status: 'approved', operatorNote: null, updatedAt: now() });
      await event(app.id, operator, 'approved', app.naam);
      await mail(
        app.email,
        `Aanvraag goedgekeurd: ${app.organisation}`,
        MESSAGES.approved(app.organisation, app.naam),
      );
      return provider;
    },

    submission,

    /** approved -> submitted: the submission to MedMij is recorded (its text in the history). */
    async submitToMedmij(naam: string, operator: string): Promise<Submission> {
      const { provider, app } = await providerOf(naam);
      if (provider.status !== 'approved') {
        throw new OnboardingError(
          `Zorgaanbieder ${provider.naam} is ${provider.status}; aanmelden bij MedMij kan alleen na goedkeuring.`,
        );
      }
      const sub = await submission(provider.naam);
      await store.applications.setProviderStatus(provider.naam, 'submitted');
      await event(
        app?.id ?? `provider:${provider.naam}`,
        operator,
        'provider-submitted',
        JSON.stringify(sub),
      );
      return sub;
    },

    /** submitted -> published: the name is seen in the fetched ZAL (or an operator says so). */
    markPublished: (naam: string, operator: string): Promise<Provider> =>
      step(naam, ['submitted'], 'published', operator),

    /** Promotes every submitted provider whose name the fetched ZAL now lists. */
    async syncPublished(): Promise<string[]> {
      if (!deps.zalNames) return [];
      const listed = await deps.zalNames();
      const done: string[] = [];
      for (const p of await store.providers.list()) {
        if (p.status === 'submitted' && listed.has(p.naam)) {
          await step(p.naam, ['submitted'], 'published', 'zal');
          done.push(p.naam);
        }
      }
      return done;
    },

    /** published -> live: its endpoints answer from now on. */
    async goLive(naam: string, operator: string): Promise<Provider> {
      const p = await step(naam, ['published'], 'live', operator);
      const { app } = await providerOf(naam);
      if (app) await mail(app.email, `Live: ${app.organisation}`, MESSAGES.live(app.organisation, p.naam));
      return p;
    },

    /** Suspends (offboards) a provider: grants and tokens revoked in one transaction. */
    async suspend(
      naam: string,
      operator: string,
    ): Promise<{ grants: number; tokens: number; refreshTokens: number }> {
      const { provider, app } = await providerOf(naam);
      if (provider.status === 'suspended')
        throw new OnboardingError(`Zorgaanbieder ${provider.naam} is al geschorst.`);
      const result = await store.applications.suspendProvider(provider.naam, now());
      if (!result) throw new OnboardingError(`Zorgaanbieder ${provider.naam} bestaat niet.`);
      await event(
        app?.id ?? `provider:${provider.naam}`,
        operator,
        'provider-suspended',
        JSON.stringify(result),
      );
      if (app)
        await mail(
          app.email,
          `Geschorst: ${app.organisation}`,
          MESSAGES.suspended(app.organisation, provider.naam),
        );
      return result;
    },
  };
}
