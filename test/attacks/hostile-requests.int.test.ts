/**
 * Oversized and hostile requests to Brug's own endpoints. Each must get a clear 4xx (never a 500),
 * within a stated bound, with /health still answering 200 afterwards; nothing the attacker sends is
 * reflected unescaped into a page or unbounded into a redirect, and CR/LF never splits a header.
 */
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, type Demo } from '../support/demo.ts';
import { Browser, readForm, squash } from '../../src/medmij/oauth/testing.ts';
import { BSN, SCOPE, assertHealthy, authorizeUrl, redirectUri } from './flow.ts';
import { rawGet, rawRequest } from './raw.ts';

/** Every answer here must arrive within this many milliseconds. */
const BOUND_MS = 2000;

let demo: Demo;
let token: string;
let fhirBase: string;

before(async () => {
  demo = await startDemo();
  fhirBase = `${demo.base}/fhir/ggzdemo/31/stu3`;
  token = await demo.token(BSN, SCOPE);
});

afterEach(async () => {
  await assertHealthy(demo);
});

after(async () => {
  await demo.close();
});

/** fetch with a deadline; returns the response, its body and how long it took. */
async function timed(
  url: string,
  init: RequestInit = {},
): Promise<{ res: Response; body: string; ms: number }> {
  const started = Date.now();
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
  const body = await res.text();
  return { res, body, ms: Date.now() - started };
}

function clientError(status: number, what: string): void {
  assert.ok(status >= 400 && status < 500, `${what}: a 4xx, got ${status}`);
}

test('a 10 MB body to /oauth/token is refused (400 invalid_request or 413), fast', async () => {
  const started = Date.now();
  let status = 0;
  let body = '';
  try {
    const res = await fetch(`${demo.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=authorization_code&code=${'A'.repeat(10 * 1024 * 1024)}`,
      signal: AbortSignal.timeout(10_000),
    });
    status = res.status;
    body = await res.text();
  } catch (e) {
    // The server may close the connection while the client is still uploading; that is a refusal too.
    assert.doesNotMatch(String(e), /timeout|abort/i, `not a timeout: ${String(e)}`);
    status = 413;
  }
  assert.ok(status === 400 || status === 413, `status ${status}`);
  if (status === 400) assert.equal(JSON.parse(body).error, 'invalid_request');
  assert.ok(Date.now() - started < 8000, 'refused within 8 s (most of it is the upload)');
});

test('a 10 MB body announced by Content-Length is refused before it is read', async () => {
  const host = new URL(demo.base).host;
  const head = [
    'POST /oauth/token HTTP/1.1',
    `Host: ${host}`,
    'Connection: close',
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${10 * 1024 * 1024}`,
    '',
    'grant_type=x',
  ].join('\r\n');
  const answer = await rawRequest(demo.base, head);
  assert.ok(answer.status === 400 || answer.status === 413, `status ${answer.status}`);
  assert.match(answer.body, /invalid_request|too large/);
  assert.ok(answer.ms < BOUND_MS, `${answer.ms} ms`);
});

test('a 100 KB query string on a FHIR search and on /oauth/authorize is refused (431), fast', async () => {
  const long = 'x'.repeat(100 * 1024);
  for (const url of [
    `${fhirBase}/MedicationDispense?category=${long}`,
    `${authorizeUrl(demo)}&junk=${long}`,
  ]) {
    const { res, ms } = await timed(url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 431, url.slice(0, 60));
    assert.ok(ms < BOUND_MS, `${ms} ms`);
  }
});

test('10,000 repeated parameters are refused; 1,000 that fit the header limit get a clear answer', async () => {
  const many = Array.from({ length: 10_000 }, () => '_count=1').join('&');
  const { res } = await timed(`${fhirBase}/MedicationDispense?${many}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 431);

  const fits = Array.from({ length: 1000 }, () => '_count=1').join('&');
  const search = await timed(`${fhirBase}/MedicationDispense?${fits}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.ok(search.ms < BOUND_MS, `${search.ms} ms`);
  assert.equal(search.res.status, 400, 'a repeated _count is a bad request');
  assert.match(search.body, /OperationOutcome/);

  const states = Array.from({ length: 1000 }, (_, i) => `state=s${i}`).join('&');
  const auth = await timed(`${authorizeUrl(demo)}&${states}`);
  assert.ok(auth.ms < BOUND_MS);
  const loc = auth.res.headers.get('location');
  if (loc === null) clientError(auth.res.status, 'repeated state');
  else assert.match(loc, /error=invalid_request/, 'a repeated state is an invalid request');
});

test('a 64 KB header is refused with 431', async () => {
  const { res, ms } = await timed(`${fhirBase}/MedicationDispense`, {
    headers: { authorization: `Bearer ${token}`, 'x-junk': 'y'.repeat(64 * 1024) },
  });
  assert.equal(res.status, 431);
  assert.ok(ms < BOUND_MS);
});

test('invalid percent-encoding and invalid UTF-8 in the query get a 4xx, never a 500', async () => {
  for (const q of ['category=%ZZ', 'category=%E0%A4%A', 'category=%C3%28', 'category=%FF%FE', 'a%=1']) {
    const answer = await rawRequest(
      demo.base,
      rawGet(demo.base, `/fhir/ggzdemo/31/stu3/MedicationDispense?${q}`, [`Authorization: Bearer ${token}`]),
    );
    assert.ok(
      answer.status === 200 || (answer.status >= 400 && answer.status < 500),
      `${q}: ${answer.status}`,
    );
    assert.ok(answer.ms < BOUND_MS);
    const auth = await rawRequest(demo.base, rawGet(demo.base, `/oauth/authorize?client_id=${q}`));
    clientError(auth.status, `authorize ${q}`);
  }
});

test('NUL bytes: encoded in values they are refused or harmless; raw in the request line they are a 400', async () => {
  const fhir = await timed(`${fhirBase}/MedicationDispense?category=%00&_include=%00`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.ok(fhir.res.status === 200 || fhir.res.status === 400, `FHIR: ${fhir.res.status}`);
  assert.doesNotMatch(fhir.body, /\u0000/);
  const auth = await timed(`${demo.base}/oauth/authorize?client_id=%00&redirect_uri=%00`);
  assert.equal(auth.res.status, 400);
  assert.equal(auth.res.headers.get('location'), null);
  assert.doesNotMatch(auth.body, /\u0000/);
  const raw = await rawRequest(demo.base, rawGet(demo.base, '/oauth/authorize?state=a\u0000b'));
  assert.equal(raw.status, 400);
});

test('_format and Accept with junk get 406 or 400 as an OperationOutcome, never data', async () => {
  for (const [query, accept] of [
    ['_format=<script>', undefined],
    ['_format=' + 'x'.repeat(4000), undefined],
    ['', 'text/html;q=abc, */*;q=-1'],
    ['', 'image/png'],
    ['_format=json;;;', '\u00ff\u00fe'],
  ] as const) {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    const { res, body, ms, type } = await rawOrFetch(query, accept, headers);
    assert.ok(ms < BOUND_MS);
    if (res === 200) {
      // Junk that negotiates to the default (JSON) is acceptable, but then it is a searchset.
      assert.match(body, /"searchset"/);
    } else {
      assert.ok(res === 406 || res === 400, `${query} / ${accept}: ${res}`);
      assert.match(body, /OperationOutcome/);
      // Junk may be quoted in the outcome's text, but only ever inside a FHIR (never HTML) answer.
      assert.match(type, /^application\/fhir\+(json|xml)/, `content type ${type}`);
    }
  }
});

async function rawOrFetch(
  query: string,
  accept: string | undefined,
  headers: Record<string, string>,
): Promise<{ res: number; body: string; ms: number; type: string }> {
  if (accept !== undefined && /[^\x20-\x7e]/.test(accept)) {
    const a = await rawRequest(
      demo.base,
      rawGet(demo.base, `/fhir/ggzdemo/31/stu3/MedicationDispense?${query}`, [
        `Authorization: ${headers.authorization}`,
        `Accept: ${accept}`,
      ]),
    );
    const type = /^content-type:\s*(.*)$/im.exec(a.head)?.[1] ?? '';
    return { res: a.status, body: a.body, ms: a.ms, type };
  }
  const t = await timed(`${fhirBase}/MedicationDispense?${query}`, {
    headers: { ...headers, ...(accept === undefined ? {} : { accept }) },
  });
  return { res: t.res.status, body: t.body, ms: t.ms, type: t.res.headers.get('content-type') ?? '' };
}

test('a 10 KB state is not echoed back unbounded into the redirect', async () => {
  const { res, ms } = await timed(authorizeUrl(demo, { state: 's'.repeat(10 * 1024) }));
  assert.ok(ms < BOUND_MS);
  const loc = res.headers.get('location') ?? '';
  if (res.status >= 300 && res.status < 400) {
    assert.match(loc, /error=invalid_request/);
    assert.ok(loc.length < 2048, `the redirect is bounded (${loc.length} characters)`);
  } else {
    clientError(res.status, 'authorize');
  }
});

test('HTML in client_id is escaped on the error page', async () => {
  const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const { res, body } = await timed(
    `${demo.base}/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: evil,
      redirect_uri: redirectUri(demo),
      scope: SCOPE,
      state: 'x',
    }).toString()}`,
  );
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null, 'an unknown client gets a page, not a redirect');
  assert.doesNotMatch(body, /<script>alert|<img src=x/);
});

test('HTML in state is escaped on the pages and encoded in the redirect', async () => {
  const evil = '"><script>alert(1)</script>';
  const b = new Browser();
  const landingUrl = await b.redirectFrom(authorizeUrl(demo, { state: evil }));
  const landing = await (await b.fetch(landingUrl)).text();
  assert.doesNotMatch(landing, /<script>alert/);
  const form = readForm(squash(landing));
  let res = await b.post(new URL(form.action, landingUrl).href, { ...form.hidden, action: 'cancel' });
  let location = res.headers.get('location');
  if (location !== null && !location.startsWith(redirectUri(demo))) {
    res = await b.fetch(new URL(location, landingUrl).href);
    location = res.headers.get('location');
  }
  if (location === null) {
    const page = await res.text();
    assert.doesNotMatch(page, /<script>alert/, 'the cancellation page escapes state');
    const link = /href="([^"]*error=access_denied[^"]*)"/.exec(page)?.[1];
    assert.ok(link);
    location = link.replace(/&amp;/g, '&');
  }
  assert.doesNotMatch(location, /[<>"]/, 'state is percent-encoded in the redirect');
  assert.equal(new URL(location).searchParams.get('state'), evil, 'and comes back unchanged');
});

test('CR/LF in state or redirect_uri never splits a header', async () => {
  const injected = 'x\r\nSet-Cookie: pwned=1\r\nX-Injected: 1';
  // A bad scope makes authorize redirect with the state.
  const viaState = await timed(authorizeUrl(demo, { state: injected, scope: 'nope' }));
  assert.ok(viaState.res.status >= 300 && viaState.res.status < 400, `redirect: ${viaState.res.status}`);
  assert.equal(viaState.res.headers.get('x-injected'), null);
  assert.ok(!viaState.res.headers.getSetCookie().some((c) => c.startsWith('pwned')));
  assert.doesNotMatch(viaState.res.headers.get('location') ?? '', /[\r\n]/);

  // A redirect_uri with CR/LF: whatever Brug makes of it, no response of the flow carries a split header.
  const b = new Browser();
  const first = await b.fetch(authorizeUrl(demo, { redirect_uri: `${redirectUri(demo)}\r\nX-Injected: 1` }));
  assert.equal(first.headers.get('x-injected'), null);
  if (first.status >= 300 && first.status < 400) {
    const landingUrl = new URL(first.headers.get('location')!, demo.base).href;
    const form = readForm(squash(await (await b.fetch(landingUrl)).text()));
    const cancel = await b.post(new URL(form.action, landingUrl).href, { ...form.hidden, action: 'cancel' });
    assert.equal(cancel.headers.get('x-injected'), null);
    const page = await cancel.text();
    assert.doesNotMatch(cancel.headers.get('location') ?? '', /[\r\n]/);
    assert.doesNotMatch(/href="([^"]*)"/.exec(page)?.[1] ?? '', /[\r\n]/);
  }

  // Echoed request headers: a raw CR inside a header value is refused by the HTTP parser.
  const raw = await rawRequest(
    demo.base,
    rawGet(demo.base, '/fhir/ggzdemo/31/stu3/MedicationDispense', [
      `Authorization: Bearer ${token}`,
      'X-Correlation-ID: a\rX-Injected: 1',
    ]),
  );
  assert.equal(raw.status, 400);
  assert.doesNotMatch(raw.head, /X-Injected/i);

  // A long, odd X-Correlation-ID: echoed at most as given, on one line.
  const odd = await timed(`${fhirBase}/MedicationDispense`, {
    headers: { authorization: `Bearer ${token}`, 'x-correlation-id': `<script>${'z'.repeat(8000)}` },
  });
  assert.ok(odd.res.status < 500, `status ${odd.res.status}`);
  const echoed = odd.res.headers.get('x-correlation-id');
  assert.ok(echoed === null || echoed.length <= 8100);
});

test('a redirect_uri with control characters is refused at authorize', async () => {
  const { res } = await timed(authorizeUrl(demo, { redirect_uri: `${redirectUri(demo)}\r\nX-Injected: 1` }));
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('location'), null);
});
