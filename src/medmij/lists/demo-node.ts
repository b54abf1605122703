/**
 * How `brug` commands find the MedMij node of a running demo. `brug demo` without BRUG_MEDMIJ_LISTS_URL
 * starts its own node on a free port; it writes that URL, with its process id, to
 * `HOME/medmij-node.json` and removes the file when it stops. A command run without the setting, outside
 * production, takes the URL from there while that process is alive, so `brug lists refresh` and
 * `brug providers` work against the demo with no settings (as the gateway's own lists do).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config.ts';

/** The file in the demo's home folder that names its MedMij node. */
export const DEMO_NODE_FILE = 'medmij-node.json';

interface DemoNodeRecord {
  url: string;
  pid: number;
}

/**
 * Records the demo node's URL in the home folder (called by the demo when its node listens).
 * @param home - the demo's home folder (BRUG_HOME)
 * @param url - the node's base URL
 * @returns a function that removes the record again (when the node stops)
 */
export function writeDemoNodeUrl(home: string, url: string): () => void {
  const file = join(home, DEMO_NODE_FILE);
  const record: DemoNodeRecord = { url, pid: process.pid };
  writeFileSync(file, `${JSON.stringify(record)}\n`);
  return () => {
    // Only our own record: a newer demo in the same folder may have written its own meanwhile.
    if (readDemoNodeRecord(home)?.pid === process.pid) rmSync(file, { force: true });
  };
}

function readDemoNodeRecord(home: string): DemoNodeRecord | undefined {
  const file = join(home, DEMO_NODE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoNodeRecord>;
    if (typeof r.url !== 'string' || !/^https?:\/\/[^/]+$/.test(r.url)) return undefined;
    if (typeof r.pid !== 'number' || !Number.isSafeInteger(r.pid) || r.pid <= 0) return undefined;
    return { url: r.url, pid: r.pid };
  } catch {
    return undefined; // unreadable or half-written: as if there were no demo
  }
}

/** True while the process runs (a demo killed without cleaning up leaves a stale record). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The URL of the running demo's MedMij node, when BRUG_MEDMIJ_LISTS_URL is unset, the environment is
 * not production and a live demo recorded one in the home folder; otherwise undefined.
 * @param config - the configuration
 */
export function demoNodeUrl(config: Config): string | undefined {
  if (config.lists.url !== undefined || config.env === 'production') return undefined;
  const record = readDemoNodeRecord(config.home);
  return record !== undefined && alive(record.pid) ? record.url : undefined;
}

/**
 * The configuration with the running demo's MedMij node as BRUG_MEDMIJ_LISTS_URL when that is unset
 * (see `demoNodeUrl`); the configuration itself otherwise.
 * @param config - the configuration
 */
export function withDemoNode(config: Config): Config {
  const url = demoNodeUrl(config);
  return url === undefined ? config : { ...config, lists: { ...config.lists, url } };
}
