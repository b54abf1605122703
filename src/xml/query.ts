/**
 * Navigation over parsed `XmlElement` trees. Names are local names; callers that must be sure of the
 * namespace check `el.ns` once at the root, since HL7v3 and FHIR documents keep one default namespace.
 */
import type { XmlElement } from './parse.ts';

/** First child element with this local name, or undefined. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** All child elements with this local name. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.name === name) out.push(c);
  return out;
}

/** Follows a path of local names separated by '/', taking the first match at each step. */
export function at(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = el;
  for (const step of path.split('/')) {
    cur = child(cur, step);
    if (!cur) return undefined;
  }
  return cur;
}

/** All elements reached by a path, fanning out at every step. */
export function all(el: XmlElement | undefined, path: string): XmlElement[] {
  let cur: XmlElement[] = el ? [el] : [];
  for (const step of path.split('/')) {
    const next: XmlElement[] = [];
    for (const c of cur) for (const k of c.children) if (k.name === step) next.push(k);
    cur = next;
    if (cur.length === 0) break;
  }
  return cur;
}

/** An attribute of the element at `path` (or of `el` itself when path is ''). */
export function attrAt(el: XmlElement | undefined, path: string, attr: string): string | undefined {
  const target = path === '' ? el : at(el, path);
  return target?.attrs[attr];
}

/** Depth-first search for every descendant with this local name (the element itself excluded). */
export function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlElement[] = [...el.children].reverse();
  while (todo.length > 0) {
    const e = todo.pop()!;
    if (e.name === name) out.push(e);
    for (let k = e.children.length - 1; k >= 0; k--) todo.push(e.children[k]!);
  }
  return out;
}
