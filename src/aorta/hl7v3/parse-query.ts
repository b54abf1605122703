/**
 * Reads a query interaction back into plain values: for round-trip tests and for the LSP simulator, which
 * must answer the query it receives.
 */
import { at, attrAt, child, childrenNamed, type XmlElement } from '../../xml/index.ts';
import { HL7_NS, OID_APPLICATION_ID, OID_BSN, OID_URA } from './oids.ts';
import { readParameters } from './query-params.ts';
import type { Ii } from './wrapper.ts';

export interface ParsedQuery {
  interaction: string;
  messageId: Ii;
  queryId: Ii;
  creationTime: string;
  processingCode: string;
  acceptAckCode: string;
  receiverApplicationId: string;
  senderApplicationId: string;
  /** The author's application id and URA. */
  author: { applicationId?: string; ura?: string };
  statusCode: string;
  responseModalityCode: string;
  responsePriorityCode: string;
  bsn: string;
  parameters: Record<string, unknown>;
}

function ii(e: XmlElement | undefined): Ii {
  return { root: e?.attrs.root ?? '', extension: e?.attrs.extension ?? '' };
}

function idWithRoot(ids: XmlElement[], root: string): string | undefined {
  return ids.find((i) => i.attrs.root === root)?.attrs.extension;
}

/**
 * Parses a query interaction element (e.g. the child of a SOAP Body).
 * @param root - the interaction element
 * @throws Error when it is not an HL7v3 query with queryByParameter and patientID
 */
export function parseQuery(root: XmlElement): ParsedQuery {
  if (root.ns !== HL7_NS) throw new Error(`not an HL7v3 element: {${root.ns}}${root.name}`);
  const cap = child(root, 'ControlActProcess');
  const qbp = child(cap, 'queryByParameter');
  if (!qbp) throw new Error(`${root.name} has no ControlActProcess/queryByParameter`);
  const patient = at(qbp, 'patientID/value');
  if (!patient || patient.attrs.root !== OID_BSN || !patient.attrs.extension) {
    throw new Error(`${root.name} has no patientID with a BSN`);
  }
  const device = at(cap, 'authorOrPerformer/participant/AssignedDevice');
  const author: { applicationId?: string; ura?: string } = {};
  const appId = idWithRoot(childrenNamed(device, 'id'), OID_APPLICATION_ID);
  const ura = idWithRoot(childrenNamed(child(device, 'Organization'), 'id'), OID_URA);
  if (appId !== undefined) author.applicationId = appId;
  if (ura !== undefined) author.ura = ura;
  return {
    interaction: root.name,
    messageId: ii(child(root, 'id')),
    queryId: ii(child(qbp, 'queryId')),
    creationTime: attrAt(root, 'creationTime', 'value') ?? '',
    processingCode: attrAt(root, 'processingCode', 'code') ?? '',
    acceptAckCode: attrAt(root, 'acceptAckCode', 'code') ?? '',
    receiverApplicationId: attrAt(root, 'receiver/device/id', 'extension') ?? '',
    senderApplicationId: attrAt(root, 'sender/device/id', 'extension') ?? '',
    author,
    statusCode: attrAt(qbp, 'statusCode', 'code') ?? '',
    responseModalityCode: attrAt(qbp, 'responseModalityCode', 'code') ?? '',
    responsePriorityCode: attrAt(qbp, 'responsePriorityCode', 'code') ?? '',
    bsn: patient.attrs.extension,
    parameters: readParameters(root.name, qbp),
  };
}
