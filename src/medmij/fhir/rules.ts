/**
 * The generic MedMij response rules that every Nictiz XIS-Server TestScript asserts
 * (`../shared/domain/fhir.md` section 2.1), as a checker the end-to-end tests run over every Bundle.
 * Profile validation (rule 6) and scenario counts (rule 15) are out of scope; rule 1 (the HTTP status)
 * is the caller's. Rule 12 (`total` at most the match entries) is not applied to a page of a paged
 * search (a Bundle with a `next` or `previous` link), where `total` counts all matches as FHIR says;
 * the MedMij scripts never page.
 *
 * Datatypes are recognised by shape, as the checker has no STU3 model: a CodeableConcept is an object
 * with a `coding` array; a Coding an item of `coding` (or `valueCoding`, `tag`, `security`, `class`);
 * an Identifier the value of an `identifier`, `valueIdentifier` or `masterIdentifier` member; a
 * Reference an object with a `reference` string, or the value of a member named `*Reference`.
 */
import type * as fhir from 'fhir';

const BSN_SYSTEM = 'http://fhir.nl/fhir/NamingSystem/bsn';
const ZIB_VALUESET_OID = 'urn:oid:2.16.840.1.113883.2.4.3.11.60.40.2';
const DAR = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const NULL_FLAVOR = 'http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor';
const URN_OID = /^urn:oid:[0-2](\.(0|[1-9]\d*))*$/;
const URN_UUID = /^urn:uuid:[A-Fa-f\d]{8}-[A-Fa-f\d]{4}-[A-Fa-f\d]{4}-[A-Fa-f\d]{4}-[A-Fa-f\d]{12}$/;
const CODING_KEYS = new Set(['valueCoding', 'tag', 'security', 'class']);
const IDENTIFIER_KEYS = new Set(['identifier', 'valueIdentifier', 'masterIdentifier']);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasExt(o: Obj, url?: string): boolean {
  const e = o['extension'];
  return Array.isArray(e) && e.some((x) => isObj(x) && (url === undefined || x['url'] === url));
}

/** A primitive exists in FHIRPath when it has a value or an extension (`_field`). */
function primitiveExists(o: Obj, key: string): boolean {
  const v = o[key];
  if (v !== undefined && v !== null && v !== '') return true;
  const ext = o[`_${key}`];
  return isObj(ext) && hasExt(ext);
}

/** Walks every member of the tree, calling `visit(key, value, path)`. */
function walk(node: unknown, path: string, visit: (key: string, value: unknown, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
    return;
  }
  if (!isObj(node)) return;
  for (const [k, v] of Object.entries(node)) {
    const p = `${path}.${k}`;
    if (Array.isArray(v)) v.forEach((x, i) => visit(k, x, `${p}[${i}]`));
    else visit(k, v, p);
    if (k !== 'div') walk(v, p, visit);
  }
}

/**
 * Checks a searchset Bundle against the generic MedMij rules.
 * @param bundle - the Bundle as sent (JSON form)
 * @param requestParams - the request's parameters, to check that the self link carries each verbatim (rule 14)
 * @returns one message per violation; empty when the Bundle passes
 */
export function checkMedMijRules(
  bundle: fhir.Bundle,
  requestParams?: readonly (readonly [string, string])[],
): string[] {
  const v: string[] = [];
  const b = bundle as unknown as Obj;
  if (b['resourceType'] !== 'Bundle') v.push('2: resource is not a Bundle');
  if (bundle.type !== 'searchset') v.push('2: Bundle.type is not searchset');
  const entries = bundle.entry ?? [];
  entries.forEach((e, i) => {
    const at = `Bundle.entry[${i}]`;
    const fullUrl = e.fullUrl;
    const id = e.resource?.id;
    if (!(fullUrl !== undefined && (URN_OID.test(fullUrl) || URN_UUID.test(fullUrl))) && id === undefined) {
      v.push(`3: ${at} has neither a urn:oid/urn:uuid fullUrl nor a resource.id`);
    }
    const rt = e.resource?.resourceType;
    if (
      e.resource &&
      rt !== 'OperationOutcome' &&
      rt !== 'Binary' &&
      (e.resource.meta?.profile ?? []).length === 0
    ) {
      v.push(`4: ${at} (${rt}) has no meta.profile`);
    }
    if (fullUrl !== undefined && id !== undefined && !fullUrl.endsWith(id))
      v.push(`5: ${at}.fullUrl does not end with resource.id`);
    if (
      fullUrl !== undefined &&
      !(
        fullUrl.startsWith('http://') ||
        fullUrl.startsWith('https://') ||
        URN_OID.test(fullUrl) ||
        URN_UUID.test(fullUrl)
      )
    ) {
      v.push(`5: ${at}.fullUrl is not an absolute URL, urn:oid or urn:uuid`);
    }
  });
  walk(bundle, 'Bundle', (key, value, path) => {
    if (!isObj(value)) return;
    const isCoding = key === 'coding' || CODING_KEYS.has(key);
    if (isCoding) {
      if (!primitiveExists(value, 'system') || !primitiveExists(value, 'code'))
        v.push(`7: ${path} (Coding) lacks system or code`);
      if (typeof value['system'] === 'string' && value['system'].startsWith(ZIB_VALUESET_OID))
        v.push(`7: ${path} uses a zib value-set OID as code system`);
    }
    if (Array.isArray(value['coding'])) {
      const display = (value['coding'] as unknown[]).some((c) => isObj(c) && primitiveExists(c, 'display'));
      if (!display && !primitiveExists(value, 'text') && !hasExt(value))
        v.push(`8: ${path} (CodeableConcept) has no coding.display, text or extension`);
    }
    const isReference = typeof value['reference'] === 'string' || key.endsWith('Reference');
    if (
      isReference &&
      !primitiveExists(value, 'display') &&
      !hasExt(value, DAR) &&
      !hasExt(value, NULL_FLAVOR)
    ) {
      v.push(`9: ${path} (Reference) has no display`);
    }
    if (IDENTIFIER_KEYS.has(key)) {
      if (
        !(primitiveExists(value, 'system') || value['type'] !== undefined) ||
        !primitiveExists(value, 'value')
      ) {
        v.push(`10: ${path} (Identifier) lacks system/type or value`);
      }
      if (value['system'] === BSN_SYSTEM) {
        const val = value['value'];
        const ext = value['_value'];
        if (typeof val === 'string' && val !== '' && !(isObj(ext) && hasExt(ext)))
          v.push(`11: ${path} carries an unmasked BSN`);
      }
    }
  });
  const links = bundle.link ?? [];
  const paged = links.some((l) => l.relation === 'next' || l.relation === 'previous');
  const matchCount = entries.filter(
    (e) => e.search === undefined || e.search.mode === undefined || e.search.mode === 'match',
  ).length;
  if (!paged && bundle.total !== undefined && bundle.total > matchCount) {
    v.push(`12: Bundle.total ${bundle.total} exceeds the ${matchCount} match entries`);
  }
  const self = links.find((l) => l.relation === 'self' && l.url !== undefined);
  if (!self) v.push('13: no self link');
  for (const l of links) {
    if (l.url.includes(BSN_SYSTEM)) v.push(`13: link ${l.relation} contains the BSN system`);
    if (/[?&](patient|subject)=/.test(l.url))
      v.push(`13: link ${l.relation} carries a patient/subject parameter`);
  }
  if (self && requestParams) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(self.url);
    } catch {
      decoded = self.url;
    }
    for (const [n, val] of requestParams) {
      if (!decoded.includes(`${n}=${val}`)) v.push(`14: self link lacks request parameter ${n}=${val}`);
    }
  }
  return v;
}
