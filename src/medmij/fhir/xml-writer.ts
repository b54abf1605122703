/**
 * FHIR STU3 JSON -> XML (http://hl7.org/fhir/STU3/xml.html), written directly from the JSON object:
 * - the resource is an element named by `resourceType` in the FHIR namespace;
 * - primitives are `value` attributes; their `_field` siblings give the element's `id` attribute and
 *   `extension` children (arrays are zipped by index, `null` filling gaps);
 * - `id` of a resource is an element, `id` of a datatype is an attribute; `url` of an extension is an
 *   attribute;
 * - arrays become repeated elements; nested resources (`contained`, `Bundle.entry.resource`, ...) are
 *   wrapped in an element named by their `resourceType`;
 * - `Narrative.div` is the XHTML string itself (given the XHTML namespace when it lacks one).
 * Elements come out in the object's key order, so objects must be built in FHIR definition order.
 */
import { escapeAttr } from '../../xml/index.ts';

export const FHIR_NS = 'http://hl7.org/fhir';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isResource(v: unknown): v is JsonObject {
  return isObject(v) && typeof v['resourceType'] === 'string';
}

function primitiveText(v: Json): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new Error('a FHIR primitive must be a string, number or boolean');
}

/**
 * Serialises a FHIR STU3 resource (JSON form) to XML.
 * @param resource - the resource, e.g. a Bundle
 * @param declaration - prepend `<?xml version="1.0" encoding="UTF-8"?>` (default true)
 */
export function toFhirXml(resource: object, declaration = true): string {
  const parts: string[] = [];
  if (declaration) parts.push('<?xml version="1.0" encoding="UTF-8"?>');
  writeResource(resource as JsonObject, parts, true);
  return parts.join('');
}

function writeResource(res: JsonObject, out: string[], root: boolean): void {
  const type = res['resourceType'];
  if (typeof type !== 'string' || !/^[A-Z][A-Za-z]*$/.test(type))
    throw new Error('resource without a valid resourceType');
  out.push(root ? `<${type} xmlns="${FHIR_NS}">` : `<${type}>`);
  writeMembers(res, out, true, false);
  out.push(`</${type}>`);
}

/**
 * Writes the members of a complex object (resource, datatype or backbone element) as child elements.
 * Attributes (`id` of a datatype, `url` of an extension) are written by the caller.
 */
function writeMembers(obj: JsonObject, out: string[], isRes: boolean, isExtension: boolean): void {
  const done = new Set<string>();
  for (const key of Object.keys(obj)) {
    if (key === 'resourceType' || key === 'fhir_comments') continue;
    if (!isRes && key === 'id') continue; // attribute
    if (isExtension && key === 'url') continue; // attribute
    const base = key.startsWith('_') ? key.slice(1) : key;
    if (done.has(base)) continue;
    done.add(base);
    writeMember(base, obj[base], obj[`_${base}`], out);
  }
}

function writeMember(name: string, value: Json | undefined, ext: Json | undefined, out: string[]): void {
  if (Array.isArray(value) || Array.isArray(ext)) {
    const values = Array.isArray(value) ? value : [];
    const exts = Array.isArray(ext) ? ext : [];
    const n = Math.max(values.length, exts.length);
    for (let i = 0; i < n; i++) writeOne(name, values[i] ?? null, exts[i] ?? null, out);
    return;
  }
  writeOne(name, value ?? null, ext ?? null, out);
}

function writeOne(name: string, value: Json, ext: Json, out: string[]): void {
  if (isObject(value)) {
    if (name === 'div') throw new Error('Narrative.div must be a string');
    if (isResource(value)) {
      out.push(`<${name}>`);
      writeResource(value, out, false);
      out.push(`</${name}>`);
      return;
    }
    const isExtension = name === 'extension' || name === 'modifierExtension';
    let open = `<${name}`;
    if (typeof value['id'] === 'string') open += ` id="${escapeAttr(value['id'])}"`;
    if (isExtension && typeof value['url'] === 'string') open += ` url="${escapeAttr(value['url'])}"`;
    const inner: string[] = [];
    writeMembers(value, inner, false, isExtension);
    out.push(inner.length === 0 ? `${open}/>` : `${open}>${inner.join('')}</${name}>`);
    return;
  }
  if (name === 'div' && typeof value === 'string') {
    out.push(xhtmlDiv(value));
    return;
  }
  if (value === null && !isObject(ext)) return;
  let open = `<${name}`;
  if (isObject(ext) && typeof ext['id'] === 'string') open += ` id="${escapeAttr(ext['id'])}"`;
  if (value !== null) open += ` value="${escapeAttr(primitiveText(value))}"`;
  const inner: string[] = [];
  if (isObject(ext)) {
    for (const k of ['extension', 'modifierExtension']) {
      const e = ext[k];
      if (e !== undefined) writeMember(k, e, undefined, inner);
    }
  }
  out.push(inner.length === 0 ? `${open}/>` : `${open}>${inner.join('')}</${name}>`);
}

/** The narrative div as given, with the XHTML namespace declared on it when it has none. */
function xhtmlDiv(div: string): string {
  const s = div.trim();
  if (!s.startsWith('<div')) throw new Error('Narrative.div must be an XHTML <div> element');
  const openEnd = s.indexOf('>');
  const openTag = openEnd < 0 ? s : s.slice(0, openEnd);
  if (/\sxmlns\s*=/.test(openTag)) return s;
  return `<div xmlns="${XHTML_NS}"${s.slice(4)}`;
}
