/**
 * Fuzzing the HL7v3 answer path (`parseXml` then `parseAnswer`) with random text and with mutations of
 * Brug's own synthetic answers (`src/sim/data/*.xml`): no crash or hang, every refusal an `XmlError`
 * or an `LspError`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { LspError } from '../../src/aorta/errors.ts';
import { parseAnswer } from '../../src/aorta/hl7v3/parse-answer.ts';
import { BUILTIN_SIM_DATA } from '../../src/sim/data/index.ts';
import { escapeAttr, escapeText, parseXml, XmlError, type XmlElement } from '../../src/xml/index.ts';
import { fuzz } from './harness.ts';

const FILES = readdirSync(BUILTIN_SIM_DATA)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => readFileSync(path.join(BUILTIN_SIM_DATA, f), 'utf8'));
const TREES = FILES.map((f) => parseXml(f));

/** Writes an element back as XML, declaring namespaces where they change (attributes get prefixes). */
function write(e: XmlElement, parentNs = ''): string {
  const decl: string[] = [];
  if (e.ns !== parentNs) decl.push(`xmlns="${escapeAttr(e.ns)}"`);
  const attrs: string[] = [];
  let n = 0;
  for (const [k, v] of Object.entries(e.attrs)) {
    const m = /^\{(.*)\}(.+)$/.exec(k);
    if (m) {
      decl.push(`xmlns:p${n}="${escapeAttr(m[1]!)}"`);
      attrs.push(`p${n}:${m[2]!}="${escapeAttr(v)}"`);
      n++;
    } else attrs.push(`${k}="${escapeAttr(v)}"`);
  }
  const head = [e.name, ...decl, ...attrs].join(' ');
  const inner = escapeText(e.text) + e.children.map((c) => write(c, e.ns)).join('');
  return inner === '' ? `<${head}/>` : `<${head}>${inner}</${e.name}>`;
}

/** All elements of a tree, depth first. */
function elements(e: XmlElement, out: XmlElement[] = []): XmlElement[] {
  out.push(e);
  for (const c of e.children) elements(c, out);
  return out;
}

function clone(e: XmlElement): XmlElement {
  return { name: e.name, ns: e.ns, attrs: { ...e.attrs }, text: e.text, children: e.children.map(clone) };
}

type Mutation =
  | { op: 'drop' | 'dup' | 'reverse' | 'clearText'; at: number }
  | { op: 'attr'; at: number; value: string }
  | { op: 'text'; at: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('drop', 'dup', 'reverse', 'clearText'), at: fc.nat() }),
  fc.record({
    op: fc.constant('attr'),
    at: fc.nat(),
    value: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('AE', 'AR', 'CA', 'NF', 'OK', 'QE', '1', '', '2.16.840.1.113883.2.4.6.6', '999990032'),
    ),
  }) as fc.Arbitrary<Mutation>,
  fc.record({
    op: fc.constant('text'),
    at: fc.nat(),
    value: fc.string({ maxLength: 20 }),
  }) as fc.Arbitrary<Mutation>,
);

/** Applies tree mutations to a copy of a real answer. */
function mutate(tree: XmlElement, ms: Mutation[]): XmlElement {
  const root = clone(tree);
  for (const m of ms) {
    const all = elements(root);
    const target = all[m.at % all.length]!;
    const kids = target.children;
    switch (m.op) {
      case 'drop':
        if (kids.length) kids.splice(m.at % kids.length, 1);
        break;
      case 'dup':
        if (kids.length) kids.splice(m.at % kids.length, 0, clone(kids[m.at % kids.length]!));
        break;
      case 'reverse':
        kids.reverse();
        break;
      case 'clearText':
        target.text = '';
        break;
      case 'attr': {
        const keys = Object.keys(target.attrs);
        if (keys.length) target.attrs[keys[m.at % keys.length]!] = m.value;
        break;
      }
      case 'text':
        target.text = m.value;
        break;
    }
  }
  return root;
}

/** String mutations: entities, a DTD, deep nesting, a huge attribute, truncation, a byte flip. */
const stringMutation = fc.oneof(
  fc.record({
    kind: fc.constantFrom('insert'),
    at: fc.nat(),
    what: fc.constantFrom(
      '&amp;',
      '&lt;',
      '&#0;',
      '&#x110000;',
      '&#xD800;',
      '&bogus;',
      '&',
      '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
      '<![CDATA[ x ]]>',
      '<!-- c -->',
      '<?pi x?>',
      '</x>',
      '<',
      '"',
      '\u0000',
    ),
  }),
  fc.record({ kind: fc.constantFrom('truncate'), at: fc.nat(), what: fc.constant('') }),
  fc.record({ kind: fc.constantFrom('nest'), at: fc.integer({ min: 200, max: 400 }), what: fc.constant('') }),
  fc.record({
    kind: fc.constantFrom('hugeAttr'),
    at: fc.integer({ min: 1, max: 200_000 }),
    what: fc.constant(''),
  }),
);

function applyString(s: string, m: { kind: string; at: number; what: string }): string {
  const at = m.at % (s.length + 1);
  switch (m.kind) {
    case 'insert':
      return s.slice(0, at) + m.what + s.slice(at);
    case 'truncate':
      return s.slice(0, at);
    case 'nest': {
      const i = s.indexOf('>', s.indexOf('<', 1)) + 1;
      return s.slice(0, i) + '<a>'.repeat(m.at) + '</a>'.repeat(m.at) + s.slice(i);
    }
    default: {
      const i = s.indexOf(' ', 1);
      return `${s.slice(0, i)} big="${'x'.repeat(m.at)}"${s.slice(i)}`;
    }
  }
}

const TARGETS = fc.constantFrom(
  { applicationId: '10011427', ura: '00063703' },
  { applicationId: '1', ura: '00000000' },
  { applicationId: '', ura: '' },
);

/** Parses and reads an answer; passes when it is accepted or refused with XmlError/LspError. */
function readAnswer(xml: string, target: { applicationId: string; ura: string }): void {
  let doc: XmlElement;
  try {
    doc = parseXml(xml);
  } catch (e) {
    assert.ok(e instanceof XmlError, `parseXml threw ${String(e)}`);
    return;
  }
  try {
    const a = parseAnswer(doc, { target, lspApplicationId: '1' });
    assert.ok(Array.isArray(a.parts) && Array.isArray(a.lspIssues));
    assert.ok(Number.isInteger(a.droppedParts) && a.droppedParts >= 0);
  } catch (e) {
    assert.ok(e instanceof LspError, `parseAnswer threw ${e instanceof Error ? e.stack : String(e)}`);
  }
}

test('the serializer used for mutations gives back every sim answer unchanged', () => {
  for (const tree of TREES) assert.deepEqual(parseXml(write(tree)), tree);
});

test('random text: only XmlError or LspError', (t) => {
  const xmlish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<',
          '>',
          '</',
          '/>',
          '=',
          '"',
          "'",
          '&',
          ';',
          'xmlns="urn:hl7-org:v3"',
          'xmlns:s="x"',
          ' ',
        ),
        fc.constantFrom(
          '<QURX_IN990113NL ',
          '<MCCI_IN200101 ',
          '<acknowledgement typeCode="AE">',
          '<id root="1"/>',
        ),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 40 },
    )
    .map((xs) => xs.join(''));
  fuzz(t, fc.tuple(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), xmlish), TARGETS), ([s, target]) =>
    readAnswer(s, target),
  );
});

test('tree mutations of the sim answers: only XmlError or LspError', (t) => {
  const arb = fc.tuple(
    fc.nat({ max: TREES.length - 1 }),
    fc.array(mutation, { minLength: 1, maxLength: 6 }),
    TARGETS,
  );
  fuzz(t, arb, ([i, ms, target]) => readAnswer(write(mutate(TREES[i]!, ms)), target));
});

test('string mutations of the sim answers: only XmlError or LspError', (t) => {
  const arb = fc.tuple(
    fc.nat({ max: FILES.length - 1 }),
    fc.array(stringMutation, { minLength: 1, maxLength: 3 }),
    TARGETS,
  );
  fuzz(t, arb, ([i, ms, target]) => readAnswer(ms.reduce(applyString, FILES[i]!), target));
});
