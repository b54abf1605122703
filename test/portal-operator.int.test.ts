/**
 * The operator's side of onboarding, on a real store with a real SMTP relay on a loopback socket:
 * request changes -> the provider corrects through the fresh link (its signed copies then lapse) ->
 * uploads again -> resubmits -> approved; rejection with a reason (the name is free again); a name held
 * by another application refused, also when two applications race for it (the unique index); mail
 * through the relay, and a relay that refuses mail not losing the applicant's link; and a provider
 * that is approved or published, but not live, refused by the OAuth authorize endpoint and the FHIR
 * endpoints of the running gateway. The pages of those steps, fetched and posted through their forms
 * (correction form, the operator's request-changes and reject decisions, the failed login, "Formulier
 * verlopen" and the not-found pages), pass the browser test's accessibility checks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { testConfig, type Config } from '../src/config.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { addOperator, onboardingFor, onboardingRoutes, type Onboarding } from '../src/onboarding/index.ts';
import { NameTakenError } from '../src/store/applications.ts';
import { DEFAULT_DATA_SERVICES } from '../src/services/catalogue.ts';
import { startSmtpRelay, type SmtpRelay } from './support/smtp.ts';
import { startDemo, type Demo } from './support/demo.ts';
import { assertAccessibleHtml, ELIGIBLE, submittedApplication } from './portal-support.ts';

let home: string;
let config: Config;
let store: Store;
let relay: SmtpRelay;
let onboarding: Onboarding;
let app: FastifyInstance;

before(async () => {
  relay = await startSmtpRelay();
  home = mkdtempSync(join(tmpdir(), 'brug-portal-operator-'));
  config = testConfig(home, { BRUG_SMTP_URL: relay.url, BRUG_MAIL_FROM: 'Brug <portaal@brug.example.nl>' });
  store = await openStore(config);
  onboarding = onboardingFor(config, store, DEFAULT_DATA_SERVICES);
  app = Fastify();
  await app.register(onboardingRoutes, { config, store, services: DEFAULT_DATA_SERVICES });
  await app.ready();
});

after(async () => {
  await app?.close();
  await store?.close();
  await relay?.close();
  rmSync(home, { recursive: true, force: true });
});

/** A message as a reader sees it: quoted-printable soft breaks and escapes undone. */
const readable = (data: string): string =>
  Buffer.from(
    data
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
/** The last message the relay took for an address. */
const lastMailTo = (to: string): string => {
  const m = relay.messages.filter((x) => x.to.includes(to)).at(-1);
  assert.ok(m, `a message to ${to}`);
  return readable(m.data);
};
const linkIn = (mail: string): string => /\/portal\/aanvraag\/([A-Za-z0-9_-]+)/.exec(mail)![1]!;

test('mail goes through the SMTP relay: the applicant gets the personal link', async () => {
  const before = relay.messages.length;
  const { key } = await submittedApplication(onboarding, 'smtpproef', {
    ...ELIGIBLE,
    email: 'smtp@proef.example',
  });
  const sent = relay.messages.slice(before);
  assert.deepEqual(
    sent.map((m) => [m.from, m.to]),
    [
      ['portaal@brug.example.nl', ['smtp@proef.example']],
      ['portaal@brug.example.nl', ['smtp@proef.example']],
    ],
  );
  assert.match(sent[0]!.data, /^Subject: Aanvraag ontvangen: Instellingsapotheek De Linde$/m);
  assert.equal(linkIn(readable(sent[0]!.data)), key);
  assert.match(sent[1]!.data, /^Subject: Documenten ontvangen/m);
});

test('a relay that refuses mail does not lose the link: the page shows it, the history says so', async () => {
  relay.refuse = true;
  try {
    const form = await app.inject({ method: 'GET', url: '/portal' });
    const cookie = String(form.headers['set-cookie']).split(';')[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const posted = await app.inject({
      method: 'POST',
      url: '/portal',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        ...ELIGIBLE,
        services: '31',
        email: 'weigert@proef.example',
        csrf,
      }).toString(),
    });
    assert.equal(posted.statusCode, 303);
    assert.match(posted.headers.location!, /\?ontvangen=1&mail=0$/);
    const page = await app.inject({ method: 'GET', url: posted.headers.location!, headers: { cookie } });
    assert.equal(page.statusCode, 200);
    const key = /\/portal\/aanvraag\/([^?]+)/.exec(posted.headers.location!)![1]!;
    assert.match(page.body, /Wij konden u de link naar deze pagina niet mailen/);
    assert.ok(page.body.includes(`${config.publicUrl}/portal/aanvraag/${key}`), 'the link is on the page');
    const application = (await store.applications.list()).find((a) => a.email === 'weigert@proef.example')!;
    const history = await store.applications.events(application.id);
    assert.ok(history.some((e) => e.action === 'mail-failed' && /554/.test(e.detail)));
  } finally {
    relay.refuse = false;
  }
});

test('request changes -> the provider corrects -> the signed copies lapse -> uploads again -> resubmits -> approved', async () => {
  const { app: submitted, key: oldKey } = await submittedApplication(onboarding, 'terugsturen', {
    ...ELIGIBLE,
    email: 'terug@proef.example',
  });
  await assert.rejects(onboarding.requestChanges(submitted.id, 'beheerder', '  '), /Schrijf wat/);
  const asked = await onboarding.requestChanges(submitted.id, 'beheerder', 'Vul uw tweede AGB-code in.');
  assert.equal(asked.mailed, true);
  const mail = lastMailTo('terug@proef.example');
  assert.match(mail, /Vul uw tweede AGB-code in\./);
  const newKey = linkIn(mail);
  assert.notEqual(newKey, oldKey);
  assert.equal(await onboarding.byKey(oldKey), undefined, 'the old link no longer opens the application');
  const current = (await onboarding.byKey(newKey))!;
  assert.equal(current.status, 'changes_requested');
  assert.equal(current.operatorNote, 'Vul uw tweede AGB-code in.');
  // The overview behind the new link shows the operator's note.
  const overview = await app.inject({ method: 'GET', url: `/portal/aanvraag/${newKey}` });
  assert.match(overview.body, /Bericht van de beheerder[\s\S]*Vul uw tweede AGB-code in\./);

  // A correction changes what the documents say: the signed copies lapse.
  const corrected = await onboarding.correct(current, {
    ...ELIGIBLE,
    email: 'terug@proef.example',
    agbCodes: '12345678, 23456789',
  });
  assert.deepEqual(corrected.errors, []);
  assert.equal(corrected.documentsCleared, true);
  assert.deepEqual(await store.applications.documents(submitted.id), []);
  await assert.rejects(
    onboarding.submit(corrected.application!),
    /Upload eerst de ondertekende verwerkersovereenkomst en het ondertekende keuzeformulier/,
  );
  const pdf = Buffer.from(await onboarding.document(corrected.application!, 'agreement'));
  assert.ok(pdf.toString('latin1').includes('Instellingsapotheek'));
  for (const kind of ['agreement', 'choice'] as const) {
    const doc = Buffer.from(await onboarding.document(corrected.application!, kind));
    await onboarding.upload(corrected.application!, kind, `${kind}.pdf`, doc);
  }
  // The same data again: nothing lapses.
  const again = await onboarding.correct(corrected.application!, {
    ...ELIGIBLE,
    email: 'terug@proef.example',
    agbCodes: '12345678, 23456789',
  });
  assert.equal(again.documentsCleared, false);
  assert.equal((await store.applications.documents(submitted.id)).length, 2);
  const resubmitted = await onboarding.submit(again.application!);
  assert.equal(resubmitted.status, 'submitted');
  const provider = await onboarding.approve(submitted.id, 'beheerder');
  assert.deepEqual([provider.naam, provider.status], ['terugsturen', 'approved']);
  const actions = (await store.applications.events(submitted.id)).map((e) => e.action);
  for (const a of ['changes-requested', 'corrected', 'documents-cleared', 'submitted', 'approved'])
    assert.ok(actions.includes(a), a);
});

test('a new MedMij name also makes the signed copies lapse', async () => {
  const applied = await onboarding.apply({ ...ELIGIBLE, email: 'hernoem@proef.example' });
  let current = (await onboarding.chooseName(applied.application!, 'eerstenaam')).application!;
  for (const kind of ['agreement', 'choice'] as const)
    await onboarding.upload(current, kind, 'x.pdf', Buffer.from(await onboarding.document(current, kind)));
  const same = await onboarding.chooseName(current, 'eerstenaam');
  assert.equal(same.documentsCleared, false);
  current = same.application!;
  const renamed = await onboarding.chooseName(current, 'tweedenaam');
  assert.equal(renamed.documentsCleared, true);
  assert.deepEqual(await store.applications.documents(current.id), []);
});

test('reject with a reason: mailed, the status says so, and the name is free again', async () => {
  const { app: submitted } = await submittedApplication(onboarding, 'afwijzen', {
    ...ELIGIBLE,
    email: 'afwijzen@proef.example',
  });
  await assert.rejects(onboarding.reject(submitted.id, 'beheerder', ''), /Geef een reden/);
  const r = await onboarding.reject(submitted.id, 'beheerder', 'Geen verwerkersovereenkomst met ons.');
  assert.equal(r.mailed, true);
  assert.match(lastMailTo('afwijzen@proef.example'), /De reden:\s+Geen verwerkersovereenkomst met ons\./);
  const after = (await store.applications.get(submitted.id))!;
  assert.deepEqual([after.status, after.operatorNote], ['rejected', 'Geen verwerkersovereenkomst met ons.']);
  await assert.rejects(onboarding.approve(submitted.id, 'beheerder'), /afgewezen|rejected/);
  await assert.rejects(onboarding.reject(submitted.id, 'beheerder', 'nog eens'), /al besloten/);
  const other = await onboarding.apply({ ...ELIGIBLE, email: 'opnieuw@proef.example' });
  const named = await onboarding.chooseName(other.application!, 'afwijzen');
  assert.equal(named.problem, undefined, 'a rejected application releases its name');
});

test('a name held by another application is refused, with proposals; the database refuses it too', async () => {
  const first = await onboarding.apply({ ...ELIGIBLE, email: 'eerste@proef.example' });
  await onboarding.chooseName(first.application!, 'dubbelnaam');
  const second = await onboarding.apply({ ...ELIGIBLE, email: 'tweede@proef.example' });
  const refused = await onboarding.chooseName(second.application!, 'dubbelnaam');
  assert.equal(refused.problem, 'taken');
  assert.ok(refused.proposals.length === 3 && !refused.proposals.includes('dubbelnaam'));
  // Written past the check (as a race would): the unique index answers with NameTakenError.
  await assert.rejects(
    store.applications.update({ ...second.application!, naam: 'dubbelnaam', status: 'named' }),
    NameTakenError,
  );
  // Two applications choosing one free name at once: exactly one gets it.
  const a = await onboarding.apply({ ...ELIGIBLE, email: 'race-a@proef.example' });
  const b = await onboarding.apply({ ...ELIGIBLE, email: 'race-b@proef.example' });
  const results = await Promise.all([
    onboarding.chooseName(a.application!, 'wedloop'),
    onboarding.chooseName(b.application!, 'wedloop'),
  ]);
  assert.deepEqual(results.map((r) => r.problem ?? 'ok').sort(), ['ok', 'taken']);
  const loser = results.find((r) => r.problem === 'taken')!;
  assert.ok(loser.proposals.length > 0 && !loser.proposals.includes('wedloop'));
  const holders = (await store.applications.list()).filter((x) => x.naam === 'wedloop');
  assert.equal(holders.length, 1);
});

/** Just enough of a browser for these pages over inject: a cookie jar, forms posted as a browser does. */
function browser(): {
  get(url: string): Promise<{ status: number; body: string }>;
  post(
    url: string,
    form: Record<string, string | string[]>,
  ): Promise<{ status: number; body: string; location?: string }>;
} {
  const jar = new Map<string, string>();
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const take = (set: string | string[] | undefined): void => {
    for (const c of set === undefined ? [] : Array.isArray(set) ? set : [set]) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  return {
    async get(url) {
      const r = await app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
      take(r.headers['set-cookie']);
      return { status: r.statusCode, body: r.body };
    },
    async post(url, form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form))
        for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      const r = await app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: cookie(),
          'content-type': 'application/x-www-form-urlencoded',
          origin: new URL(config.publicUrl).origin,
        },
        payload: params.toString(),
      });
      take(r.headers['set-cookie']);
      return { status: r.statusCode, body: r.body, location: r.headers.location };
    },
  };
}
const csrfIn = (body: string): string => /name="csrf" value="([^"]+)"/.exec(body)![1]!;

test('the pages of the operator decisions, the correction form and the error pages pass the accessibility checks', async () => {
  await addOperator(config.onboarding.operatorsFile, 'toegankelijk', 'een heel lang wachtwoord');
  const b = browser();
  const checked: string[] = [];
  const check = (
    page: { status: number; body: string },
    status: number,
    where: string,
    text: RegExp,
  ): void => {
    assert.equal(page.status, status, where);
    assert.match(page.body, text, where);
    assertAccessibleHtml(page.body, where);
    checked.push(where);
  };

  // The operator's login: refused with a wrong password, and a form that is not ours.
  const login = await b.get('/beheer/inloggen');
  check(login, 200, 'login', /Inloggen|inloggen/);
  const wrong = await b.post('/beheer/inloggen', {
    username: 'toegankelijk',
    password: 'niet het wachtwoord',
    csrf: csrfIn(login.body),
  });
  check(wrong, 401, 'failed login', /Gebruikersnaam of wachtwoord klopt niet/);
  check(
    await b.post('/beheer/inloggen', { username: 'toegankelijk', password: 'x', csrf: 'verkeerd' }),
    403,
    'operator form expired',
    /Formulier verlopen/,
  );
  const portal = await b.get('/portal');
  check(
    await b.post('/portal', { ...ELIGIBLE, services: '31', csrf: 'verkeerd' }),
    403,
    'portal form expired',
    /Formulier verlopen/,
  );
  check(await b.get('/portal/aanvraag/bestaatniet'), 404, 'portal not found', /Aanvraag niet gevonden/);
  const ok = await b.post('/beheer/inloggen', {
    username: 'toegankelijk',
    password: 'een heel lang wachtwoord',
    csrf: csrfIn(wrong.body),
  });
  assert.equal(ok.status, 303);
  check(await b.get('/beheer/zorgaanbieder/bestaatniet'), 404, 'operator not found', /Niet gevonden/);

  // Request changes through the review form; the provider corrects through the form behind the new link.
  const { app: back } = await submittedApplication(onboarding, 'toegangterug', {
    ...ELIGIBLE,
    email: 'toegang-terug@proef.example',
  });
  const review = await b.get(`/beheer/aanvraag/${back.id}`);
  check(review, 200, 'review', /Kenmerk/);
  const asked = await b.post(`/beheer/aanvraag/${back.id}`, {
    decision: 'changes',
    note: 'Vul uw tweede AGB-code in.',
    csrf: csrfIn(review.body),
  });
  check(asked, 200, 'changes requested', /gevraagd de aanvraag aan te passen/);
  assert.equal((await store.applications.get(back.id))?.status, 'changes_requested');
  const key = linkIn(lastMailTo('toegang-terug@proef.example'));
  const form = await b.get(`/portal/aanvraag/${key}/wijzigen`);
  check(form, 200, 'correction form', /value="Instellingsapotheek De Linde"/);
  const values = {
    ...ELIGIBLE,
    email: 'toegang-terug@proef.example',
    services: '31',
    csrf: csrfIn(form.body),
  };
  check(
    await b.post(`/portal/aanvraag/${key}/wijzigen`, { ...values, ura: '12' }),
    400,
    'correction refused',
    /URA-nummer bestaat uit 8 cijfers/,
  );
  const corrected = await b.post(`/portal/aanvraag/${key}/wijzigen`, {
    ...values,
    agbCodes: '12345678, 23456789',
  });
  assert.equal(corrected.status, 303);
  assert.deepEqual((await store.applications.get(back.id))?.agbCodes, ['12345678', '23456789']);

  // Reject through the review form: without a reason refused on the page, with one done.
  const { app: no } = await submittedApplication(onboarding, 'toegangnee', {
    ...ELIGIBLE,
    email: 'toegang-nee@proef.example',
  });
  const second = await b.get(`/beheer/aanvraag/${no.id}`);
  const csrf = csrfIn(second.body);
  check(
    await b.post(`/beheer/aanvraag/${no.id}`, { decision: 'reject', note: '', csrf }),
    409,
    'reject without a reason',
    /Geef een reden voor de afwijzing/,
  );
  check(
    await b.post(`/beheer/aanvraag/${no.id}`, { decision: 'reject', note: 'Geen LSP-aansluiting.', csrf }),
    200,
    'rejected',
    /De aanvraag is afgewezen/,
  );
  assert.equal((await store.applications.get(no.id))?.status, 'rejected');
  assert.ok(portal.status === 200 && checked.length === 12, checked.join(', '));
});

test('a provider that is approved or published but not live: authorize and FHIR refuse it', async () => {
  const demo: Demo = await startDemo();
  try {
    const gw = onboardingFor(demo.config, demo.gateway.store, DEFAULT_DATA_SERVICES);
    const { app: submitted } = await submittedApplication(gw, 'nognietlive');
    await gw.approve(submitted.id, 'beheerder');
    const redirect = `${demo.base}/sim/pgo/callback`;
    const authorize = (): Promise<Response> =>
      fetch(
        `${demo.base}/oauth/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: 'localhost',
          redirect_uri: redirect,
          scope: 'nognietlive~31',
          state: 'st',
        }).toString()}`,
        { redirect: 'manual' },
      );
    const fhir = (path: string): Promise<Response> =>
      fetch(`${demo.base}/fhir/nognietlive/31/stu3/${path}`, {
        headers: { accept: 'application/fhir+json' },
      });
    const token = await demo.token('999990032', 'ggzdemo~31');
    for (const status of ['approved', 'published'] as const) {
      if (status === 'published') {
        await gw.submitToMedmij('nognietlive', 'beheerder');
        await gw.markPublished('nognietlive', 'beheerder');
      }
      assert.equal((await demo.gateway.store.providers.get('nognietlive'))?.status, status);
      const a = await authorize();
      assert.equal(a.status, 302, status);
      const to = new URL(a.headers.get('location')!);
      assert.equal(`${to.origin}${to.pathname}`, redirect);
      assert.equal(to.searchParams.get('error'), 'invalid_scope', status);
      assert.equal(to.searchParams.get('error_description'), 'unknown provider nognietlive');
      assert.equal((await fhir('metadata')).status, 404, `metadata while ${status}`);
      const search = await fetch(`${demo.base}/fhir/nognietlive/31/stu3/MedicationDispense`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
      });
      assert.equal(search.status, 404, `search while ${status}`);
      const outcome = (await search.json()) as { issue: { diagnostics?: string }[] };
      assert.match(JSON.stringify(outcome.issue), /Unknown FHIR endpoint/);
    }
    // Once live, the same requests get through: the status was what refused them.
    await gw.goLive('nognietlive', 'beheerder');
    const live = await authorize();
    assert.equal(live.status === 302 && /error=/.test(live.headers.get('location') ?? ''), false);
    assert.equal((await fhir('metadata')).status, 200);
  } finally {
    await demo.close();
  }
});
