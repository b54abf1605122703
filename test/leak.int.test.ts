/**
 * No patient identifier leaks (issue "Trust", item 2): every flow runs with known test BSNs, at the
 * most talkative log level, on three demos (availability check `query`; `index`; a DigiD level
 * required above what the login gives), and then every log line (the gateways' and the simulators'),
 * every audit record, every table of each database, every chain-log event sent out, and every answer
 * a browser or PGO received (status line, headers including Location, body) is searched for each
 * BSN in clear and as an unkeyed hash: SHA-256, SHA-512, SHA-1 and MD5, in lower- and upper-case hex
 * and base64, of the BSN alone and of the forms a hash is usually taken over (`bsn:` + BSN, the BSN
 * system URL with `|` + BSN, the BSN OID with `:` + BSN).
 * Flows: authorization with consent (short and long-lived) and denied, refresh, revocation, the
 * consents page (login, view, withdrawal, logout), DigiD cancelled (authorization and consents page),
 * DigiD level too low (both), no data at the availability check, searches of every kind, searches
 * with a BSN put in the query, and searches with the LSP gone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { dumpTables } from '../src/store/testing.ts';
import { startDemo, type Demo } from './support/demo.ts';
import { Browser, readForm, squash } from '../src/medmij/oauth/testing.ts';
import { issueTestToken } from '../src/medmij/oauth/index.ts';
import { loadClientRegistry } from '../src/medmij/lists/index.ts';

const BSNS = ['999990032', '999990044', '999990056', '999990068', '999990081'];
const logLines: string[] = [];
const seen: string[] = [];
const chainLogBodies: string[] = [];
let query: Demo; // BRUG_AVAILABILITY_CHECK=query, chain logging to a local endpoint
let index: Demo; // BRUG_AVAILABILITY_CHECK=index
let strict: Demo; // a DigiD level above the simulator's: every login is too low
let chainLogServer: Server;

before(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done): void {
      logLines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'trace' }, sink);
  chainLogServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      chainLogBodies.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => chainLogServer.listen(0, '127.0.0.1', ok));
  const chainLogUrl = `http://127.0.0.1:${(chainLogServer.address() as AddressInfo).port}/ketenlog`;
  query = await startDemo(
    { BRUG_AVAILABILITY_CHECK: 'query', BRUG_CHAINLOG_URL: chainLogUrl, BRUG_CHAINLOG_INTERVAL_MS: '100' },
    [],
    logger,
  );
  index = await startDemo({ BRUG_AVAILABILITY_CHECK: 'index' }, [], logger);
  strict = await startDemo({ BRUG_DIGID_MIN_LEVEL: 'hoog' }, [], logger);
});

after(async () => {
  for (const d of [query, index, strict]) await d?.close();
  chainLogServer?.close();
});

/** Keeps everything Brug sent in an answer: status, headers (Location among them) and body. */
async function see(res: Response): Promise<string> {
  const body = await res.text();
  seen.push(`${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`);
  return body;
}

/** The BSN and every unkeyed hash of it (and of the usual prefixed forms) in the usual encodings. */
function forms(bsn: string): string[] {
  const inputs = [
    bsn,
    `bsn:${bsn}`,
    `http://fhir.nl/fhir/NamingSystem/bsn|${bsn}`,
    `urn:oid:2.16.840.1.113883.2.4.6.3:${bsn}`,
    `2.16.840.1.113883.2.4.6.3:${bsn}`,
  ];
  const out = [bsn];
  for (const input of inputs) {
    for (const alg of ['sha256', 'sha512', 'sha1', 'md5']) {
      const d = createHash(alg).update(input).digest();
      const hex = d.toString('hex');
      out.push(hex, hex.toUpperCase(), d.toString('base64'), d.toString('base64url'));
    }
  }
  return out;
}

/** A browser that keeps every answer it gets, and follows redirects by hand. */
function watched(): {
  b: Browser;
  get: (url: string) => Promise<Response>;
  post: (url: string, fields: Record<string, string>) => Promise<Response>;
  follow: (url: string, stop?: (url: string) => boolean) => Promise<{ url: string; res: Response }>;
} {
  const b = new Browser();
  const get = async (url: string, init?: RequestInit): Promise<Response> => {
    const res = await b.fetch(url, init);
    await see(res.clone());
    return res;
  };
  const post = (url: string, fields: Record<string, string>): Promise<Response> =>
    get(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const follow = async (
    start: string,
    stop: (url: string) => boolean = () => false,
  ): Promise<{ url: string; res: Response }> => {
    let url = start;
    let res = await get(url);
    for (let i = 0; i < 8 && res.status >= 300 && res.status < 400; i++) {
      url = new URL(res.headers.get('location')!, url).href;
      if (stop(url)) return { url, res };
      res = await get(url);
    }
    return { url, res };
  };
  return { b, get, post, follow };
}

/** From a 303 towards DigiD: logs in as `bsn` at the simulator and follows the redirects back. */
async function atDigid(
  w: ReturnType<typeof watched>,
  toDigid: Response,
  from: string,
  bsn: string,
): Promise<{ url: string; res: Response }> {
  let { url } = await w.follow(new URL(toDigid.headers.get('location')!, from).href, (u) =>
    /\/sim\/digid\/login\//.test(u),
  );
  const login = readForm(squash(await (await w.get(url)).text()));
  const back = await w.post(new URL(login.action, url).href, { ...login.hidden, bsn });
  url = new URL(back.headers.get('location')!, url).href;
  return w.follow(url);
}

/** Authorize and the landing page; returns the 303 towards DigiD. */
async function startAuthorize(
  d: Demo,
  w: ReturnType<typeof watched>,
  scope: string,
): Promise<{ toDigid: Response; landing: string }> {
  const cb = `${d.base}/sim/pgo/callback`;
  const { url: landing } = await w.follow(
    `${d.base}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'localhost', redirect_uri: cb, scope, state: 's' }).toString()}`,
    (u) => u.includes('/oauth/landing'),
  );
  const lf = readForm(squash(await (await w.get(landing)).text()));
  return {
    toDigid: await w.post(new URL(lf.action, landing).href, { ...lf.hidden, action: 'login' }),
    landing,
  };
}

async function tokenRequest(d: Demo, fields: Record<string, string>): Promise<Record<string, string>> {
  const res = await fetch(`${d.base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'localhost', ...fields }).toString(),
  });
  return JSON.parse(await see(res)) as Record<string, string>;
}

/** The whole authorization flow; returns the tokens, or undefined when the flow ended before a code. */
async function browserFlow(
  d: Demo,
  bsn: string,
  decision: 'approve' | 'deny',
  options: { scope?: string; longLived?: boolean } = {},
): Promise<{ access_token?: string; refresh_token?: string } | undefined> {
  const w = watched();
  const { toDigid, landing } = await startAuthorize(d, w, options.scope ?? 'ggzdemo~31');
  const { res } = await atDigid(w, toDigid, landing, bsn);
  const page = squash(await res.text());
  if (!/name="decision"/.test(page)) return undefined; // no data, or level too low: ended before consent
  const cf = readForm(page);
  const back = await w.post(new URL(cf.action, d.base).href, {
    ...cf.hidden,
    decision,
    ...(options.longLived ? { longLived: 'yes' } : {}),
  });
  const code = new URL(back.headers.get('location')!, d.base).searchParams.get('code');
  if (code === null) return undefined;
  return tokenRequest(d, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: `${d.base}/sim/pgo/callback`,
  });
}

/** The person cancels at DigiD: the broker sends them back with access_denied. */
async function cancelAtDigid(d: Demo, toDigid: Response, w: ReturnType<typeof watched>): Promise<void> {
  const state = new URL(toDigid.headers.get('location')!, d.base).searchParams.get('state');
  await w.follow(`${d.base}/oauth/digid/callback?error=access_denied&state=${state ?? ''}`);
}

/** The consents page: log in, look, withdraw every consent listed, log out. */
async function consentsPage(d: Demo, bsn: string): Promise<number> {
  const w = watched();
  const start = readForm(squash(await (await w.get(`${d.base}/oauth/consents`)).text()));
  const toDigid = await w.post(`${d.base}/oauth/consents`, { ...start.hidden, action: 'login' });
  let { res } = await atDigid(w, toDigid, d.base, bsn);
  let page = squash(await res.text());
  if (!page.includes('name="action" value="logout"')) return 0; // the login was refused
  let withdrawn = 0;
  for (
    let grant = /name="grant" value="([^"]+)"/.exec(page);
    grant;
    grant = /name="grant" value="([^"]+)"/.exec(page)
  ) {
    await w.post(`${d.base}/oauth/consents`, { ...readForm(page).hidden, grant: grant[1]! });
    res = await w.get(`${d.base}/oauth/consents`);
    page = squash(await res.text());
    withdrawn++;
    if (withdrawn > 10) break;
  }
  await w.post(`${d.base}/oauth/consents`, { ...readForm(page).hidden, action: 'logout' });
  return withdrawn;
}

const SEARCHES = [
  'MedicationDispense?category=http://snomed.info/sct|373784005&_include=MedicationDispense:medication&_include=MedicationDispense:patient',
  'MedicationDispense?_format=xml&_include=MedicationDispense:patient',
  'MedicationDispense?patient=999990032&subject=Patient/x',
  'MedicationDispense?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|999990056',
  'MedicationDispense?requestdate=not-a-date',
  'AllergyIntolerance?_include=AllergyIntolerance:patient',
  'Patient?identifier=999990044',
  'Basic',
];

async function searchAll(d: Demo, token: string): Promise<void> {
  // Requests that are no search, with a BSN where a caller may put one: a write, a read, a base.
  const auth = { authorization: `Bearer ${token}` };
  await see(
    await fetch(`${d.base}/fhir/ggzdemo/31/stu3/MedicationDispense?patient=999990032`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({
        resourceType: 'MedicationDispense',
        subject: { identifier: { value: '999990032' } },
      }),
    }),
  );
  await see(await fetch(`${d.base}/fhir/ggzdemo/31/stu3/Patient/999990032`, { headers: auth }));
  await see(await fetch(`${d.base}/fhir/999990032/31/stu3/metadata`, { headers: auth }));
  for (const q of SEARCHES) {
    for (const svc of ['31', '58']) {
      await see(
        await fetch(`${d.base}/fhir/ggzdemo/${svc}/stu3/${q}`, {
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    }
  }
}

test('no BSN, in clear or as an unkeyed hash, in logs, audit records, chain-log events or anything sent out', async () => {
  const tokens: string[] = [];
  // Query-mode availability: every patient, short-lived consent, then searches of every kind.
  for (const bsn of BSNS) {
    const t = await browserFlow(query, bsn, 'approve', {
      scope: bsn === '999990081' ? 'ggzdemo~58' : 'ggzdemo~31',
    });
    if (t?.access_token) tokens.push(t.access_token);
  }
  await browserFlow(query, '999990032', 'deny');
  // Long-lived consent: refresh, revoke the refreshed pair, and a second one withdrawn on the consents page.
  const long = await browserFlow(query, '999990032', 'approve', { longLived: true });
  assert.ok(long?.refresh_token, 'long-lived consent gives a refresh token');
  const refreshed = await tokenRequest(query, {
    grant_type: 'refresh_token',
    refresh_token: long.refresh_token,
  });
  assert.ok(refreshed.access_token);
  tokens.push(refreshed.access_token);
  await see(
    await fetch(`${query.base}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'localhost', token: refreshed.refresh_token! }).toString(),
    }),
  );
  await browserFlow(query, '999990056', 'approve', { longLived: true });
  assert.ok((await consentsPage(query, '999990056')) >= 1, 'a consent was withdrawn on the consents page');
  // DigiD cancelled, in the authorization flow and on the consents page.
  {
    const w = watched();
    const { toDigid } = await startAuthorize(query, w, 'ggzdemo~31');
    await cancelAtDigid(query, toDigid, w);
    const p = watched();
    const start = readForm(squash(await (await p.get(`${query.base}/oauth/consents`)).text()));
    await cancelAtDigid(
      query,
      await p.post(`${query.base}/oauth/consents`, { ...start.hidden, action: 'login' }),
      p,
    );
  }
  tokens.push(
    await issueTestToken(
      {
        config: query.config,
        store: query.gateway.store,
        clients: loadClientRegistry(query.config),
        logger: query.gateway.app.log,
      },
      { bsn: '999990068', scope: 'ggzdemo~31', clientId: 'localhost' },
    ),
  );
  assert.ok(tokens.length >= 5, `flows completed: ${tokens.length}`);
  for (const token of tokens) await searchAll(query, token);

  // Index-mode availability: data, and no data (the flow ends before consent).
  const indexed = await browserFlow(index, '999990032', 'approve');
  assert.ok(indexed?.access_token);
  assert.equal(await browserFlow(index, '999990044', 'approve'), undefined, 'no data: no consent asked');
  await searchAll(index, indexed.access_token);

  // DigiD level too low, in the authorization flow and on the consents page.
  assert.equal(
    await browserFlow(strict, '999990032', 'approve'),
    undefined,
    'level too low: no consent asked',
  );
  assert.equal(await consentsPage(strict, '999990032'), 0);

  // With the LSP gone: error answers and error logs.
  await query.stopSimulator();
  await see(
    await fetch(`${query.base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
      headers: { authorization: `Bearer ${tokens[0]!}` },
    }),
  );
  // The chain-log events are delivered before we look at what was sent.
  for (let i = 0; i < 100 && (await query.gateway.store.outbox.pending()) > 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(await query.gateway.store.outbox.pending(), 0, 'every chain-log event was sent');
  assert.ok(chainLogBodies.length > 0, 'chain-log events reached the endpoint');

  const demos = [query, index, strict];
  const audit: string[] = [];
  const tables: string[] = [];
  for (const d of demos) {
    audit.push(
      ...(await d.gateway.store.audit.snapshot()).map((r) => `${r.event} ${r.data} ${r.patient ?? ''}`),
    );
    // Every table of the database: BSNs kept for grants and sessions are sealed at rest.
    for (const [name, rows] of Object.entries(await dumpTables(d.config.databaseUrl))) {
      tables.push(
        `${name} ${JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))}`,
      );
    }
  }
  const events = audit.map((a) => a.split(' ')[0]!);
  for (const e of ['oauth.availability', 'oauth.portal', 'oauth.revoke', 'fhir.search', 'fhir.request'])
    assert.ok(events.includes(e), `the flows were audited (${e})`);
  assert.ok(
    audit.some((a) => a.includes('level_too_low')),
    'a login below the level was audited',
  );
  assert.ok(
    audit.some((a) => a.includes('"login":"cancelled"')),
    'a cancelled login was audited',
  );
  assert.ok(logLines.length > 100, 'the logs were captured');
  assert.ok(tables.length >= 15, 'the database tables were read');
  const haystacks: [string, string[]][] = [
    ['log', logLines],
    ['audit', audit],
    ['sent', seen],
    ['chain log', chainLogBodies],
    ['database', tables],
  ];
  for (const bsn of BSNS) {
    for (const form of forms(bsn)) {
      for (const [where, lines] of haystacks) {
        const hit = lines.find((l) => l.includes(form));
        assert.equal(
          hit,
          undefined,
          `${where} carries ${form === bsn ? 'a BSN' : 'an unkeyed hash of a BSN'}: ${hit?.slice(0, 300)}`,
        );
      }
    }
  }
});
