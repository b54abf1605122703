/**
 * The availability check before consent (BRUG_AVAILABILITY_CHECK=index|query): a person with no data
 * at the provider hears so in plain Dutch after the DigiD login and goes back to the PGO with
 * access_denied ("No such resources."); a person with data goes on to the consent screen. For each
 * shipped data service: 31 (medication), 49 (GP data: HUISMAN has data only in the medication
 * agreement and professional summary answers) and 58 (allergies).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from './support/demo.ts';
import { Browser, readForm, squash } from '../src/medmij/oauth/testing.ts';

/**
 * From the PGO's authorize request through the landing page and DigiD; returns the page after login.
 * @param demo - the running demo
 * @param bsn - who logs in at the DigiD simulator
 * @param scope - the authorize request's scope (provider and data service)
 */
async function loginAs(
  demo: Demo,
  bsn: string,
  scope = 'ggzdemo~31',
): Promise<{ url: string; page: string }> {
  const b = new Browser();
  const landing = await b.redirectFrom(
    `${demo.base}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'localhost',
      redirect_uri: `${demo.base}/sim/pgo/callback`,
      scope,
      state: 'avail',
    }).toString()}`,
  );
  const lf = readForm(squash(await (await b.fetch(landing)).text()));
  let url = new URL(
    (await b.post(new URL(lf.action, landing).href, { ...lf.hidden, action: 'login' })).headers.get(
      'location',
    )!,
    landing,
  ).href;
  for (let i = 0; i < 3 && !/\/sim\/digid\/login\//.test(url); i++) url = await b.redirectFrom(url);
  const login = readForm(squash(await (await b.fetch(url)).text()));
  url = new URL(
    (await b.post(new URL(login.action, url).href, { ...login.hidden, bsn })).headers.get('location')!,
    url,
  ).href;
  for (let i = 0; i < 6; i++) {
    const res = await b.fetch(url);
    if (res.status < 300 || res.status >= 400) return { url, page: squash(await res.text()) };
    url = new URL(res.headers.get('location')!, url).href;
  }
  throw new Error('too many redirects');
}

for (const mode of ['index', 'query'] as const) {
  describe(`BRUG_AVAILABILITY_CHECK=${mode}`, () => {
    let demo: Demo;
    before(async () => {
      demo = await startDemo({ BRUG_AVAILABILITY_CHECK: mode });
    });
    after(async () => {
      await demo.close();
    });

    test('no data: a plain Dutch page and access_denied to the PGO', async () => {
      const { page } = await loginAs(demo, '999990044');
      assert.match(page, /Geen gegevens gevonden/);
      assert.match(page, /Apotheek GGZ Demo heeft geen gegevens over jou/);
      assert.doesNotMatch(page, /name="decision"/, 'no consent is asked');
      const back = /href="([^"]*error=access_denied[^"]*)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(back, 'a way back to the PGO');
      const u = new URL(back);
      assert.equal(u.searchParams.get('error_description'), 'No such resources.');
      assert.equal(u.searchParams.get('state'), 'avail');
    });

    test('data: on to the consent screen', async () => {
      const { url, page } = await loginAs(demo, '999990032');
      assert.match(url, /\/oauth\/consent$/);
      assert.match(page, /name="decision" value="approve"/);
    });

    test('49 GP data: HUISMAN (medication agreements and professional summary only) goes on to consent', async () => {
      const { url, page } = await loginAs(demo, '999990093', 'huisartsdemo~49');
      assert.match(url, /\/oauth\/consent$/);
      assert.match(page, /name="decision" value="approve"/);
    });

    test('49 GP data: a person without GP data hears so', async () => {
      const { page } = await loginAs(demo, '999990044', 'huisartsdemo~49');
      assert.match(page, /Huisartsenpraktijk Demo heeft geen gegevens over jou/);
      assert.doesNotMatch(page, /name="decision"/);
    });

    test('58 allergies: BRUGGE (allergies) goes on to consent', async () => {
      const { url, page } = await loginAs(demo, '999990081', 'ggzdemo~58');
      assert.match(url, /\/oauth\/consent$/);
      assert.match(page, /name="decision" value="approve"/);
    });

    test('58 allergies: LEEGTE (no data) hears so', async () => {
      const { page } = await loginAs(demo, '999990044', 'ggzdemo~58');
      assert.match(page, /Geen gegevens gevonden/);
      assert.match(page, /Apotheek GGZ Demo heeft geen gegevens over jou/);
      assert.doesNotMatch(page, /name="decision"/);
    });
  });
}
