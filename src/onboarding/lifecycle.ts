/**
 * The operator's side: review (request changes, reject with a reason, approve), and the provider's
 * lifecycle approved -> submitted to MedMij -> published (seen in the fetched ZAL) -> live. Suspension
 * revokes every grant and token in one transaction and takes the provider out of our ZAL entries
 * (which list only live providers); a suspended provider can be resumed (back to approved, to be
 * submitted again). Offboarding does the same revocations and is final: no step leads out of it.
 * Every status change is a compare-and-set, so two operators or nodes cannot both make the same step.
 */
import { randomBytes } from 'node:crypto';
import type { Provider, ProviderStatus } from '../store/types.ts';
import type { SuspendResult } from '../store/applications.ts';
import { zalServiceEntries, type ZalServiceEntry } from '../medmij/lists/export-zal.ts';
import { MESSAGES } from './mail.ts';
import { hashKey, OnboardingError, type OnboardingContext } from './context.ts';

/** What we submit to MedMij for the provider list: the name, endpoints per data service, the statement. */
export interface Submission {
  name: string;
  services: ZalServiceEntry[];
  statement: string;
}

/** Dutch names of the provider statuses (operator pages and the CLI). */
export const PROVIDER_STATUS_TEXT: Readonly<Record<ProviderStatus, string>> = {
  approved: 'goedgekeurd',
  submitted: 'aangemeld bij MedMij',
  published: 'gepubliceerd in de zorgaanbiederslijst',
  live: 'live',
  suspended: 'geschorst',
  offboarded: 'afgemeld',
};

/**
 * The operator's operations.
 * @param ctx - the shared onboarding helpers
 */
export function operatorSteps(ctx: OnboardingContext) {
  const { deps, store, now, event } = ctx;
  const ref = (app: { id: string } | undefined, naam: string): string => app?.id ?? `provider:${naam}`;

  async function step(
    naam: string,
    from: ProviderStatus[],
    to: ProviderStatus,
    actor: string,
  ): Promise<Provider> {
    const { provider, app } = await ctx.providerOf(naam);
    const refuse = (status: ProviderStatus): OnboardingError =>
      new OnboardingError(
        `Zorgaanbieder ${provider.naam} is ${PROVIDER_STATUS_TEXT[status]}; deze stap kan alleen vanuit ${from.map((s) => PROVIDER_STATUS_TEXT[s]).join(' of ')}.`,
      );
    if (!from.includes(provider.status)) throw refuse(provider.status);
    if (!(await store.applications.setProviderStatus(provider.naam, to, from))) {
      const now = (await store.providers.get(provider.naam))?.status ?? provider.status;
      throw refuse(now);
    }
    await event(ref(app, provider.naam), actor, `provider-${to}`, provider.naam);
    return { ...provider, status: to };
  }

  /** What we submit to MedMij for a provider (the same endpoints `brug lists export-zal` writes). */
  async function submission(naam: string): Promise<Submission> {
    const { provider } = await ctx.providerOf(naam);
    const { entries } = zalServiceEntries(provider, deps.registry, ctx.endpoints());
    return {
      name: `${provider.naam}@medmij`,
      services: entries,
      statement: `${provider.displayName} (URA ${provider.ura}) verklaart de naam ${provider.naam}@medmij te voeren en geeft ${deps.dvzaName} opdracht deze met de genoemde gegevensdiensten aan te melden (ondertekend keuzeformulier in het dossier).`,
    };
  }

  /** Revokes everything of a provider and moves it to `to`; mails the applicant. */
  async function revokeAll(
    naam: string,
    operator: string,
    to: 'suspended' | 'offboarded',
  ): Promise<SuspendResult> {
    const { provider, app } = await ctx.providerOf(naam);
    const from: ProviderStatus[] =
      to === 'suspended'
        ? ['approved', 'submitted', 'published', 'live']
        : ['approved', 'submitted', 'published', 'live', 'suspended'];
    if (!from.includes(provider.status))
      throw new OnboardingError(
        `Zorgaanbieder ${provider.naam} is al ${PROVIDER_STATUS_TEXT[provider.status]}.`,
      );
    const result = await store.applications.suspendProvider(provider.naam, now(), to, from);
    if (!result) throw new OnboardingError(`Zorgaanbieder ${provider.naam} is intussen gewijzigd.`);
    await event(
      ref(app, provider.naam),
      operator,
      to === 'suspended' ? 'provider-suspended' : 'provider-offboarded',
      JSON.stringify(result),
    );
    if (app)
      await ctx.mail(
        app.id,
        app.email,
        `${to === 'suspended' ? 'Geschorst' : 'Afgemeld'}: ${app.organisation}`,
        to === 'suspended'
          ? MESSAGES.suspended(app.organisation, provider.naam)
          : MESSAGES.offboarded(app.organisation, provider.naam),
      );
    return result;
  }

  return {
    submission,

    /**
     * Asks the provider to correct something; it gets a fresh link. `mailed` is false when the relay
     * failed: the operator then passes `link` on by hand.
     */
    async requestChanges(
      id: string,
      operator: string,
      note: string,
    ): Promise<{ mailed: boolean; link: string }> {
      const app = await ctx.mustGet(id);
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
      const link = ctx.link(newKey);
      const mailed = await ctx.mail(
        id,
        app.email,
        `Aanpassing nodig: ${app.organisation}`,
        MESSAGES.changes(app.organisation, note.trim(), link),
      );
      return { mailed, link };
    },

    /** Rejects an application with a reason (its MedMij name is free again). */
    async reject(id: string, operator: string, reason: string): Promise<{ mailed: boolean }> {
      const app = await ctx.mustGet(id);
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
      const mailed = await ctx.mail(
        id,
        app.email,
        `Aanvraag afgewezen: ${app.organisation}`,
        MESSAGES.rejected(app.organisation, reason.trim()),
      );
      return { mailed };
    },

    /** Approves a submitted application: the provider exists from now on, with status approved. */
    async approve(reference: string, operator: string): Promise<Provider> {
      const app = (await store.applications.get(reference)) ?? (await store.applications.byNaam(reference));
      if (!app) throw new OnboardingError(`Aanvraag ${reference} bestaat niet.`);
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
      await ctx.mail(
        app.id,
        app.email,
        `Aanvraag goedgekeurd: ${app.organisation}`,
        MESSAGES.approved(app.organisation, app.naam),
      );
      return provider;
    },

    /** approved -> submitted: the submission to MedMij is recorded (its text in the history). */
    async submitToMedmij(naam: string, operator: string): Promise<Submission> {
      const { provider } = await ctx.providerOf(naam);
      if (provider.status !== 'approved') {
        throw new OnboardingError(
          `Zorgaanbieder ${provider.naam} is ${PROVIDER_STATUS_TEXT[provider.status]}; aanmelden bij MedMij kan alleen na goedkeuring.`,
        );
      }
      const sub = await submission(provider.naam);
      await step(provider.naam, ['approved'], 'submitted', operator);
      const { app } = await ctx.providerOf(provider.naam);
      await event(ref(app, provider.naam), operator, 'submission', JSON.stringify(sub));
      return sub;
    },

    /** submitted -> published, by hand (when no lists are fetched; normally `syncPublished` does it). */
    markPublished: (naam: string, operator: string): Promise<Provider> =>
      step(naam, ['submitted'], 'published', operator),

    /** Promotes every submitted provider whose name the fetched ZAL now lists; returns their names. */
    async syncPublished(): Promise<string[]> {
      if (!deps.zalNames) return [];
      const listed = await deps.zalNames();
      const done: string[] = [];
      for (const p of await store.providers.list()) {
        if (p.status !== 'submitted' || !listed.has(p.naam)) continue;
        try {
          await step(p.naam, ['submitted'], 'published', 'zal');
          done.push(p.naam);
        } catch (e) {
          if (!(e instanceof OnboardingError)) throw e; // another node promoted it first
        }
      }
      return done;
    },

    /** published -> live: its endpoints answer from now on. */
    async goLive(naam: string, operator: string): Promise<Provider> {
      const p = await step(naam, ['published'], 'live', operator);
      const { app } = await ctx.providerOf(naam);
      if (app)
        await ctx.mail(
          app.id,
          app.email,
          `Live: ${app.organisation}`,
          MESSAGES.live(app.organisation, p.naam),
        );
      return p;
    },

    /** Suspends a provider: grants and tokens revoked in one transaction; it leaves our ZAL entries. */
    suspend: (naam: string, operator: string): Promise<SuspendResult> =>
      revokeAll(naam, operator, 'suspended'),

    /** Offboards a provider for good: as suspension, and no step leads back. */
    offboard: (naam: string, operator: string): Promise<SuspendResult> =>
      revokeAll(naam, operator, 'offboarded'),

    /** suspended -> approved: it may be submitted to MedMij again (its old grants stay revoked). */
    resume: (naam: string, operator: string): Promise<Provider> =>
      step(naam, ['suspended'], 'approved', operator),
  };
}
