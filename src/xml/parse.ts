/**
 * A small, fast, safe XML parser for the messages Brug reads: HL7v3 answers from the LSP, SOAP
 * envelopes, FHIR XML and the MedMij system lists.
 *
 * Safety rules (the LSP is a remote party and its answers are untrusted input):
 * - a document type declaration (`<!DOCTYPE`) is refused outright, so there are no external
 *   entities and no entity expansion ("billion laughs") to guard against;
 * - only the five predefined entities and numeric character references are decoded;
 * - size, nesting depth and element count are limited, and exceeding a limit is an `XmlError`.
 * The parser is iterative (an explicit stack), so deep nesting cannot overflow the call stack.
 *
 * Element and attribute names are resolved against their namespaces: `name` is the local name and
 * `ns` the namespace URI. Unprefixed attributes are keyed by their local name; prefixed ones in Clark
 * notation, `{uri}local` (see `XSI_TYPE`). Namespace declarations themselves are not kept as attributes.
 */

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
/** Attribute key of `xsi:type` in `XmlElement.attrs`. */
export const XSI_TYPE = `{${XSI_NS}}type`;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface XmlElement {
  /** Local name. */
  name: string;
  /** Namespace URI ('' when none). */
  ns: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /**
   * The element's own character data (text and CDATA directly inside it), concatenated. Runs of
   * whitespace only between tags are not kept (unless parsed with `mixed`), so an element holding
   * only whitespace has text ''.
   */
  text: string;
  /** Ordered content (text and elements) when parsed with `mixed: true`, e.g. XHTML narrative. */
  content?: (XmlElement | string)[];
}

export interface XmlLimits {
  /** Largest document in characters. */
  maxLength: number;
  /** Deepest element nesting. */
  maxDepth: number;
  /** Most elements in one document. */
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxLength: 50 * 1024 * 1024,
  maxDepth: 256,
  maxElements: 2_000_000,
};

export interface ParseOptions extends Partial<XmlLimits> {
  /** Keep ordered mixed content in `content` (costs memory; for XHTML). */
  mixed?: boolean;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
  constructor(
    message: string,
    /** Character offset where the problem was found. */
    readonly offset: number,
    /** Which limit was exceeded, if one was. */
    readonly limit?: keyof XmlLimits,
  ) {
    super(message);
  }
}

interface Frame {
  el: XmlElement;
  qname: string;
  /** Namespace bindings declared on this element (prefix -> uri), or null when none. */
  scope: Map<string, string> | null;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string, offset: number): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&\s]{1,10});|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new XmlError('bare "&" in text or attribute', offset);
    const fixed = ENTITY[ref];
    if (fixed !== undefined) return fixed;
    let code = NaN;
    if (ref.startsWith('#x')) code = parseInt(ref.slice(2), 16);
    else if (ref.startsWith('#')) code = parseInt(ref.slice(1), 10);
    if (Number.isNaN(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError(`unknown or invalid entity reference "${m}"`, offset);
    }
    return String.fromCodePoint(code);
  });
}

function normaliseNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

function isNameEnd(c: number): boolean {
  // whitespace, '/', '>', '='
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 47 || c === 62 || c === 61;
}

/** True when s[from..to) is whitespace only: such runs between tags are dropped unless `mixed`. */
function onlySpace(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/**
 * Parses an XML document and returns its root element.
 * @param input - the document as a string (a leading byte order mark is skipped)
 * @param options - limits and whether to keep mixed content
 */
export function parseXml(input: string, options: ParseOptions = {}): XmlElement {
  const maxLength = options.maxLength ?? DEFAULT_XML_LIMITS.maxLength;
  const maxDepth = options.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  const maxElements = options.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
  const mixed = options.mixed === true;
  if (input.length > maxLength) {
    throw new XmlError(`document of ${input.length} characters exceeds the limit of ${maxLength}`, 0, 'maxLength');
  }
  const s = input;
  const len = s.length;
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: Frame[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  // Namespace resolution: walk the stack's scopes from the top.
  const resolve = (prefix: string, at: number, own: Map<string, string> | null): string => {
    if (prefix === 'xml') return XML_NS;
    const mine = own?.get(prefix);
    if (mine !== undefined) return mine;
    for (let k = stack.length - 1; k >= 0; k--) {
      const u = stack[k]!.scope?.get(prefix);
      if (u !== undefined) return u;
    }
    if (prefix === '') return '';
    throw new XmlError(`undeclared namespace prefix "${prefix}"`, at);
  };

  while (i < len) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      if (stack.length > 0 || root === null) {
        throw new XmlError('unexpected end of document', len);
      }
      if (s.slice(i).trim() !== '') throw new XmlError('text after the root element', i);
      break;
    }
    if (lt > i && !(onlySpace(s, i, lt) && !mixed)) {
      const raw = s.slice(i, lt);
      const top = stack[stack.length - 1];
      if (top) {
        const t = decodeEntities(normaliseNewlines(raw), i);
        top.el.text += t;
        if (mixed) (top.el.content ??= []).push(t);
      } else if (raw.trim() !== '') {
        throw new XmlError('text outside the root element', i);
      }
    }
    const c = s.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = s.indexOf('>', lt + 2);
      if (gt < 0) throw new XmlError('unterminated end tag', lt);
      const qname = s.slice(lt + 2, gt).trimEnd();
      const frame = stack.pop();
      if (!frame) throw new XmlError(`end tag </${qname}> without a start tag`, lt);
      if (frame.qname !== qname) {
        throw new XmlError(`end tag </${qname}> does not match <${frame.qname}>`, lt);
      }
      i = gt + 1;
      continue;
    }
    if (c === 33 /* ! */) {
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) throw new XmlError('unterminated comment', lt);
        i = end + 3;
        continue;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end < 0) throw new XmlError('unterminated CDATA section', lt);
        const top = stack[stack.length - 1];
        if (!top) throw new XmlError('CDATA outside the root element', lt);
        const t = normaliseNewlines(s.slice(lt + 9, end));
        top.el.text += t;
        if (mixed) (top.el.content ??= []).push(t);
        i = end + 3;
        continue;
      }
      if (s.startsWith('<!DOCTYPE', lt)) {
        throw new XmlError('document type declarations (DTD) are not accepted', lt);
      }
      throw new XmlError('unexpected markup declaration', lt);
    }
    if (c === 63 /* ? */) {
      const end = s.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlError('unterminated processing instruction', lt);
      i = end + 2;
      continue;
    }
    // Start tag.
    if (root !== null && stack.length === 0) throw new XmlError('more than one root element', lt);
    let p = lt + 1;
    while (p < len && !isNameEnd(s.charCodeAt(p))) p++;
    const qname = s.slice(lt + 1, p);
    if (qname === '') throw new XmlError('empty element name', lt);
    let scope: Map<string, string> | null = null;
    let rawAttrs: [string, string][] | null = null;
    let selfClosing = false;
    for (;;) {
      while (p < len && isSpace(s.charCodeAt(p))) p++;
      if (p >= len) throw new XmlError(`unterminated start tag <${qname}>`, lt);
      const ch = s.charCodeAt(p);
      if (ch === 62 /* > */) {
        p++;
        break;
      }
      if (ch === 47 /* / */) {
        if (s.charCodeAt(p + 1) !== 62) throw new XmlError(`malformed start tag <${qname}>`, p);
        selfClosing = true;
        p += 2;
        break;
      }
      const nameStart = p;
      while (p < len && !isNameEnd(s.charCodeAt(p))) p++;
      const aname = s.slice(nameStart, p);
      while (p < len && isSpace(s.charCodeAt(p))) p++;
      if (s.charCodeAt(p) !== 61 /* = */ || aname === '') {
        throw new XmlError(`attribute without value in <${qname}>`, p);
      }
      p++;
      while (p < len && isSpace(s.charCodeAt(p))) p++;
      const q = s.charCodeAt(p);
      if (q !== 34 && q !== 39) throw new XmlError(`unquoted attribute value in <${qname}>`, p);
      const vend = s.indexOf(q === 34 ? '"' : "'", p + 1);
      if (vend < 0) throw new XmlError(`unterminated attribute value in <${qname}>`, p);
      const rawValue = s.slice(p + 1, vend);
      if (rawValue.indexOf('<') >= 0) throw new XmlError(`"<" in attribute value in <${qname}>`, p);
      // Attribute-value normalisation applies to literal whitespace only, before references are
      // decoded: `&#xA;` must stay a newline.
      let literal = rawValue;
      if (literal.indexOf('\n') >= 0 || literal.indexOf('\t') >= 0 || literal.indexOf('\r') >= 0) {
        literal = literal.replace(/\r\n|[\r\n\t]/g, ' ');
      }
      const value = decodeEntities(literal, p);
      p = vend + 1;
      if (aname === 'xmlns') {
        (scope ??= new Map()).set('', value);
      } else if (aname.startsWith('xmlns:')) {
        (scope ??= new Map()).set(aname.slice(6), value);
      } else {
        (rawAttrs ??= []).push([aname, value]);
      }
    }
    if (++elements > maxElements) {
      throw new XmlError(`more than ${maxElements} elements`, lt, 'maxElements');
    }
    if (stack.length >= maxDepth) {
      throw new XmlError(`elements nested deeper than ${maxDepth}`, lt, 'maxDepth');
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const el: XmlElement = {
      name: colon < 0 ? qname : qname.slice(colon + 1),
      ns: resolve(prefix, lt, scope),
      attrs: {},
      children: [],
      text: '',
    };
    if (rawAttrs) {
      for (const [aname, value] of rawAttrs) {
        const ac = aname.indexOf(':');
        const key = ac < 0 ? aname : `{${resolve(aname.slice(0, ac), lt, scope)}}${aname.slice(ac + 1)}`;
        if (key in el.attrs) throw new XmlError(`duplicate attribute "${aname}" in <${qname}>`, lt);
        el.attrs[key] = value;
      }
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.el.children.push(el);
      if (mixed) (parent.el.content ??= []).push(el);
    } else {
      root = el;
    }
    if (!selfClosing) stack.push({ el, qname, scope });
    else if (!parent) {
      // A self-closing root: nothing else may follow but whitespace, comments and PIs.
    }
    i = p;
  }
  if (stack.length > 0) throw new XmlError(`unexpected end of document inside <${stack[stack.length - 1]!.qname}>`, len);
  if (root === null) throw new XmlError('no root element', 0);
  return root;
}
