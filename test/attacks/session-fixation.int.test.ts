/**
 * Session fixation and foreign sessions: an attacker who plants Brug's session cookie (`brug_authz`)
 * in a victim's browser, or who holds a victim's cookie in another browser, must not get a code for
 * the victim's consent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from '../support/demo.ts';
import { Browser, readForm, squash } from '../../src/medmij/oauth/testing.ts';
import { SESSION_COOKIE, authorizeUrl, cookieOf, loginAtDigid, plantCookie, startFlow } from './flow.ts';

let demo: Demo;

before(async () => {
  demo = await startDemo();
});

after(async () => {
  await demo.close();
});

test('authorize replaces a planted session cookie with a fresh id; the planted session never reaches consent', async () => {
  const attacker = new Browser();
  await attacker.redirectFrom(authorizeUrl(demo, { state: 'attacker' }));
  const planted = cookieOf(attacker, demo, SESSION_COOKIE);
  assert.ok(planted, 'the attacker has a live session id');

  const victim = new Browser();
  plantCookie(victim, demo, SESSION_COOKIE, planted);
  const consentUrl = await loginAtDigid(victim, demo, await startFlow(victim, demo));
  assert.ok(consentUrl.startsWith(`${demo.base}/oauth/consent`), `victim at consent: ${consentUrl}`);
  const own = cookieOf(victim, demo, SESSION_COOKIE);
  assert.ok(own && own !== planted, 'the victim now carries a session id Brug issued, not the planted one');

  // The attacker's planted id is still at the landing step: no consent page, no form to post.
  const res = await attacker.fetch(`${demo.base}/oauth/consent`);
  assert.equal(res.status, 400);
  assert.doesNotMatch(await res.text(), /name="csrf"/);
});

test('an unknown planted session id reaches no step', async () => {
  const victim = new Browser();
  plantCookie(victim, demo, SESSION_COOKIE, crypto.randomUUID());
  for (const path of ['/oauth/landing', '/oauth/consent', '/oauth/digid/callback?code=x&state=y']) {
    const res = await victim.fetch(`${demo.base}${path}`);
    assert.equal(res.status, 400, path);
    assert.equal(res.headers.get('location'), null, `${path} redirects nowhere`);
  }
});

test('a consent-step cookie used from another browser without the CSRF token cannot approve', async () => {
  const victim = new Browser();
  const consentUrl = await loginAtDigid(victim, demo, await startFlow(victim, demo));
  assert.ok(consentUrl.startsWith(`${demo.base}/oauth/consent`));
  const sid = cookieOf(victim, demo, SESSION_COOKIE)!;

  const attacker = new Browser();
  plantCookie(attacker, demo, SESSION_COOKIE, sid);
  const noCsrf = await attacker.post(`${demo.base}/oauth/consent`, { decision: 'approve' });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.headers.get('location'), null, 'no code');
  const wrongCsrf = await attacker.post(`${demo.base}/oauth/consent`, {
    decision: 'approve',
    csrf: 'a'.repeat(43),
  });
  assert.equal(wrongCsrf.status, 403);

  // The attacker's own consent-step session and CSRF token do not approve the victim's session.
  const other = new Browser();
  const otherConsent = await loginAtDigid(other, demo, await startFlow(other, demo), '999990044');
  const otherForm = readForm(squash(await (await other.fetch(otherConsent)).text()));
  const mixed = await attacker.post(`${demo.base}/oauth/consent`, {
    ...otherForm.hidden,
    decision: 'approve',
  });
  assert.equal(mixed.status, 403, "another session's CSRF token does not fit");

  // The victim's session is untouched: the victim can still approve.
  const form = readForm(squash(await (await victim.fetch(consentUrl)).text()));
  const ok = await victim.post(`${demo.base}${form.action}`, { ...form.hidden, decision: 'approve' });
  assert.equal(ok.status, 303);
  assert.ok(new URL(ok.headers.get('location')!).searchParams.get('code'));
});

test('a session cookie planted between the landing page and DigiD does not let the attacker approve the victim', async () => {
  // The attacker starts a flow, stops before DigiD, and makes the victim's browser carry the
  // attacker's session id while the victim logs in at the attacker's DigiD URL.
  const attacker = new Browser();
  const digidUrl = await startFlow(attacker, demo);
  const sid = cookieOf(attacker, demo, SESSION_COOKIE)!;
  const victim = new Browser();
  plantCookie(victim, demo, SESSION_COOKIE, sid);
  const reached = await loginAtDigid(victim, demo, digidUrl);
  assert.ok(reached.startsWith(`${demo.base}/oauth/consent`), `victim at consent: ${reached}`);

  // Defence wanted: the login hands the victim a new session id, so the attacker's id is dead.
  const res = await attacker.fetch(`${demo.base}/oauth/consent`);
  const page = await res.text();
  assert.notEqual(res.status, 200, 'the attacker sees the victim-authenticated consent page');
  assert.doesNotMatch(page, /name="csrf"/);
  assert.notEqual(cookieOf(victim, demo, SESSION_COOKIE), sid, 'session id rotated at login');
});
