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

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** The namespace bindings in force where no element declares any. */
const NO_BINDINGS: ReadonlyMap<string, string> = new Map();

/** Slots of the per-document string table (a power of two). */
const INTERN_SLOTS = 1024;
/** Longer strings are not interned: comparing them would cost more than slicing. */
const INTERN_MAX = 64;

/**
 * A per-document table of the names and short attribute values already seen: a document repeats the
 * same few dozen names and a few hundred values (OIDs, units, codes) thousands of times, and every
 * repeat found here is one string less in the parse tree, which lives as long as the tree is read
 * (a large LSP answer's tree is collected by the young generation, whose cost grows with what
 * survives). Direct-mapped by a hash of the length and a few characters; a miss or a collision simply slices.
 */
class StringTable {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS);
  constructor(private readonly s: string) {}

  /** s.slice(from, to), the same string object as an earlier equal one when the table holds it. */
  get(from: number, to: number): string {
    const n = to - from;
    const s = this.s;
    if (n > INTERN_MAX || n === 0) return s.slice(from, to);
    // Length and a few characters: cheap, and enough to tell apart the strings one document repeats.
    const last = to - 1;
    const hash =
      (n * 0x9e5) ^
      (s.charCodeAt(from) * 0x3b) ^
      (s.charCodeAt(last) * 0x1f3) ^
      (s.charCodeAt(last - (n >> 1)) * 0x7) ^
      (s.charCodeAt(last - (n >> 2)) * 0x95);
    const slot = (hash ^ (hash >>> 10)) & (INTERN_SLOTS - 1);
    const hit = this.slots[slot];
    if (hit !== undefined && hit.length === n) {
      let k = 0;
      while (k < n && hit.charCodeAt(k) === s.charCodeAt(from + k)) k++;
      if (k === n) return hit;
    }
    const fresh = s.slice(from, to);
    this.slots[slot] = fresh;
    return fresh;
  }
}

/**
 * Parses an XML document and returns its root element.
 *
 * Written for speed on large LSP answers (one pass; no regular expressions on the common path; per
 * element only the element, its attribute object, its name and values, and an exactly sized child
 * list are allocated): whitespace between tags is skipped without a search, end tags are matched
 * against the open element's name in place, attribute values are scanned once, and namespace
 * bindings are kept per depth so a name resolves with one map lookup. Callers get the best speed
 * from a flat string, e.g. one decoded from a Buffer, rather than one built by concatenation.
 * @param input - the document as a string (a leading byte order mark is skipped)
 * @param options - limits and whether to keep mixed content
 */
export function parseXml(input: string, options: ParseOptions = {}): XmlElement {
  const maxLength = options.maxLength ?? DEFAULT_XML_LIMITS.maxLength;
  const maxDepth = options.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth;
  const maxElements = options.maxElements ?? DEFAULT_XML_LIMITS.maxElements;
  const mixed = options.mixed === true;
  if (input.length > maxLength) {
    throw new XmlError(
      `document of ${input.length} characters exceeds the limit of ${maxLength}`,
      0,
      'maxLength',
    );
  }
  const s = input;
  const len = s.length;
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The open elements, their qualified names and the namespace bindings in force inside each.
  const open: XmlElement[] = [];
  const qnames: string[] = [];
  const bindings: ReadonlyMap<string, string>[] = [];
  let depth = 0;
  let root: XmlElement | null = null;
  let elements = 0;
  // Children are collected on one shared stack and copied into an exactly sized array when their
  // parent closes (cheaper than growing an array per parent); childStart[d] is where the children
  // of the open element at depth d begin.
  const childBuf: XmlElement[] = [];
  const childStart: number[] = [];
  let childTop = 0;
  const close = (): void => {
    depth--;
    const start = childStart[depth]!;
    if (childTop > start) {
      open[depth]!.children = childBuf.slice(start, childTop);
      childTop = start;
    }
  };
  // Attributes of the start tag being read (the first n entries; reused for every element).
  const attrNames: string[] = [];
  const attrValues: string[] = [];
  const attrKeys: string[] = [];
  // Names, local names and attribute values, each repeat one string (see StringTable).
  const strings = new StringTable(s);
  const locals = new Map<string, string>();

  const resolve = (prefix: string, at: number, scope: ReadonlyMap<string, string>): string => {
    if (prefix === 'xml') return XML_NS;
    const uri = scope.get(prefix);
    if (uri !== undefined) return uri;
    if (prefix === '') return '';
    throw new XmlError(`undeclared namespace prefix "${prefix}"`, at);
  };

  const addText = (raw: string, at: number): void => {
    if (depth > 0) {
      const t = decodeEntities(normaliseNewlines(raw), at);
      const top = open[depth - 1]!;
      top.text = top.text === '' ? t : top.text + t;
      if (mixed) (top.content ??= []).push(t);
    } else if (raw.trim() !== '') {
      throw new XmlError('text outside the root element', at);
    }
  };

  while (i < len) {
    let lt: number;
    if (mixed) {
      lt = s.indexOf('<', i);
      if (lt > i) addText(s.slice(i, lt), i);
    } else {
      // Whitespace between tags (indentation) is by far the most common text: skip it in place.
      let j = i;
      while (j < len && isSpace(s.charCodeAt(j))) j++;
      if (j < len && s.charCodeAt(j) === 60 /* < */) {
        lt = j;
      } else {
        lt = j < len ? s.indexOf('<', j) : -1;
        if (lt > i) addText(s.slice(i, lt), i);
      }
    }
    if (lt < 0) {
      if (depth > 0 || root === null) {
        throw new XmlError('unexpected end of document', len);
      }
      if (s.slice(i).trim() !== '') throw new XmlError('text after the root element', i);
      break;
    }
    const c = s.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      // Fast path: `</name>` naming the open element exactly.
      if (depth > 0) {
        const open1 = qnames[depth - 1]!;
        const after = lt + 2 + open1.length;
        if (s.charCodeAt(after) === 62 /* > */ && s.startsWith(open1, lt + 2)) {
          close();
          i = after + 1;
          continue;
        }
      }
      const gt = s.indexOf('>', lt + 2);
      if (gt < 0) throw new XmlError('unterminated end tag', lt);
      const qname = s.slice(lt + 2, gt).trimEnd();
      if (depth === 0) throw new XmlError(`end tag </${qname}> without a start tag`, lt);
      const openName = qnames[depth - 1]!;
      if (openName !== qname) {
        throw new XmlError(`end tag </${qname}> does not match <${openName}>`, lt);
      }
      close();
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
        if (depth === 0) throw new XmlError('CDATA outside the root element', lt);
        const top = open[depth - 1]!;
        const t = normaliseNewlines(s.slice(lt + 9, end));
        top.text += t;
        if (mixed) (top.content ??= []).push(t);
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
    if (root !== null && depth === 0) throw new XmlError('more than one root element', lt);
    let p = lt + 1;
    let colon = -1;
    for (; p < len; p++) {
      const ch = s.charCodeAt(p);
      if (isNameEnd(ch)) break;
      if (ch === 58 /* : */ && colon < 0) colon = p - lt - 1;
    }
    const qname = strings.get(lt + 1, p);
    if (qname === '') throw new XmlError('empty element name', lt);
    let declared: Map<string, string> | null = null;
    let prefixedAttrs = false;
    let n = 0;
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
      let acolon = false;
      for (; p < len; p++) {
        const nc = s.charCodeAt(p);
        if (isNameEnd(nc)) break;
        if (nc === 58 /* : */) acolon = true;
      }
      const aname = strings.get(nameStart, p);
      while (p < len && isSpace(s.charCodeAt(p))) p++;
      if (s.charCodeAt(p) !== 61 /* = */ || aname === '') {
        throw new XmlError(`attribute without value in <${qname}>`, p);
      }
      p++;
      while (p < len && isSpace(s.charCodeAt(p))) p++;
      const q = s.charCodeAt(p);
      if (q !== 34 && q !== 39) throw new XmlError(`unquoted attribute value in <${qname}>`, p);
      // One scan to the closing quote, noting what needs a closer look.
      let vend = p + 1;
      let hasLt = false;
      let hasAmp = false;
      let hasWs = false;
      for (; vend < len; vend++) {
        const vc = s.charCodeAt(vend);
        if (vc === q) break;
        if (vc <= 60) {
          if (vc === 60) hasLt = true;
          else if (vc === 38) hasAmp = true;
          else if (vc === 10 || vc === 9 || vc === 13) hasWs = true;
        }
      }
      if (vend >= len) throw new XmlError(`unterminated attribute value in <${qname}>`, p);
      if (hasLt) throw new XmlError(`"<" in attribute value in <${qname}>`, p);
      let value = s.slice(p + 1, vend);
      // Attribute-value normalisation applies to literal whitespace only, before references are
      // decoded: `&#xA;` must stay a newline.
      if (hasWs) value = value.replace(/\r\n|[\r\n\t]/g, ' ');
      if (hasAmp) value = decodeEntities(value, p);
      p = vend + 1;
      if (acolon && aname.startsWith('xmlns:')) {
        (declared ??= new Map()).set(aname.slice(6), value);
      } else if (aname === 'xmlns') {
        (declared ??= new Map()).set('', value);
      } else {
        if (acolon) prefixedAttrs = true;
        attrNames[n] = aname;
        attrValues[n] = value;
        n++;
      }
    }
    if (++elements > maxElements) {
      throw new XmlError(`more than ${maxElements} elements`, lt, 'maxElements');
    }
    if (depth >= maxDepth) {
      throw new XmlError(`elements nested deeper than ${maxDepth}`, lt, 'maxDepth');
    }
    const inherited = depth > 0 ? bindings[depth - 1]! : NO_BINDINGS;
    let scope = inherited;
    if (declared) {
      const merged = new Map(inherited);
      for (const [prefix, uri] of declared) merged.set(prefix, uri);
      scope = merged;
    }
    const el: XmlElement = {
      name: colon < 0 ? qname : localName(locals, qname, colon),
      ns: resolve(colon < 0 ? '' : qname.slice(0, colon), lt, scope),
      attrs: {},
      children: [],
      text: '',
    };
    if (n > 0) {
      const attrs = el.attrs;
      for (let k = 0; k < n; k++) {
        const aname = attrNames[k]!;
        const key = prefixedAttrs ? clarkName(aname, lt, scope, resolve) : aname;
        attrKeys[k] = key;
        if (isDuplicate(attrKeys, k, attrs)) {
          throw new XmlError(`duplicate attribute "${aname}" in <${qname}>`, lt);
        }
        attrs[key] = attrValues[k]!;
      }
    }
    if (depth > 0) {
      childBuf[childTop++] = el;
      if (mixed) (open[depth - 1]!.content ??= []).push(el);
    } else {
      root = el;
    }
    if (!selfClosing) {
      open[depth] = el;
      childStart[depth] = childTop;
      qnames[depth] = qname;
      bindings[depth] = scope;
      depth++;
    }
    i = p;
  }
  if (depth > 0) throw new XmlError(`unexpected end of document inside <${qnames[depth - 1]!}>`, len);
  if (root === null) throw new XmlError('no root element', 0);
  return root;
}

/** The local part of a prefixed name, one string per distinct qualified name of the document. */
function localName(locals: Map<string, string>, qname: string, colon: number): string {
  let local = locals.get(qname);
  if (local === undefined) {
    local = qname.slice(colon + 1);
    if (locals.size < INTERN_SLOTS) locals.set(qname, local);
  }
  return local;
}

/** An attribute's key in `XmlElement.attrs`: its name, or `{uri}local` when it has a prefix. */
function clarkName(
  aname: string,
  at: number,
  scope: ReadonlyMap<string, string>,
  resolve: (prefix: string, at: number, scope: ReadonlyMap<string, string>) => string,
): string {
  const ac = aname.indexOf(':');
  return ac < 0 ? aname : `{${resolve(aname.slice(0, ac), at, scope)}}${aname.slice(ac + 1)}`;
}

/**
 * True when keys[k] was already set. A start tag has few attributes, so comparing with the earlier
 * keys is cheapest; past a handful the object itself answers, so a tag with very many attributes
 * stays linear.
 */
function isDuplicate(keys: readonly string[], k: number, attrs: Record<string, string>): boolean {
  const key = keys[k]!;
  if (k <= 8) {
    for (let m = 0; m < k; m++) if (keys[m] === key) return true;
    return false;
  }
  return Object.prototype.hasOwnProperty.call(attrs, key);
}
