/**
 * Last line of defence against a BSN leaving the server: before a Bundle is sent, every BSN
 * identifier is masked (value replaced by the data-absent-reason `masked` extension, fhir.md 2.1 rule
 * 11), and the token's own BSN is replaced by `XXXXXXXXX` wherever else it appears as text (e.g. in a
 * generated narrative). Translators should never produce either; the count lets the caller log that
 * they did.
 */
export const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
const DAR = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
export const BSN_MASK = 'XXXXXXXXX';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Returns a copy of `resource` with BSNs masked, and how many places were changed.
 * @param resource - the resource to send (not modified)
 * @param bsn - the token's BSN (9 digits), replaced in every string
 */
export function scrubBsn<T extends object>(resource: T, bsn: string): { resource: T; changes: number } {
  let changes = 0;
  const useText = /^\d{9}$/.test(bsn);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (useText && v.includes(bsn)) {
        changes++;
        return v.split(bsn).join(BSN_MASK);
      }
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (!isObj(v)) return v;
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    if (out['system'] === BSN_SYSTEM && typeof out['value'] === 'string') {
      changes++;
      const ordered: Obj = {};
      for (const [k, x] of Object.entries(out)) {
        if (k === 'value') ordered['_value'] = { extension: [{ url: DAR, valueCode: 'masked' }] };
        else if (k !== '_value') ordered[k] = x;
      }
      return ordered;
    }
    return out;
  };
  return { resource: walk(resource) as T, changes };
}
