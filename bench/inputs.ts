/**
 * The benchmark inputs: `QURX_IN990113NL` answers with 1, 10 and 500 dispenses, made from our
 * synthetic GGZ answer (`src/sim/data`, no patient data of real people), bare (what `translate/` reads)
 * and inside a SOAP 1.1 envelope (what the LSP sends).
 */
import { readFileSync } from 'node:fs';
import { soapEnvelope } from '../src/aorta/transport/soap.ts';
import { makeDispenseList, SYNTHETIC_GGZ_FILE } from '../src/translate/bench-support.ts';

/** Dispense counts measured by default. */
export const SIZES = [1, 10, 500] as const;

/** Who the synthetic answer comes from: `parseAnswer` keeps only that provider's parts. */
export const SYNTHETIC_TARGET = { applicationId: '900001', ura: '00012345' };
/** The LSP's own application id (parts it authors are issues, not data). */
export const LSP_APPLICATION_ID = '1';

export interface BenchInput {
  dispenses: number;
  /** The bare interaction, with XML declaration. */
  bare: string;
  /** The same interaction as the single child of a SOAP 1.1 Body. */
  soap: string;
}

/**
 * Builds the inputs for the given sizes.
 * @param sizes - dispense counts
 * @param templateFile - a QURX_IN990113NL answer to repeat dispenses from
 */
export function makeInputs(
  sizes: readonly number[] = SIZES,
  templateFile = SYNTHETIC_GGZ_FILE,
): BenchInput[] {
  const template = readFileSync(templateFile, 'utf8');
  return sizes.map((n) => {
    const bare = makeDispenseList(template, n);
    const start = bare.indexOf('<QURX_IN990113NL');
    if (start < 0) throw new Error(`${templateFile} holds no QURX_IN990113NL`);
    const soap = soapEnvelope(bare.slice(start).trimEnd());
    return { dispenses: n, bare: asReceived(bare), soap: asReceived(soap) };
  });
}

/**
 * The text as it arrives from a socket or file: decoded from UTF-8 bytes into one flat string. (Text
 * built by concatenation is a rope inside V8, which every character access pays for.)
 * @param text - the text
 */
export function asReceived(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/**
 * Size of a text in UTF-8 bytes (what travels and what MB/s figures count).
 * @param text - the text
 */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
