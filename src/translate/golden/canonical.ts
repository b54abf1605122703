/**
 * Canonical trees for comparing FHIR Bundles field by field, whatever their source: FHIR XML (parsed
 * with `src/xml/`) or FHIR JSON. A node has a name, an optional primitive value and children in
 * document order; JSON primitives and their `_x` siblings become one node, as in XML. Narrative
 * (`text` directly under a resource) is left out: the Nictiz narrative generator's output is not ours.
 */
import type { XmlElement } from '../../xml/index.ts';

export interface CNode {
  name: string;
  value?: string;
  children: CNode[];
}

const FHIR_NS = 'http://hl7.org/fhir';

/**
 * Canonical tree of a FHIR XML element (a Bundle or a resource).
 * @param el - the parsed element
 * @param isResource - true when `el` is a resource (its narrative is skipped)
 */
export function fromXml(el: XmlElement, isResource = el.name === 'Bundle'): CNode {
  const node: CNode = { name: el.name, children: [] };
  if (el.attrs.value !== undefined) node.value = el.attrs.value;
  if (el.attrs.url !== undefined) node.children.push({ name: 'url', value: el.attrs.url, children: [] });
  for (const c of el.children) {
    if (c.ns !== FHIR_NS) continue;
    if (isResource && c.name === 'text') continue;
    if (el.name === 'resource') {
      node.children.push(fromXml(c, true));
      continue;
    }
    node.children.push(fromXml(c, false));
  }
  return node;
}

function primitive(v: unknown): string {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : JSON.stringify(v);
}

function jsonChildren(name: string, v: unknown, meta: unknown): CNode[] {
  if (Array.isArray(v) || Array.isArray(meta)) {
    const vs = Array.isArray(v) ? v : [];
    const ms = Array.isArray(meta) ? meta : [];
    const n = Math.max(vs.length, ms.length);
    const out: CNode[] = [];
    for (let i = 0; i < n; i++) out.push(...jsonChildren(name, vs[i], ms[i]));
    return out;
  }
  if (v !== null && typeof v === 'object') return [fromJson(name, v as Record<string, unknown>)];
  const node: CNode = { name, children: [] };
  if (v !== undefined && v !== null) node.value = primitive(v);
  if (meta !== null && typeof meta === 'object') {
    const m = meta as Record<string, unknown>;
    if (typeof m.id === 'string') node.children.push({ name: 'id', value: m.id, children: [] });
    for (const c of jsonChildren('extension', m.extension, undefined)) node.children.push(c);
  }
  if (node.value === undefined && node.children.length === 0) return [];
  return [node];
}

/**
 * Canonical tree of a FHIR JSON object.
 * @param name - the element name (the resourceType for a resource)
 * @param obj - the object
 */
export function fromJson(name: string, obj: Record<string, unknown>): CNode {
  const isResource = typeof obj.resourceType === 'string';
  const node: CNode = { name, children: [] };
  const done = new Set<string>();
  for (const key of Object.keys(obj)) {
    if (key === 'resourceType') continue;
    if (isResource && key === 'text') continue;
    const base = key.startsWith('_') ? key.slice(1) : key;
    if (done.has(base)) continue;
    done.add(base);
    const v = obj[base];
    const meta = obj[`_${base}`];
    if (base === 'resource' && v !== null && typeof v === 'object') {
      const r = v as Record<string, unknown>;
      node.children.push({ name: 'resource', children: [fromJson(String(r.resourceType), r)] });
      continue;
    }
    node.children.push(...jsonChildren(base, v, meta));
  }
  return node;
}

/**
 * Flattens a tree to `path -> value` pairs (`entry[0].resource.Patient.name[0].given[1]`), plus an
 * `#order` entry per node listing its child names in order (so element order is compared too).
 * Extensions are addressed by url (`extension[http://...]`), and their order is compared through a
 * `#extensions` entry.
 * @param node - the tree
 * @param prefix - path of the node
 * @param out - the map to fill
 */
export function flatten(node: CNode, prefix: string, out: Map<string, string>): Map<string, string> {
  if (node.value !== undefined) out.set(prefix, node.value);
  const counts = new Map<string, number>();
  const order: string[] = [];
  for (const c of node.children) {
    // Extensions are keyed by url, so one extra or missing extension does not shift the others.
    const url =
      c.name === 'extension' || c.name === 'modifierExtension'
        ? c.children.find((k) => k.name === 'url')?.value
        : undefined;
    const slot = url === undefined ? c.name : `${c.name}:${url}`;
    const i = counts.get(slot) ?? 0;
    counts.set(slot, i + 1);
    if (order[order.length - 1] !== c.name) order.push(c.name);
    const label = url === undefined ? `${c.name}[${i}]` : `${c.name}[${url}${i > 0 ? `#${i + 1}` : ''}]`;
    flatten(
      url === undefined ? c : { ...c, children: c.children.filter((k) => k.name !== 'url') },
      `${prefix}.${label}`,
      out,
    );
  }
  if (order.length > 1) out.set(`${prefix}#order`, order.join(','));
  const urls = node.children
    .filter((c) => c.name === 'extension')
    .map((c) => c.children.find((k) => k.name === 'url')?.value ?? '?');
  if (urls.length > 1)
    out.set(`${prefix}#extensions`, urls.map((u) => u.slice(u.lastIndexOf('/') + 1)).join(','));
  return out;
}
