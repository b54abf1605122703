/**
 * Making an answer fit the query it answers: the acknowledgement points at the query's message id,
 * queryAck/queryId repeats the query's queryId, the receiver is the asking system, and (unless the
 * manifest entry keeps them) every part names the queried provider as its source.
 */
import { at, child, childrenNamed, descendants, type XmlElement } from '../../xml/index.ts';
import { APP_ID_OID, URA_OID, type InstanceId, type ReceivedQuery } from './query.ts';
import { hl7, insertAfter, prepend, walk } from './tree.ts';

/** The provider an answer comes from. */
export interface Source {
  /** LSP application id (OID 2.16.840.1.113883.2.4.6.6). */
  applicationId: string;
  /** URA (OID 2.16.528.1.1007.3.3). */
  ura: string;
}

const INTERACTION = /^[A-Z]{4}_IN\d{6}[A-Z0-9]*$/;
const TELECOM_PREFIX = `x-hl7-applicatie:${APP_ID_OID}.`;

/** The interactions in an answer: the batch's parts for an MCCI_IN200101, else the message itself. */
export function messageParts(root: XmlElement): XmlElement[] {
  if (root.name !== 'MCCI_IN200101') return [root];
  return root.children.filter((c) => INTERACTION.test(c.name));
}

function setId(el: XmlElement | undefined, id: InstanceId | undefined): void {
  if (!el || !id) return;
  el.attrs = id.extension === undefined ? { root: id.root } : { root: id.root, extension: id.extension };
}

let counter = 0;

/**
 * Sets the wrapper fields of one message (a part, or a batch) for this query.
 * @param msg - the message element
 * @param query - the query answered
 * @param creationTime - HL7 TS of now
 */
export function setWrapper(msg: XmlElement, query: ReceivedQuery, creationTime: string): void {
  const id = child(msg, 'id');
  if (id) id.attrs = { root: id.attrs.root ?? `${APP_ID_OID}.1.1`, extension: `${Date.now()}${++counter}` };
  const ct = child(msg, 'creationTime');
  if (ct) ct.attrs = { value: creationTime };
  const ack = child(msg, 'acknowledgement');
  setId(at(ack, 'targetMessage/id') ?? at(ack, 'targetTransmission/id'), query.messageId);
  if (query.senderApplicationId) {
    const rid = at(msg, 'receiver/device/id');
    if (rid) rid.attrs = { root: APP_ID_OID, extension: query.senderApplicationId };
  }
  setId(at(msg, 'ControlActProcess/queryAck/queryId'), query.queryId);
}

function setAppIds(el: XmlElement, appId: string): boolean {
  let found = false;
  for (const id of childrenNamed(el, 'id')) {
    if (id.attrs.root === APP_ID_OID) {
      id.attrs.extension = appId;
      found = true;
    }
  }
  return found;
}

function setUraIds(org: XmlElement, ura: string, originals: Set<string>): void {
  const ids = childrenNamed(org, 'id').filter((i) => i.attrs.root === URA_OID);
  for (const i of ids) {
    if (i.attrs.extension) originals.add(i.attrs.extension);
    i.attrs.extension = ura;
    delete i.attrs.nullFlavor;
  }
  if (ids.length === 0) prepend(org, hl7('id', { root: URA_OID, extension: ura }));
}

function newAuthor(src: Source): XmlElement {
  const org = hl7('Organization', {}, [hl7('id', { root: URA_OID, extension: src.ura })]);
  const device = hl7('AssignedDevice', {}, [
    hl7('id', { root: APP_ID_OID, extension: src.applicationId }),
    org,
  ]);
  return hl7('authorOrPerformer', { typeCode: 'AUT' }, [hl7('participant', {}, [device])]);
}

/**
 * Names `src` as the source of one answer part: sender device id, the sender's represented
 * organisation, the ControlActProcess author (device application id, organisation URA, application
 * telecom), and every URA in the payload that equalled the part's original source URA.
 * @param part - one interaction of the answer
 * @param src - the queried provider
 */
export function stampSource(part: XmlElement, src: Source): void {
  const originals = new Set<string>();
  const device = at(part, 'sender/device');
  if (device) {
    setAppIds(device, src.applicationId);
    const org = at(device, 'agencyFor/representedOrganization');
    if (org) setUraIds(org, src.ura, originals);
  }
  const cap = child(part, 'ControlActProcess');
  if (cap) {
    const authors = childrenNamed(cap, 'authorOrPerformer');
    if (authors.length === 0) {
      const before = child(cap, 'effectiveTime') ?? child(cap, 'code') ?? child(cap, 'id');
      if (before) insertAfter(cap, newAuthor(src), before);
      else prepend(cap, newAuthor(src));
    }
    for (const author of authors) {
      for (const dev of descendants(author, 'AssignedDevice')) {
        if (!setAppIds(dev, src.applicationId)) {
          insertAfter(
            dev,
            hl7('id', { root: APP_ID_OID, extension: src.applicationId }),
            childrenNamed(dev, 'id').at(-1),
          );
        }
      }
      const orgs = [
        ...descendants(author, 'Organization'),
        ...descendants(author, 'representedOrganization'),
      ];
      for (const org of orgs) setUraIds(org, src.ura, originals);
      for (const t of descendants(author, 'telecom')) {
        if (t.attrs.value?.startsWith(TELECOM_PREFIX))
          t.attrs.value = `${TELECOM_PREFIX}${src.applicationId}`;
      }
    }
  }
  if (originals.size === 0) return;
  for (const e of walk(part)) {
    if (e.name === 'id' && e.attrs.root === URA_OID && originals.has(e.attrs.extension ?? ''))
      e.attrs.extension = src.ura;
  }
}
