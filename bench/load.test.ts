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

test('bench:load --quick --only a measures the gateway and the floor', { timeout: 180_000 }, () => {
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
      a: { gateway: Figures; floor: Figures; ratio: number; bundleEntries: number; gatewayPeakRss: number };
      b?: unknown;
    };
    assert.equal(json.quick, true);
    assert.equal(json.b, undefined, 'only (a) ran');
    const { gateway, floor } = json.a;
    assert.ok(gateway.requests > 0 && gateway.ok === gateway.requests, `gateway: ${JSON.stringify(gateway)}`);
    assert.equal(gateway.non2xx + gateway.errors, 0);
    assert.ok(floor.requests > 0 && floor.ok === floor.requests, `floor: ${JSON.stringify(floor)}`);
    assert.ok(gateway.p99 >= gateway.p50 && gateway.rps > 0 && floor.rps > 0);
    assert.ok(Math.abs(json.a.ratio - gateway.rps / floor.rps) < 1e-9);
    assert.ok(json.a.bundleEntries >= 1);
    assert.ok(json.a.gatewayPeakRss > 10 * 1024 * 1024, 'the gateway child’s peak RSS was read from /proc');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
