/**
 * The demo PGO as a Fastify plugin at `/sim/pgo` (demo and test only):
 * - `GET /sim/pgo` — pick a provider and data service (live providers from the store);
 * - `GET /sim/pgo/start?scope=naam~id` — start the OAuth flow as client `localhost`, the state kept
 *   in an HttpOnly cookie;
 * - `GET /sim/pgo/callback` — check the state, redeem the code over the back channel, run the FHIR
 *   search and show the result (errors with their OAuth error or OperationOutcome);
 * - `GET /sim/pgo/refresh` — a second visit under long-lived consent: the refresh token, kept in this
 *   process's memory under an HttpOnly cookie (never in the browser), buys a new pair, then the search.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { DEFAULT_DATA_SERVICES, type DataServiceInfo } from '../../services/catalogue.ts';
import { createRegistry, type Registry } from '../../services/registry.ts';
import type { Store } from '../../store/index.ts';
import { sendPage } from '../../web/index.ts';
import { redeem, refreshGrant, search, type BackchannelAnswer } from './backchannel.ts';
import { medicationRows } from './medication-table.ts';
import {
  renderFailurePage,
  renderResultPage,
  renderStartPage,
  type PgoChoice,
  type ResultSection,
} from './pages.ts';
import { demoSearches, searchUrl } from './searches.ts';
import type * as fhir from 'fhir';

/** Options of the demo PGO. */
export interface PgoSimulatorOptions {
  config: Config;
  store: Store;
  /** Data-service names. Default: the catalogue's defaults. */
  services?: readonly DataServiceInfo[];
  /** The data services and their searches (the demo runs each). Default: built from `services`. */
  registry?: Registry;
  /** The OAuth client id. Default `localhost`. */
  clientId?: string;
}

const COOKIE = 'brug_pgo';
/** The cookie naming a kept refresh token (the token itself stays server-side). */
const KEPT_COOKIE = 'brug_pgo_rt';
const KEPT_MAX = 1000;

/** A refresh token the demo PGO holds for a browser, and what it is for. */
interface Kept {
  refreshToken: string;
  scope: string;
}

function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name && v !== undefined && v !== '') return v;
  }
  return undefined;
}

function readCookie(
  request: FastifyRequest,
): { state: string; scope: string; correlationId: string } | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k !== COOKIE || v === undefined) continue;
    try {
      const data = JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (
        typeof data.state === 'string' &&
        typeof data.scope === 'string' &&
        typeof data.correlationId === 'string'
      ) {
        return { state: data.state, scope: data.scope, correlationId: data.correlationId };
      }
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Registers the demo PGO. Register without a prefix.
 * @param app - the Fastify instance
 * @param opts - configuration, store, optional service names and client id
 */
export async function pgoSimulator(app: FastifyInstance, opts: PgoSimulatorOptions): Promise<void> {
  const { config, store } = opts;
  const services = opts.services ?? opts.registry?.services ?? DEFAULT_DATA_SERVICES;
  const registry = opts.registry ?? createRegistry(services);
  const clientId = opts.clientId ?? 'localhost';
  const redirectUri = `${config.publicUrl}/sim/pgo/callback`;
  const serviceName = (id: string): string =>
    services.find((s) => s.id === id)?.name ?? `Gegevensdienst ${id}`;
  const kept = new Map<string, Kept>();
  const keep = (entry: Kept): string => {
    if (kept.size >= KEPT_MAX) kept.delete(kept.keys().next().value!);
    const key = randomUUID();
    kept.set(key, entry);
    return `${KEPT_COOKIE}=${key}; Path=/sim/pgo; Max-Age=${183 * 24 * 3600}; HttpOnly; SameSite=Lax`;
  };

  /**
   * Runs every search the scope's data service declares (the registry's bindings) with a token and
   * renders the results, one section each; the failure page only when none succeeded.
   */
  const showSearch = async (
    scope: string,
    accessToken: string,
    correlationId: string,
  ): Promise<{ status: number; page: string }> => {
    const [provider, serviceId] = scope.split('~') as [string, string];
    const service = registry.get(serviceId);
    const searches = service ? demoSearches(service) : [];
    const answers = await Promise.all(
      searches.map((s) =>
        search(searchUrl(config.backchannelUrl, provider, serviceId, s.path), accessToken, correlationId),
      ),
    );
    const sections: ResultSection[] = searches.map((s, i) => {
      const answer = answers[i]!;
      const bundle = answer.json as fhir.Bundle | undefined;
      const ok = answer.status === 200 && bundle?.resourceType === 'Bundle';
      return {
        label: s.label,
        path: s.path,
        answer,
        ok,
        ...(ok && s.resourceType === 'MedicationDispense' ? { rows: medicationRows(bundle) } : {}),
      };
    });
    const failed = sections.find((s) => !s.ok);
    if (!sections.some((s) => s.ok)) {
      const answer = failed?.answer ?? {
        error: 'no_search',
        description: `geen zoekvraag voor ${serviceId}`,
      };
      return { status: 502, page: renderFailurePage('De FHIR-zoekvraag mislukte.', answer) };
    }
    const p = await store.providers.get(provider);
    const title = `${p?.displayName ?? provider} — ${serviceName(serviceId)}`;
    return { status: 200, page: renderResultPage(title, sections) };
  };
  const tokenOf = (
    answer: BackchannelAnswer,
  ): { access: string; refresh: string | undefined } | undefined => {
    const t = answer.json as { access_token?: unknown; refresh_token?: unknown } | undefined;
    if (answer.status !== 200 || typeof t?.access_token !== 'string') return undefined;
    return {
      access: t.access_token,
      refresh: typeof t.refresh_token === 'string' ? t.refresh_token : undefined,
    };
  };

  await app.register((pgo, _opts, done) => {
    pgo.get('/sim/pgo', async (request, reply) => {
      const choices: PgoChoice[] = [];
      for (const p of await store.providers.list()) {
        if (p.status !== 'live') continue;
        for (const s of p.services)
          choices.push({ scope: `${p.naam}~${s.id}`, label: `${p.displayName} — ${serviceName(s.id)}` });
      }
      // The form's navigation is redirected to Brug's authorize and on to DigiD: allow those origins.
      const origins = [new URL(config.publicUrl).origin, new URL(config.oidc.issuer).origin];
      const held = kept.get(cookieValue(request, KEPT_COOKIE) ?? '');
      const heldLabel = held === undefined ? undefined : held.scope;
      return sendPage(reply, 200, renderStartPage(choices, heldLabel), {
        formActionOrigins: [...new Set(origins)],
      });
    });

    pgo.get('/sim/pgo/start', async (request, reply) => {
      const scope = (request.query as Record<string, unknown>).scope;
      if (typeof scope !== 'string' || !/^[a-z]{3,50}~[0-9A-Za-z.-]{1,30}$/.test(scope)) {
        return sendPage(
          reply,
          400,
          renderFailurePage('Kies een zorgaanbieder en gegevensdienst.', {
            error: 'invalid_request',
            description: 'scope ontbreekt',
          }),
        );
      }
      const state = randomBytes(16).toString('base64url');
      const correlationId = randomUUID();
      const cookie = Buffer.from(JSON.stringify({ state, scope, correlationId })).toString('base64url');
      const url = new URL(`${config.publicUrl}/oauth/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope,
        state,
        'MedMij-Request-ID': randomUUID(),
        'X-Correlation-ID': correlationId,
      }).toString();
      return reply
        .header('set-cookie', `${COOKIE}=${cookie}; Path=/sim/pgo; Max-Age=1800; HttpOnly; SameSite=Lax`)
        .redirect(url.href, 302);
    });

    pgo.get('/sim/pgo/callback', async (request, reply) => {
      const q = request.query as Record<string, unknown>;
      const flow = readCookie(request);
      reply.header('set-cookie', `${COOKIE}=; Path=/sim/pgo; Max-Age=0; HttpOnly; SameSite=Lax`);
      if (!flow || typeof q.state !== 'string' || q.state !== flow.state) {
        return sendPage(
          reply,
          400,
          renderFailurePage('Dit antwoord hoort niet bij een verzoek van deze PGO.', {
            error: 'state',
            description: 'state ontbreekt of klopt niet',
          }),
        );
      }
      if (typeof q.error === 'string') {
        const description = typeof q.error_description === 'string' ? q.error_description : '';
        return sendPage(
          reply,
          200,
          renderFailurePage('De zorgaanbieder gaf geen toegang.', { error: q.error, description }),
        );
      }
      if (typeof q.code !== 'string') {
        return sendPage(
          reply,
          400,
          renderFailurePage('Er kwam geen code terug.', {
            error: 'invalid_request',
            description: 'code ontbreekt',
          }),
        );
      }
      const tokenAnswer = await redeem(
        `${config.backchannelUrl}/oauth/token`,
        { code: q.code, redirectUri, clientId },
        flow.correlationId,
      );
      const token = tokenOf(tokenAnswer);
      if (!token) {
        return sendPage(
          reply,
          502,
          renderFailurePage('Het inwisselen van de code bij het token-endpoint mislukte.', tokenAnswer),
        );
      }
      if (token.refresh !== undefined) {
        reply.header('set-cookie', [
          `${COOKIE}=; Path=/sim/pgo; Max-Age=0; HttpOnly; SameSite=Lax`,
          keep({ refreshToken: token.refresh, scope: flow.scope }),
        ]);
      }
      const result = await showSearch(flow.scope, token.access, flow.correlationId);
      return sendPage(reply, result.status, result.page);
    });

    pgo.get('/sim/pgo/refresh', async (request, reply) => {
      const key = cookieValue(request, KEPT_COOKIE) ?? '';
      const entry = kept.get(key);
      if (!entry) {
        return sendPage(
          reply,
          400,
          renderFailurePage('Deze browser heeft geen toestemming voor onbepaalde tijd bij deze PGO.', {
            error: 'no_refresh_token',
            description: 'geen bewaarde refresh token',
          }),
        );
      }
      const correlationId = randomUUID();
      const answer = await refreshGrant(
        `${config.backchannelUrl}/oauth/token`,
        { refreshToken: entry.refreshToken, clientId },
        correlationId,
      );
      const token = tokenOf(answer);
      if (!token) {
        kept.delete(key);
        return sendPage(
          reply,
          502,
          renderFailurePage('De toestemming voor onbepaalde tijd werkt niet meer (refresh token).', answer),
        );
      }
      if (token.refresh !== undefined) entry.refreshToken = token.refresh;
      const result = await showSearch(entry.scope, token.access, correlationId);
      return sendPage(reply, result.status, result.page);
    });
    done();
  });
}
