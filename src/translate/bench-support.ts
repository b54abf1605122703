/**
 * Inputs for `bench/translate.ts`: a `QURX_IN990113NL` text with N dispenses, made from one of our
 * synthetic answers by repeating its dispenses with fresh dispense ids. No I/O here: the caller reads
 * the template (e.g. `SYNTHETIC_GGZ_FILE`) and passes its text in.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Our GGZ synthetic answer (four dispenses), a good template. */
export const SYNTHETIC_GGZ_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../sim/data/QURX_IN990113NL_ggz_999990032.hl7v3.xml',
);

const COMPONENT =
  /<component>\s*<medicationDispenseEvent>[\s\S]*?<\/medicationDispenseEvent>\s*<\/component>/g;
const DISPENSE_ID = /(<medicationDispenseEvent>\s*<id\b[^>]*\bextension=")[^"]*(")/;

/** A uuid-shaped dispense id for number i (deterministic, so runs are comparable). */
function dispenseId(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

/**
 * Builds a dispense list with `n` dispenses.
 * @param template - text of a QURX_IN990113NL answer with at least one dispense
 * @param n - number of dispenses wanted (1, 10, 500 ...)
 */
export function makeDispenseList(template: string, n: number): string {
  const components = template.match(COMPONENT);
  if (!components || components.length === 0) throw new Error('template has no medicationDispenseEvent');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = components[i % components.length]!;
    out.push(c.replace(DISPENSE_ID, `$1${dispenseId(i + 1)}$2`));
  }
  const first = template.search(COMPONENT);
  const lastMatch = [...template.matchAll(COMPONENT)].pop()!;
  const end = lastMatch.index + lastMatch[0].length;
  return `${template.slice(0, first)}${out.join('\n')}${template.slice(end)}`;
}
