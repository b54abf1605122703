/**
 * XML -> the contact model of one `PRPA_IN900350NL` (Ketenzorg 3.0.2 contactmomenten). Strict: wrong
 * root, a contact without id, or a bad time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { textOf } from '../allergy612/read-parts.ts';
import { readCode, readIi } from '../mp612/read-types.ts';
import type { CareProvider, Contact, ContactList } from './model.ts';
import { CONTACTS_INTERACTION } from './oids.ts';
import { readPeriod, readProviderRole } from './read-acts.ts';
import { readOrganizerList } from './read-organizer.ts';

/**
 * Reads an `assignedEntity` (performer or author): UZI id, role code, name, organization.
 * @param el - the assignedEntity element
 */
export function readAssignedEntity(el: XmlElement): CareProvider {
  const p = readProviderRole(el, 'assignedPerson/name');
  const org = child(el, 'representedOrganization');
  if (org) {
    p.organization = { addresses: [] };
    const oid = child(org, 'id');
    if (oid) p.organization.id = readIi(oid);
    const oname = textOf(child(org, 'name'));
    if (oname !== undefined) p.organization.name = oname;
  }
  return p;
}

function readContact(enc: XmlElement, where: string): Contact {
  const id = child(enc, 'id');
  if (!id) throw new TranslationError('encounter without id', where);
  const c: Contact = { location: where, id: readIi(id), performers: [], concernIds: [] };
  const code = child(enc, 'code');
  if (code) c.code = readCode(code);
  const version = code?.attrs.codeSystemVersion;
  if (version !== undefined) c.codeVersion = version;
  const status = child(enc, 'statusCode')?.attrs.code;
  if (status !== undefined) c.statusCode = status;
  Object.assign(c, readPeriod(enc, where));
  for (const perf of childrenNamed(enc, 'performer')) {
    const ae = child(perf, 'assignedEntity');
    if (ae) c.performers.push(readAssignedEntity(ae));
  }
  for (const er of childrenNamed(enc, 'entryRelationship')) {
    const cid = at(er, 'act/id');
    if (cid) c.concernIds.push(readIi(cid));
  }
  return c;
}

/**
 * Reads the contacts of a `PRPA_IN900350NL` message.
 * @param message - the message root element
 */
export function readContactList(message: XmlElement): ContactList {
  const { items, ...parts } = readOrganizerList(
    message,
    CONTACTS_INTERACTION,
    'encounter',
    () => readContact,
  );
  return { ...parts, contacts: items };
}
