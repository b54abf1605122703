/**
 * Brug's configuration: one validated object, read from `BRUG_*` environment variables and, when
 * `BRUG_CONFIG_FILE` names one, a JSON file with the same keys (the environment wins). Every setting
 * is documented here, where its default is set. A bad value stops start-up with a `ConfigError` that
 * names the setting. Nothing reads `process.env` elsewhere: the object is passed in.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { BUILTIN_LSP_REGISTER, loadLspRegister, loadSystemServices } from './onboarding/eligibility.ts';

export type Environment = 'demo' | 'test' | 'production';
export type DigidLevelSetting = 'basis' | 'midden' | 'substantieel' | 'hoog';
export type AvailabilityCheck = 'off' | 'index' | 'query';

export interface Config {
  /** BRUG_ENV: `demo` (default; simulators, demo clients), `test` (as demo, for the test suite) or `production`. */
  env: Environment;
  /** BRUG_HOME: folder for the embedded database, the test PKI and other local state. Default `.brug`. */
  home: string;
  /** BRUG_HOST: address the gateway listens on. Default 127.0.0.1. */
  host: string;
  /** BRUG_PORT: port of the front channel (and, without a separate one, the back channel). Default 8080. */
  port: number;
  /** BRUG_BACKCHANNEL_PORT: separate mutual-TLS port for /oauth/token and /fhir; unset = same port. */
  backchannelPort: number | undefined;
  /** BRUG_PUBLIC_URL: the front-channel URL as browsers and PGOs see it. Default http://HOST:PORT. */
  publicUrl: string;
  /** BRUG_BACKCHANNEL_URL: back-channel URL as PGO servers see it. Default = the public URL. */
  backchannelUrl: string;
  /** BRUG_ZAL_URL: base URL written into exported ZAL entries. Default https://brug.example.nl (DESIGN.md). */
  zalUrl: string;
  /** BRUG_DATABASE_URL: `sqlite:PATH` (default `sqlite:HOME/brug.db`) or `postgres://...[?schema=NAME]`. */
  databaseUrl: string;
  /** BRUG_DATABASE_POOL_SIZE: PostgreSQL connections this node keeps open at most (1-1000). Default 10. Ignored on SQLite. */
  databasePoolSize: number;
  /** BRUG_LOG_LEVEL: pino level (fatal, error, warn, info, debug, trace, silent). Default info. */
  logLevel: string;
  /** BRUG_SHUTDOWN_GRACE_MS: on SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut. Default 30000 (a search answers within 60 s, the LSP timeout is 25 s). */
  shutdownGraceMs: number;
  metrics: {
    /** BRUG_METRICS_PORT: port of the Prometheus listener (`GET /metrics`), apart from the PGO-facing ports; unset = no metrics listener. */
    port: number | undefined;
    /** BRUG_METRICS_HOST: address of the metrics listener. Default 127.0.0.1 (loopback; expose it only to your monitoring network). */
    host: string;
  };
  oauth: {
    /** BRUG_CODE_TTL: authorization code lifetime in seconds. Default 900 (MedMij). */
    codeTtl: number;
    /** BRUG_TOKEN_TTL: access token lifetime in seconds. Default 900 (MedMij). */
    tokenTtl: number;
    /** BRUG_SESSION_TTL: lifetime of a browser authorization session in seconds. Default 1800. */
    sessionTtl: number;
    /** BRUG_CLIENTS_FILE: JSON file of OAuth clients (the demo client file). Default: the built-in demo client. */
    clientsFile: string | undefined;
    /** BRUG_AVAILABILITY_CHECK: off | index | query. Default off. */
    availabilityCheck: AvailabilityCheck;
    /** BRUG_LANDING_PAGE: show the MedMij landing page before DigiD (on|off). Default on, as MedMij prescribes. */
    landingPage: boolean;
    /** BRUG_ACCEPT_LANGUAGE: let a browser's Accept-Language choose English (on|off). Default off (`?lang=en` always works). */
    acceptLanguage: boolean;
    /** BRUG_WHITELIST_FILE: the MedMij Whitelist XML checked against back-channel client certificates. */
    whitelistFile: string | undefined;
    /** BRUG_CLIENT_CERT_HEADER: header in which a trusted reverse proxy passes the verified client certificate. */
    clientCertHeader: string | undefined;
    /** BRUG_CLIENT_CERT_MUST_NAME_CLIENT: the certificate's CN/SAN must also be the client's hostname (on|off). Default on. */
    certificateMustNameClient: boolean;
    /** BRUG_REFRESH_IDLE_DAYS: days a refresh token may go unused (long-lived consent lapses). Default 183 (six months). */
    refreshIdleDays: number;
    /** BRUG_REFRESH_GRACE_SECONDS: a retried refresh within this many seconds gets the same new pair. Default 30. */
    refreshGraceSeconds: number;
    /** BRUG_GRANT_TYPE_ALIASES: non-standard grant_type names, e.g. `refresh_code=refresh_token`. Default none. */
    grantTypeAliases: Record<string, 'authorization_code' | 'refresh_token'>;
    /** BRUG_TOKEN_RATE_PER_IP: token/revoke requests per minute from one address before 429. Default 120. */
    ratePerIp: number;
    /** BRUG_TOKEN_RATE_PER_CLIENT: token/revoke requests per minute for one client_id before 429. Default 600. */
    ratePerClient: number;
  };
  audit: {
    /** BRUG_AUDIT_KEY: the secret (64+ hex characters) behind the patients' pseudonyms in the audit log. Required in production; the demo keeps a generated one in HOME/audit.key. */
    key: string | undefined;
    /** BRUG_AUDIT_ANCHOR_FILE: a file (outside the database's reach) the newest sealed audit anchor is appended to, for `brug audit verify --anchor`. Default none: the anchor goes to the log only. */
    anchorFile: string | undefined;
    /** BRUG_AUDIT_ANCHOR_INTERVAL_MS: how often the anchor is written (when it moved). Default 300000 (5 minutes). */
    anchorIntervalMs: number;
  };
  chainLog: {
    /** BRUG_CHAINLOG_URL: the MedMij log component's endpoint; unset = chain-logging events go to the log only. */
    url: string | undefined;
    /** BRUG_CHAINLOG_INTERVAL_MS: how often the outbox sender looks for due events. Default 5000. */
    intervalMs: number;
  };
  backchannel: {
    /** BRUG_BACKCHANNEL_CERT / _KEY: server certificate and key of the back-channel port (PKIoverheid). */
    certFile: string | undefined;
    keyFile: string | undefined;
    /** BRUG_BACKCHANNEL_CA: CA bundle that PGO client certificates must chain to (PKIoverheid private root). */
    caFile: string | undefined;
  };
  oidc: {
    /** BRUG_OIDC_ISSUER: issuer URL of the DigiD OIDC broker. Default: the built-in DigiD simulator. */
    issuer: string;
    /** BRUG_OIDC_CLIENT_ID: Brug's client id at the broker. Default `brug`. */
    clientId: string;
    /** BRUG_OIDC_CLIENT_SECRET: Brug's client secret at the broker (demo default is not secret). */
    clientSecret: string;
    /** BRUG_OIDC_BSN_CLAIM: the claim that carries the BSN. Default `bsn`. */
    bsnClaim: string;
    /** BRUG_DIGID_MIN_LEVEL: lowest DigiD assurance level accepted (basis, midden, substantieel, hoog). Default substantieel. */
    minimumLevel: DigidLevelSetting;
    /** BRUG_OIDC_ACR_MAP: the broker's acr values as levels, e.g. `urn:x:loa3=substantieel,urn:x:loa4=hoog`. */
    acrMap: Record<string, DigidLevelSetting>;
  };
  lsp: {
    /** BRUG_LSP_URL: SOAP endpoint of the LSP (https). Default: the built-in simulator. */
    url: string;
    /** BRUG_LSP_CA: PEM file of the CA(s) trusted for the LSP's server certificate. */
    caFile: string;
    /** BRUG_LSP_CERT: PEM file of Brug's client (UZI server) certificate. */
    certFile: string;
    /** BRUG_LSP_KEY: PEM file of the private key for BRUG_LSP_CERT. */
    keyFile: string;
    /** BRUG_LSP_SERVER_NAME: expected host name in the LSP's certificate. Default: the URL's host. */
    serverName: string | undefined;
    /** BRUG_LSP_TIMEOUT_MS: per-request timeout toward the LSP. Default 25000 (a search answers within 60 s). */
    timeoutMs: number;
    /** BRUG_APPLICATION_ID: Brug's own LSP application id (OID 2.16.840.1.113883.2.4.6.6). */
    applicationId: string;
    /** BRUG_URA: Brug's URA (OID 2.16.528.1.1007.3.3). */
    ura: string;
    /** BRUG_LSP_APPLICATION_ID: application id of the LSP itself (receiver of queries). Default 1. */
    lspApplicationId: string;
    /**
     * BRUG_LSP_AORTA_TOKEN: the signed AORTA token in each query's SOAP header (aorta/token/):
     * `signed` (default), `signed-no-patient` (signed, without the patient's DigiD authentication
     * block) or `off` (no security header). [UNVERIFIED] whether the LSP asks for this token on patient
     * (MedMij) traffic, and the patient block's shape: hence a setting. Signing costs an RSA signature
     * per query, the largest single part of a search's CPU time.
     */
    aortaToken: 'signed' | 'signed-no-patient' | 'off';
  };
  /**
   * BRUG_GP_SUMMARY: which GP data searches the professional summary (QUPC_IN990002NL) feeds besides
   * the Ketenzorg building blocks: off | patient | all. Default patient [UNVERIFIED which a GP system
   * answers; services/gp-bindings.ts].
   */
  gpSummary: 'off' | 'patient' | 'all';
  /**
   * Back-pressure toward the LSP (aorta/transport/limiter.ts): beyond these a search is refused at once
   * with 503, Retry-After and an OperationOutcome, so a node sheds load instead of running out of memory.
   * How many parallel queries the real LSP and each XIS accept is [UNVERIFIED]: hence settings.
   */
  lspLimits: {
    /** BRUG_LSP_MAX_ACTIVE: LSP queries in flight at once on this node (also its socket pool). Default 256. */
    maxActive: number;
    /** BRUG_LSP_MAX_ACTIVE_PER_PROVIDER: of those, at most this many for one provider. Default BRUG_LSP_MAX_ACTIVE. */
    maxActivePerProvider: number;
    /** BRUG_LSP_MAX_QUEUED: queries waiting for a slot on this node before new ones get 503. Default 4096. */
    maxQueued: number;
    /** BRUG_LSP_MAX_ANSWER_BYTES: largest LSP answer read, counted while it streams in. Default 20971520 (20 MiB). */
    maxAnswerBytes: number;
    /** BRUG_LSP_MAX_BUFFERED_BYTES: answer bytes all LSP queries in flight on this node may hold together (read, not yet parsed); while spent, new searches get 503 with Retry-After. Default 268435456 (256 MiB). */
    maxBufferedBytes: number;
  };
  /** The MedMij system lists (ZAL, OCL, Whitelist, GNL) fetched from a MedMij node (medmij/lists/). */
  lists: {
    /**
     * BRUG_MEDMIJ_LISTS_URL: base URL of the MedMij node serving `MedMij_Zorgaanbiederslijst.xml` and the
     * other lists (e.g. https://stelselnode.medmij.nl). Unset = no lists are fetched (BRUG_CLIENTS_FILE and
     * BRUG_WHITELIST_FILE still work). https only in production.
     */
    url: string | undefined;
    /** BRUG_MEDMIJ_LISTS_API: the `?api=` major version asked of the node. Default 2. */
    api: number;
    /** BRUG_MEDMIJ_LISTS_CA: PEM file of the CA(s) trusted for the node's TLS certificate. Default: the system CAs. */
    caFile: string | undefined;
    /**
     * BRUG_MEDMIJ_SCHEMAS: folder holding the MedMij XSDs (MedMij_Zorgaanbiederslijst.xsd, ...). Required in
     * production when lists are fetched; in demo/test, unset = structural checks only (warned at start).
     */
    schemasDir: string | undefined;
    /** BRUG_MEDMIJ_LISTS_REFRESH: seconds between fetches of the ZAL, OCL and GNL. Default 3600. */
    refreshSeconds: number;
    /** BRUG_MEDMIJ_WHITELIST_REFRESH: seconds between Whitelist fetches; at most 900 (MedMij). Default 900. */
    whitelistRefreshSeconds: number;
  };
  onboarding: {
    /** BRUG_LSP_REGISTER: JSON file of URAs and their LSP application ids (who may join). Default: the synthetic register in src/onboarding/ outside production, none (nobody eligible) in production. */
    lspRegisterFile: string | undefined;
    /** BRUG_SYSTEM_SERVICES: JSON file of information system -> data-service ids it supports. Default: onboarding/eligibility.ts DEFAULT_SYSTEM_SERVICES ([UNVERIFIED]). */
    systemServicesFile: string | undefined;
    /** BRUG_UPLOAD_MAX_BYTES: largest signed document a provider may upload. Default 5242880 (5 MiB). */
    uploadMaxBytes: number;
    /** BRUG_OPERATORS_FILE: JSON file of operators and their scrypt password hashes (`brug operators add`). Default HOME/operators.json. */
    operatorsFile: string;
    /** BRUG_SMTP_URL: smtp:// or smtps:// relay for the portal's e-mail; unset = messages are written to HOME/outbox/. */
    smtpUrl: string | undefined;
    /** BRUG_MAIL_FROM: sender of the portal's e-mail. Default `Brug <noreply@brug.example.nl>`. */
    mailFrom: string;
    /** BRUG_DVZA_NAME: the organisation running this Brug, named in the agreement and e-mails. Default `Brug`. */
    dvzaName: string;
  };
  sim: {
    /** BRUG_SIM_PORT: port of the LSP/XIS simulator (HTTPS, mutual TLS). Default 8443. */
    lspPort: number;
    /** BRUG_SIM_DATA: extra simulator data directories, separated by ':'. */
    dataDirs: string[];
    /** BRUG_SIM_FAULT: fault injected into every simulator answer (see DESIGN.md). */
    fault: string | undefined;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

type Source = Record<string, string | undefined>;

function str(src: Source, key: string, dflt: string): string {
  const v = src[key];
  return v === undefined || v === '' ? dflt : v;
}

function optStr(src: Source, key: string): string | undefined {
  const v = src[key];
  return v === undefined || v === '' ? undefined : v;
}

function int(src: Source, key: string, dflt: number, min: number, max: number): number {
  const v = src[key];
  if (v === undefined || v === '') return dflt;
  if (!/^\d+$/.test(v.trim())) throw new ConfigError(key, `must be a whole number, got "${v}"`);
  const n = Number(v.trim());
  if (n < min || n > max) throw new ConfigError(key, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function optInt(src: Source, key: string, min: number, max: number): number | undefined {
  return src[key] === undefined || src[key] === '' ? undefined : int(src, key, 0, min, max);
}

function oneOf<T extends string>(src: Source, key: string, allowed: readonly T[], dflt: T): T {
  const v = src[key];
  if (v === undefined || v === '') return dflt;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(key, `must be one of ${allowed.join(', ')}, got "${v}"`);
  }
  return v as T;
}

function url(src: Source, key: string, dflt: string, protocols: string[]): string {
  const v = str(src, key, dflt);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(key, `must be a URL, got "${v}"`);
  }
  if (!protocols.includes(u.protocol)) {
    throw new ConfigError(key, `must use ${protocols.join(' or ')}, got "${u.protocol}"`);
  }
  return v.replace(/\/+$/, '');
}

function digits(src: Source, key: string, dflt: string, minLen: number, maxLen: number): string {
  const v = str(src, key, dflt);
  if (!/^\d+$/.test(v) || v.length < minLen || v.length > maxLen) {
    throw new ConfigError(key, `must be ${minLen} to ${maxLen} digits, got "${v}"`);
  }
  return v;
}

function bool(src: Source, key: string, dflt: boolean): boolean {
  const v = src[key];
  if (v === undefined || v === '') return dflt;
  if (/^(on|true|yes|1)$/i.test(v)) return true;
  if (/^(off|false|no|0)$/i.test(v)) return false;
  throw new ConfigError(key, `must be on or off, got "${v}"`);
}

/** `a=b,c=d` pairs; each value must be one of `allowed`. */
function pairs<T extends string>(src: Source, key: string, allowed: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const item of (src[key] ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')) {
    const eq = item.lastIndexOf('=');
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (eq <= 0 || !(allowed as readonly string[]).includes(value)) {
      throw new ConfigError(
        key,
        `must be NAME=VALUE pairs with VALUE one of ${allowed.join(', ')}, got "${item}"`,
      );
    }
    out[name] = value as T;
  }
  return out;
}

/** The LSP back-pressure settings; a per-provider limit above the node's is refused. */
function lspLimits(src: Source): Config['lspLimits'] {
  const maxActive = int(src, 'BRUG_LSP_MAX_ACTIVE', 256, 1, 10_000);
  const maxActivePerProvider = int(src, 'BRUG_LSP_MAX_ACTIVE_PER_PROVIDER', maxActive, 1, 10_000);
  if (maxActivePerProvider > maxActive) {
    throw new ConfigError(
      'BRUG_LSP_MAX_ACTIVE_PER_PROVIDER',
      `must not exceed BRUG_LSP_MAX_ACTIVE (${maxActive}), got ${maxActivePerProvider}`,
    );
  }
  return {
    maxActive,
    maxActivePerProvider,
    maxQueued: int(src, 'BRUG_LSP_MAX_QUEUED', 4096, 0, 1_000_000),
    maxAnswerBytes: int(src, 'BRUG_LSP_MAX_ANSWER_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxBufferedBytes: int(src, 'BRUG_LSP_MAX_BUFFERED_BYTES', 256 * 1024 * 1024, 1024, 64 * 1024 ** 3),
  };
}

function auditKey(src: Source, production: boolean): string | undefined {
  const v = optStr(src, 'BRUG_AUDIT_KEY');
  if (v === undefined) {
    if (production)
      throw new ConfigError('BRUG_AUDIT_KEY', 'is required in production (64 or more hex characters)');
    return undefined;
  }
  if (!/^([0-9a-fA-F]{2}){32,}$/.test(v))
    throw new ConfigError('BRUG_AUDIT_KEY', 'must be 64 or more hex characters');
  return v;
}

function readFileSource(path: string): Source {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError('BRUG_CONFIG_FILE', `cannot read ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('BRUG_CONFIG_FILE', `${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError('BRUG_CONFIG_FILE', `${path} must hold one JSON object of BRUG_* settings`);
  }
  const out: Source = {};
  for (const [k, v] of Object.entries(data)) {
    if (!k.startsWith('BRUG_')) throw new ConfigError('BRUG_CONFIG_FILE', `unknown key "${k}" in ${path}`);
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * Builds the configuration from environment variables (and the optional file they name).
 * @param env - the environment, normally `process.env`
 * @param cwd - folder that relative paths are resolved against
 */
export function loadConfig(env: Source = process.env, cwd: string = process.cwd()): Config {
  const fileSrc = env.BRUG_CONFIG_FILE ? readFileSource(resolve(cwd, env.BRUG_CONFIG_FILE)) : {};
  const src: Source = { ...fileSrc };
  for (const [k, v] of Object.entries(env)) if (k.startsWith('BRUG_') && v !== undefined) src[k] = v;
  const known = new Set(SETTINGS);
  for (const k of Object.keys(src)) {
    if (k.startsWith('BRUG_') && !known.has(k)) throw new ConfigError(k, 'unknown setting (misspelt?)');
  }
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));

  const envName = oneOf(src, 'BRUG_ENV', ['demo', 'test', 'production'] as const, 'demo');
  const home = abs(str(src, 'BRUG_HOME', '.brug'));
  const host = str(src, 'BRUG_HOST', '127.0.0.1');
  const port = int(src, 'BRUG_PORT', 8080, 0, 65535);
  const publicUrl = url(src, 'BRUG_PUBLIC_URL', `http://${host.includes(':') ? `[${host}]` : host}:${port}`, [
    'http:',
    'https:',
  ]);
  const production = envName === 'production';
  if (production && !publicUrl.startsWith('https:')) {
    throw new ConfigError('BRUG_PUBLIC_URL', 'must be https in production');
  }
  const dbDefault = `sqlite:${resolve(home, 'brug.db')}`;
  const databaseUrl = str(src, 'BRUG_DATABASE_URL', dbDefault);
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(
      'BRUG_DATABASE_URL',
      `must start with sqlite: or postgres://, got "${databaseUrl}"`,
    );
  }
  const pki = resolve(home, 'pki');
  const simPort = int(src, 'BRUG_SIM_PORT', 8443, 0, 65535);
  const lspDefaults = !production;
  const need = (key: string, dflt: string): string => {
    const v = optStr(src, key);
    if (v === undefined && !lspDefaults) throw new ConfigError(key, 'is required in production');
    return v === undefined ? dflt : abs(v);
  };
  // The defaults of these point at the simulators and at test ids: production names its own.
  if (production) {
    for (const key of ['BRUG_LSP_URL', 'BRUG_OIDC_ISSUER', 'BRUG_APPLICATION_ID', 'BRUG_URA']) {
      if (optStr(src, key) === undefined) throw new ConfigError(key, 'is required in production');
    }
  }
  const oidcSecret = str(
    src,
    'BRUG_OIDC_CLIENT_SECRET',
    production ? '' : 'brug-demo-secret-not-for-production',
  );
  if (oidcSecret === '') throw new ConfigError('BRUG_OIDC_CLIENT_SECRET', 'is required in production');
  const backchannelPort = optInt(src, 'BRUG_BACKCHANNEL_PORT', 0, 65535);
  if (backchannelPort !== undefined) {
    for (const key of ['BRUG_BACKCHANNEL_CERT', 'BRUG_BACKCHANNEL_KEY', 'BRUG_BACKCHANNEL_CA']) {
      if (optStr(src, key) === undefined)
        throw new ConfigError(key, 'is required with BRUG_BACKCHANNEL_PORT');
    }
  }
  const simFault = optStr(src, 'BRUG_SIM_FAULT');
  if (
    simFault !== undefined &&
    !/^(timeout|soapfault|malformed|error-ack(:[A-Z0-9_]+)?|slow:\d+)$/.test(simFault)
  ) {
    throw new ConfigError(
      'BRUG_SIM_FAULT',
      `must be timeout, soapfault, malformed, error-ack[:CODE] or slow:MS, got "${simFault}"`,
    );
  }

  return {
    env: envName,
    home,
    host,
    port,
    backchannelPort,
    publicUrl,
    backchannelUrl: url(src, 'BRUG_BACKCHANNEL_URL', publicUrl, ['http:', 'https:']),
    // The ZAL schema wants https: a plain-http (loopback demo) public URL falls back to the demo name.
    zalUrl: url(src, 'BRUG_ZAL_URL', publicUrl.startsWith('https:') ? publicUrl : 'https://brug.example.nl', [
      'https:',
    ]),
    databaseUrl,
    databasePoolSize: int(src, 'BRUG_DATABASE_POOL_SIZE', 10, 1, 1000),
    logLevel: oneOf(
      src,
      'BRUG_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    shutdownGraceMs: int(src, 'BRUG_SHUTDOWN_GRACE_MS', 30_000, 0, 600_000),
    metrics: {
      port: optInt(src, 'BRUG_METRICS_PORT', 0, 65535),
      host: str(src, 'BRUG_METRICS_HOST', '127.0.0.1'),
    },
    oauth: {
      codeTtl: int(src, 'BRUG_CODE_TTL', 900, 1, 3600),
      tokenTtl: int(src, 'BRUG_TOKEN_TTL', 900, 1, 86400),
      sessionTtl: int(src, 'BRUG_SESSION_TTL', 1800, 60, 86400),
      clientsFile: optStr(src, 'BRUG_CLIENTS_FILE') === undefined ? undefined : abs(src.BRUG_CLIENTS_FILE!),
      availabilityCheck: oneOf(src, 'BRUG_AVAILABILITY_CHECK', ['off', 'index', 'query'] as const, 'off'),
      landingPage: bool(src, 'BRUG_LANDING_PAGE', true),
      acceptLanguage: bool(src, 'BRUG_ACCEPT_LANGUAGE', false),
      whitelistFile:
        optStr(src, 'BRUG_WHITELIST_FILE') === undefined ? undefined : abs(src.BRUG_WHITELIST_FILE!),
      clientCertHeader: optStr(src, 'BRUG_CLIENT_CERT_HEADER')?.toLowerCase(),
      certificateMustNameClient: bool(src, 'BRUG_CLIENT_CERT_MUST_NAME_CLIENT', true),
      refreshIdleDays: int(src, 'BRUG_REFRESH_IDLE_DAYS', 183, 1, 3650),
      refreshGraceSeconds: int(src, 'BRUG_REFRESH_GRACE_SECONDS', 30, 0, 600),
      grantTypeAliases: pairs(src, 'BRUG_GRANT_TYPE_ALIASES', [
        'authorization_code',
        'refresh_token',
      ] as const),
      ratePerIp: int(src, 'BRUG_TOKEN_RATE_PER_IP', 120, 1, 1_000_000),
      ratePerClient: int(src, 'BRUG_TOKEN_RATE_PER_CLIENT', 600, 1, 1_000_000),
    },
    audit: {
      key: auditKey(src, production),
      anchorFile:
        optStr(src, 'BRUG_AUDIT_ANCHOR_FILE') === undefined ? undefined : abs(src.BRUG_AUDIT_ANCHOR_FILE!),
      anchorIntervalMs: int(src, 'BRUG_AUDIT_ANCHOR_INTERVAL_MS', 300_000, 1000, 86_400_000),
    },
    chainLog: {
      url:
        optStr(src, 'BRUG_CHAINLOG_URL') === undefined
          ? undefined
          : url(src, 'BRUG_CHAINLOG_URL', '', ['https:', 'http:']),
      intervalMs: int(src, 'BRUG_CHAINLOG_INTERVAL_MS', 5000, 100, 3_600_000),
    },
    backchannel: {
      certFile:
        optStr(src, 'BRUG_BACKCHANNEL_CERT') === undefined ? undefined : abs(src.BRUG_BACKCHANNEL_CERT!),
      keyFile: optStr(src, 'BRUG_BACKCHANNEL_KEY') === undefined ? undefined : abs(src.BRUG_BACKCHANNEL_KEY!),
      caFile: optStr(src, 'BRUG_BACKCHANNEL_CA') === undefined ? undefined : abs(src.BRUG_BACKCHANNEL_CA!),
    },
    oidc: {
      issuer: url(src, 'BRUG_OIDC_ISSUER', `${publicUrl}/sim/digid`, ['http:', 'https:']),
      clientId: str(src, 'BRUG_OIDC_CLIENT_ID', 'brug'),
      clientSecret: oidcSecret,
      bsnClaim: str(src, 'BRUG_OIDC_BSN_CLAIM', 'bsn'),
      minimumLevel: oneOf(src, 'BRUG_DIGID_MIN_LEVEL', DIGID_LEVELS, 'substantieel'),
      acrMap: pairs(src, 'BRUG_OIDC_ACR_MAP', DIGID_LEVELS),
    },
    lsp: {
      url: url(src, 'BRUG_LSP_URL', `https://localhost:${simPort}/aorta`, ['https:']),
      caFile: need('BRUG_LSP_CA', resolve(pki, 'ca.pem')),
      certFile: need('BRUG_LSP_CERT', resolve(pki, 'brug-client.pem')),
      keyFile: need('BRUG_LSP_KEY', resolve(pki, 'brug-client.key')),
      serverName: optStr(src, 'BRUG_LSP_SERVER_NAME'),
      timeoutMs: int(src, 'BRUG_LSP_TIMEOUT_MS', 25_000, 100, 55_000),
      applicationId: digits(src, 'BRUG_APPLICATION_ID', '900001', 1, 12),
      ura: digits(src, 'BRUG_URA', '90000001', 8, 8),
      lspApplicationId: digits(src, 'BRUG_LSP_APPLICATION_ID', '1', 1, 12),
      aortaToken: oneOf(
        src,
        'BRUG_LSP_AORTA_TOKEN',
        ['signed', 'signed-no-patient', 'off'] as const,
        'signed',
      ),
    },
    gpSummary: oneOf(src, 'BRUG_GP_SUMMARY', ['off', 'patient', 'all'] as const, 'patient'),
    lspLimits: lspLimits(src),
    lists: medmijLists(src, production, abs),
    onboarding: onboardingSettings(src, abs, home, production),
    sim: {
      lspPort: simPort,
      dataDirs: (optStr(src, 'BRUG_SIM_DATA') ?? '')
        .split(':')
        .filter((d) => d !== '')
        .map(abs),
      fault: simFault,
    },
  };
}

/** The portal's settings (see Config.onboarding); the register and table files are read to check them. */
function onboardingSettings(
  src: Source,
  abs: (p: string) => string,
  home: string,
  production: boolean,
): Config['onboarding'] {
  const register = optStr(src, 'BRUG_LSP_REGISTER');
  const lspRegisterFile =
    register === undefined ? (production ? undefined : BUILTIN_LSP_REGISTER) : abs(register);
  if (lspRegisterFile !== undefined) {
    try {
      loadLspRegister(lspRegisterFile);
    } catch (e) {
      throw new ConfigError('BRUG_LSP_REGISTER', (e as Error).message);
    }
  }
  const table = optStr(src, 'BRUG_SYSTEM_SERVICES');
  const systemServicesFile = table === undefined ? undefined : abs(table);
  if (systemServicesFile !== undefined) {
    try {
      loadSystemServices(systemServicesFile);
    } catch (e) {
      throw new ConfigError('BRUG_SYSTEM_SERVICES', (e as Error).message);
    }
  }
  const smtp = optStr(src, 'BRUG_SMTP_URL');
  return {
    lspRegisterFile,
    systemServicesFile,
    uploadMaxBytes: int(src, 'BRUG_UPLOAD_MAX_BYTES', 5 * 1024 * 1024, 10 * 1024, 50 * 1024 * 1024),
    operatorsFile: abs(str(src, 'BRUG_OPERATORS_FILE', resolve(home, 'operators.json'))),
    smtpUrl: smtp === undefined ? undefined : url(src, 'BRUG_SMTP_URL', '', ['smtp:', 'smtps:']),
    mailFrom: str(src, 'BRUG_MAIL_FROM', 'Brug <noreply@brug.example.nl>'),
    dvzaName: str(src, 'BRUG_DVZA_NAME', 'Brug'),
  };
}

const DIGID_LEVELS = ['basis', 'midden', 'substantieel', 'hoog'] as const;

/** The BRUG_MEDMIJ_* list settings (see Config.lists). */
function medmijLists(src: Source, production: boolean, abs: (p: string) => string): Config['lists'] {
  const listsUrl =
    optStr(src, 'BRUG_MEDMIJ_LISTS_URL') === undefined
      ? undefined
      : url(src, 'BRUG_MEDMIJ_LISTS_URL', '', production ? ['https:'] : ['https:', 'http:']);
  const schemas = optStr(src, 'BRUG_MEDMIJ_SCHEMAS');
  if (production && listsUrl !== undefined && schemas === undefined) {
    throw new ConfigError(
      'BRUG_MEDMIJ_SCHEMAS',
      'is required in production when BRUG_MEDMIJ_LISTS_URL is set (the folder holding the MedMij XSDs)',
    );
  }
  const ca = optStr(src, 'BRUG_MEDMIJ_LISTS_CA');
  return {
    url: listsUrl,
    api: int(src, 'BRUG_MEDMIJ_LISTS_API', 2, 1, 99),
    caFile: ca === undefined ? undefined : abs(ca),
    schemasDir: schemas === undefined ? undefined : abs(schemas),
    refreshSeconds: int(src, 'BRUG_MEDMIJ_LISTS_REFRESH', 3600, 1, 86_400),
    whitelistRefreshSeconds: int(src, 'BRUG_MEDMIJ_WHITELIST_REFRESH', 900, 1, 900),
  };
}

/** Every setting loadConfig reads; anything else starting with BRUG_ is refused as a likely typo. */
export const SETTINGS = [
  'BRUG_CONFIG_FILE',
  'BRUG_ENV',
  'BRUG_HOME',
  'BRUG_HOST',
  'BRUG_PORT',
  'BRUG_BACKCHANNEL_PORT',
  'BRUG_PUBLIC_URL',
  'BRUG_BACKCHANNEL_URL',
  'BRUG_ZAL_URL',
  'BRUG_DATABASE_URL',
  'BRUG_DATABASE_POOL_SIZE',
  // Tests only: a PostgreSQL server on which testConfig() gives each test a fresh schema.
  'BRUG_TEST_DATABASE_URL',
  // Tests only: the test run those schemas belong to (scripts/test.js drops them after the run).
  'BRUG_TEST_RUN',
  // Read by the tools, not by brug (npm run bench:load, npm run fuzz); known, so exporting them in a
  // shell does not stop every brug command as a misspelt setting.
  'BRUG_BENCH_DATABASE_URL',
  'BRUG_FUZZ_RUNS',
  'BRUG_LOG_LEVEL',
  'BRUG_SHUTDOWN_GRACE_MS',
  'BRUG_METRICS_PORT',
  'BRUG_METRICS_HOST',
  'BRUG_CODE_TTL',
  'BRUG_TOKEN_TTL',
  'BRUG_SESSION_TTL',
  'BRUG_CLIENTS_FILE',
  'BRUG_AVAILABILITY_CHECK',
  'BRUG_LANDING_PAGE',
  'BRUG_ACCEPT_LANGUAGE',
  'BRUG_WHITELIST_FILE',
  'BRUG_CLIENT_CERT_HEADER',
  'BRUG_CLIENT_CERT_MUST_NAME_CLIENT',
  'BRUG_REFRESH_IDLE_DAYS',
  'BRUG_REFRESH_GRACE_SECONDS',
  'BRUG_GRANT_TYPE_ALIASES',
  'BRUG_TOKEN_RATE_PER_IP',
  'BRUG_TOKEN_RATE_PER_CLIENT',
  'BRUG_CHAINLOG_URL',
  'BRUG_CHAINLOG_INTERVAL_MS',
  'BRUG_BACKCHANNEL_CERT',
  'BRUG_BACKCHANNEL_KEY',
  'BRUG_BACKCHANNEL_CA',
  'BRUG_DIGID_MIN_LEVEL',
  'BRUG_AUDIT_KEY',
  'BRUG_AUDIT_ANCHOR_FILE',
  'BRUG_AUDIT_ANCHOR_INTERVAL_MS',
  'BRUG_OIDC_ACR_MAP',
  'BRUG_OIDC_ISSUER',
  'BRUG_OIDC_CLIENT_ID',
  'BRUG_OIDC_CLIENT_SECRET',
  'BRUG_OIDC_BSN_CLAIM',
  'BRUG_LSP_URL',
  'BRUG_LSP_CA',
  'BRUG_LSP_CERT',
  'BRUG_LSP_KEY',
  'BRUG_LSP_SERVER_NAME',
  'BRUG_LSP_TIMEOUT_MS',
  'BRUG_APPLICATION_ID',
  'BRUG_URA',
  'BRUG_LSP_APPLICATION_ID',
  'BRUG_GP_SUMMARY',
  'BRUG_LSP_AORTA_TOKEN',
  'BRUG_LSP_MAX_ACTIVE',
  'BRUG_LSP_MAX_ACTIVE_PER_PROVIDER',
  'BRUG_LSP_MAX_QUEUED',
  'BRUG_LSP_MAX_ANSWER_BYTES',
  'BRUG_LSP_MAX_BUFFERED_BYTES',
  'BRUG_MEDMIJ_LISTS_URL',
  'BRUG_MEDMIJ_LISTS_API',
  'BRUG_MEDMIJ_LISTS_CA',
  'BRUG_MEDMIJ_SCHEMAS',
  'BRUG_MEDMIJ_LISTS_REFRESH',
  'BRUG_MEDMIJ_WHITELIST_REFRESH',
  'BRUG_SIM_PORT',
  'BRUG_SIM_DATA',
  'BRUG_SIM_FAULT',
  'BRUG_LSP_REGISTER',
  'BRUG_SYSTEM_SERVICES',
  'BRUG_UPLOAD_MAX_BYTES',
  'BRUG_OPERATORS_FILE',
  'BRUG_SMTP_URL',
  'BRUG_MAIL_FROM',
  'BRUG_DVZA_NAME',
];

/** True where test-only conveniences (`brug token issue`, demo clients over http) are allowed. */
export function isTestEnvironment(config: Config): boolean {
  return config.env !== 'production';
}

/**
 * A configuration for tests: a private home folder, ephemeral ports, quiet logs.
 * @param home - the test's own state folder
 * @param overrides - further BRUG_* settings
 */
export function testConfig(home: string, overrides: Record<string, string> = {}): Config {
  return loadConfig({
    BRUG_ENV: 'test',
    BRUG_HOME: home,
    BRUG_LOG_LEVEL: 'silent',
    ...testDatabase(home),
    ...overrides,
  });
}

/**
 * BRUG_TEST_DATABASE_URL (tests only, e.g. `postgres://brug:brug@127.0.0.1:5432/brug`): when set, every
 * testConfig() gets a fresh schema of its own on that server (`?schema=brug_t_...`), so the whole suite
 * runs on PostgreSQL; unset, tests use SQLite files in their home folders.
 */
function testDatabase(home: string): Record<string, string> {
  const url = process.env.BRUG_TEST_DATABASE_URL;
  if (!url) return {};
  // Named after the test run (BRUG_TEST_RUN, set by scripts/test.js, which drops the run's schemas at
  // its end) and the home folder, so configs made for one test home share one database, as on SQLite.
  const run = /^[a-z0-9]{1,12}$/.test(process.env.BRUG_TEST_RUN ?? '') ? process.env.BRUG_TEST_RUN! : 'x';
  const schema = `brug_t_${run}_${createHash('sha256').update(resolve(home)).digest('hex').slice(0, 20)}`;
  return { BRUG_DATABASE_URL: `${url}${url.includes('?') ? '&' : '?'}schema=${schema}` };
}
