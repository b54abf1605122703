/**
 * Editing and writing parsed XML trees (`XmlElement` from `src/xml/`), for the simulator's answers.
 * Trees are parsed with `mixed: true`, so `content` keeps text and elements in order; the helpers here
 * keep `children` and `content` in step. (A local adapter: `src/xml/` has no tree writer.)
 */
import { escapeAttr, escapeText, type XmlElement } from '../../xml/index.ts';

export const HL7_NS = 'urn:hl7-org:v3';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * A new element in the HL7v3 namespace.
 * @param name - local name
 * @param attrs - attributes (undefined values are left out)
 * @param children - child elements
 */
export function hl7(
  name: string,
  attrs: Record<string, string | undefined> = {},
  children: XmlElement[] = [],
): XmlElement {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[k] = v;
  return { name, ns: HL7_NS, attrs: a, children: [...children], text: '', content: [...children] };
}

/** An HL7v3 element holding only text. */
export function hl7Text(
  name: string,
  text: string,
  attrs: Record<string, string | undefined> = {},
): XmlElement {
  const e = hl7(name, attrs);
  e.text = text;
  e.content = [text];
  return e;
}

/** Replaces all content of `el` with these children. */
export function setChildren(el: XmlElement, children: XmlElement[]): void {
  el.children = [...children];
  el.content = [...children];
  el.text = '';
}

/** Inserts `child` after `ref` (or at the end when `ref` is undefined or not a child). */
export function insertAfter(parent: XmlElement, child: XmlElement, ref: XmlElement | undefined): void {
  const at = ref ? parent.children.indexOf(ref) : -1;
  if (at < 0) {
    parent.children.push(child);
    (parent.content ??= []).push(child);
    return;
  }
  parent.children.splice(at + 1, 0, child);
  const content = (parent.content ??= [...parent.children]);
  const cAt = content.indexOf(ref!);
  content.splice(cAt < 0 ? content.length : cAt + 1, 0, child);
}

/** Inserts `child` as the first element child of `parent`. */
export function prepend(parent: XmlElement, child: XmlElement): void {
  parent.children.unshift(child);
  const content = (parent.content ??= []);
  const firstEl = content.findIndex((c) => typeof c !== 'string');
  content.splice(firstEl < 0 ? content.length : firstEl, 0, child);
}

/** Removes `child` from `parent`. */
export function remove(parent: XmlElement, child: XmlElement): void {
  parent.children = parent.children.filter((c) => c !== child);
  if (parent.content) parent.content = parent.content.filter((c) => c !== child);
}

/** Every element in the tree, depth first, the root included. */
export function walk(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const e = todo.pop()!;
    out.push(e);
    for (let k = e.children.length - 1; k >= 0; k--) todo.push(e.children[k]!);
  }
  return out;
}

function collectNamespaces(root: XmlElement, into: Set<string>): void {
  for (const e of walk(root)) {
    into.add(e.ns);
    for (const k of Object.keys(e.attrs)) if (k.startsWith('{')) into.add(k.slice(1, k.indexOf('}')));
  }
}

/**
 * Writes a tree as XML text (no XML declaration). The root's namespace becomes the default namespace;
 * every other namespace gets a prefix declared on the root (`xsi` for XML Schema instance).
 * @param root - the element to write
 */
export function serialize(root: XmlElement): string {
  const used = new Set<string>();
  collectNamespaces(root, used);
  const prefixes = new Map<string, string>();
  let n = 0;
  for (const ns of used) {
    if (ns === root.ns || ns === '' || ns === XML_NS) continue;
    prefixes.set(ns, ns === XSI_NS ? 'xsi' : `ns${++n}`);
  }
  prefixes.set(XML_NS, 'xml');
  const rootDecls =
    (root.ns === '' ? '' : ` xmlns="${escapeAttr(root.ns)}"`) +
    [...prefixes]
      .filter(([ns]) => ns !== XML_NS)
      .map(([ns, p]) => ` xmlns:${p}="${escapeAttr(ns)}"`)
      .join('');
  const parts: string[] = [];
  const write = (e: XmlElement, defaultNs: string, decls: string): void => {
    let tag: string;
    let childDefault = defaultNs;
    let own = decls;
    const prefix = prefixes.get(e.ns);
    if (e.ns === defaultNs) tag = e.name;
    else if (prefix !== undefined) tag = `${prefix}:${e.name}`;
    else {
      tag = e.name;
      own += ` xmlns="${escapeAttr(e.ns)}"`;
      childDefault = e.ns;
    }
    let attrText = '';
    for (const [k, v] of Object.entries(e.attrs)) {
      const name = k.startsWith('{')
        ? `${prefixes.get(k.slice(1, k.indexOf('}')))}:${k.slice(k.indexOf('}') + 1)}`
        : k;
      attrText += ` ${name}="${escapeAttr(v)}"`;
    }
    const content: (XmlElement | string)[] =
      e.content ?? (e.text !== '' ? [e.text, ...e.children] : e.children);
    if (content.length === 0) {
      parts.push(`<${tag}${own}${attrText}/>`);
      return;
    }
    parts.push(`<${tag}${own}${attrText}>`);
    for (const c of content) {
      if (typeof c === 'string') parts.push(escapeText(c));
      else write(c, childDefault, '');
    }
    parts.push(`</${tag}>`);
  };
  write(root, root.ns, rootDecls);
  return parts.join('');
}
