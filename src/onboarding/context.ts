/**
 * What the onboarding operations share: their dependencies, the Dutch error they throw for a step
 * that is not allowed now, and small helpers (history events, e-mail that never loses the step it
 * belongs to, lookups by application id or MedMij name, the endpoints of a submission).
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/index.ts';
import type { Provider } from '../store/types.ts';
import type { Application } from '../store/applications.ts';
import type { DataServiceInfo } from '../services/catalogue.ts';
import type { Registry } from '../services/registry.ts';
import { ZalExportError, type ZalEndpoints } from '../medmij/lists/export-zal.ts';
import type { EligibilityRules } from './eligibility.ts';
import type { Mailer } from './mail.ts';

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
  /** The data-service registry: system roles and endpoints per service (services/endpoints.ts). */
  registry: Registry;
  /** Names in the current MedMij provider list (ZAL), without `@medmij`; none when not wired. */
  zalNames?: () => Promise<Set<string>>;
  /** Front-channel URL of the portal (links in e-mail). */
  publicUrl: string;
  /** The endpoint bases of our ZAL entries (`zalEndpoints(config)`; may throw ZalExportError). */
  endpoints: () => ZalEndpoints;
  uploadMaxBytes: number;
  dvzaName: string;
  now?: () => number;
}

/** SHA-256 of the secret in a personal link (only the hash is stored). */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The shared helpers, built once per `createOnboarding`. */
export type OnboardingContext = ReturnType<typeof onboardingContext>;

/**
 * Builds the helpers the operations share.
 * @param deps - the onboarding dependencies
 */
export function onboardingContext(deps: OnboardingDeps) {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const event = (applicationId: string, actor: string, action: string, detail = ''): Promise<void> =>
    store.applications.addEvent({ applicationId, at: now(), actor, action, detail });

  return {
    deps,
    store,
    now,
    event,
    link: (key: string): string => `${deps.publicUrl}/portal/aanvraag/${key}`,
    serviceName: (id: string): string => deps.services.find((s) => s.id === id)?.name ?? id,

    /**
     * Sends one message. A relay that fails does not undo the step the message reports: the failure
     * is recorded in the application's history (`mail-failed`) and the caller learns it (false), so a
     * page can show what the message would have said, e.g. the personal link.
     */
    async mail(applicationId: string, to: string, subject: string, text: string): Promise<boolean> {
      try {
        await deps.mailer.send({ to, subject, text });
        return true;
      } catch (e) {
        const reason = (e as Error).message.replace(/\s+/g, ' ').slice(0, 300);
        await event(applicationId, 'brug', 'mail-failed', `${subject}: ${reason}`);
        return false;
      }
    },

    async mustGet(id: string): Promise<Application> {
      const app = await store.applications.get(id);
      if (!app) throw new OnboardingError(`Aanvraag ${id} bestaat niet.`);
      return app;
    },

    /** The provider of an approved application (by application id or MedMij name). */
    async providerOf(ref: string): Promise<{ provider: Provider; app: Application | undefined }> {
      const app = (await store.applications.get(ref)) ?? (await store.applications.byNaam(ref));
      const naam = app?.naam ?? ref;
      const provider = await store.providers.get(naam);
      if (!provider) throw new OnboardingError(`Zorgaanbieder ${naam} bestaat niet (nog niet goedgekeurd?).`);
      return { provider, app };
    },

    /** The endpoint bases, or an OnboardingError naming the setting to fix. */
    endpoints(): ZalEndpoints {
      try {
        return deps.endpoints();
      } catch (e) {
        if (e instanceof ZalExportError)
          throw new OnboardingError(`De eindpunten zijn niet geldig voor MedMij: ${e.message}`);
        throw e;
      }
    },
  };
}
