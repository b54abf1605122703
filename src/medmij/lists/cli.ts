/**
 * The `brug lists` commands: `export-zal` prints our live providers' entries as a Zorgaanbiederslijst
 * document (what the DVZA submits to MedMij); `refresh` fetches every list from the MedMij node now,
 * through the same checks and last-good-copy store the gateway uses, prints per list what came of it, and
 * (as the gateway does) publishes the submitted providers the fetched ZAL now lists.
 * Answers go to stdout, problems to stderr; the exit code says whether all went well.
 */
import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../../config.ts';
import { DEFAULT_DATA_SERVICES } from '../../services/catalogue.ts';
import { createRegistry } from '../../services/registry.ts';
import { openStore } from '../../store/index.ts';
import { exportZal, ZalExportError, zalEndpoints } from './export-zal.ts';
import { withDemoNode } from './demo-node.ts';
import { LIST_KINDS } from './kinds.ts';
import { medmijListsFromConfig, type ListLogger } from './refresher.ts';
import { loadListSchemas } from './xsd.ts';

/** Exit code for a configuration problem (EX_CONFIG), as `brug` uses it. */
const EX_CONFIG = 78;

/**
 * `brug lists export-zal [--volgnummer N]`: the ZAL entries of every live provider. When
 * BRUG_MEDMIJ_SCHEMAS is set the document is validated before it is printed.
 * @param config - the configuration
 * @param args - the arguments after the command
 */
export async function listsExportZalCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { volgnummer: { type: 'string', default: '1' } },
    strict: true,
  });
  const volgnummer = Number(values.volgnummer);
  if (!/^\d+$/.test(values.volgnummer) || volgnummer < 1) {
    process.stderr.write('brug lists export-zal: --volgnummer must be a positive whole number\n');
    return 2;
  }
  let result;
  try {
    const endpoints = zalEndpoints(config);
    const store = await openStore(config);
    try {
      result = exportZal({
        providers: await store.providers.list(),
        registry: createRegistry(DEFAULT_DATA_SERVICES),
        endpoints,
        volgnummer,
      });
    } finally {
      await store.close();
    }
    if (config.lists.schemasDir !== undefined) {
      const errors = await loadListSchemas(config.lists.schemasDir).validate('zal', result.xml);
      if (errors.length > 0) {
        process.stderr.write(`brug lists export-zal: the document fails the XSD: ${errors.join('; ')}\n`);
        return 1;
      }
    }
  } catch (e) {
    if (e instanceof ZalExportError || e instanceof ConfigError) {
      process.stderr.write(`brug lists export-zal: ${e.message}\n`);
      return EX_CONFIG;
    }
    throw e;
  }
  for (const s of result.skipped)
    process.stderr.write(`brug lists export-zal: left out ${s.naam}: ${s.reason}\n`);
  process.stdout.write(result.xml);
  return 0;
}

/**
 * `brug lists refresh`: fetches the four lists now; prints `list result detail` per list.
 * Without BRUG_MEDMIJ_LISTS_URL (outside production) it fetches from the running demo's own node.
 * Exit 0 when none was refused, 1 otherwise, 78 when there is no node to fetch from.
 * @param settings - the configuration
 */
export async function listsRefreshCommand(settings: Config): Promise<number> {
  const config = withDemoNode(settings);
  // The report on stdout says everything; the refresher's own log lines would only repeat it.
  const quiet: ListLogger = { info: () => undefined, warn: () => undefined };
  let lists;
  try {
    lists = medmijListsFromConfig(config, quiet);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`brug lists refresh: ${e.message}\n`);
    return EX_CONFIG;
  }
  if (lists === undefined) {
    process.stderr.write(
      'brug lists refresh: BRUG_MEDMIJ_LISTS_URL is not set (the MedMij node to fetch from), and no demo with its own node is running in this home folder\n',
    );
    return EX_CONFIG;
  }
  if (config.lists.schemasDir === undefined) {
    process.stderr.write(
      'brug lists refresh: BRUG_MEDMIJ_SCHEMAS is not set: structural checks only, no XSD\n',
    );
  }
  await lists.loadFromDisk();
  const outcomes = await lists.refreshAll();
  for (const o of outcomes) {
    const detail =
      o.result === 'refused'
        ? `${o.reason ?? 'refused'}; ${o.volgnummer === undefined ? 'no copy in force' : `keeping Volgnummer ${o.volgnummer}`}`
        : `Volgnummer ${o.volgnummer ?? '?'}`;
    process.stdout.write(
      `${o.list.padEnd(10)} ${o.result.padEnd(10)} ${detail}  (${LIST_KINDS[o.list].title})\n`,
    );
  }
  // As the gateway does after each ZAL refresh: submitted providers the ZAL now lists are published.
  if (outcomes.some((o) => o.list === 'zal' && o.result !== 'refused')) {
    const { publishFromZal } = await import('../../onboarding/cli.ts');
    for (const naam of await publishFromZal(config, lists))
      process.stdout.write(`published  ${naam}@medmij is in the fetched ZAL: now published\n`);
  }
  return outcomes.some((o) => o.result === 'refused') ? 1 : 0;
}
