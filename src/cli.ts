/**
 * The `brug` command. Every command works right after `npm ci` with no build step and no settings,
 * against the demo's `.brug/` store (also while the demo runs). Answers go to stdout; logs to stderr.
 */
import { parseArgs } from 'node:util';
import { ConfigError, isTestEnvironment, loadConfig, type Config } from './config.ts';
import { issueTestToken } from './medmij/oauth/index.ts';
import { createLogger } from './log.ts';
import { openStore, type Store } from './store/index.ts';
import {
  anchorLine,
  auditKeyFor,
  createAuditLog,
  pseudonym,
  readAnchors,
  type AuditAnchor,
  type ChainRow,
} from './audit/index.ts';
import { readFileSync } from 'node:fs';
import { seedDemoProviders } from './onboarding/seed.ts';
import { loadClientRegistry } from './medmij/lists/index.ts';
import { DEFAULT_DATA_SERVICES } from './services/catalogue.ts';

const HELP = `brug: a MedMij gateway (DVZA) in front of the LSP

Usage:
  brug demo                      gateway + LSP/XIS simulator + DigiD simulator + demo PGO (npm start)
  brug serve                     the gateway alone, configured by BRUG_* settings
  brug token issue --bsn B --scope 'naam~id' [--client host] [--token UUID]
                                 print an access token (test environments only)
  brug audit verify [--anchor FILE]...
                                 check the audit log's keyed hash chain and its anchor (exit 0 when
                                 intact); each FILE holds earlier anchors (BRUG_AUDIT_ANCHOR_FILE, or
                                 the gateway's log) whose records must still be there unchanged
  brug audit anchor              print the newest sealed anchor as a JSON line (keep it elsewhere)
  brug audit export --from DATE --to DATE
                                 the audit records of a period as JSON lines (to < DATE, UTC)
  brug audit patient --bsn B     the audit records of one patient's data (a data-subject request);
                                 --bsn - reads the BSN from stdin, so it stays out of the process list
  brug lists export-zal [--volgnummer N]
                                 our live providers' entries as a Zorgaanbiederslijst document (stdout)
  brug lists refresh             fetch the MedMij lists from BRUG_MEDMIJ_LISTS_URL (unset: the running
                                 demo's own node) now; per list ok / unchanged / refused and why (exit 1
                                 when one was refused)
  brug providers list            providers (MedMij name, status) and the applications in the queue
  brug providers approve ID|NAAM approve a submitted application: the provider exists, status approved
  brug providers request-changes ID|NAAM --reason TEXT
                                 send a submitted application back to the applicant (mailed, with a
                                 fresh link) with what to change
  brug providers reject ID|NAAM --reason TEXT
                                 reject an application with the reason the applicant is mailed (its
                                 MedMij name is free again)
  brug providers submit NAAM     submitted to MedMij (prints the submission: endpoints per service)
  brug providers publish NAAM    published by hand (only when no lists are fetched: no
                                 BRUG_MEDMIJ_LISTS_URL and no demo running; else the fetched ZAL says)
  brug providers live NAAM       published -> live: its endpoints answer
  brug providers suspend NAAM    revoke every grant and token, out of our ZAL entries (can be resumed)
  brug providers resume NAAM     suspended -> approved, to be submitted again
  brug providers offboard NAAM   as suspend, for good
  brug operators add NAME [--generate]
                                 add or replace an operator (password from stdin, or a generated one)
  brug operators list            the operators' user names
  brug help                      this text

Settings are BRUG_* environment variables (see README.md); BRUG_CONFIG_FILE names an optional JSON file.
`;

type Command = (config: Config, args: string[]) => Promise<number>;

/** `brug token issue`: an access token made through the token endpoint's own code path. */
async function tokenIssueCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      bsn: { type: 'string' },
      scope: { type: 'string' },
      client: { type: 'string', default: 'localhost' },
      token: { type: 'string' },
    },
    strict: true,
  });
  if (!values.bsn || !values.scope) {
    process.stderr.write("brug token issue: --bsn and --scope are required (e.g. --scope 'ggzdemo~31')\n");
    return 2;
  }
  // Refused before the store is touched: seeding the demo providers in production would make them live.
  if (!isTestEnvironment(config)) {
    process.stderr.write('brug token issue: refused: test tokens exist only in demo and test environments\n');
    return 1;
  }
  const logger = createLogger(config.logLevel);
  const store = await openStore(config);
  try {
    await seedDemoProviders(store);
    const audit = createAuditLog(store, auditKeyFor(config));
    const token = await issueTestToken(
      {
        config,
        store,
        clients: loadClientRegistry(config),
        services: DEFAULT_DATA_SERVICES,
        logger,
        audit: (d) => audit.oauthDecision(d),
      },
      { bsn: values.bsn, scope: values.scope, clientId: values.client, fixedToken: values.token },
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`brug token issue: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

/** Opens the store for a one-shot command and closes it after. */
async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `brug audit verify [--anchor FILE]...`: the chain and its anchors on one consistent snapshot. */
async function auditVerify(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { anchor: { type: 'string', multiple: true } } });
  const external: AuditAnchor[] = [];
  for (const file of values.anchor ?? []) {
    try {
      external.push(...readAnchors(readFileSync(file, 'utf8')));
    } catch (e) {
      process.stderr.write(`brug audit verify: --anchor ${file}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const result = await withStore(config, (store) => store.audit.verify(external));
  if (result.ok) {
    const checked = external.length > 0 ? `, ${external.length} external anchor(s) found in it` : '';
    process.stdout.write(`audit log intact: ${result.records} records${checked}\n`);
    return 0;
  }
  process.stdout.write(`audit log broken at record ${result.badSeq}: ${result.reason}\n`);
  return 1;
}

/** `brug audit anchor`: the newest sealed anchor, for keeping outside the database. */
async function auditAnchor(config: Config): Promise<number> {
  const a = await withStore(config, (store) => store.audit.anchor());
  if (!a || a.mac === null) {
    process.stderr.write('brug audit anchor: the log has no sealed anchor (run brug audit verify)\n');
    return 1;
  }
  process.stdout.write(`${anchorLine(a)}\n`);
  return 0;
}

function isoDay(value: string | undefined, name: string): string {
  if (value === undefined || Number.isNaN(Date.parse(value)))
    throw new Error(`${name} must be a date or date-time`);
  return new Date(value).toISOString();
}

function writeRecords(rows: ChainRow[]): void {
  for (const r of rows) {
    process.stdout.write(
      `${JSON.stringify({ seq: r.seq, at: r.at, event: r.event, ...(JSON.parse(r.data) as object), hash: r.hash })}\n`,
    );
  }
}

/** `brug audit export --from --to`: JSON lines of a period. */
async function auditExport(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } });
  let from: string;
  let to: string;
  try {
    from = isoDay(values.from, '--from');
    to = isoDay(values.to, '--to');
  } catch (e) {
    process.stderr.write(`brug audit export: ${(e as Error).message}\n`);
    return 2;
  }
  writeRecords(await withStore(config, (store) => store.audit.range(from, to)));
  return 0;
}

/** Reads all of stdin (for `--bsn -`). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `brug audit patient --bsn B|-`: one patient's records, found through the indexed pseudonym (the BSN
 * is not printed). `--bsn -` reads it from stdin, so it does not show in the process list.
 */
async function auditPatient(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { bsn: { type: 'string' } } });
  const bsn = values.bsn === '-' ? (await readStdin()).trim() : values.bsn;
  if (bsn === undefined || !/^\d{9}$/.test(bsn)) {
    process.stderr.write('brug audit patient: --bsn must be nine digits (or -, to read them from stdin)\n');
    return 2;
  }
  const p = pseudonym(bsn, auditKeyFor(config));
  writeRecords(await withStore(config, (store) => store.audit.byPatient(p)));
  return 0;
}

const COMMANDS: Record<string, Command> = {
  'audit verify': auditVerify,
  'audit anchor': auditAnchor,
  'audit export': auditExport,
  'audit patient': auditPatient,
  // The server modules load the simulators and Fastify: imported only by the commands that run them.
  demo: async (config) => (await import('./server.ts')).runDemo(config),
  serve: async (config) => (await import('./server.ts')).runServe(config),
  'token issue': tokenIssueCommand,
  'lists export-zal': async (config, args) =>
    (await import('./medmij/lists/cli.ts')).listsExportZalCommand(config, args),
  'lists refresh': async (config) => (await import('./medmij/lists/cli.ts')).listsRefreshCommand(config),
  ...Object.fromEntries(
    [
      'list',
      'approve',
      'request-changes',
      'reject',
      'submit',
      'publish',
      'live',
      'suspend',
      'resume',
      'offboard',
    ].map((sub) => [
      `providers ${sub}`,
      async (config: Config, args: string[]) =>
        (await import('./onboarding/cli.ts')).providersCommand(sub, config, args),
    ]),
  ),
  ...Object.fromEntries(
    ['add', 'list'].map((sub) => [
      `operators ${sub}`,
      async (config: Config, args: string[]) =>
        (await import('./onboarding/cli.ts')).operatorsCommand(sub, config, args),
    ]),
  ),
};

/**
 * Runs one `brug` command.
 * @param argv - the arguments after `brug`
 * @returns the process exit code (a long-running command resolves when it stops)
 */
export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, strict: false, allowPositionals: true });
  const [first, second] = positionals;
  if (first === undefined || first === 'help' || argv.includes('--help')) {
    process.stdout.write(HELP);
    return first === undefined ? 1 : 0;
  }
  const two = `${first} ${second ?? ''}`.trim();
  const name = COMMANDS[two] ? two : first;
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`brug: unknown command "${two}"\n\n${HELP}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`brug: configuration error: ${e.message}\n`);
      return 78; // EX_CONFIG
    }
    throw e;
  }
  const rest = argv.slice(name.split(' ').length);
  return command(config, rest);
}
