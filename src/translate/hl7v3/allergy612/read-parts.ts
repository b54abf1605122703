/**
 * Readers for the parts of a 6.12 ICA Condition that are people and places: names, addresses,
 * telecoms, the patient, care providers and their organizations. Strict where it matters (time stamps).
 */
import { child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import type { NamePart } from '../mp612/model.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type {
  Address,
  AllergyPatient,
  CareOrganization,
  CareProvider,
  PersonName,
  RelatedParty,
  Telecom,
} from './model.ts';

/** The trimmed text of an element, or undefined when empty. */
export function textOf(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.text.trim();
  return t === '' ? undefined : t;
}

function parts(el: XmlElement, name: string): NamePart[] {
  return childrenNamed(el, name).map((p) => {
    const part: NamePart = { value: p.text };
    if (p.attrs.qualifier !== undefined) part.qualifier = p.attrs.qualifier;
    return part;
  });
}

/** Reads a person name (PN). */
export function readName(n: XmlElement): PersonName {
  const name: PersonName = {
    given: parts(n, 'given'),
    prefix: parts(n, 'prefix'),
    family: parts(n, 'family'),
  };
  if (n.attrs.use !== undefined) name.use = n.attrs.use;
  return name;
}

const ADDRESS_PARTS = [
  'streetName',
  'houseNumber',
  'buildingNumberSuffix',
  'postalCode',
  'city',
  'county',
] as const;

/** Reads an address (AD). */
export function readAddress(a: XmlElement): Address {
  const addr: Address = {};
  if (a.attrs.use !== undefined) addr.use = a.attrs.use;
  for (const k of ADDRESS_PARTS) {
    const v = textOf(child(a, k));
    if (v !== undefined) addr[k] = v;
  }
  const country = child(a, 'country');
  if (country) {
    if (country.attrs.code !== undefined) addr.countryCode = country.attrs.code;
    const t = textOf(country);
    if (t !== undefined) addr.countryText = t;
  }
  return addr;
}

/** Reads the telecoms (TEL) among an element's children. */
export function readTelecoms(el: XmlElement): Telecom[] {
  return childrenNamed(el, 'telecom').flatMap((t) =>
    t.attrs.value === undefined
      ? []
      : [{ value: t.attrs.value, uses: (t.attrs.use ?? '').split(/\s+/).filter((u) => u !== '') }],
  );
}

/**
 * Reads `subject/patient`.
 * @param el - the patient element
 * @param where - its location, for errors
 */
export function readAllergyPatient(el: XmlElement, where: string): AllergyPatient {
  const p: AllergyPatient = {
    ids: childrenNamed(el, 'id').map(readIi),
    names: [],
    addresses: childrenNamed(el, 'addr').map(readAddress),
    telecoms: readTelecoms(el),
  };
  const person = child(el, 'Person');
  p.names = childrenNamed(person, 'name').map(readName);
  const gender = child(person, 'administrativeGenderCode');
  if (gender?.attrs.code !== undefined) p.gender = gender.attrs.code;
  const birth = child(person, 'birthTime');
  if (birth) {
    const v = readTs(birth, loc(where, 'Person/birthTime'));
    if (v !== undefined) p.birthTime = v;
  }
  return p;
}

function readOrganization(el: XmlElement): CareOrganization {
  const o: CareOrganization = { addresses: childrenNamed(el, 'addr').map(readAddress) };
  const id = child(el, 'id');
  if (id) o.id = readIi(id);
  const code = child(el, 'code');
  if (code) o.type = readCode(code);
  const name = textOf(child(el, 'name'));
  if (name !== undefined) o.name = name;
  return o;
}

/**
 * Reads an `assignedPerson` (author or informant): id, specialty, address, name, organization.
 * @param el - the assignedPerson element
 */
export function readCareProvider(el: XmlElement): CareProvider {
  const p: CareProvider = { addresses: childrenNamed(el, 'addr').map(readAddress) };
  const id = child(el, 'id');
  if (id) p.id = readIi(id);
  const code = child(el, 'code');
  if (code) p.specialty = readCode(code);
  const person = child(child(el, 'assignee'), 'assigneePerson') ?? child(el, 'assignedPerson');
  const name = child(person, 'name');
  if (name) p.name = readName(name);
  const org = child(el, 'Organization') ?? child(el, 'representedOrganization');
  if (org) p.organization = readOrganization(org);
  return p;
}

/**
 * Reads an `informant/responsibleParty` (a relative or other contact).
 * @param el - the responsibleParty element
 */
export function readRelatedParty(el: XmlElement): RelatedParty {
  const r: RelatedParty = {
    addresses: childrenNamed(el, 'addr').map(readAddress),
    telecoms: readTelecoms(el),
  };
  const code = child(el, 'code');
  if (code) r.relationship = readCode(code);
  const name = child(child(el, 'agentPerson'), 'name');
  if (name) r.name = readName(name);
  return r;
}
