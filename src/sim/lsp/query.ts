/**
 * Reading the HL7v3 query the simulator receives (SOAP 1.1 envelope or a bare HL7v3 message): the
 * interaction, message id, queryId, the patient's BSN and the provider the query is addressed to.
 */
import { at, child, descendants, parseXml, type XmlElement } from '../../xml/index.ts';

export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const BSN_OID = '2.16.840.1.113883.2.4.6.3';
export const APP_ID_OID = '2.16.840.1.113883.2.4.6.6';
export const URA_OID = '2.16.528.1.1007.3.3';

/** An HL7 instance identifier (II). */
export interface InstanceId {
  root: string;
  extension?: string;
}

export interface ReceivedQuery {
  /** Root element local name, e.g. QURX_IN990111NL. */
  interaction: string;
  messageId?: InstanceId;
  queryId?: InstanceId;
  /** Patient BSN from queryByParameter/patientID (never log it). */
  bsn?: string;
  /** Application id of the sending system (the gateway). */
  senderApplicationId?: string;
  /** The addressed provider, as far as the query names it. */
  provider: { applicationId?: string; ura?: string };
}

/** The request is not a usable HL7v3 query; answered with a SOAP Client fault. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
}

function ii(e: XmlElement | undefined): InstanceId | undefined {
  const root = e?.attrs.root;
  if (root === undefined) return undefined;
  const ext = e!.attrs.extension;
  return ext === undefined ? { root } : { root, extension: ext };
}

/** Identifiers written either as attributes (HL7v3) or as root/extension child elements (AORTA tokens). */
function idsIn(el: XmlElement, skip: Set<string>): InstanceId[] {
  const out: InstanceId[] = [];
  const todo = [el];
  while (todo.length > 0) {
    const e = todo.pop()!;
    if (skip.has(e.name)) continue;
    const attrId = ii(e);
    if (attrId) out.push(attrId);
    const r = child(e, 'root');
    const x = child(e, 'extension');
    if (r && x && r.children.length === 0) out.push({ root: r.text.trim(), extension: x.text.trim() });
    for (let k = e.children.length - 1; k >= 0; k--) todo.push(e.children[k]!);
  }
  return out;
}

function findProvider(
  places: XmlElement[],
  lspApplicationId: string,
  sender: string | undefined,
): ReceivedQuery['provider'] {
  const skip = new Set(['sender', 'authorOrPerformer', 'overseer', 'patientID', 'patientId']);
  const provider: ReceivedQuery['provider'] = {};
  for (const place of places) {
    for (const id of idsIn(place, skip)) {
      if (!id.extension) continue;
      if (id.root === APP_ID_OID && id.extension !== lspApplicationId && id.extension !== sender) {
        provider.applicationId ??= id.extension;
      }
      if (id.root === URA_OID) provider.ura ??= id.extension;
    }
  }
  return provider;
}

/**
 * Parses a query request body.
 * @param body - the HTTP request body
 * @param lspApplicationId - the LSP's own application id (receiver of queries; not a provider)
 * @throws QueryError when the body is not XML or holds no HL7v3 message
 */
export function readQuery(body: string, lspApplicationId = '1'): ReceivedQuery {
  let root: XmlElement;
  try {
    root = parseXml(body, { maxLength: 5 * 1024 * 1024, maxDepth: 64, maxElements: 20_000 });
  } catch (e) {
    throw new QueryError(`request is not well-formed XML: ${(e as Error).message}`);
  }
  let message = root;
  let header: XmlElement | undefined;
  if (root.name === 'Envelope' && root.ns === SOAP_NS) {
    const bodyEl = child(root, 'Body');
    header = child(root, 'Header');
    const first = bodyEl?.children[0];
    if (!first) throw new QueryError('SOAP Body holds no HL7v3 message');
    message = first;
  }
  if (!/^[A-Z]{4}_IN\d{6}[A-Z0-9]*$/.test(message.name)) {
    throw new QueryError(`"${message.name}" is not an HL7v3 interaction`);
  }
  const query =
    descendants(message, 'queryByParameter')[0] ?? descendants(message, 'QueryByParameterPayload')[0];
  const patientId = query
    ? (descendants(query, 'patientID')[0] ?? descendants(query, 'patientId')[0])
    : undefined;
  const bsnEl =
    patientId && [patientId, ...descendants(patientId, 'value')].find((e) => e.attrs.root === BSN_OID);
  const senderApplicationId = ii(at(message, 'sender/device/id'))?.extension;
  const receiver = child(message, 'receiver');
  const places = [receiver, message, header].filter((e): e is XmlElement => e !== undefined);
  const out: ReceivedQuery = {
    interaction: message.name,
    provider: findProvider(places, lspApplicationId, senderApplicationId),
  };
  const messageId = ii(child(message, 'id'));
  const queryId = ii(query ? child(query, 'queryId') : undefined);
  if (messageId) out.messageId = messageId;
  if (queryId) out.queryId = queryId;
  if (bsnEl?.attrs.extension) out.bsn = bsnEl.attrs.extension;
  if (senderApplicationId) out.senderApplicationId = senderApplicationId;
  return out;
}
