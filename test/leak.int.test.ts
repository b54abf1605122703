/**
 * No patient identifier leaks (issue "Trust", item 2): every flow runs with known test BSNs, at the
 * most talkative log level, and then every log line (the gateway's and the simulator's), every audit
 * record, every table of the database, and every answer a browser or PGO received (status line,
 * headers including Location, body) is searched for each BSN in clear and as an unkeyed hash (SHA-256, SHA-1, MD5; hex and base64).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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
let demo: Demo;

before(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done): void {
      logLines.push(chunk.toString());
      done();
    },
  });
  demo = await startDemo({ BRUG_AVAILABILITY_CHECK: 'index' }, [], pino({ level: 'trace' }, sink));
});

after(async () => {
  await demo.close();
});

/** Keeps everything Brug sent in an answer: status, headers (Location among them) and body. */
async function see(res: Response): Promise<string> {
  const body = await res.text();
  seen.push(`${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`);
  return body;
}

function forms(bsn: string): string[] {
  const out = [bsn];
  for (const alg of ['sha256', 'sha1', 'md5']) {
    const h = createHash(alg).update(bsn);
    const d = h.digest();
    out.push(d.toString('hex'), d.toString('base64'), d.toString('base64url'));
  }
  return out;
}

async function browserFlow(
  bsn: string,
  decision: 'approve' | 'deny',
  scope = 'ggzdemo~31',
): Promise<string | undefined> {
  const b = new Browser();
  const fetchSeen = async (url: string, init?: RequestInit): Promise<Response> => {
    const res = await b.fetch(url, init);
    await see(res.clone());
    return res;
  };
  const post = async (url: string, fields: Record<string, string>): Promise<Response> =>
    fetchSeen(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const redirect = async (url: string, init?: RequestInit): Promise<string> =>
    new URL((await fetchSeen(url, init)).headers.get('location')!, url).href;
  const cb = `${demo.base}/sim/pgo/callback`;
  const landing = await redirect(
    `${demo.base}/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'localhost', redirect_uri: cb, scope, state: 's' }).toString()}`,
  );
  const lf = readForm(squash(await (await fetchSeen(landing)).text()));
  let url = new URL(
    (await post(new URL(lf.action, landing).href, { ...lf.hidden, action: 'login' })).headers.get(
      'location',
    )!,
    landing,
  ).href;
  for (let i = 0; i < 3 && !/\/sim\/digid\/login\//.test(url); i++) url = await redirect(url);
  const login = readForm(squash(await (await fetchSeen(url)).text()));
  url = new URL(
    (await post(new URL(login.action, url).href, { ...login.hidden, bsn })).headers.get('location')!,
    url,
  ).href;
  let res = await fetchSeen(url);
  for (let i = 0; i < 6 && res.status >= 300 && res.status < 400; i++) {
    url = new URL(res.headers.get('location')!, url).href;
    res = await fetchSeen(url);
  }
  const page = squash(await res.text());
  if (!/name="decision"/.test(page)) return undefined; // e.g. no data: the flow ended before consent
  const cf = readForm(page);
  const back = await post(new URL(cf.action, demo.base).href, { ...cf.hidden, decision });
  const code = new URL(back.headers.get('location')!, demo.base).searchParams.get('code');
  if (code === null) return undefined;
  const token = await fetch(`${demo.base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: cb,
      client_id: 'localhost',
    }),
  });
  return (JSON.parse(await see(token)) as { access_token?: string }).access_token;
}

test('no BSN, in clear or as an unkeyed hash, in logs, audit records or anything sent out', async () => {
  const tokens: string[] = [];
  for (const bsn of BSNS) {
    const t = await browserFlow(bsn, 'approve', bsn === '999990081' ? 'ggzdemo~58' : 'ggzdemo~31');
    if (t) tokens.push(t);
  }
  await browserFlow('999990032', 'deny');
  tokens.push(
    await issueTestToken(
      {
        config: demo.config,
        store: demo.gateway.store,
        clients: loadClientRegistry(demo.config),
        logger: demo.gateway.app.log,
      },
      { bsn: '999990056', scope: 'ggzdemo~31', clientId: 'localhost' },
    ),
  );
  assert.ok(tokens.length >= 4, `flows completed: ${tokens.length}`);
  const searches = [
    'MedicationDispense?category=http://snomed.info/sct|373784005&_include=MedicationDispense:medication&_include=MedicationDispense:patient',
    'MedicationDispense?_format=xml&_include=MedicationDispense:patient',
    'MedicationDispense?patient=999990032&subject=Patient/x',
    'MedicationDispense?requestdate=not-a-date',
    'AllergyIntolerance?_include=AllergyIntolerance:patient',
    'Basic',
  ];
  for (const token of tokens) {
    for (const q of searches) {
      for (const svc of ['31', '58']) {
        await see(
          await fetch(`${demo.base}/fhir/ggzdemo/${svc}/stu3/${q}`, {
            headers: { authorization: `Bearer ${token}` },
          }),
        );
      }
    }
  }
  // With the LSP gone: error answers and error logs.
  await demo.stopSimulator();
  await see(
    await fetch(`${demo.base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
      headers: { authorization: `Bearer ${tokens[0]!}` },
    }),
  );

  const audit = (await demo.gateway.store.audit.snapshot()).map((r) => `${r.event} ${r.data}`);
  assert.ok(audit.length >= tokens.length * searches.length, 'the searches were audited');
  assert.ok(logLines.length > 50, 'the logs were captured');
  // Every table of the database: BSNs kept for grants and sessions are sealed at rest.
  const tables = Object.entries(await dumpTables(demo.config.databaseUrl)).map(
    ([name, rows]) =>
      `${name} ${JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))}`,
  );
  assert.ok(tables.length >= 5, 'the database tables were read');
  const haystacks: [string, string[]][] = [
    ['log', logLines],
    ['audit', audit],
    ['sent', seen],
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
