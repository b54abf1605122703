/**
 * The `brug` command as an operator or newcomer uses it: `brug demo` (what `npm start` runs) comes up
 * within seconds and prints its URLs; `brug token issue` prints a token as its last stdout line, also
 * while the demo runs, and the token works; a bad setting stops start-up naming the setting; test-only
 * commands are refused in production. Real processes, real sockets; the store is the demo's SQLite
 * file, or a fresh PostgreSQL schema when BRUG_TEST_DATABASE_URL is set.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../src/medmij/oauth/testing.ts';
import { processTestDatabase, type ProcessTestDatabase } from '../src/store/testing.ts';
import { PRODUCTION_BASICS } from '../src/config.test-util.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BRUG = join(ROOT, 'bin', 'brug.js');

let home: string;
let db: ProcessTestDatabase;
let env: NodeJS.ProcessEnv;
let demo: ChildProcess;
let stdout = '';
let base: string;
let startupMs = 0;

function brug(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BRUG, ...args], {
    env: { ...env, ...extra },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-cli-'));
  const [port, simPort] = [await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  db = processTestDatabase(home);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  env = {
    ...clean,
    BRUG_HOME: home,
    BRUG_PORT: String(port),
    BRUG_SIM_PORT: String(simPort),
    BRUG_LOG_LEVEL: 'warn',
    ...db.env,
  };
  const started = Date.now();
  demo = spawn(process.execPath, [BRUG, 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  demo.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  demo.stderr!.resume();
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo did not start in 30 s:\n${stdout}`)), 30_000);
    const check = (): void => {
      if (stdout.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        startupMs = Date.now() - started;
        ok();
      }
    };
    demo.stdout!.on('data', check);
    demo.once('exit', (code) => fail(new Error(`demo exited with ${code}:\n${stdout}`)));
  });
});

after(async () => {
  if (demo.exitCode === null) demo.kill('SIGKILL');
  await db?.dispose();
  rmSync(home, { recursive: true, force: true });
});

test('brug demo comes up within seconds and prints the URLs', async () => {
  assert.ok(startupMs < 15_000, `started in ${startupMs} ms (first start includes the test PKI)`);
  for (const path of ['/sim/pgo', '/oauth/authorize', '/fhir/ggzdemo/31/stu3', '/sim/digid', '/health']) {
    assert.ok(stdout.includes(`${base}${path}`), `prints ${path}`);
  }
  assert.match(stdout, /LSP\/XIS simulator \(mTLS\)\s+https:\/\/127\.0\.0\.1:\d+\/aorta/);
  // The banner names the store without its password.
  if (db.dialect === 'postgres') {
    const { password } = new URL(db.env.BRUG_DATABASE_URL!);
    assert.match(stdout, /Store: postgres:\/\/[^\s]*:\*\*\*@/);
    assert.ok(password === '' || !stdout.includes(`:${password}@`), 'the password is masked');
  } else {
    assert.match(stdout, /Store: sqlite:/);
  }
  assert.equal((await fetch(`${base}/health`)).status, 200);
  const ready = await fetch(`${base}/ready`);
  assert.equal(ready.status, 200);
  const readiness = (await ready.json()) as { status: string; store: boolean; lsp: boolean };
  assert.deepEqual(
    { status: readiness.status, store: readiness.store, lsp: readiness.lsp },
    { status: 'ready', store: true, lsp: true },
  );
});

test('brug token issue prints a working token as the last stdout line while the demo runs', async () => {
  const r = brug(['token', 'issue', '--bsn', '999990032', '--scope', 'ggzdemo~31']);
  assert.equal(r.status, 0, r.stderr);
  const token = r.stdout.trim().split('\n').at(-1)!;
  assert.match(token, /^[0-9a-f-]{36}$/);
  assert.doesNotMatch(r.stderr, /999990032/, 'no BSN in the logs');
  const res = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.status, 200);
  const bundle = (await res.json()) as { total: number };
  assert.ok(bundle.total > 0);

  // A fixed token, as qualification environments hand out per test patient.
  const fixed = '3f0c1e4a-9b7d-4c2e-8a51-6d2f0b9e7c11';
  const f = brug(['token', 'issue', '--bsn', '999990044', '--scope', 'ggzdemo~31', '--token', fixed]);
  assert.equal(f.status, 0, f.stderr);
  assert.equal(f.stdout.trim().split('\n').at(-1), fixed);
  const empty = await fetch(`${base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
    headers: { authorization: `Bearer ${fixed}` },
  });
  assert.equal(empty.status, 200);
});

test('test-only commands are refused in production, and bad settings name themselves', () => {
  const prodEnv = {
    ...PRODUCTION_BASICS,
    BRUG_OIDC_CLIENT_SECRET: 's',
    BRUG_AUDIT_KEY: 'ab'.repeat(32),
    BRUG_LSP_CA: join(home, 'pki', 'ca.pem'),
    BRUG_LSP_CERT: join(home, 'pki', 'brug-client.pem'),
    BRUG_LSP_KEY: join(home, 'pki', 'brug-client.key'),
    BRUG_HOME: mkdtempSync(join(tmpdir(), 'brug-cli-prod-')),
  };
  const prod = brug(['token', 'issue', '--bsn', '999990032', '--scope', 'ggzdemo~31'], prodEnv);
  assert.notEqual(prod.status, 0);
  assert.equal(prod.stdout.trim(), '');
  assert.match(prod.stderr, /test environment|refused|not allowed/i);
  // Refused before the store: no demo provider was made live on a production database.
  assert.ok(!existsSync(join(prodEnv.BRUG_HOME, 'brug.db')), 'the refused command left the store alone');
  const demo = brug(['demo'], prodEnv);
  assert.equal(demo.status, 78);
  assert.match(demo.stderr, /production/);

  const bad = brug(['serve'], { BRUG_PORT: 'eighty' });
  assert.equal(bad.status, 78);
  assert.match(bad.stderr, /BRUG_PORT/);
  const typo = brug(['demo'], { BRUG_PROT: '8080' });
  assert.match(typo.stderr, /BRUG_PROT: unknown setting/);
});

test('every search is in the audit log: verify passes, a patient can be listed, an edited record is named', async () => {
  const verify = brug(['audit', 'verify']);
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  const n = Number(/intact: (\d+) records/.exec(verify.stdout)?.[1]);
  assert.ok(n >= 2, `the searches above are recorded (${n})`);

  const mine = brug(['audit', 'patient', '--bsn', '999990032']);
  assert.equal(mine.status, 0, mine.stderr);
  const lines = mine.stdout
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { event: string; provider: string; outcome: { status: number; match?: number } },
    );
  // The test token issued above is recorded as a token decision, then the searches made with it.
  assert.equal(lines[0]!.event, 'oauth.token');
  const searches = lines.filter((l) => l.event === 'fhir.search');
  assert.ok(searches.length >= 1);
  assert.equal(searches[0]!.provider, 'ggzdemo');
  assert.equal(searches[0]!.outcome.status, 200);
  assert.doesNotMatch(mine.stdout, /999990032/, 'the listing carries the pseudonym, not the BSN');

  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const exported = brug(['audit', 'export', '--from', today, '--to', tomorrow]);
  assert.equal(exported.stdout.trim().split('\n').length, n);

  // Someone edits record 1 behind Brug's back (dropping the append-only guard first).
  await db.exec(
    `${db.dialect === 'postgres' ? 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update' : 'DROP TRIGGER audit_log_no_update'};
     UPDATE audit_log SET data = replace(data, '"status":200', '"status":204') WHERE seq = 1`,
  );
  const broken = brug(['audit', 'verify']);
  assert.notEqual(broken.status, 0);
  assert.match(broken.stdout, /broken at record 1\b/);
});

test('brug demo stops cleanly on SIGTERM', async () => {
  const exited = new Promise<number | null>((ok) => demo.once('exit', (code) => ok(code)));
  demo.kill('SIGTERM');
  assert.equal(await exited, 0);
});
