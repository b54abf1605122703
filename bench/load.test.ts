/**
 * Keeps `npm run bench:load` from rotting: runs scenario (a) with `--quick` at tiny scale (real child
 * processes, real sockets, autocannon) and checks the JSON it writes. Not a performance test: it
 * asserts that the gateway answered every search with 200 and that the figures were taken.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
}

test(
  'bench:load --quick --only a measures the gateway, the round-trip floor and the floor',
  { timeout: 180_000 },
  () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'brug-load-test-'));
    try {
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/load.ts',
          '--quick',
          '--only',
          'a',
          '--duration',
          '1',
          '--connections',
          '2',
          '--out',
          out,
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: 170_000 },
      );
      assert.equal(run.status, 0, `bench:load failed:\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /\(a\) fast LSP, one-dispense answers/);
      assert.match(run.stdout, /gateway\/floor [\d.]+x (ok|MISS)/);
      const json = JSON.parse(readFileSync(path.join(out, 'load-latest.json'), 'utf8')) as {
        quick: boolean;
        a: {
          gateway: Figures;
          floor: Figures;
          roundTrip: Figures;
          ratio: number;
          roundTripRatio: number;
          gatewayToRoundTrip: number;
          soapRequestBytes: number;
          soapAnswerBytes: number;
          bundleEntries: number;
          gatewayPeakRss: number;
        };
        b?: unknown;
      };
      assert.equal(json.quick, true);
      assert.equal(json.b, undefined, 'only (a) ran');
      const { gateway, floor } = json.a;
      assert.ok(
        gateway.requests > 0 && gateway.ok === gateway.requests,
        `gateway: ${JSON.stringify(gateway)}`,
      );
      assert.equal(gateway.non2xx + gateway.errors, 0);
      assert.ok(floor.requests > 0 && floor.ok === floor.requests, `floor: ${JSON.stringify(floor)}`);
      assert.ok(gateway.p99 >= gateway.p50 && gateway.rps > 0 && floor.rps > 0);
      assert.ok(Math.abs(json.a.ratio - gateway.rps / floor.rps) < 1e-9);
      const { roundTrip } = json.a;
      assert.ok(
        roundTrip.requests > 0 && roundTrip.ok === roundTrip.requests,
        `round trip: ${JSON.stringify(roundTrip)}`,
      );
      assert.ok(Math.abs(json.a.roundTripRatio - roundTrip.rps / floor.rps) < 1e-9);
      assert.ok(Math.abs(json.a.gatewayToRoundTrip - gateway.rps / roundTrip.rps) < 1e-9);
      // The replayed exchange is the search's real one: a signed query of some kilobytes, a SOAP answer.
      assert.ok(json.a.soapRequestBytes > 1000 && json.a.soapAnswerBytes > 1000, JSON.stringify(json.a));
      assert.match(run.stdout, /round-trip floor\/floor [\d.]+x/);
      assert.ok(json.a.bundleEntries >= 1);
      assert.ok(json.a.gatewayPeakRss > 10 * 1024 * 1024, 'the gateway child’s peak RSS was read from /proc');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
);

/** Runs bench/load.ts with the given arguments and environment (no BRUG_* of ours leak in). */
function benchLoad(args: string[], env: Record<string, string>): ReturnType<typeof spawnSync> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/load.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...base, ...env },
  });
}

test('bench:load says why (c) did not run: no server, or one it cannot reach (password masked)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'brug-load-test-'));
  try {
    const none = benchLoad(['--quick', '--only', 'c', '--out', out], {});
    assert.equal(none.status, 0, String(none.stderr));
    assert.match(String(none.stdout), /\(c\) DID NOT RUN: no PostgreSQL server given \(--database-url/);
    const down = benchLoad(
      ['--quick', '--only', 'c', '--out', out, '--database-url', 'postgres://brug:s3cret@127.0.0.1:1/brug'],
      {},
    );
    assert.equal(down.status, 0, String(down.stderr));
    assert.match(
      String(down.stdout),
      /\(c\) DID NOT RUN: cannot create a schema on postgres:\/\/brug:\*\*\*@127\.0\.0\.1:1\/brug/,
    );
    assert.doesNotMatch(String(down.stdout) + String(down.stderr), /s3cret/);
    const json = JSON.parse(readFileSync(path.join(out, 'load-latest.json'), 'utf8')) as {
      c?: { notRun?: string };
    };
    assert.match(json.c?.notRun ?? '', /cannot create a schema/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test(
  'bench:load (c) runs two brug serve nodes on a fresh PostgreSQL schema and drops it after',
  {
    skip: process.env.BRUG_TEST_DATABASE_URL ? false : 'PostgreSQL not tested: set BRUG_TEST_DATABASE_URL',
    timeout: 180_000,
  },
  async () => {
    const server = process.env.BRUG_TEST_DATABASE_URL!;
    const out = mkdtempSync(path.join(os.tmpdir(), 'brug-load-test-'));
    try {
      const run = benchLoad(
        ['--quick', '--only', 'c', '--concurrent', '20', '--slow-ms', '200', '--out', out],
        { BRUG_TEST_DATABASE_URL: server },
      );
      assert.equal(run.status, 0, `bench:load failed:\n${String(run.stdout)}\n${String(run.stderr)}`);
      const json = JSON.parse(readFileSync(path.join(out, 'load-latest.json'), 'utf8')) as {
        c: {
          nodes: number;
          concurrent: number;
          failed: number;
          peakRss: number[];
          schema: string;
          from: string;
        };
      };
      assert.equal(json.c.nodes, 2);
      assert.equal(json.c.concurrent, 20);
      assert.equal(json.c.failed, 0);
      assert.equal(json.c.from, 'BRUG_TEST_DATABASE_URL');
      assert.equal(json.c.peakRss.length, 2, 'two gateway processes measured');
      assert.ok(json.c.peakRss.every((b) => b > 10 * 1024 * 1024));
      assert.match(json.c.schema, /^brug_bench_[0-9a-f]{12}$/);
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      try {
        const left = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [
          json.c.schema,
        ]);
        assert.equal(left.rowCount, 0, 'the bench schema is dropped');
      } finally {
        await client.end();
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
);
