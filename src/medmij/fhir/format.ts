/**
 * Content negotiation for FHIR responses: `_format` first, then `Accept` (with q-values), default
 * JSON (http://hl7.org/fhir/STU3/http.html#mime-type). The answer names the serialisation and the
 * `Content-Type` to send.
 */
import { notAcceptable } from './outcome.ts';
import { toFhirXml } from './xml-writer.ts';

export type FhirFormat = 'json' | 'xml';

export const CONTENT_TYPE: Record<FhirFormat, string> = {
  json: 'application/fhir+json; charset=utf-8',
  xml: 'application/fhir+xml; charset=utf-8',
};

/** `_format` values and media types we recognise (lower case, without parameters). */
const MEDIA: Record<string, FhirFormat> = {
  json: 'json',
  'application/fhir+json': 'json',
  'application/json': 'json',
  'application/json+fhir': 'json',
  'text/json': 'json',
  xml: 'xml',
  'application/fhir+xml': 'xml',
  'application/xml': 'xml',
  'application/xml+fhir': 'xml',
  'text/xml': 'xml',
};

/**
 * Reads a `_format` value. `+` may arrive decoded as a space (form encoding), so `application/fhir json`
 * is read as `application/fhir+json`.
 * @param value - the raw `_format` parameter value
 * @returns the format, or undefined when the value is not one we serve
 */
export function formatFromParam(value: string): FhirFormat | undefined {
  const v = value.trim().toLowerCase().split(';')[0]!.trim().replace(/ /g, '+');
  return MEDIA[v];
}

interface AcceptItem {
  type: string;
  q: number;
  order: number;
}

function parseAccept(header: string): AcceptItem[] {
  const items: AcceptItem[] = [];
  header.split(',').forEach((part, order) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    if (!type) return;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (m) q = Math.min(1, Math.max(0, Number(m[1])));
    }
    if (!Number.isNaN(q)) items.push({ type: type.toLowerCase(), q, order });
  });
  return items;
}

/** How well an Accept media range matches a format (higher is more specific), or 0. */
function specificity(range: string, format: FhirFormat): number {
  if (MEDIA[range] === format && range.includes('/')) return 3;
  if (range === '*/*') return 1;
  if (range === 'application/*') return 2;
  if (range === 'text/*') return 2;
  return 0;
}

/**
 * Chooses the response format.
 * @param formatParam - the `_format` query value, if given (wins over Accept)
 * @param accept - the Accept header, if given
 * @throws FhirError 406 when `_format` names no format we serve, or Accept allows neither
 */
export function negotiate(formatParam: string | undefined, accept: string | undefined): FhirFormat {
  if (formatParam !== undefined && formatParam.trim() !== '') {
    const f = formatFromParam(formatParam);
    if (!f) throw notAcceptable(`_format '${formatParam.slice(0, 60)}' is not supported; use json or xml.`);
    return f;
  }
  if (accept === undefined || accept.trim() === '') return 'json';
  const items = parseAccept(accept);
  if (items.length === 0) return 'json';
  // For each format, the q of the most specific matching range (RFC 9110 section 12.5.1).
  const best = (format: FhirFormat): { q: number; order: number } => {
    let spec = 0;
    let q = 0;
    let order = Number.MAX_SAFE_INTEGER;
    for (const it of items) {
      const s = specificity(it.type, format);
      if (s > spec || (s === spec && s > 0 && it.q > q)) {
        spec = s;
        q = it.q;
        order = it.order;
      }
    }
    return { q: spec === 0 ? 0 : q, order };
  };
  const j = best('json');
  const x = best('xml');
  if (j.q === 0 && x.q === 0) throw notAcceptable();
  if (j.q !== x.q) return j.q > x.q ? 'json' : 'xml';
  // Equal preference: a wildcard-only match means JSON; otherwise the range listed first.
  return x.order < j.order ? 'xml' : 'json';
}

/**
 * Serialises a resource in the chosen format.
 * @param resource - any FHIR resource (JSON form)
 * @param format - json or xml
 */
export function serialize(resource: object, format: FhirFormat): string {
  return format === 'xml' ? toFhirXml(resource) : JSON.stringify(resource);
}
