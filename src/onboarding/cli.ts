/**
 * The operator's tasks on the command line, through the same onboarding operations as the pages:
 * `brug providers list|approve|request-changes|reject|submit|publish|live|suspend|resume|offboard` and
 * `brug operators add|list`. The actor recorded in the history is `cli:<login name>`. Answers go to
 * stdout, problems to stderr; exit 0 on success, 1 when the step is refused, 2 for bad usage.
 * Without BRUG_MEDMIJ_LISTS_URL a running demo's own MedMij node counts as the configured one, as it
 * does for the demo's gateway: its fetched ZAL decides "published", so `publish` by hand is refused.
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openStore, type Store } from '../store/index.ts';
import { DEFAULT_DATA_SERVICES } from '../services/catalogue.ts';
import { createRegistry } from '../services/registry.ts';
import { medmijListsFromConfig } from '../medmij/lists/refresher.ts';
import { demoNodeUrl } from '../medmij/lists/demo-node.ts';
import { onboardingFor } from './index.ts';
import { OnboardingError, PROVIDER_STATUS_TEXT, type Onboarding } from './service.ts';
import { STATUS_TEXT } from './portal-routes.ts';
import { addOperator, loadOperators, USERNAME } from './operators.ts';

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const fail = (command: string, message: string, code = 1): number => {
  process.stderr.write(`brug ${command}: ${message}\n`);
  return code;
};

/** Who did it, as the history records it. */
function actor(): string {
  let name = 'onbekend';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (a container): keep the placeholder
  }
  return `cli:${name}`;
}

/**
 * The onboarding operations for a one-shot command: the fetched ZAL's last good copy (when lists are
 * configured) counts for names and for "published".
 */
async function withOnboarding<T>(
  config: Config,
  fn: (o: Onboarding, store: Store) => Promise<T>,
): Promise<T> {
  const quiet = { info: () => undefined, warn: () => undefined };
  const lists = medmijListsFromConfig(config, quiet);
  await lists?.loadFromDisk();
  const registry = createRegistry(DEFAULT_DATA_SERVICES);
  const store = await openStore(config);
  try {
    return await fn(
      onboardingFor(config, store, registry.services, { registry, ...(lists ? { lists } : {}) }),
      store,
    );
  } finally {
    await store.close();
  }
}

/**
 * After `brug lists refresh`: promotes the submitted providers the fetched ZAL lists, as the gateway
 * does after each refresh. Returns their names.
 * @param config - the configuration
 * @param lists - the lists just refreshed
 */
export async function publishFromZal(
  config: Config,
  lists: NonNullable<ReturnType<typeof medmijListsFromConfig>>,
): Promise<string[]> {
  const registry = createRegistry(DEFAULT_DATA_SERVICES);
  const store = await openStore(config);
  try {
    return await onboardingFor(config, store, registry.services, { registry, lists }).syncPublished();
  } finally {
    await store.close();
  }
}

/** `brug providers list`: providers and the applications in the queue. */
async function list(config: Config): Promise<number> {
  return withOnboarding(config, async (_o, store) => {
    const providers = await store.providers.list();
    out('Zorgaanbieders');
    if (providers.length === 0) out('  (geen)');
    for (const p of providers.sort((a, b) => a.naam.localeCompare(b.naam))) {
      out(
        `  ${`${p.naam}@medmij`.padEnd(32)} ${p.status.padEnd(10)} ${PROVIDER_STATUS_TEXT[p.status].padEnd(40)} ${p.displayName} (diensten ${p.services.map((s) => s.id).join(', ')})`,
      );
    }
    const open = await store.applications.list(['submitted', 'changes_requested', 'named', 'draft']);
    out('');
    out('Aanvragen');
    if (open.length === 0) out('  (geen)');
    for (const a of open) {
      out(
        `  ${a.id}  ${a.status.padEnd(18)} ${(a.naam ? `${a.naam}@medmij` : '-').padEnd(32)} ${a.organisation} (${STATUS_TEXT[a.status]})`,
      );
    }
    return 0;
  });
}

/** What a step gets: the operations, the store, the reference given, who, and the --reason text. */
type Step = (o: Onboarding, store: Store, ref: string, who: string, reason: string) => Promise<string>;

/**
 * The application an operator names by its id or its MedMij name (as `approve` takes either).
 * @param store - the store
 * @param ref - an application id, or a MedMij name with or without `@medmij`
 */
async function applicationId(store: Store, ref: string): Promise<string> {
  const app =
    (await store.applications.get(ref)) ?? (await store.applications.byNaam(ref.replace(/@medmij$/, '')));
  if (!app) throw new OnboardingError(`Aanvraag ${ref} bestaat niet.`);
  return app.id;
}

const STEPS: Record<string, { usage: string; reason?: true; run: Step }> = {
  'request-changes': {
    usage: 'APPLICATION-ID|NAAM --reason TEKST',
    reason: true,
    run: async (o, store, ref, who, reason) => {
      const id = await applicationId(store, ref);
      const r = await o.requestChanges(id, who, reason);
      return r.mailed
        ? `aanvraag ${id} teruggestuurd: de aanvrager is per e-mail gevraagd die aan te passen (met een nieuwe link)`
        : `aanvraag ${id} teruggestuurd, maar de e-mail kon niet worden verstuurd; geef de aanvrager zelf deze nieuwe link: ${r.link}`;
    },
  },
  reject: {
    usage: 'APPLICATION-ID|NAAM --reason TEKST',
    reason: true,
    run: async (o, store, ref, who, reason) => {
      const id = await applicationId(store, ref);
      const r = await o.reject(id, who, reason);
      return r.mailed
        ? `aanvraag ${id} afgewezen; de aanvrager heeft de reden per e-mail gekregen`
        : `aanvraag ${id} afgewezen, maar de e-mail met de reden kon niet worden verstuurd: laat het de aanvrager zelf weten`;
    },
  },
  approve: {
    usage: 'APPLICATION-ID|NAAM',
    run: async (o, _store, ref, who) => {
      const p = await o.approve(ref, who);
      return `${p.naam}@medmij goedgekeurd (${p.displayName}); volgende stap: brug providers submit ${p.naam}`;
    },
  },
  submit: {
    usage: 'NAAM',
    run: async (o, _store, ref, who) => {
      const sub = await o.submitToMedmij(ref, who);
      return `aangemeld bij MedMij; de aanmelding:\n${JSON.stringify(sub, null, 2)}`;
    },
  },
  publish: {
    usage: 'NAAM',
    run: async (o, _store, ref, who) =>
      `${(await o.markPublished(ref, who)).naam}@medmij gemarkeerd als gepubliceerd`,
  },
  live: {
    usage: 'NAAM',
    run: async (o, _store, ref, who) => `${(await o.goLive(ref, who)).naam}@medmij is live`,
  },
  suspend: {
    usage: 'NAAM',
    run: async (o, _store, ref, who) => {
      const r = await o.suspend(ref, who);
      return `geschorst: ${r.grants} toestemmingen, ${r.tokens} access tokens en ${r.refreshTokens} refresh tokens ingetrokken; niet meer in onze ZAL-vermeldingen`;
    },
  },
  resume: {
    usage: 'NAAM',
    run: async (o, _store, ref, who) =>
      `${(await o.resume(ref, who)).naam}@medmij hervat: weer goedgekeurd, meld opnieuw aan met brug providers submit`,
  },
  offboard: {
    usage: 'NAAM',
    run: async (o, _store, ref, who) => {
      const r = await o.offboard(ref, who);
      return `definitief afgemeld: ${r.grants} toestemmingen, ${r.tokens} access tokens en ${r.refreshTokens} refresh tokens ingetrokken; niet meer in onze ZAL-vermeldingen`;
    },
  },
};

/**
 * `brug providers SUBCOMMAND ...`.
 * @param sub - list, approve, request-changes, reject, submit, publish, live, suspend, resume or offboard
 * @param settings - the configuration
 * @param args - the arguments after the subcommand
 */
export async function providersCommand(sub: string, settings: Config, args: string[]): Promise<number> {
  if (sub === 'list') return list(settings);
  const step = STEPS[sub];
  if (!step) return fail('providers', `unknown subcommand "${sub}"`, 2);
  const usage = (): number => fail(`providers ${sub}`, `usage: brug providers ${sub} ${step.usage}`, 2);
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: step.reason ? { reason: { type: 'string' } } : {},
    });
  } catch {
    return usage();
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1) return usage();
  const ref = positionals[0]!;
  const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
  if (step.reason && reason === '')
    return fail(
      `providers ${sub}`,
      `--reason is required: what the applicant reads (usage: brug providers ${sub} ${step.usage})`,
      2,
    );
  // A running demo's own node stands in for an unset BRUG_MEDMIJ_LISTS_URL, as in the demo's gateway.
  const demoNode = demoNodeUrl(settings);
  const config =
    demoNode === undefined ? settings : { ...settings, lists: { ...settings.lists, url: demoNode } };
  if (sub === 'publish' && config.lists.url !== undefined) {
    return fail(
      'providers publish',
      demoNode === undefined
        ? 'MedMij lists are fetched (BRUG_MEDMIJ_LISTS_URL): "published" follows from the fetched ZAL; run brug lists refresh'
        : `the running demo's MedMij node (${demoNode}) lists every submitted provider in its ZAL: "published" follows from the fetched ZAL within seconds; run brug lists refresh to fetch it now`,
    );
  }
  try {
    const text = await withOnboarding(config, (o, store) => step.run(o, store, ref, actor(), reason));
    out(text);
    return 0;
  } catch (e) {
    if (e instanceof OnboardingError) return fail(`providers ${sub}`, e.message);
    throw e;
  }
}

/** Reads one line from stdin (a pipe, or typed at a terminal without echo). */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  const rl = createInterface({ input: stdin, terminal: true });
  // No echo: swallow what readline would write back.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const line = await new Promise<string>((resolve) => rl.once('line', resolve));
  rl.close();
  process.stderr.write('\n');
  return line;
}

/**
 * `brug operators add NAME [--generate]` and `brug operators list`.
 * @param sub - add or list
 * @param config - the configuration (BRUG_OPERATORS_FILE)
 * @param args - the arguments after the subcommand
 */
export async function operatorsCommand(sub: string, config: Config, args: string[]): Promise<number> {
  const file = config.onboarding.operatorsFile;
  if (sub === 'list') {
    const ops = loadOperators(file);
    if (ops.length === 0) out(`(geen beheerders in ${file})`);
    for (const o of ops) out(o.username);
    return 0;
  }
  if (sub !== 'add') return fail('operators', `unknown subcommand "${sub}"`, 2);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { generate: { type: 'boolean', default: false } },
  });
  const username = positionals[0];
  if (positionals.length !== 1 || username === undefined)
    return fail(
      'operators add',
      'usage: brug operators add NAME [--generate] (the password is read from stdin)',
      2,
    );
  if (!USERNAME.test(username))
    return fail('operators add', 'the user name must be 3-40 characters a-z, 0-9, . _ -', 2);
  const password = values.generate
    ? randomBytes(15).toString('base64url')
    : await readPassword(`Wachtwoord voor ${username} (minstens 12 tekens): `);
  try {
    await addOperator(file, username, password);
  } catch (e) {
    return fail('operators add', (e as Error).message, 2);
  }
  out(`beheerder ${username} toegevoegd aan ${file}`);
  if (values.generate) out(`wachtwoord: ${password}`);
  return 0;
}
