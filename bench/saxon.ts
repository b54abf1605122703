/**
 * The reference column of the translation benchmark: the Nictiz XSLT pipeline for 6.12 dispense
 * lists (hl7_2_ada, then ada_2_fhir) run warm under Saxon-HE (Java), on the same inputs in the same
 * run. The stylesheets are never part of Brug: the caller names a checkout of Nictiz/HL7-mappings (or
 * any folder holding the two stylesheets). Needs `java`, `javac` and the Saxon-HE jar (Debian:
 * `apt-get install libsaxonhe-java`); `findSaxon` says why not when something is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the two stylesheets live in Nictiz/HL7-mappings (before 2025-02 for hl7_2_ada 9.0.7). */
export const NICTIZ_STYLESHEETS = {
  hl7ToAda:
    'hl7_2_ada/mp/9.0.7/beschikbaarstellen_verstrekkingenvertaling/payload/beschikbaarstellen_verstrekkingenvertaling_hl7_2_ada.xsl',
  adaToFhir:
    'ada_2_fhir/mp/9.0.7/beschikbaarstellen_verstrekkingenvertaling/payload/beschikbaarstellen_verstrekkingenvertaling_2_fhir.xsl',
} as const;

/** Debian's place for the jar of `libsaxonhe-java`. */
export const DEBIAN_SAXON_JAR = '/usr/share/java/Saxon-HE.jar';

const JAVA_SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'saxon', 'SaxonBench.java');

export interface SaxonTools {
  java: string;
  javac: string;
  jar: string;
}

export interface Stylesheets {
  hl7ToAda: string;
  adaToFhir: string;
}

export interface SaxonRunOptions {
  tools: SaxonTools;
  stylesheets: Stylesheets;
  /** Inputs, smallest first (the small ones warm the JIT for the large ones). */
  inputs: { dispenses: number; text: string }[];
  /** Warm-up and measuring time per input, milliseconds; at least `minRuns` timed runs each. */
  warmupMs: number;
  measureMs: number;
  minRuns: number;
  /** Stylesheet parameters (set on both stages; undeclared ones are ignored). */
  params?: Record<string, string>;
  /** Kill the JVM after this long. */
  timeoutMs: number;
  /** Which clock `SaxonRow.ms` follows (see MeasureOptions.clock; 'cpu' counts the transforming thread only). */
  clock?: 'wall' | 'cpu';
}

export interface SaxonRow {
  dispenses: number;
  /** Median milliseconds per answer, both stages, output serialised, on the chosen clock. */
  ms: number;
  wallMs: number;
  cpuMs: number;
  /** Fastest run, wall clock. */
  minMs: number;
  runs: number;
  outputChars: number;
}

export interface SaxonResult {
  compileMs: number;
  rows: SaxonRow[];
}

function works(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
  return r.error === undefined && r.status === 0;
}

/**
 * Looks for java, javac and the Saxon-HE jar.
 * @param jar - the jar to use (default: `SAXON_JAR` from the environment, else Debian's)
 * @returns the tools, or a sentence saying what is missing
 */
export function findSaxon(jar = process.env.SAXON_JAR ?? DEBIAN_SAXON_JAR): SaxonTools | string {
  if (!works('java', ['-version'])) return 'java not found on PATH';
  if (!works('javac', ['-version'])) return 'javac not found on PATH (install a JDK)';
  if (!existsSync(jar))
    return `Saxon-HE jar not found at ${jar} (apt-get install libsaxonhe-java, or set SAXON_JAR)`;
  return { java: 'java', javac: 'javac', jar };
}

/** Finds a file by name under dir (breadth first, bounded), for checkouts with another layout. */
function findByName(dir: string, name: string, maxEntries = 200_000): string | undefined {
  const queue = [dir];
  let seen = 0;
  while (queue.length > 0 && seen < maxEntries) {
    const d = queue.shift()!;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      seen++;
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isFile() && e.name === name) return p;
      if (e.isDirectory()) queue.push(p);
    }
  }
  return undefined;
}

/**
 * Locates the two Nictiz stylesheets in a folder: at their place in Nictiz/HL7-mappings, else
 * anywhere below it by file name (e.g. an unpacked distribution).
 * @param dir - the folder given with `--xslt-dir`
 * @returns the stylesheets, or a sentence saying what is missing
 */
export function locateStylesheets(dir: string): Stylesheets | string {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return `--xslt-dir ${dir} is not a folder`;
  const found: Partial<Stylesheets> = {};
  for (const key of ['hl7ToAda', 'adaToFhir'] as const) {
    const direct = path.join(dir, NICTIZ_STYLESHEETS[key]);
    found[key] = existsSync(direct) ? direct : findByName(dir, path.basename(NICTIZ_STYLESHEETS[key]));
    if (found[key] === undefined) return `${path.basename(NICTIZ_STYLESHEETS[key])} not found under ${dir}`;
  }
  return found as Stylesheets;
}

/**
 * Compiles the timing class, runs the pipeline warm on every input and reads the timings back.
 * @param opts - see SaxonRunOptions
 * @throws Error when compiling or running fails (with the JVM's own message)
 */
export function runSaxon(opts: SaxonRunOptions): SaxonResult {
  const work = mkdtempSync(path.join(os.tmpdir(), 'brug-bench-saxon-'));
  try {
    const classes = path.join(work, 'classes');
    const javac = spawnSync(opts.tools.javac, ['-cp', opts.tools.jar, '-d', classes, JAVA_SOURCE], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr || javac.error?.message}`);
    const files = opts.inputs.map((input) => {
      const file = path.join(work, `answer-${input.dispenses}.xml`);
      writeFileSync(file, input.text);
      return file;
    });
    const params = Object.entries(opts.params ?? {}).map(([k, v]) => `${k}=${v}`);
    const args = [
      '-cp',
      `${opts.tools.jar}${path.delimiter}${classes}`,
      'SaxonBench',
      opts.stylesheets.hl7ToAda,
      opts.stylesheets.adaToFhir,
      String(opts.warmupMs),
      String(opts.measureMs),
      String(opts.minRuns),
      work,
      String(params.length),
      ...params,
      ...files,
    ];
    const run = spawnSync(opts.tools.java, args, {
      encoding: 'utf8',
      timeout: opts.timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (run.error) throw new Error(`Saxon run failed: ${run.error.message}`);
    if (run.status !== 0)
      throw new Error(`Saxon run failed (exit ${run.status}): ${lastLines(run.stderr, 8)}`);
    return readOutput(run.stdout, opts.inputs, opts.clock ?? 'wall');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/** Reads the JSON lines SaxonBench prints. */
function readOutput(stdout: string, inputs: SaxonRunOptions['inputs'], clock: 'wall' | 'cpu'): SaxonResult {
  const lines = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const head = lines.shift();
  if (typeof head?.compileMs !== 'number') throw new Error('Saxon run printed no compile time');
  if (lines.length !== inputs.length)
    throw new Error(`Saxon timed ${lines.length} of ${inputs.length} inputs`);
  const rows = lines.map((l, k): SaxonRow => {
    const n = (key: string): number => {
      const v = l[key];
      if (typeof v !== 'number') throw new Error(`Saxon output lacks ${key}`);
      return v;
    };
    return {
      dispenses: inputs[k]!.dispenses,
      ms: clock === 'cpu' ? n('medianCpuMs') : n('medianMs'),
      wallMs: n('medianMs'),
      cpuMs: n('medianCpuMs'),
      minMs: n('minMs'),
      runs: n('runs'),
      outputChars: n('outputChars'),
    };
  });
  return { compileMs: head.compileMs, rows };
}
