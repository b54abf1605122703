/**
 * The `brug` command. Every command works right after `npm ci` with no build step and no settings,
 * against the demo's `.brug/` store (also while the demo runs). Answers go to stdout; logs to stderr.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { issueTestToken } from './medmij/oauth/index.ts';
import { createLogger } from './log.ts';
import { openStore } from './store/index.ts';
import { seedDemoProviders } from './onboarding/seed.ts';
import { loadClientRegistry } from './medmij/lists/index.ts';
import { DEFAULT_DATA_SERVICES } from './services/catalogue.ts';

const HELP = `brug: a MedMij gateway (DVZA) in front of the LSP

Usage:
  brug demo                      gateway + LSP/XIS simulator + DigiD simulator + demo PGO (npm start)
  brug serve                     the gateway alone, configured by BRUG_* settings
  brug token issue --bsn B --scope 'naam~id' [--client host] [--token UUID]
                                 print an access token (test environments only)
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
  const logger = createLogger(config.logLevel);
  const store = openStore(config);
  try {
    await seedDemoProviders(store);
    const token = await issueTestToken(
      { config, store, clients: loadClientRegistry(config), services: DEFAULT_DATA_SERVICES, logger },
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

const COMMANDS: Record<string, Command> = {
  // The server modules load the simulators and Fastify: imported only by the commands that run them.
  demo: async (config) => (await import('./server.ts')).runDemo(config),
  serve: async (config) => (await import('./server.ts')).runServe(config),
  'token issue': tokenIssueCommand,
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
