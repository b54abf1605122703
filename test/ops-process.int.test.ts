/**
 * Stopping the gateway as an operator's process manager does, with real child processes (`brug demo`)
 * and real sockets: SIGTERM stops accepting connections and lets a search in flight finish (exit 0);
 * past BRUG_SHUTDOWN_GRACE_MS the search is cut (exit 1); SIGKILL in the middle of a load of searches
 * loses no audit record of a request that got an answer, and the chain still verifies. The store is
 * the demo's SQLite file, or a fresh PostgreSQL schema when BRUG_TEST_DATABASE_URL is set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../src/medmij/oauth/testing.ts';
import { processTestDatabase, type ProcessTestDatabase } from '../src/store/testing.ts';
import { unmaskedId } from './support/ids.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BRUG = join(ROOT, 'bin', 'brug.js');
const BRUGH = '999990032';

interface Child {
  proc: ChildProcess;
  base: string;
  port: number;
  home: string;
  /** The child's database, read around the store. */
  db: ProcessTestDatabase;
  env: NodeJS.ProcessEnv;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** `brug token issue` against the child's store (a second process, as an operator would). */
  token(bsn: string): string;
  cleanup(): Promise<void>;
}

/** Starts `brug demo` in a fresh home on free ports; resolves once it prints its URLs. */
async function startChild(settings: Record<string, string>): Promise<Child> {
  const home = mkdtempSync(join(tmpdir(), 'brug-ops-proc-'));
  const [port, simPort] = [await freePort(), await freePort()];
  const db = processTestDatabase(home);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  const env: NodeJS.ProcessEnv = {
    ...clean,
    BRUG_HOME: home,
    BRUG_PORT: String(port),
    BRUG_SIM_PORT: String(simPort),
    BRUG_LOG_LEVEL: 'info',
    ...db.env,
    ...settings,
  };
  const proc = spawn(process.execPath, [BRUG, 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    proc.once('exit', (code, signal) => ok({ code, signal })),
  );
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo did not start in 40 s:\n${out}\n${err}`)), 40_000);
    proc.stdout.on('data', () => {
      if (out.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        ok();
      }
    });
    void exited.then(({ code }) => fail(new Error(`demo exited with ${code}:\n${out}\n${err}`)));
  });
  return {
    proc,
    base: `http://127.0.0.1:${port}`,
    port,
    home,
    db,
    env,
    stderr: () => err,
    exited,
    token: (bsn) => {
      const r = spawnSync(process.execPath, [BRUG, 'token', 'issue', '--bsn', bsn, '--scope', 'ggzdemo~31'], {
        env: { ...env, BRUG_LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.trim().split('\n').at(-1)!;
    },
    cleanup: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise<void>((ok) => proc.once('exit', () => ok()));
        proc.kill('SIGKILL');
        await gone;
      }
      await db.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Whether a new TCP connection to the port is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      ok(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => ok(e.code === 'ECONNREFUSED'));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('SIGTERM: a search in flight still gets its 200 Bundle, new connections are refused, exit 0', async () => {
  const c = await startChild({ BRUG_SIM_FAULT: 'slow:1500' });
  try {
    const t = c.token(BRUGH);
    const started = Date.now();
    const search = fetch(`${c.base}/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json`, {
      headers: { authorization: `Bearer ${t}`, 'MedMij-Request-ID': 'shutdown-1' },
    });
    await sleep(500); // the search is waiting on the (slowed) LSP
    c.proc.kill('SIGTERM');
    await sleep(200);
    assert.equal(await refused(c.port), true, 'a new connection after SIGTERM is refused');
    const res = await search;
    assert.equal(res.status, 200);
    const bundle = (await res.json()) as { resourceType: string; type: string; total: number };
    assert.equal(bundle.resourceType, 'Bundle');
    assert.equal(bundle.type, 'searchset');
    assert.ok(bundle.total > 0);
    assert.ok(Date.now() - started >= 1500, 'the answer waited for the slowed LSP');
    const { code } = await c.exited;
    assert.equal(code, 0, c.stderr().slice(-2000));
    assert.match(c.stderr(), /stopping: finishing requests in flight/);
    // The store was closed cleanly: the audit chain verifies, with the search recorded.
    const v = spawnSync(process.execPath, [BRUG, 'audit', 'verify'], { env: c.env, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const n = (await c.db.rows('audit_log')).filter((r) =>
      String(r.data).includes('"requestId":"shutdown-1"'),
    ).length;
    assert.equal(n, 1);
  } finally {
    await c.cleanup();
  }
});

test('SIGTERM: past BRUG_SHUTDOWN_GRACE_MS the request in flight is cut and the exit code says so', async () => {
  const c = await startChild({ BRUG_SIM_FAULT: 'slow:5000', BRUG_SHUTDOWN_GRACE_MS: '300' });
  try {
    const t = c.token(BRUGH);
    const search = fetch(`${c.base}/fhir/ggzdemo/31/stu3/MedicationDispense`, {
      headers: { authorization: `Bearer ${t}` },
    }).then(
      (r) => r.status,
      () => 'cut' as const,
    );
    await sleep(500);
    const t0 = Date.now();
    c.proc.kill('SIGTERM');
    const { code } = await c.exited;
    assert.equal(code, 1);
    assert.ok(
      Date.now() - t0 < 4000,
      `stopped within the grace period, not after the LSP (${Date.now() - t0} ms)`,
    );
    assert.equal(await search, 'cut');
    assert.match(c.stderr(), /after the grace period/);
  } finally {
    await c.cleanup();
  }
});

test('SIGKILL in the middle of a load of searches loses no audit record of an answered request', async () => {
  const c = await startChild({ BRUG_SIM_FAULT: 'slow:200', BRUG_LOG_LEVEL: 'warn' });
  try {
    const t = c.token(BRUGH);
    const N = 150;
    const answered: { id: string; status: number }[] = [];
    let failed = 0;
    let killed = false;
    const all = Array.from({ length: N }, async (_, i) => {
      const id = `kill-${i}-${unmaskedId()}`;
      try {
        const res = await fetch(`${c.base}/fhir/ggzdemo/31/stu3/MedicationDispense?_format=json`, {
          headers: { authorization: `Bearer ${t}`, 'MedMij-Request-ID': id },
        });
        await res.arrayBuffer(); // an answer is one the client received whole
        answered.push({ id, status: res.status });
        if (!killed && answered.filter((a) => a.status === 200).length >= N / 3) {
          killed = true;
          c.proc.kill('SIGKILL');
        }
      } catch {
        failed++;
      }
    });
    await Promise.all(all);
    const { signal } = await c.exited;
    assert.equal(signal, 'SIGKILL');
    // Searches that answered with data, not refusals: each of these must have its record.
    const withData = answered.filter((a) => a.status === 200).length;
    assert.ok(withData >= N / 3, `${withData} searches answered 200 before the kill`);
    assert.ok(failed > 0, `the kill came in the middle: ${failed} requests got no answer`);

    const recorded = new Set(
      (await c.db.rows('audit_log'))
        .filter((r) => r.event === 'fhir.search')
        .map((r) => (JSON.parse(String(r.data)) as { requestId?: string }).requestId),
    );
    const missing = answered.filter((a) => !recorded.has(a.id));
    assert.deepEqual(missing, [], 'every answered request has its audit record');
    const v = spawnSync(process.execPath, [BRUG, 'audit', 'verify'], { env: c.env, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /intact/);
  } finally {
    await c.cleanup();
  }
});
