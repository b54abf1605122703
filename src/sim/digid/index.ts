/**
 * The DigiD simulator: a real OpenID Connect provider (oidc-provider v9) mounted in the gateway's
 * Fastify app under the issuer's path (e.g. `/sim/digid`): discovery, authorize, token, jwks and
 * userinfo. Its login interaction is a page with one input `bsn`; posting a BSN that passes the
 * 11-check completes the login with `sub` = `bsn` = that BSN, `acr` = the configured level and
 * `auth_time` = now, and consents on the person's behalf (a broker asks no consent). Demo and test only.
 */
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Provider from 'oidc-provider';
import { isValidBsn } from '../../identity/index.ts';
import { ensureFormBody, sendPage } from '../../web/index.ts';
import { renderLoginPage, renderSimErrorPage, renderSimHomePage } from './pages.ts';

/** Options of the simulator plugin. */
export interface DigidSimulatorOptions {
  /** Issuer URL; its path is where the simulator is mounted (e.g. `http://127.0.0.1:8080/sim/digid`). */
  issuer: string;
  /** The one client (Brug). */
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** `acr` of every login. Default `substantieel`. */
  acr?: string;
}

/** A request parameter as text (oidc-provider gives them as unknown). */
function paramText(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function buildProvider(opts: DigidSimulatorOptions, mountPath: string): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'digid-sim-1', use: 'sig', alg: 'RS256' };
  const provider = new Provider(opts.issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub', 'bsn', 'acr', 'auth_time'] },
    conformIdTokenClaims: false,
    acrValues: ['basis', 'midden', 'substantieel', 'hoog'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, bsn: sub }),
    }),
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/login/${interaction.uid}`,
    },
    renderError: (
      ctx: { type: string; body: string },
      out: { error?: string; error_description?: string },
    ) => {
      ctx.type = 'html';
      ctx.body = renderSimErrorPage(
        out.error ?? 'server_error',
        out.error_description ?? 'Er ging iets mis.',
      );
    },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });
  return provider;
}

/**
 * The simulator as a Fastify plugin. Register without a prefix: it serves under the issuer's path.
 * @param app - the Fastify instance
 * @param opts - issuer, client and redirect URIs, optional acr
 */
export async function digidSimulator(app: FastifyInstance, opts: DigidSimulatorOptions): Promise<void> {
  const mountPath = new URL(opts.issuer).pathname.replace(/\/+$/, '');
  const provider = buildProvider(opts, mountPath);
  const acr = opts.acr ?? 'substantieel';
  const csrfKey = randomBytes(32);
  const csrfFor = (uid: string): string => createHmac('sha256', csrfKey).update(uid).digest('base64url');
  const callback = provider.callback();
  // The login form's navigation is redirected through the provider back to the relying party.
  const formActionOrigins = [
    ...new Set([new URL(opts.issuer).origin, ...opts.redirectUris.map((u) => new URL(u).origin)]),
  ];

  // The OpenID provider's own endpoints: raw request and response go to oidc-provider, which reads
  // the body itself, so this context parses none.
  await app.register((passthrough, _opts, done) => {
    passthrough.removeAllContentTypeParsers();
    passthrough.addContentTypeParser('*', (_req, _payload, parsed) => {
      parsed(null, undefined);
    });
    passthrough.all(`${mountPath}/*`, (request, reply) => {
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = (raw.url ?? '/').slice(mountPath.length) || '/';
      void callback(raw, reply.raw);
    });
    done();
  });

  // The login interaction and the root page.
  await app.register(async (pages) => {
    await ensureFormBody(pages);
    // An expired or missing interaction (oidc-provider's SessionNotFound) is the usual failure here.
    pages.setErrorHandler((error, _request, reply) => {
      const expired = error instanceof Error && error.name === 'SessionNotFound';
      return sendPage(
        reply,
        expired ? 400 : 500,
        renderSimErrorPage(
          expired ? 'session_not_found' : 'server_error',
          expired ? 'Deze inlogpoging is verlopen; begin opnieuw vanuit je PGO.' : 'Er ging iets mis.',
        ),
      );
    });
    pages.get(mountPath, (_request, reply) => sendPage(reply, 200, renderSimHomePage(opts.issuer)));

    const showLogin = async (
      request: FastifyRequest,
      reply: FastifyReply,
      message?: string,
    ): Promise<FastifyReply> => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const status = message === undefined ? 200 : 400;
      const page = renderLoginPage(
        `${mountPath}/login/${details.uid}`,
        csrfFor(details.uid),
        message,
        paramText(details.params.client_id, ''),
      );
      return sendPage(reply, status, page, { formActionOrigins: formActionOrigins });
    };

    pages.get(`${mountPath}/login/:uid`, async (request, reply) => showLogin(request, reply));

    pages.post(`${mountPath}/login/:uid`, async (request, reply) => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.csrf !== csrfFor(details.uid))
        return sendPage(reply, 403, renderSimErrorPage('csrf', 'Het formulier is verlopen; begin opnieuw.'));
      const bsn = typeof body.bsn === 'string' ? body.bsn.trim() : '';
      if (!isValidBsn(bsn))
        return showLogin(
          request,
          reply,
          'Dit is geen geldig burgerservicenummer (9 cijfers en de elfproef).',
        );
      const clientId = paramText(details.params.client_id, '');
      const grant = new provider.Grant({ accountId: bsn, clientId });
      grant.addOIDCScope(paramText(details.params.scope, 'openid'));
      grant.addOIDCClaims(['bsn', 'acr', 'auth_time']);
      const grantId = await grant.save();
      const returnTo = await provider.interactionResult(
        request.raw,
        reply.raw,
        { login: { accountId: bsn, acr, amr: ['pwd'], remember: false }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      return reply.redirect(returnTo, 303);
    });
  });
}
