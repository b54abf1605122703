/**
 * Issue "LSP side": what the typed model costs on top of a bare XML parse. For each answer (SOAP
 * envelope around a QURX_IN990113NL with N dispenses) it times
 *   parse   - `parseXml` of the bytes, nothing else (the reference);
 *   answer  - parse + `parseAnswer` (SOAP unwrap, wrapper, acknowledgement, source, filter);
 *   typed   - parse + `parseAnswer` + `readDispenseList` (the typed dispense model);
 * all in the same interleaved rounds, and reports each as a ratio to the bare parse.
 */
import assert from 'node:assert/strict';
import { parseAnswer } from '../src/aorta/hl7v3/parse-answer.ts';
import { readDispenseList } from '../src/translate/hl7v3/mp612/read.ts';
import { parseXml } from '../src/xml/index.ts';
import { LSP_APPLICATION_ID, SYNTHETIC_TARGET, utf8Bytes, type BenchInput } from './inputs.ts';
import { measure, type MeasureOptions } from './measure.ts';

/** The goal of the issue: the typed model costs at most this many bare parses. */
export const LSP_GOAL_RATIO = 1.5;

export interface LspRow {
  dispenses: number;
  bytes: number;
  /** Milliseconds per answer (median). */
  parseMs: number;
  answerMs: number;
  typedMs: number;
  /** Milliseconds of each step alone, on an already parsed / unwrapped answer. */
  parseAnswerStepMs: number;
  readDispenseListStepMs: number;
  /** Bare parse throughput in MB/s (10^6 bytes). */
  parseMBps: number;
  answerRatio: number;
  typedRatio: number;
}

const OPTS = { target: SYNTHETIC_TARGET, lspApplicationId: LSP_APPLICATION_ID };

/** The typed model of one answer, all steps from text. */
function typedModel(soap: string): number {
  const answer = parseAnswer(parseXml(soap), OPTS);
  return readDispenseList(answer.parts[0]!.message).dispenses.length;
}

/**
 * Runs the LSP-side benchmark.
 * @param inputs - the answers
 * @param options - timing options
 */
export function benchLsp(inputs: readonly BenchInput[], options: MeasureOptions): LspRow[] {
  return inputs.map((input) => {
    const { soap } = input;
    // Check once that the input really is what we claim to measure.
    assert.equal(typedModel(soap), input.dispenses, 'typed model read a different number of dispenses');
    const doc = parseXml(soap);
    const message = parseAnswer(doc, OPTS).parts[0]!.message;
    const t = measure(
      {
        parse: () => parseXml(soap),
        answer: () => parseAnswer(parseXml(soap), OPTS),
        typed: () => typedModel(soap),
        parseAnswerStep: () => parseAnswer(doc, OPTS),
        readDispenseListStep: () => readDispenseList(message),
      },
      options,
    );
    const bytes = utf8Bytes(soap);
    const parseMs = t.parse!.ms;
    return {
      dispenses: input.dispenses,
      bytes,
      parseMs,
      answerMs: t.answer!.ms,
      typedMs: t.typed!.ms,
      parseAnswerStepMs: t.parseAnswerStep!.ms,
      readDispenseListStepMs: t.readDispenseListStep!.ms,
      parseMBps: bytes / 1e6 / (parseMs / 1000),
      answerRatio: t.answer!.ms / parseMs,
      typedRatio: t.typed!.ms / parseMs,
    };
  });
}
