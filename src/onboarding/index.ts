/**
 * Provider onboarding: the portal (`/portal`), the operators' pages (`/beheer`), and the operations
 * behind them, which the CLI uses too. `onboardingFor` builds the operations from the configuration;
 * `onboardingRoutes` registers both sets of pages as one encapsulated plugin and, given the fetched
 * MedMij lists, checks names against the fetched ZAL and promotes submitted providers once it lists
 * them (after every ZAL refresh).
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import type { Store } from '../store/index.ts';
import type { DataServiceInfo } from '../services/catalogue.ts';
import { createRegistry, type Registry } from '../services/registry.ts';
import { zalEndpoints } from '../medmij/lists/export-zal.ts';
import type { MedmijLists } from '../medmij/lists/refresher.ts';
import {
  DEFAULT_SYSTEM_SERVICES,
  loadLspRegister,
  loadSystemServices,
  type EligibilityRules,
} from './eligibility.ts';
import { createMailer, type Mailer } from './mail.ts';
import { createOnboarding, type Onboarding } from './service.ts';
import { portalRoutes } from './portal-routes.ts';
import { operatorRoutes } from './operator-routes.ts';

export * from './naming.ts';
export * from './eligibility.ts';
export * from './service.ts';
export type { Submission } from './lifecycle.ts';
export * from './operators.ts';
export * from './mail.ts';
export { seedDemoProviders, DEMO_PROVIDERS } from './seed.ts';

/** Optional parts of the onboarding wiring. */
export interface OnboardingWiring {
  /** Names in the fetched MedMij provider list (ZAL), without `@medmij`; default: from `lists`. */
  zalNames?: () => Promise<Set<string>>;
  /** The fetched MedMij lists: their ZAL names are taken, and each ZAL refresh runs syncPublished. */
  lists?: Pick<MedmijLists, 'publishedProviders' | 'onRefresh'>;
  /** The data-service registry (system roles per service); default: built from `services`. */
  registry?: Registry;
  /** Replaces the configured mailer (tests). */
  mailer?: Mailer;
  now?: () => number;
}

/**
 * The eligibility rules from the configuration.
 * @param config - BRUG_LSP_REGISTER, BRUG_SYSTEM_SERVICES
 * @param services - the data services offered
 */
export function eligibilityRules(config: Config, services: readonly DataServiceInfo[]): EligibilityRules {
  const o = config.onboarding;
  return {
    register: o.lspRegisterFile === undefined ? new Map() : loadLspRegister(o.lspRegisterFile),
    systemServices:
      o.systemServicesFile === undefined ? DEFAULT_SYSTEM_SERVICES : loadSystemServices(o.systemServicesFile),
    services: new Map(services.map((s) => [s.id, s.name])),
  };
}

/**
 * The onboarding operations for a configuration and store.
 * @param config - the validated configuration
 * @param store - the store
 * @param services - the data services offered
 * @param wiring - ZAL names, mailer, clock
 */
export function onboardingFor(
  config: Config,
  store: Store,
  services: readonly DataServiceInfo[],
  wiring: OnboardingWiring = {},
): Onboarding {
  const o = config.onboarding;
  const lists = wiring.lists;
  const zalNames = wiring.zalNames ?? (lists ? async () => new Set(lists.publishedProviders()) : undefined);
  return createOnboarding({
    store,
    mailer:
      wiring.mailer ??
      createMailer({ smtpUrl: o.smtpUrl, from: o.mailFrom, outboxDir: join(config.home, 'outbox') }),
    rules: eligibilityRules(config, services),
    services,
    registry: wiring.registry ?? createRegistry(services),
    ...(zalNames ? { zalNames } : {}),
    ...(wiring.now ? { now: wiring.now } : {}),
    publicUrl: config.publicUrl,
    endpoints: () => zalEndpoints(config),
    uploadMaxBytes: o.uploadMaxBytes,
    dvzaName: o.dvzaName,
  });
}

/** Options of the onboarding plugin. */
export interface OnboardingRouteOptions extends OnboardingWiring {
  config: Config;
  store: Store;
  services: readonly DataServiceInfo[];
}

/**
 * Registers the portal and the operators' pages.
 * @param app - an encapsulated context
 * @param opts - configuration, store, services and wiring
 */
export async function onboardingRoutes(app: FastifyInstance, opts: OnboardingRouteOptions): Promise<void> {
  const onboarding = onboardingFor(opts.config, opts.store, opts.services, opts);
  if (opts.lists) {
    // "published (seen in the fetched provider list)": after every ZAL refresh that was not refused.
    const stop = opts.lists.onRefresh(async (outcome) => {
      if (outcome.list !== 'zal' || outcome.result === 'refused') return;
      const published = await onboarding.syncPublished();
      if (published.length > 0)
        app.log.info({ event: 'providers_published', providers: published }, 'seen in the fetched ZAL');
    });
    app.addHook('onClose', async () => stop());
  }
  await app.register(portalRoutes, { config: opts.config, onboarding, services: opts.services });
  await app.register(operatorRoutes, {
    config: opts.config,
    store: opts.store,
    onboarding,
    listsFetched: opts.lists !== undefined,
    ...(opts.now ? { now: opts.now } : {}),
  });
}
