/**
 * XML -> the contact model of one `PRPA_IN900350NL` (Ketenzorg 3.0.2 contactmomenten). Strict: wrong
 * root, a contact without id, or a bad time stamp throws `TranslationError` with its location.
 */
import { at, child, childrenNamed, type XmlElement } from '../../../xml/index.ts';
import { TranslationError } from '../../errors.ts';
import { readName, textOf } from '../allergy612/read-parts.ts';
import { loc, readCode, readIi, readTs } from '../mp612/read-types.ts';
import type { CareProvider, Contact, ContactList } from './model.ts';
import { CONTACTS_INTERACTION } from './oids.ts';
import { readPatientRole, readResponsibleOrganization } from './read-episodes.ts';

const HL7_NS = 'urn:hl7-org:v3';

/**
 * Reads an `assignedEntity` (performer or author): UZI id, role code, name, organization.
 * @param el - the assignedEntity element
 */
export function readAssignedEntity(el: XmlElement): CareProvider {
  const p: CareProvider = { addresses: [] };
  const id = child(el, 'id');
  if (id) p.id = readIi(id);
  const code = child(el, 'code');
  if (code) p.specialty = readCode(code);
  const name = child(child(el, 'assignedPerson'), 'name');
  if (name) p.name = readName(name);
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
  const low = at(enc, 'effectiveTime/low');
  const high = at(enc, 'effectiveTime/high');
  const start = low ? readTs(low, loc(where, 'effectiveTime/low')) : undefined;
  const end = high ? readTs(high, loc(where, 'effectiveTime/high')) : undefined;
  if (start !== undefined) c.start = start;
  if (end !== undefined) c.end = end;
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
  const base = `/${message.name}`;
  if (message.name !== CONTACTS_INTERACTION || message.ns !== HL7_NS) {
    throw new TranslationError(`expected ${CONTACTS_INTERACTION} in ${HL7_NS}, got '${message.name}'`, base);
  }
  const out: ContactList = { contacts: [] };
  childrenNamed(child(message, 'ControlActProcess'), 'subject').forEach((s, i) => {
    const where = `${base}/ControlActProcess/subject[${i + 1}]/organizer`;
    const organizer = child(s, 'organizer');
    if (!organizer) return;
    const role = at(organizer, 'recordTarget/patientRole');
    if (role && !out.patient) out.patient = readPatientRole(role, loc(where, 'recordTarget/patientRole'));
    const org = readResponsibleOrganization(organizer);
    if (org && !out.organization) out.organization = org;
    childrenNamed(organizer, 'component').forEach((comp, j) => {
      const enc = child(comp, 'encounter');
      if (enc) out.contacts.push(readContact(enc, loc(where, `component[${j + 1}]/encounter`)));
    });
  });
  return out;
}
