/**
 * Helpers for the attack tests: walk the demo's browser flow step by step (authorize, landing page,
 * DigiD simulator, consent) so a test can stop, swap browsers or plant cookies in between.
 */
import assert from 'node:assert/strict';
import type { Demo } from '../support/demo.ts';
import { Browser, readForm, squash } from '../../src/medmij/oauth/testing.ts';

export const SESSION_COOKIE = 'brug_authz';
export const CLIENT_ID = 'localhost';
export const SCOPE = 'ggzdemo~31';
/** A synthetic patient of our own (src/sim/data/manifest.json). */
export const BSN = '999990032';

/** The demo PGO's redirect URI. */
export function redirectUri(demo: Demo): string {
  return `${demo.base}/sim/pgo/callback`;
}

/**
 * The authorize URL of the demo PGO.
 * @param demo - the running demo
 * @param extra - parameters to add or override
 */
export function authorizeUrl(demo: Demo, extra: Record<string, string> = {}): string {
  return `${demo.base}/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: redirectUri(demo),
    scope: SCOPE,
    state: 'attack-state',
    ...extra,
  }).toString()}`;
}

/** The cookie jar of a `Browser` (private there; the attack tests read and plant cookies). */
function jarOf(b: Browser): Map<string, Map<string, string>> {
  return (b as unknown as { jar: Map<string, Map<string, string>> }).jar;
}

/**
 * A cookie the browser holds for the demo's host.
 * @param b - the browser
 * @param demo - the running demo
 * @param name - cookie name
 */
export function cookieOf(b: Browser, demo: Demo, name: string): string | undefined {
  return jarOf(b).get(new URL(demo.base).host)?.get(name);
}

/**
 * Plants a cookie in a browser for the demo's host (what an attacker does through a sibling
 * subdomain or a planted link).
 * @param b - the victim's browser
 * @param demo - the running demo
 * @param name - cookie name
 * @param value - cookie value
 */
export function plantCookie(b: Browser, demo: Demo, name: string, value: string): void {
  const host = new URL(demo.base).host;
  const jar = jarOf(b).get(host) ?? new Map<string, string>();
  jar.set(name, value);
  jarOf(b).set(host, jar);
}

/**
 * Authorize -> landing page -> "Inloggen met DigiD": returns the first URL at the DigiD simulator
 * (the OIDC authorization request that carries Brug's pending login).
 * @param b - the browser
 * @param demo - the running demo
 */
export async function startFlow(b: Browser, demo: Demo): Promise<string> {
  const landingUrl = await b.redirectFrom(authorizeUrl(demo));
  const form = readForm(squash(await (await b.fetch(landingUrl)).text()));
  const res = await b.post(new URL(form.action, landingUrl).href, { ...form.hidden, action: 'login' });
  let url = new URL(res.headers.get('location') ?? '', landingUrl).href;
  for (let i = 0; i < 3 && !url.startsWith(`${demo.base}/sim/digid`); i++) url = await b.redirectFrom(url);
  assert.ok(url.startsWith(`${demo.base}/sim/digid`), `sent to DigiD: ${url}`);
  return url;
}

/**
 * Logs in at the DigiD simulator from its authorization URL and follows the redirects back to Brug
 * until the consent page; returns that URL (or the last URL reached).
 * @param b - the browser
 * @param demo - the running demo
 * @param digidUrl - from `startFlow`
 * @param bsn - the person logging in
 */
export async function loginAtDigid(b: Browser, demo: Demo, digidUrl: string, bsn = BSN): Promise<string> {
  const url = await b.redirectFrom(digidUrl);
  const form = readForm(squash(await (await b.fetch(url)).text()));
  const res = await b.post(new URL(form.action, url).href, { ...form.hidden, bsn });
  let next = new URL(res.headers.get('location') ?? '', url).href;
  for (let i = 0; i < 6 && !next.startsWith(`${demo.base}/oauth/consent`); i++) {
    const r = await b.fetch(next);
    const loc = r.headers.get('location');
    if (r.status < 300 || r.status > 399 || loc === null) break;
    next = new URL(loc, next).href;
  }
  return next;
}

/**
 * The whole flow up to an issued code for the demo PGO.
 * @param b - the browser
 * @param demo - the running demo
 */
export async function codeFor(b: Browser, demo: Demo): Promise<string> {
  const consentUrl = await loginAtDigid(b, demo, await startFlow(b, demo));
  const form = readForm(squash(await (await b.fetch(consentUrl)).text()));
  const res = await b.post(new URL(form.action, demo.base).href, { ...form.hidden, decision: 'approve' });
  const back = new URL(res.headers.get('location') ?? '');
  const code = back.searchParams.get('code');
  assert.ok(code, `a code in ${back.href}`);
  return code;
}

/**
 * POSTs a form to the token endpoint.
 * @param demo - the running demo
 * @param fields - form fields
 */
export async function tokenRequest(demo: Demo, fields: Record<string, string>): Promise<Response> {
  return fetch(`${demo.base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * Asserts /health still answers 200.
 * @param demo - the running demo
 */
export async function assertHealthy(demo: Demo): Promise<void> {
  const res = await fetch(`${demo.base}/health`, { signal: AbortSignal.timeout(2000) });
  assert.equal(res.status, 200, 'the gateway is still healthy');
  await res.arrayBuffer();
}
