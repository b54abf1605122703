/** Writing XML: escaping and a small string builder used for HL7v3 messages and FHIR XML. */

const ESC_TEXT = /[&<>]/g;
const ESC_ATTR = /[&<>"\n\r\t]/g;
const REPL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** Escapes character data for use between tags. */
export function escapeText(s: string): string {
  return ESC_TEXT.test(s) ? s.replace(ESC_TEXT, (c) => REPL[c]!) : s;
}

/** Escapes a value for use inside a double-quoted attribute. */
export function escapeAttr(s: string): string {
  return ESC_ATTR.test(s) ? s.replace(ESC_ATTR, (c) => REPL[c]!) : s;
}

export type Attrs = Record<string, string | number | boolean | undefined | null>;

/** Renders attributes, skipping undefined and null values. Names are written as given. */
export function attrs(a: Attrs): string {
  let out = '';
  for (const k in a) {
    const v = a[k];
    if (v === undefined || v === null) continue;
    out += ` ${k}="${escapeAttr(String(v))}"`;
  }
  return out;
}

/** An element with attributes and raw (already escaped) inner XML; self-closing when empty. */
export function el(name: string, a: Attrs = {}, inner = ''): string {
  return inner === '' ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${inner}</${name}>`;
}
