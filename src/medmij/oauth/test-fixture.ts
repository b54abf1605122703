/**
 * A shared set-up for the OAuth route tests that use Fastify inject: a real SQLite store in a temp
 * folder with three providers (two live, one suspended), the demo client plus an OCL-style client
 * restricted to service 49, a stand-in DigiD login (the real one is covered by flow.int.test.ts) and
 * a settable clock. Test support only.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig, type Config } from '../../config.ts';
import type { PatientLogin } from '../../identity/index.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { openStore, type Grant, type Store } from '../../store/index.ts';
import { builtInDemoClients, staticRegistry, type ClientRegistry } from '../lists/index.ts';
import type { ClientAuthenticator, OAuthDeps } from './deps.ts';
import { recordGrant } from './grant.ts';
import { oauthRoutes } from './plugin.ts';

export const TEST_BSN = '999911120';
export const DEMO_REDIRECT = 'http://127.0.0.1:8080/sim/pgo/callback';

/**
 * Records a consent of a test patient (TEST_BSN unless given) for the demo client (unless given) to
 * fetch ggzdemo's data service 31, logged in at `now` at level substantieel: the grant most tests
 * start from.
 * @param store - the store
 * @param now - the login and consent time (epoch ms)
 * @param o - long-lived or not, and another patient or client
 */
export function recordTestGrant(
  store: Pick<Store, 'grants'>,
  now: number,
  o: { longLived: boolean; bsn?: string; clientId?: string },
): Promise<Grant> {
  return recordGrant(
    store,
    {
      clientId: o.clientId ?? 'localhost',
      provider: 'ggzdemo',
      services: ['31'],
      auth: { bsn: o.bsn ?? TEST_BSN, authTime: now, level: 'substantieel', assertionId: 'a' },
      longLived: o.longLived,
    },
    now,
  );
}

/** What the tests work with. */
export interface OAuthFixture {
  app: FastifyInstance;
  store: Store;
  config: Config;
  clients: ClientRegistry;
  /** The routes' clock (epoch ms); tests may move it. */
  clock: { now: number };
  close(): Promise<void>;
}

const standInLogin: PatientLogin = {
  start: () =>
    Promise.resolve({
      url: 'https://digid.example/authorize?x=1',
      pending: { state: 's', nonce: 'n', codeVerifier: 'v' },
    }),
  finish: () => Promise.reject(new Error('not used here')),
};

/** Options of the fixture: plugin settings, login and client authentication to use instead. */
export interface OAuthFixtureOptions {
  settings?: OAuthDeps['settings'];
  login?: PatientLogin;
  authenticateClient?: ClientAuthenticator;
  chainLog?: OAuthDeps['chainLog'];
  audit?: OAuthDeps['audit'];
}

/**
 * Builds the fixture (call in `before`, close in `after`).
 * @param options - settings, login and authenticator overrides
 */
export async function openOAuthFixture(options: OAuthFixtureOptions = {}): Promise<OAuthFixture> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'brug-'));
  const config = testConfig(home, { BRUG_PORT: '8080' });
  const store = await openStore(config);
  const provider = (naam: string, displayName: string, services: string[], status: 'live' | 'suspended') =>
    store.providers.upsert({
      naam,
      displayName,
      ura: '90000002',
      applicationIds: ['900002'],
      services: services.map((id) => ({ id })),
      status,
    });
  await provider('ggzdemo', 'GGZ Demo', ['31', '58'], 'live');
  await provider('huisartsdemo', 'Huisarts Demo', ['49'], 'live');
  await provider('oudedemo', 'Oud', ['31'], 'suspended');
  const clients = staticRegistry({
    ...builtInDemoClients(config.publicUrl),
    'pgo.example.nl': {
      hostname: 'pgo.example.nl',
      organisationName: 'Voorbeeld PGO',
      allowedServices: ['49'],
    },
  });
  const clock = { now: Date.now() };
  const app = Fastify();
  await app.register(oauthRoutes, {
    config,
    store,
    clients,
    services: DEFAULT_DATA_SERVICES,
    logger: app.log,
    login: options.login ?? standInLogin,
    now: () => clock.now,
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    ...(options.authenticateClient === undefined ? {} : { authenticateClient: options.authenticateClient }),
    ...(options.chainLog === undefined ? {} : { chainLog: options.chainLog }),
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });
  await app.ready();
  return {
    app,
    store,
    config,
    clients,
    clock,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
