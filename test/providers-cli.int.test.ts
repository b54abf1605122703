/**
 * `brug operators` and `brug providers` as an operator runs them: real processes (bin/brug.js) on a
 * real store (SQLite, or PostgreSQL with BRUG_TEST_DATABASE_URL) and the demo MedMij node over HTTP.
 * An operator is created without editing files; an application is approved, submitted, published by
 * `brug lists refresh` (the fetched ZAL lists it), taken live, suspended (grants and tokens revoked,
 * out of our ZAL entries), resumed, and offboarded for good. Applications are sent back for changes and
 * rejected with a reason, as on the operator's pages.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testConfig, type Config } from '../src/config.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { checkOperatorLogin, onboardingFor } from '../src/onboarding/index.ts';
import { DEFAULT_DATA_SERVICES } from '../src/services/catalogue.ts';
import { createRegistry } from '../src/services/registry.ts';
import { zalEndpoints } from '../src/medmij/lists/index.ts';
import { startDemoMedmijNode } from '../src/sim/medmij-node/demo.ts';
import type { MedmijNodeSimulator } from '../src/sim/medmij-node/index.ts';
import { ELIGIBLE, submittedApplication } from './portal-support.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BRUG = join(ROOT, 'bin', 'brug.js');

let home: string;
let env: NodeJS.ProcessEnv;
let config: Config;
let store: Store;
let node: MedmijNodeSimulator;
let applicationId: string;

/** Runs `brug` (asynchronously: the node simulator in this process must keep answering). */
function brug(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BRUG, ...args], { env: { ...env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'brug-providers-cli-'));
  config = testConfig(home);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRUG_')));
  env = { ...clean, BRUG_HOME: home, BRUG_LOG_LEVEL: 'warn', BRUG_DATABASE_URL: config.databaseUrl };
  store = await openStore(config);
  const registry = createRegistry(DEFAULT_DATA_SERVICES);
  const onboarding = onboardingFor(config, store, registry.services, { registry });
  applicationId = (await submittedApplication(onboarding, 'delinde')).app.id;
  node = await startDemoMedmijNode({
    home,
    providers: () => store.providers.list(),
    registry,
    endpoints: zalEndpoints(config),
  });
});

after(async () => {
  await node?.close();
  await store?.close();
  rmSync(home, { recursive: true, force: true });
});

test('brug operators add creates a login from a password on stdin; bad input is refused clearly', async () => {
  const added = await brug(['operators', 'add', 'beheerder'], { stdin: 'een-lang-wachtwoord\n' });
  assert.equal(added.status, 0, added.stderr);
  assert.match(added.stdout, /beheerder beheerder toegevoegd/);
  assert.ok(await checkOperatorLogin(config.onboarding.operatorsFile, 'beheerder', 'een-lang-wachtwoord'));
  assert.doesNotMatch(readFileSync(config.onboarding.operatorsFile, 'utf8'), /een-lang-wachtwoord/);

  const short = await brug(['operators', 'add', 'kort'], { stdin: 'kort\n' });
  assert.equal(short.status, 2);
  assert.match(short.stderr, /at least 12 characters/);
  const badName = await brug(['operators', 'add', 'Niet Goed'], { stdin: 'een-lang-wachtwoord\n' });
  assert.equal(badName.status, 2);
  assert.match(badName.stderr, /user name must be/);

  const generated = await brug(['operators', 'add', 'tweede', '--generate']);
  assert.equal(generated.status, 0, generated.stderr);
  const password = /wachtwoord: (\S+)/.exec(generated.stdout)![1]!;
  assert.ok(await checkOperatorLogin(config.onboarding.operatorsFile, 'tweede', password));
  const listed = await brug(['operators', 'list']);
  assert.deepEqual(listed.stdout.trim().split('\n'), ['beheerder', 'tweede']);
});

test('brug providers: approve, submit, published by lists refresh, live, suspend, resume, offboard', async () => {
  const queue = await brug(['providers', 'list']);
  assert.equal(queue.status, 0, queue.stderr);
  assert.match(queue.stdout, new RegExp(`${applicationId}\\s+submitted\\s+delinde@medmij`));

  const approved = await brug(['providers', 'approve', applicationId]);
  assert.equal(approved.status, 0, approved.stderr);
  assert.equal((await store.providers.get('delinde'))?.status, 'approved');
  const twice = await brug(['providers', 'approve', applicationId]);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /goedkeuren kan niet/);

  const submitted = await brug(['providers', 'submit', 'delinde']);
  assert.equal(submitted.status, 0, submitted.stderr);
  const sub = JSON.parse(submitted.stdout.slice(submitted.stdout.indexOf('{'))) as {
    name: string;
    services: { id: string; tokenEndpoint: string }[];
  };
  assert.equal(sub.name, 'delinde@medmij');
  assert.deepEqual(
    sub.services.map((s) => [s.id, s.tokenEndpoint]),
    [['31', 'https://brug.example.nl/oauth/token']],
  );
  assert.equal((await store.providers.get('delinde'))?.status, 'submitted');

  // "published" comes from the fetched ZAL: by hand it is refused while lists are fetched.
  const lists = { BRUG_MEDMIJ_LISTS_URL: node.url };
  const byHand = await brug(['providers', 'publish', 'delinde'], { env: lists });
  assert.equal(byHand.status, 1);
  assert.match(byHand.stderr, /follows from the fetched ZAL/);
  const refreshed = await brug(['lists', 'refresh'], { env: lists });
  assert.match(refreshed.stdout, /^published +delinde@medmij is in the fetched ZAL/m);
  assert.equal((await store.providers.get('delinde'))?.status, 'published');

  const live = await brug(['providers', 'live', 'delinde']);
  assert.equal(live.status, 0, live.stderr);
  const exported = await brug(['lists', 'export-zal']);
  assert.match(exported.stdout, /<Zorgaanbiedernaam>delinde@medmij<\/Zorgaanbiedernaam>/);

  await store.grants.insert({
    id: 'g-cli',
    clientId: 'localhost',
    provider: 'delinde',
    services: ['31'],
    bsn: '999990032',
    authTime: 1,
    authLevel: 'substantieel',
    assertionId: 'a',
    longLived: false,
    createdAt: 1,
    revokedAt: null,
  });
  await store.tokens.insert({
    hash: 'h-cli',
    grantId: 'g-cli',
    clientId: 'localhost',
    scope: 'delinde~31',
    expiresAt: Date.now() + 60_000,
    revokedAt: null,
    codeHash: null,
  });
  const suspended = await brug(['providers', 'suspend', 'delinde']);
  assert.equal(suspended.status, 0, suspended.stderr);
  assert.match(suspended.stdout, /1 toestemmingen, 1 access tokens en 0 refresh tokens ingetrokken/);
  assert.notEqual((await store.grants.get('g-cli'))?.revokedAt, null);
  assert.notEqual((await store.tokens.get('h-cli'))?.revokedAt, null);
  const gone = await brug(['lists', 'export-zal']);
  assert.doesNotMatch(gone.stdout, /delinde/, 'a suspended provider leaves our ZAL entries');

  const resumed = await brug(['providers', 'resume', 'delinde']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal((await store.providers.get('delinde'))?.status, 'approved');

  const offboarded = await brug(['providers', 'offboard', 'delinde']);
  assert.equal(offboarded.status, 0, offboarded.stderr);
  assert.equal((await store.providers.get('delinde'))?.status, 'offboarded');
  for (const step of ['resume', 'submit', 'live', 'suspend']) {
    const r = await brug(['providers', step, 'delinde']);
    assert.equal(r.status, 1, `${step} after offboarding is refused`);
    assert.match(r.stderr, /afgemeld/);
  }
  const listed = await brug(['providers', 'list']);
  assert.match(listed.stdout, /delinde@medmij\s+offboarded\s+afgemeld/);
});

test('brug providers names what is wrong: unknown provider, missing argument, unknown subcommand', async () => {
  const unknown = await brug(['providers', 'live', 'bestaatniet']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /Zorgaanbieder bestaatniet bestaat niet/);
  const missing = await brug(['providers', 'approve']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /usage: brug providers approve/);
  const wrong = await brug(['providers', 'delete', 'x']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /unknown command "providers delete"/);
});

test('brug providers request-changes and reject: through the same operations, with the reason mailed', async () => {
  const registry = createRegistry(DEFAULT_DATA_SERVICES);
  const onboarding = onboardingFor(config, store, registry.services, { registry });
  const back = (
    await submittedApplication(onboarding, 'terugnaarje', { ...ELIGIBLE, email: 'terug@cli.example' })
  ).app;
  const no = (await submittedApplication(onboarding, 'nietwelkom', { ...ELIGIBLE, email: 'nee@cli.example' }))
    .app;
  const outbox = (to: string): string[] =>
    readdirSync(join(home, 'outbox'))
      .map((f) => readFileSync(join(home, 'outbox', f), 'utf8'))
      .filter((m) => m.includes(`To: ${to}`));

  const noReason = await brug(['providers', 'request-changes', 'terugnaarje']);
  assert.equal(noReason.status, 2);
  assert.match(noReason.stderr, /--reason is required/);
  const blank = await brug(['providers', 'reject', no.id, '--reason', '   ']);
  assert.equal(blank.status, 2);
  assert.equal((await store.applications.get(no.id))?.status, 'submitted');

  // By MedMij name (with or without @medmij) or by id, as approve takes either.
  const asked = await brug([
    'providers',
    'request-changes',
    'terugnaarje@medmij',
    '--reason',
    'Vul uw AGB-code aan.',
  ]);
  assert.equal(asked.status, 0, asked.stderr);
  assert.match(
    asked.stdout,
    new RegExp(`aanvraag ${back.id} teruggestuurd: de aanvrager is per e-mail gevraagd`),
  );
  const changed = (await store.applications.get(back.id))!;
  assert.deepEqual([changed.status, changed.operatorNote], ['changes_requested', 'Vul uw AGB-code aan.']);
  assert.ok(outbox('terug@cli.example').some((m) => m.includes('Vul uw AGB-code aan.')));
  const again = await brug(['providers', 'request-changes', back.id, '--reason', 'Nog eens.']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /Alleen een ingediende aanvraag kan worden teruggestuurd/);

  const rejected = await brug(['providers', 'reject', no.id, '--reason', 'Geen LSP-aansluiting.']);
  assert.equal(rejected.status, 0, rejected.stderr);
  assert.match(
    rejected.stdout,
    new RegExp(`aanvraag ${no.id} afgewezen; de aanvrager heeft de reden per e-mail`),
  );
  const after = (await store.applications.get(no.id))!;
  assert.deepEqual([after.status, after.operatorNote], ['rejected', 'Geen LSP-aansluiting.']);
  assert.ok(outbox('nee@cli.example').some((m) => /Geen LSP-aansluiting\./.test(m)));
  const twice = await brug(['providers', 'reject', no.id, '--reason', 'Nog eens.']);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /al besloten/);
  const approve = await brug(['providers', 'approve', no.id]);
  assert.equal(approve.status, 1, 'a rejected application cannot be approved');
  // The application sent back can still be rejected; an unknown one is named.
  assert.equal((await brug(['providers', 'reject', back.id, '--reason', 'Toch niet.'])).status, 0);
  const unknown = await brug(['providers', 'reject', 'bestaatniet', '--reason', 'x']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /Aanvraag bestaatniet bestaat niet/);

  const history = (await store.applications.events(no.id)).find((e) => e.action === 'rejected')!;
  assert.match(history.actor, /^cli:/);
  assert.equal(history.detail, 'Geen LSP-aansluiting.');
  const help = await brug(['help']);
  assert.match(help.stdout, /brug providers request-changes ID\|NAAM --reason TEXT/);
  assert.match(help.stdout, /brug providers reject ID\|NAAM --reason TEXT/);
});
