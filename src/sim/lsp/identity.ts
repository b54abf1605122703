/**
 * Serving an answer under another identity (`asPatient` in a manifest entry): the BSN everywhere, and
 * the patient's name, gender and birth time where the entry gives them.
 */
import { child, childrenNamed, type XmlElement } from '../../xml/index.ts';
import type { AsPatient, NamePart } from './manifest.ts';
import { BSN_OID } from './query.ts';
import { hl7, hl7Text, insertAfter, setChildren, walk } from './tree.ts';

const PERSON_NAMES = new Set(['Person', 'patient', 'patientPerson', 'person']);
const GENDER_SYSTEM = '2.16.840.1.113883.5.1';

function parts(name: string, list: NamePart[]): XmlElement[] {
  return list.map((p) => hl7Text(name, p.value, { qualifier: p.qualifier }));
}

function rewriteName(name: XmlElement, who: AsPatient): void {
  const given = who.given ? parts('given', who.given) : childrenNamed(name, 'given');
  const prefix = who.family ? [] : childrenNamed(name, 'prefix');
  const family = who.family ? parts('family', who.family) : childrenNamed(name, 'family');
  const rest = name.children.filter((c) => !['given', 'prefix', 'family'].includes(c.name));
  setChildren(name, [...given, ...prefix, ...family, ...rest]);
}

function rewritePerson(person: XmlElement, who: AsPatient): void {
  if (who.given || who.family) {
    const names = childrenNamed(person, 'name');
    if (names.length === 0) {
      const n = hl7('name');
      insertAfter(person, n, undefined);
      names.push(n);
    }
    for (const n of names) rewriteName(n, who);
  }
  if (who.gender) {
    let g = child(person, 'administrativeGenderCode');
    if (!g) {
      g = hl7('administrativeGenderCode');
      insertAfter(person, g, childrenNamed(person, 'name').at(-1));
    }
    g.attrs = { code: who.gender, codeSystem: GENDER_SYSTEM };
  }
  if (who.birthTime) {
    let b = child(person, 'birthTime');
    if (!b) {
      b = hl7('birthTime');
      insertAfter(
        person,
        b,
        child(person, 'administrativeGenderCode') ?? childrenNamed(person, 'name').at(-1),
      );
    }
    b.attrs = { value: who.birthTime };
  }
}

/**
 * Rewrites the patient identity in an answer, in place.
 * @param root - the answer's root element (single message or batch)
 * @param who - the identity to serve
 */
export function applyAsPatient(root: XmlElement, who: AsPatient): void {
  const oldBsns = new Set<string>();
  const holders: XmlElement[] = [];
  for (const e of walk(root)) {
    for (const id of e.children) {
      if (id.attrs.root === BSN_OID && id.attrs.extension !== undefined) {
        oldBsns.add(id.attrs.extension);
        id.attrs.extension = who.bsn;
        if (id.name === 'id') holders.push(e);
      }
    }
  }
  // The person may sit in the id's holder (patient role) or be the holder itself.
  for (const holder of holders) {
    const persons = [holder, ...holder.children].filter(
      (c) =>
        PERSON_NAMES.has(c.name) ||
        child(c, 'administrativeGenderCode') !== undefined ||
        child(c, 'birthTime') !== undefined,
    );
    for (const p of persons.length > 1 ? persons.filter((x) => x !== holder) : persons) rewritePerson(p, who);
  }
  // Free text that quotes the old BSN.
  if (oldBsns.size === 0) return;
  const pattern = new RegExp(`\\b(${[...oldBsns].join('|')})\\b`, 'g');
  for (const e of walk(root)) {
    if (!e.content) continue;
    e.content = e.content.map((c) => (typeof c === 'string' ? c.replace(pattern, who.bsn) : c));
    e.text = e.text.replace(pattern, who.bsn);
  }
}
