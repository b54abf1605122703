/**
 * The raw query string as FHIR search sees it: `[name, value]` pairs in request order, repeats kept,
 * percent-decoded with `+` read as a space (form encoding). Fastify's own query object merges repeats
 * and loses the order, so the FHIR routes read the raw URL with this.
 */

/** Most parameters in one search; more is a 400, not a slow request. */
export const MAX_PARAMS = 100;

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Splits a query string into decoded `[name, value]` pairs.
 * @param query - the part after `?` (a leading `?` is allowed), or a whole URL path with query
 * @returns the pairs, or undefined when the string is not valid percent-encoding
 */
export function parseQuery(query: string): [string, string][] | undefined {
  const q = query.includes('?') ? query.slice(query.indexOf('?') + 1) : query;
  const out: [string, string][] = [];
  if (q === '') return out;
  for (const part of q.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (name === undefined || value === undefined) return undefined;
    out.push([name, value]);
  }
  return out;
}

/**
 * Encodes pairs back into a query string for links. Characters FHIR search values commonly carry
 * (`|`, `:`, `/`, `,`, `$`) stay readable; `&`, `=`, `+`, `%`, `#`, spaces and non-ASCII are
 * percent-encoded, so decoding the link gives back every pair verbatim.
 * @param pairs - name/value pairs in order
 */
export function encodeQuery(pairs: readonly (readonly [string, string])[]): string {
  const enc = (s: string): string =>
    encodeURIComponent(s)
      .replace(/%7C/gi, '|')
      .replace(/%3A/gi, ':')
      .replace(/%2F/gi, '/')
      .replace(/%2C/gi, ',')
      .replace(/%24/gi, '$');
  return pairs.map(([n, v]) => `${enc(n)}=${enc(v)}`).join('&');
}
