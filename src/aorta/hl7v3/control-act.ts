/**
 * The query control act `QUQI_MT021001` ("Query By Parameter"): ControlActProcess with the author (Brug's
 * application as AssignedDevice with its URA) and the `queryByParameter` payload (domain/aorta.md 1.3).
 */
import { el, escapeText } from '../../xml/index.ts';
import type { Ii } from './wrapper.ts';
import { OID_APPLICATION_ID, OID_BSN, OID_URA, OID_UZI_SERVER } from './oids.ts';
import type { SenderIdentity } from './identity.ts';

export interface QueryByParameter {
  queryId: Ii;
  /** 'new' for a new query. */
  statusCode: string;
  responseModalityCode: 'R' | 'B';
  /** I = immediate (so the wrapper's acceptAckCode is NE). */
  responsePriorityCode: 'I' | 'D' | 'Q';
  /** Interaction-specific parameters, already written (see query-params.ts). */
  parametersXml: string;
  /** The patient's BSN (nine digits). */
  bsn: string;
}

/**
 * Writes `<AssignedDevice>` for Brug: application id, optional UZI server certificate number, and the
 * organization (URA, optional name).
 * @param id - Brug's identity
 */
export function writeAuthorDevice(id: SenderIdentity): string {
  const org =
    el('id', { root: OID_URA, extension: id.ura }) +
    (id.organizationName ? el('name', {}, escapeText(id.organizationName)) : '');
  return el(
    'AssignedDevice',
    {},
    el('id', { root: OID_APPLICATION_ID, extension: id.applicationId }) +
      (id.uziServerId ? el('id', { root: OID_UZI_SERVER, extension: id.uziServerId }) : '') +
      el('Organization', {}, org),
  );
}

/**
 * Writes the `<ControlActProcess>` of a query.
 * @param id - Brug's identity (author)
 * @param q - the query by parameter
 */
export function writeQueryControlAct(id: SenderIdentity, q: QueryByParameter): string {
  if (!/^\d{9}$/.test(q.bsn)) throw new TypeError('patientID must be a BSN of nine digits');
  const qbp =
    el('queryId', { root: q.queryId.root, extension: q.queryId.extension }) +
    el('statusCode', { code: q.statusCode }) +
    el('responseModalityCode', { code: q.responseModalityCode }) +
    el('responsePriorityCode', { code: q.responsePriorityCode }) +
    q.parametersXml +
    el('patientID', {}, el('value', { root: OID_BSN, extension: q.bsn }));
  return el(
    'ControlActProcess',
    { moodCode: 'EVN' },
    el('authorOrPerformer', { typeCode: 'AUT' }, el('participant', {}, writeAuthorDevice(id))) +
      el('queryByParameter', {}, qbp),
  );
}
