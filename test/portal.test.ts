/**
 * The provider portal and the operators' pages over Fastify's inject, with a real SQLite store in a
 * temp folder and the real outbox: apply (refused, then eligible), choose a name (taken -> proposals),
 * download both PDFs, upload signed copies (a hostile one refused), submit, operator login and CSRF,
 * approve, the lifecycle to live, and suspension revoking grants and tokens. Then one table of every
 * state-changing form (portal, operators, and the patient's consents page on the OAuth routes' own
 * fixture): each refuses a post without its CSRF token and one with a foreign Origin, leaving the store
 * as it was, and takes the same post from our own page.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig, type Config } from '../src/config.ts';
import { openStore, type Store } from '../src/store/index.ts';
import {
  onboardingFor,
  onboardingRoutes,
  addOperator,
  seedDemoProviders,
  type Onboarding,
} from '../src/onboarding/index.ts';
import { DEFAULT_DATA_SERVICES } from '../src/services/catalogue.ts';
import type { ProviderStatus } from '../src/store/index.ts';
import {
  TEST_BSN,
  openOAuthFixture,
  type OAuthFixture,
  recordTestGrant,
} from '../src/medmij/oauth/test-fixture.ts';
import { ELIGIBLE, storeContents, submittedApplication } from './portal-support.ts';

let home: string;
let config: Config;
let store: Store;
let app: FastifyInstance;
let onboarding: Onboarding;
/** The OAuth routes with the patient's consents page, on a store of their own. */
let fx: OAuthFixture;
const ZAL = new Set(['zonnehuis']);

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-portal-'));
  config = testConfig(home);
  store = await openStore(config);
  await seedDemoProviders(store);
  await addOperator(config.onboarding.operatorsFile, 'beheerder', 'correct horse battery');
  app = Fastify();
  await app.register(onboardingRoutes, {
    config,
    store,
    services: DEFAULT_DATA_SERVICES,
    zalNames: async () => ZAL,
  });
  await app.ready();
  onboarding = onboardingFor(config, store, DEFAULT_DATA_SERVICES);
  fx = await openOAuthFixture({
    login: {
      start: () =>
        Promise.resolve({
          url: 'https://digid.example/authorize?p=1',
          pending: { state: 's', nonce: 'n', codeVerifier: 'v' },
        }),
      finish: () =>
        Promise.resolve({ bsn: TEST_BSN, authTime: fx.clock.now, level: 'substantieel', assertionId: 'p' }),
    },
  });
});

after(async () => {
  await fx?.close();
  await app?.close();
  await store?.close();
  rmSync(home, { recursive: true, force: true });
});

/** A browser's cookie jar, just enough for these pages. */
class Browser {
  cookies = new Map<string, string>();
  /** @param target - the app to browse (default the portal's) */
  constructor(private readonly target: FastifyInstance = app) {}
  async get(
    url: string,
  ): Promise<{ status: number; body: string; headers: Record<string, unknown>; raw: Buffer }> {
    const r = await this.target.inject({ method: 'GET', url, headers: { cookie: this.header() } });
    this.take(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, headers: r.headers, raw: r.rawPayload };
  }
  async post(
    url: string,
    form: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; location?: string }> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form))
      for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
    const r = await this.target.inject({
      method: 'POST',
      url,
      headers: { ...headers, cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: params.toString(),
    });
    this.take(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, location: r.headers.location };
  }
  async upload(
    url: string,
    fields: Record<string, string>,
    files: Record<string, Buffer>,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; location?: string }> {
    const boundary = '----brugtest' + Math.random().toString(16).slice(2);
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    for (const [k, v] of Object.entries(files)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${k}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        v,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const r = await this.target.inject({
      method: 'POST',
      url,
      headers: {
        ...headers,
        cookie: this.header(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: Buffer.concat(parts),
    });
    this.take(r.headers['set-cookie']);
    return { status: r.statusCode, body: r.body, location: r.headers.location };
  }
  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private take(set: string | string[] | undefined): void {
    for (const c of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
}

const csrfOf = (body: string): string => /name="csrf" value="([^"]+)"/.exec(body)![1]!;

const FORM = {
  organisation: 'GGZ-apotheek Zonnehuis',
  ura: '90000201',
  agbCodes: '12345678',
  contactName: 'Jan de Vries',
  email: 'jan@zonnehuis.example',
  applicationIds: '',
  system: 'winbase',
  systemOther: '',
  services: ['31', '58'],
};

let key = '';
let applicationId = '';

test('the application form explains what is missing and keeps what was entered', async () => {
  const b = new Browser();
  const page = await b.get('/portal');
  assert.equal(page.status, 200);
  assert.match(page.body, /<html lang="nl">/);
  assert.match(page.body, /<label for="ura">/);
  const refused = await b.post('/portal', { ...FORM, csrf: csrfOf(page.body) });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /class="error-summary"/);
  assert.match(refused.body, /href="#lsp-applicaties"/);
  assert.match(refused.body, /LSP-applicatie-id van uw systeem/);
  assert.match(refused.body, /value="GGZ-apotheek Zonnehuis"/, 'entered values are kept');
  // An id of another URA, and a system that lacks a service.
  const foreign = await b.post('/portal', {
    ...FORM,
    applicationIds: '900101',
    system: 'careweb',
    csrf: csrfOf(page.body),
  });
  assert.equal(foreign.status, 400);
  assert.match(foreign.body, /900101 hoort volgens het LSP-register niet bij URA 90000201/);
  assert.match(foreign.body, /CareWeb ondersteunt niet: Medicatiegerelateerde overgevoeligheden 2.A \(58\)/);
  const badFields = await b.post('/portal', {
    ...FORM,
    ura: '1234',
    agbCodes: 'x',
    email: 'nope',
    csrf: csrfOf(page.body),
  });
  assert.match(badFields.body, /URA-nummer bestaat uit 8 cijfers/);
  assert.match(badFields.body, /AGB-code bestaat uit 8 cijfers/);
  assert.match(badFields.body, /geldig e-mailadres/);
});

test('a form without the CSRF token is refused', async () => {
  const b = new Browser();
  await b.get('/portal');
  const r = await b.post('/portal', { ...FORM, applicationIds: '900201', csrf: 'wrong' });
  assert.equal(r.status, 403);
});

test('a form posted with a foreign Origin is refused with the "Formulier verlopen" page, though its token is right', async () => {
  const b = new Browser();
  const page = await b.get('/portal');
  const form = { ...FORM, applicationIds: '900201', csrf: csrfOf(page.body) };
  for (const origin of ['https://aanvaller.example', 'http://127.0.0.1:1', 'null']) {
    const r = await b.post('/portal', form, { origin });
    assert.equal(r.status, 403, origin);
    assert.match(r.body, /<h1[^>]*>Formulier verlopen<\/h1>/, origin);
    assert.match(r.body, /niet vanaf deze site verstuurd/);
  }
  assert.deepEqual(await store.applications.list(), [], 'nothing was stored');
  // The operators' login form too.
  const login = await b.get('/beheer/inloggen');
  const foreign = await b.post(
    '/beheer/inloggen',
    { username: 'beheerder', password: 'correct horse battery', csrf: csrfOf(login.body) },
    { origin: 'https://aanvaller.example' },
  );
  assert.equal(foreign.status, 403);
  assert.match(foreign.body, /Formulier verlopen/);
  assert.equal(foreign.location, undefined, 'no session');
  // Our own Origin (the public URL's) passes the same check: the Origin was what refused them.
  const own = { origin: new URL(config.publicUrl).origin };
  const loggedIn = await b.post(
    '/beheer/inloggen',
    { username: 'beheerder', password: 'correct horse battery', csrf: csrfOf(login.body) },
    own,
  );
  assert.equal(loggedIn.status, 303);
  const queue = await b.get('/beheer');
  const logout = await b.post(
    '/beheer/uitloggen',
    { csrf: csrfOf(queue.body) },
    { origin: 'https://aanvaller.example' },
  );
  assert.equal(logout.status, 403, 'a logged-in operator form is checked alike');
  assert.equal((await b.get('/beheer')).status, 200, 'still logged in');
});

test('apply, choose a name (taken -> proposals), download, upload, submit', async () => {
  const b = new Browser();
  const page = await b.get('/portal');
  const ok = await b.post('/portal', { ...FORM, applicationIds: '900201, 900202', csrf: csrfOf(page.body) });
  assert.equal(ok.status, 303);
  key = /\/portal\/aanvraag\/([^?]+)/.exec(ok.location!)![1]!;
  const mails = readdirSync(join(home, 'outbox'));
  assert.equal(mails.length, 1);
  const mail = readFileSync(join(home, 'outbox', mails[0]!), 'utf8');
  assert.match(mail, /To: jan@zonnehuis.example/);
  assert.ok(mail.includes(`/portal/aanvraag/${key}`), 'the mail carries the personal link');

  const namePage = await b.get(`/portal/aanvraag/${key}/naam`);
  const taken = await b.post(`/portal/aanvraag/${key}/naam`, {
    naam: 'zonnehuis',
    csrf: csrfOf(namePage.body),
  });
  assert.equal(taken.status, 400);
  assert.match(taken.body, /al in gebruik/);
  const proposals = [...taken.body.matchAll(/name="voorstel" value="([a-z]+)"/g)].map((m) => m[1]!);
  assert.ok(proposals.length >= 1);
  assert.ok(!proposals.includes('zonnehuis'));
  const invalid = await b.post(`/portal/aanvraag/${key}/naam`, {
    naam: 'Zonne-Huis',
    csrf: csrfOf(namePage.body),
  });
  assert.match(invalid.body, /alleen uit kleine letters/);
  const chosen = await b.post(`/portal/aanvraag/${key}/naam`, {
    voorstel: proposals[0]!,
    naam: 'zonnehuis',
    csrf: csrfOf(namePage.body),
  });
  assert.equal(chosen.status, 303);

  const agreement = await b.get(`/portal/aanvraag/${key}/document/verwerkersovereenkomst.pdf`);
  assert.equal(agreement.status, 200);
  assert.equal(agreement.headers['content-type'], 'application/pdf');
  assert.equal(agreement.raw.subarray(0, 5).toString(), '%PDF-');
  assert.ok(agreement.raw.includes(`${proposals[0]}@medmij`), 'the name is filled in (XMP metadata)');
  const choice = await b.get(`/portal/aanvraag/${key}/document/keuzeformulier.pdf`);
  assert.equal(choice.raw.subarray(0, 5).toString(), '%PDF-');

  const docs = await b.get(`/portal/aanvraag/${key}/documenten`);
  const csrf = csrfOf(docs.body);
  const hostile = Buffer.from(
    '%PDF-1.7\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\nxref\n0 1\n0000000000 65535 f \ntrailer << /Root 1 0 R >>\nstartxref\n80\n%%EOF\n',
  );
  const refused = await b.upload(`/portal/aanvraag/${key}/documenten`, { csrf }, { agreement: hostile });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /JavaScript/);
  const notPdf = await b.upload(
    `/portal/aanvraag/${key}/documenten`,
    { csrf },
    { agreement: Buffer.from('hello') },
  );
  assert.match(notPdf.body, /geen PDF/);
  const noCsrf = await b.upload(
    `/portal/aanvraag/${key}/documenten`,
    { csrf: 'x' },
    { agreement: agreement.raw },
  );
  assert.equal(noCsrf.status, 403);
  const up = await b.upload(
    `/portal/aanvraag/${key}/documenten`,
    { csrf },
    { agreement: agreement.raw, choice: choice.raw },
  );
  assert.equal(up.status, 303);
  const overview = await b.get(`/portal/aanvraag/${key}`);
  assert.match(overview.body, /SHA-256/);
  const submitted = await b.post(`/portal/aanvraag/${key}/indienen`, { csrf: csrfOf(overview.body) });
  assert.equal(submitted.status, 303);
  const apps = await store.applications.list(['submitted']);
  assert.equal(apps.length, 1);
  applicationId = apps[0]!.id;
  assert.equal(apps[0]!.naam, proposals[0]);
});

test('operators log in; the queue, review and lifecycle to live; suspension revokes', async () => {
  const b = new Browser();
  const redirect = await b.get('/beheer');
  assert.equal(redirect.status, 303);
  const login = await b.get('/beheer/inloggen');
  const wrong = await b.post('/beheer/inloggen', {
    username: 'beheerder',
    password: 'wrong password!',
    csrf: csrfOf(login.body),
  });
  assert.equal(wrong.status, 401);
  const ok = await b.post('/beheer/inloggen', {
    username: 'beheerder',
    password: 'correct horse battery',
    csrf: csrfOf(login.body),
  });
  assert.equal(ok.status, 303);
  const queue = await b.get('/beheer');
  assert.equal(queue.status, 200);
  assert.match(queue.body, /GGZ-apotheek Zonnehuis/);
  const review = await b.get(`/beheer/aanvraag/${applicationId}`);
  assert.match(review.body, /SHA-256/);
  const csrf = csrfOf(review.body);
  const forged = await b.post(`/beheer/aanvraag/${applicationId}`, { decision: 'approve', csrf: 'nope' });
  assert.equal(forged.status, 403);
  const noReason = await b.post(`/beheer/aanvraag/${applicationId}`, { decision: 'reject', note: '', csrf });
  assert.equal(noReason.status, 409);
  const approved = await b.post(`/beheer/aanvraag/${applicationId}`, { decision: 'approve', csrf });
  assert.equal(approved.status, 303);
  const naam = /zorgaanbieder\/([a-z]+)/.exec(approved.location!)![1]!;
  assert.equal((await store.providers.get(naam))?.status, 'approved');
  for (const [step, status] of [
    ['submit', 'submitted'],
    ['publish', 'published'],
    ['live', 'live'],
  ] as const) {
    const r = await b.post(`/beheer/zorgaanbieder/${naam}`, { step, csrf });
    assert.equal(r.status, 200, step);
    assert.equal((await store.providers.get(naam))?.status, status);
  }
  // A patient's grant and token for the new provider; suspension revokes both in one go.
  await store.grants.insert({
    id: 'g1',
    clientId: 'localhost',
    provider: naam,
    services: ['31'],
    bsn: '999990032',
    authTime: 1,
    authLevel: 'substantieel',
    assertionId: 'a',
    longLived: false,
    createdAt: 1,
    revokedAt: null,
  });
  await store.tokens.insert({
    hash: 'h1',
    grantId: 'g1',
    clientId: 'localhost',
    scope: `${naam}~31`,
    expiresAt: Date.now() + 60_000,
    revokedAt: null,
    codeHash: null,
  });
  const suspended = await b.post(`/beheer/zorgaanbieder/${naam}`, { step: 'suspend', csrf });
  assert.match(suspended.body, /1 toestemmingen, 1 access tokens/);
  assert.equal((await store.providers.get(naam))?.status, 'suspended');
  assert.notEqual((await store.grants.get('g1'))?.revokedAt, null);
  assert.notEqual((await store.tokens.get('h1'))?.revokedAt, null);
  const mails = readdirSync(join(home, 'outbox')).map((f) => readFileSync(join(home, 'outbox', f), 'utf8'));
  assert.ok(mails.some((m) => /goedgekeurd/.test(m)));
  assert.ok(mails.some((m) => /is live/.test(m)));
  assert.ok(mails.some((m) => /geschorst/.test(m)));
});

/** A form as the page gave it: who posts it, where, its fields (with the page's token), and its files. */
interface PageForm {
  b: Browser;
  url: string;
  fields: Record<string, string | string[]>;
  files?: Record<string, Buffer>;
  /** The store the form writes to (the config's databaseUrl). */
  database: string;
}

/** An operator's browser, logged in. */
async function operator(): Promise<Browser> {
  const b = new Browser();
  const login = await b.get('/beheer/inloggen');
  const ok = await b.post('/beheer/inloggen', {
    username: 'beheerder',
    password: 'correct horse battery',
    csrf: csrfOf(login.body),
  });
  assert.equal(ok.status, 303);
  return b;
}

/** An application that went through the applicant's steps up to `until`, and its personal link. */
async function application(
  naam: string,
  until: 'applied' | 'named' | 'uploaded',
): Promise<{ id: string; base: string }> {
  const applied = await onboarding.apply({ ...ELIGIBLE, email: `${naam}@csrf.example` });
  let current = applied.application!;
  if (until !== 'applied') current = (await onboarding.chooseName(current, naam)).application!;
  if (until === 'uploaded')
    for (const kind of ['agreement', 'choice'] as const)
      await onboarding.upload(
        current,
        kind,
        `${kind}.pdf`,
        Buffer.from(await onboarding.document(current, kind)),
      );
  return { id: current.id, base: `/portal/aanvraag/${applied.key!}` };
}

/** A provider, approved and taken through the lifecycle to `status`. */
async function providerAt(naam: string, status: ProviderStatus): Promise<string> {
  const { app: submitted } = await submittedApplication(onboarding, naam, {
    ...ELIGIBLE,
    email: `${naam}@csrf.example`,
  });
  await onboarding.approve(submitted.id, 'beheerder');
  const path: Record<ProviderStatus, Array<() => Promise<unknown>>> = {
    approved: [],
    submitted: [() => onboarding.submitToMedmij(naam, 'beheerder')],
    published: [
      () => onboarding.submitToMedmij(naam, 'beheerder'),
      () => onboarding.markPublished(naam, 'beheerder'),
    ],
    live: [
      () => onboarding.submitToMedmij(naam, 'beheerder'),
      () => onboarding.markPublished(naam, 'beheerder'),
      () => onboarding.goLive(naam, 'beheerder'),
    ],
    suspended: [() => onboarding.suspend(naam, 'beheerder')],
    offboarded: [() => onboarding.offboard(naam, 'beheerder')],
  };
  for (const step of path[status]) await step();
  assert.equal((await store.providers.get(naam))?.status, status);
  return naam;
}

/** A patient logged in to the consents page (through the stand-in DigiD), or just arrived there. */
async function patient(loggedIn: boolean): Promise<{ b: Browser; page: string }> {
  const b = new Browser(fx.app);
  const first = await b.get('/oauth/consents');
  if (!loggedIn) return { b, page: first.body };
  const go = await b.post('/oauth/consents', { action: 'login', csrf: csrfOf(first.body) });
  assert.equal(go.status, 303);
  assert.equal((await b.get('/oauth/digid/callback?code=c&state=s')).status, 303);
  return { b, page: (await b.get('/oauth/consents')).body };
}

/** A long-lived consent of the test patient. */
async function longLivedConsent(): Promise<string> {
  const grant = await recordTestGrant(fx.store, fx.clock.now, { longLived: true });
  return grant.id;
}

/**
 * Every state-changing form of the portal, the operators' pages and the patient's consents page, each
 * opened as its page offers it (a fresh application, provider or session in the state the form
 * needs). The table names the refusal each context gives.
 */
const FORMS: Array<{ form: string; refusal: RegExp; open: () => Promise<PageForm> }> = [
  {
    form: 'application form',
    refusal: /Formulier verlopen/,
    open: async () => {
      const b = new Browser();
      const page = await b.get('/portal');
      const fields = { ...FORM, applicationIds: '900201', email: 'aanvraag@csrf.example' };
      return {
        b,
        url: '/portal',
        fields: { ...fields, csrf: csrfOf(page.body) },
        database: config.databaseUrl,
      };
    },
  },
  {
    form: 'MedMij name',
    refusal: /Formulier verlopen/,
    open: async () => {
      const { base } = await application('csrfnaam', 'applied');
      const b = new Browser();
      const page = await b.get(`${base}/naam`);
      const fields = { naam: 'csrfnaam', csrf: csrfOf(page.body) };
      return { b, url: `${base}/naam`, fields, database: config.databaseUrl };
    },
  },
  {
    form: 'correction form',
    refusal: /Formulier verlopen/,
    open: async () => {
      const { base } = await application('csrfwijzigen', 'named');
      const b = new Browser();
      const page = await b.get(`${base}/wijzigen`);
      const fields = {
        ...ELIGIBLE,
        email: 'csrfwijzigen@csrf.example',
        agbCodes: '12345678, 23456789',
        csrf: csrfOf(page.body),
      };
      return { b, url: `${base}/wijzigen`, fields, database: config.databaseUrl };
    },
  },
  {
    form: 'documents upload (multipart)',
    refusal: /Formulier verlopen/,
    open: async () => {
      const { base } = await application('csrfdocumenten', 'named');
      const b = new Browser();
      const page = await b.get(`${base}/documenten`);
      const files = {
        agreement: (await b.get(`${base}/document/verwerkersovereenkomst.pdf`)).raw,
        choice: (await b.get(`${base}/document/keuzeformulier.pdf`)).raw,
      };
      const fields = { csrf: csrfOf(page.body) };
      return { b, url: `${base}/documenten`, fields, files, database: config.databaseUrl };
    },
  },
  {
    form: 'submit (indienen)',
    refusal: /Formulier verlopen/,
    open: async () => {
      const { base } = await application('csrfindienen', 'uploaded');
      const b = new Browser();
      const page = await b.get(base);
      assert.match(page.body, new RegExp(`action="${base}/indienen"`));
      return {
        b,
        url: `${base}/indienen`,
        fields: { csrf: csrfOf(page.body) },
        database: config.databaseUrl,
      };
    },
  },
  {
    form: 'operator login',
    refusal: /Formulier verlopen/,
    open: async () => {
      const b = new Browser();
      const page = await b.get('/beheer/inloggen');
      const fields = { username: 'beheerder', password: 'correct horse battery', csrf: csrfOf(page.body) };
      return { b, url: '/beheer/inloggen', fields, database: config.databaseUrl };
    },
  },
  {
    form: 'operator logout',
    refusal: /Formulier verlopen/,
    open: async () => {
      const b = await operator();
      const page = await b.get('/beheer');
      return {
        b,
        url: '/beheer/uitloggen',
        fields: { csrf: csrfOf(page.body) },
        database: config.databaseUrl,
      };
    },
  },
  ...(['approve', 'changes', 'reject'] as const).map((decision) => ({
    form: `operator decision ${decision}`,
    refusal: /Formulier verlopen/,
    open: async (): Promise<PageForm> => {
      const { app: submitted } = await submittedApplication(onboarding, `csrfbesluit${decision}`, {
        ...ELIGIBLE,
        email: `besluit-${decision}@csrf.example`,
      });
      const b = await operator();
      const page = await b.get(`/beheer/aanvraag/${submitted.id}`);
      const fields = { decision, note: 'Een reden.', csrf: csrfOf(page.body) };
      return { b, url: `/beheer/aanvraag/${submitted.id}`, fields, database: config.databaseUrl };
    },
  })),
  ...(
    [
      ['submit', 'approved'],
      ['publish', 'submitted'],
      ['live', 'published'],
      ['suspend', 'live'],
      ['resume', 'suspended'],
      ['offboard', 'live'],
    ] as const
  ).map(([step, from]) => ({
    form: `lifecycle step ${step}`,
    refusal: /Formulier verlopen/,
    open: async (): Promise<PageForm> => {
      const naam = await providerAt(`csrfstap${step}`, from);
      const b = await operator();
      const page = await b.get(`/beheer/zorgaanbieder/${naam}`);
      assert.match(page.body, new RegExp(`value="${step}"`), `the page offers ${step}`);
      const fields = { step, csrf: csrfOf(page.body) };
      return { b, url: `/beheer/zorgaanbieder/${naam}`, fields, database: config.databaseUrl };
    },
  })),
  {
    form: 'consents page: DigiD login',
    refusal: /Het formulier is verlopen of is niet via deze website verstuurd/,
    open: async () => {
      const { b, page } = await patient(false);
      const fields = { action: 'login', csrf: csrfOf(page) };
      return { b, url: '/oauth/consents', fields, database: fx.config.databaseUrl };
    },
  },
  {
    form: 'consents page: withdraw a consent',
    refusal: /Het formulier is verlopen of is niet via deze website verstuurd/,
    open: async () => {
      const grant = await longLivedConsent();
      const { b, page } = await patient(true);
      assert.match(page, new RegExp(`value="${grant}"`));
      return {
        b,
        url: '/oauth/consents',
        fields: { grant, csrf: csrfOf(page) },
        database: fx.config.databaseUrl,
      };
    },
  },
  {
    form: 'consents page: log out',
    refusal: /Het formulier is verlopen of is niet via deze website verstuurd/,
    open: async () => {
      const { b, page } = await patient(true);
      const fields = { action: 'logout', csrf: csrfOf(page) };
      return { b, url: '/oauth/consents', fields, database: fx.config.databaseUrl };
    },
  },
];

test('every state-changing form refuses a post without its CSRF token, and one from a foreign Origin', async (t) => {
  const own = { origin: new URL(config.publicUrl).origin };
  const foreign = { origin: 'https://aanvaller.example' };
  for (const { form, refusal, open } of FORMS) {
    await t.test(form, async () => {
      const f = await open();
      const send = (
        fields: Record<string, string | string[]>,
        headers: Record<string, string>,
      ): Promise<{ status: number; body: string; location?: string }> =>
        f.files
          ? f.b.upload(f.url, fields as Record<string, string>, f.files, headers)
          : f.b.post(f.url, fields, headers);
      const before = await storeContents(f.database);
      const { csrf, ...withoutToken } = f.fields;
      assert.ok(typeof csrf === 'string' && csrf.length > 0, `${form}: the page gave a token`);
      for (const [attack, fields, headers] of [
        ['without the token', withoutToken, {}],
        ['with a foreign Origin', f.fields, foreign],
      ] as const) {
        const r = await send(fields, headers);
        assert.equal(r.status, 403, `${form} ${attack}`);
        assert.match(r.body, refusal, `${form} ${attack}`);
        assert.equal(r.location, undefined, `${form} ${attack}: no redirect`);
        assert.deepEqual(
          await storeContents(f.database),
          before,
          `${form} ${attack}: nothing changed in the store`,
        );
      }
      // The same form from our own page is taken, and changes the store: the token and Origin refused them.
      const taken = await send(f.fields, own);
      assert.ok(taken.status < 400, `${form} from our own page: ${taken.status}`);
      assert.notDeepEqual(
        await storeContents(f.database),
        before,
        `${form} from our own page changes the store`,
      );
    });
  }
  assert.equal(FORMS.length, 19);
});
