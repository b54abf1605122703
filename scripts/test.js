#!/usr/bin/env node
// Runs every test with node's own test runner (through tsx). Node 20 has no glob support in
// `node --test`, so the files are listed here: every `*.test.ts` under src/, test/ and bench/.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));
let files = [...find('src'), ...find('test'), ...find('bench')].sort();
if (unitOnly) files = files.filter((f) => !f.endsWith('.int.test.ts'));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
// On PostgreSQL every test makes schemas (brug_t_RUN_...): this run's are dropped when it ends, and
// those left over by runs that died more than two hours ago when the next one starts. A run of another
// developer on the same server, started since, keeps its schemas.
const onPostgres = Boolean(process.env.BRUG_TEST_DATABASE_URL);
const run = process.env.BRUG_TEST_RUN || randomBytes(4).toString('hex');
const env = { ...process.env, BRUG_TEST_RUN: run, BRUG_LOG_LEVEL: process.env.BRUG_LOG_LEVEL ?? 'silent' };
const schemas = (...args) => {
  if (!onPostgres) return;
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test-schemas.ts', ...args], {
    stdio: 'inherit',
    env,
  });
};
schemas('older-than', String(2 * 60 * 60 * 1000));
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
schemas('run', run);
process.exit(r.status ?? 1);
