/**
 * `npm run bench [-- options]`: the parse and translation benchmarks of the issues "LSP side" and
 * "Medication data". Prints tables and writes the same figures as JSON to `bench/out/`.
 *
 * Options:
 *   --xslt-dir <dir>   a checkout of Nictiz/HL7-mappings (or a folder holding the two 6.12 stylesheets):
 *                      adds the warm Saxon-HE reference column; skipped without it
 *   --saxon-jar <jar>  the Saxon-HE jar (default $SAXON_JAR, else /usr/share/java/Saxon-HE.jar)
 *   --sizes 1,10,500   dispense counts
 *   --quick            fewer and shorter rounds (a smoke run, not for figures)
 *   --clock wall|cpu   what the figures count: wall time (default) or this process's CPU time, which
 *                      stays steady when other processes load the machine
 *   --out <dir>        where the JSON goes (default bench/out)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { makeInputs, SIZES } from './inputs.ts';
import { benchLsp, LSP_GOAL_RATIO, type LspRow } from './lsp.ts';
import type { MeasureOptions } from './measure.ts';
import { findSaxon, locateStylesheets, runSaxon, type SaxonResult } from './saxon.ts';
import { formatTable, num, ratio } from './table.ts';
import { benchTranslate, STATED_XSLT_WARM_MS, TRANSLATE_GOALS, type TranslateRow } from './translate.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function kb(bytes: number): string {
  return bytes >= 1e6 ? `${num(bytes / 1e6)} MB` : `${num(bytes / 1e3)} kB`;
}

function lspTable(rows: readonly LspRow[]): string {
  return formatTable(
    [
      'dispenses',
      'bytes',
      'parse ms',
      'parse MB/s',
      '+parseAnswer ms',
      'ratio',
      '+readDispenseList ms',
      'ratio (goal <=1.5)',
      'answers/s',
      'parseAnswer alone',
      'readDispenseList alone',
    ],
    rows.map((r) => [
      String(r.dispenses),
      kb(r.bytes),
      num(r.parseMs),
      num(r.parseMBps),
      num(r.answerMs),
      `${num(r.answerRatio)}x`,
      num(r.typedMs),
      ratio(r.typedRatio, { max: LSP_GOAL_RATIO }),
      num(1000 / r.typedMs),
      `${num(r.parseAnswerStepMs)} ms`,
      `${num(r.readDispenseListStepMs)} ms`,
    ]),
  );
}

function translateTable(rows: readonly TranslateRow[], saxon: SaxonResult | undefined): string {
  const headers = [
    'dispenses',
    'HL7v3 in',
    'FHIR JSON out',
    'resources',
    'translation ms',
    'translations/s',
    'MB/s in',
    'floor ms',
    'vs floor (goal <=2)',
    'floor parse MB/s (goal >=50)',
  ];
  if (saxon) headers.push('XSLT warm ms', 'XSLT / translation (goal >=20)');
  return formatTable(
    headers,
    rows.map((r) => {
      const cells = [
        String(r.dispenses),
        kb(r.bytesIn),
        kb(r.bytesOut),
        String(r.resources),
        num(r.translationMs),
        num(r.translationsPerSecond),
        num(r.translationMBps),
        num(r.floorMs),
        ratio(r.floorRatio, { max: TRANSLATE_GOALS.floorRatio }),
        `${num(r.xmlParseMBps)} ${r.xmlParseMBps >= TRANSLATE_GOALS.parseMBps ? 'ok' : 'MISS'}`,
      ];
      if (saxon) {
        const x = saxon.rows.find((s) => s.dispenses === r.dispenses);
        cells.push(
          x ? num(x.ms) : '-',
          x ? ratio(x.ms / r.translationMs, { min: TRANSLATE_GOALS.xsltRatio }) : '-',
        );
      }
      return cells;
    }),
  );
}

function statedTable(rows: readonly TranslateRow[]): string {
  return formatTable(
    ['dispenses', 'translation ms', 'stated XSLT warm ms', 'XSLT / translation (goal >=20)'],
    rows.map((r) => {
      const xslt = STATED_XSLT_WARM_MS[r.dispenses]!;
      return [
        String(r.dispenses),
        num(r.translationMs),
        num(xslt),
        ratio(xslt / r.translationMs, { min: TRANSLATE_GOALS.xsltRatio }),
      ];
    }),
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'xslt-dir': { type: 'string' },
      'saxon-jar': { type: 'string' },
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      clock: { type: 'string', default: 'wall' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s.trim())) : [...SIZES];
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes wants positive integers, got ${values.sizes}`);
  const clock = values.clock;
  if (clock !== 'wall' && clock !== 'cpu') throw new Error(`--clock wants wall or cpu, got ${clock}`);
  const timing: MeasureOptions = values.quick
    ? { rounds: 3, roundMs: 40, warmupMs: 60, clock }
    : { rounds: 15, roundMs: 80, warmupMs: 300, clock };
  const inputs = makeInputs(sizes);
  const started = new Date();
  console.log(
    `brug bench — ${started.toISOString()} — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu?'} x${os.cpus().length}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `timing: ${clock} clock, median of ${timing.rounds} interleaved rounds of ~${timing.roundMs} ms per workload, after ${timing.warmupMs} ms warm-up\n`,
  );

  const lsp = benchLsp(inputs, timing);
  console.log('LSP side: SOAP answer text -> typed model (ratios against a bare parseXml of the same bytes)');
  console.log(lspTable(lsp));
  console.log('');

  const translate = benchTranslate(inputs, timing);

  let saxon: SaxonResult | undefined;
  let saxonNote: string;
  if (values['xslt-dir'] === undefined) {
    saxonNote = 'XSLT reference skipped: no --xslt-dir given';
  } else {
    const tools = findSaxon(values['saxon-jar']);
    const sheets = locateStylesheets(values['xslt-dir']);
    if (typeof tools === 'string') saxonNote = `XSLT reference skipped: ${tools}`;
    else if (typeof sheets === 'string') saxonNote = `XSLT reference skipped: ${sheets}`;
    else {
      process.stdout.write('running the Nictiz XSLT pipeline under Saxon-HE (compile + warm loop) ...\n');
      try {
        saxon = runSaxon({
          tools,
          stylesheets: sheets,
          inputs: inputs.map((i) => ({ dispenses: i.dispenses, text: i.bare })),
          warmupMs: values.quick ? 500 : 3000,
          measureMs: values.quick ? 500 : 4000,
          minRuns: 3,
          params: { bundleSelfLink: 'https://brug.example/fhir/bench/48/stu3/MedicationDispense' },
          timeoutMs: 10 * 60_000,
          clock,
        });
        saxonNote = `XSLT reference: Saxon-HE ${tools.jar}, stylesheets compiled in ${num(saxon.compileMs)} ms; ${saxon.rows.map((r) => `${r.dispenses}: ${r.runs} runs`).join(', ')}; output is FHIR XML`;
      } catch (e) {
        saxonNote = `XSLT reference failed: ${(e as Error).message}`;
      }
    }
  }

  console.log(
    'Medication data: HL7v3 text -> FHIR JSON searchset Bundle (floor = parseXml + JSON.stringify of the same Bundle)',
  );
  console.log(translateTable(translate, saxon));
  console.log(saxonNote);

  // Without a live XSLT column, compare with the issue's stated warm XSLT figures at their own sizes.
  const stated = saxon
    ? []
    : benchTranslate(makeInputs(Object.keys(STATED_XSLT_WARM_MS).map(Number)), timing);
  if (stated.length > 0) {
    console.log(
      '\nAgainst the stated warm XSLT figures (from the issue, measured on this kind of machine; not in this run):',
    );
    console.log(statedTable(stated));
  }

  const outDir = values.out ?? path.join(HERE, 'out');
  mkdirSync(outDir, { recursive: true });
  const result = {
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cpus: os.cpus().length,
    loadavg: os.loadavg(),
    timing,
    goals: { lspTypedRatioMax: LSP_GOAL_RATIO, ...TRANSLATE_GOALS },
    lsp,
    translate: translate.map((r) => {
      const x = saxon?.rows.find((s) => s.dispenses === r.dispenses);
      return x ? { ...r, xsltMs: x.ms, xsltRuns: x.runs, xsltRatio: x.ms / r.translationMs } : r;
    }),
    xslt: saxon ? { compileMs: saxon.compileMs, rows: saxon.rows } : null,
    xsltNote: saxonNote,
    statedXslt: stated.map((r) => ({
      dispenses: r.dispenses,
      translationMs: r.translationMs,
      statedXsltMs: STATED_XSLT_WARM_MS[r.dispenses],
      ratio: STATED_XSLT_WARM_MS[r.dispenses]! / r.translationMs,
    })),
  };
  const file = path.join(outDir, `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `\nwritten: ${path.relative(process.cwd(), file)} (and latest.json); ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`,
  );
}

main();
