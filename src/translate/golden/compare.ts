/**
 * Field-by-field comparison of two canonical FHIR Bundles. Entries are matched by what the resource
 * is (dispense id and profile, product code, URA, "the patient"), not by generated uuids; generated
 * fullUrls and the references to them become `ref(<entry key>)` on both sides. Bundle id and self
 * link are not compared (generated / a dummy in the Nictiz output).
 */
import { flatten, type CNode } from './canonical.ts';

/** One field that differs. `expected`/`actual` are undefined where the field is absent. */
export interface Difference {
  path: string;
  expected: string | undefined;
  actual: string | undefined;
}

/** The result of a comparison: differences, and how many fields were compared. */
export interface Comparison {
  differences: Difference[];
  fields: number;
}

function kid(n: CNode | undefined, name: string): CNode | undefined {
  return n?.children.find((c) => c.name === name);
}

function kids(n: CNode | undefined, name: string): CNode[] {
  return n ? n.children.filter((c) => c.name === name) : [];
}

function val(n: CNode | undefined, path: string): string | undefined {
  let cur = n;
  for (const step of path.split('.')) cur = kid(cur, step);
  return cur?.value;
}

const TA = 'AdministrationAgreement';

/** The identity of an entry's resource, used as its key in paths. */
export function entryKey(resource: CNode): string {
  switch (resource.name) {
    case 'MedicationDispense': {
      const profile = val(resource, 'meta.profile') ?? '';
      const mbh = kids(resource, 'extension').find((e) => val(e, 'url')?.endsWith('MedicationTreatment'));
      const id = val(mbh, 'valueIdentifier.value') ?? '?';
      return `${profile.endsWith(TA) ? 'TA' : 'MVE'}:${id}`;
    }
    case 'Medication': {
      const c = kid(kid(resource, 'code'), 'coding');
      if (c) return `Medication:${val(c, 'code') ?? '?'}`;
      return `Medication:${val(resource, 'code.text') ?? '?'}`;
    }
    case 'Organization':
      return `Organization:${val(resource, 'identifier.value') ?? '?'}`;
    case 'Patient':
      return 'Patient';
    default:
      return `${resource.name}:${val(resource, 'id') ?? '?'}`;
  }
}

/** True when a fullUrl is generated (a uuid that does not come from the data itself). */
function generated(key: string, fullUrl: string): boolean {
  if (!fullUrl.startsWith('urn:uuid:')) return false;
  if (key.startsWith('MVE:') && fullUrl === `urn:uuid:${key.slice(4)}`) return false;
  return true;
}

interface Entry {
  key: string;
  fullUrl: string;
  node: CNode;
}

function entries(bundle: CNode): Entry[] {
  const seen = new Map<string, number>();
  return kids(bundle, 'entry').map((e) => {
    const resource = kid(kid(e, 'resource'), kid(e, 'resource')?.children[0]?.name ?? '');
    let key = resource ? entryKey(resource) : '?';
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n > 0) key = `${key}#${n + 1}`;
    return { key, fullUrl: val(e, 'fullUrl') ?? '', node: e };
  });
}

function rewrite(node: CNode, refs: Map<string, string>): CNode {
  const out: CNode = { name: node.name, children: node.children.map((c) => rewrite(c, refs)) };
  if (node.value !== undefined) out.value = refs.get(node.value) ?? node.value;
  return out;
}

function dropResourceId(e: CNode): CNode {
  const res = kid(e, 'resource');
  const r = res?.children[0];
  if (!res || !r) return e;
  const r2: CNode = { ...r, children: r.children.filter((c) => c.name !== 'id') };
  return { ...e, children: e.children.map((c) => (c === res ? { ...res, children: [r2] } : c)) };
}

/**
 * Checks the MedMij rule that every fullUrl ends with its resource id; returns the keys that break it
 * (entries without an id are not checked).
 * @param bundle - canonical bundle
 */
export function fullUrlIdMismatches(bundle: CNode): string[] {
  const bad: string[] = [];
  for (const e of entries(bundle)) {
    const id = val(kid(e.node, 'resource')?.children[0], 'id');
    if (id !== undefined && !e.fullUrl.endsWith(id)) bad.push(e.key);
  }
  return bad;
}

function flat(bundle: CNode, generatedKeys: Set<string>): Map<string, string> {
  const es = entries(bundle);
  const refs = new Map<string, string>();
  for (const e of es) if (generatedKeys.has(e.key)) refs.set(e.fullUrl, `ref(${e.key})`);
  const out = new Map<string, string>();
  for (const name of ['type', 'total']) {
    const v = val(bundle, name);
    if (v !== undefined) out.set(`Bundle.${name}`, v);
  }
  for (const e of es) flatten(rewrite(dropResourceId(e.node), refs), `entry[${e.key}]`, out);
  return out;
}

/**
 * Compares an expected and an actual canonical Bundle.
 * @param expected - from the expected file
 * @param actual - from our translation
 */
export function compareBundles(expected: CNode, actual: CNode): Comparison {
  const generatedKeys = new Set<string>();
  for (const e of [...entries(expected), ...entries(actual)])
    if (generated(e.key, e.fullUrl)) generatedKeys.add(e.key);
  const a = flat(expected, generatedKeys);
  const b = flat(actual, generatedKeys);
  const differences: Difference[] = [];
  const paths = new Set([...a.keys(), ...b.keys()]);
  for (const p of [...paths].sort()) {
    const x = a.get(p);
    const y = b.get(p);
    if (x !== y) differences.push({ path: p, expected: x, actual: y });
  }
  return { differences, fields: paths.size };
}
