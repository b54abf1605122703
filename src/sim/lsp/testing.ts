/**
 * Helpers for tests that talk to the simulator: a minimal HL7v3 query in SOAP (shaped like the one
 * `src/aorta/hl7v3/` builds) and an HTTPS POST with a client certificate.
 */
import { request } from 'node:https';
import { el } from '../../xml/index.ts';

export interface TestQuery {
  interaction?: string;
  bsn: string;
  messageId?: { root: string; extension: string };
  queryId?: { root: string; extension: string };
  /** Brug's application id (sender). */
  senderApplicationId?: string;
  /** Receiver device: the LSP ('1') or, for direct addressing, the provider's application id. */
  receiverApplicationId?: string;
}

/**
 * A SOAP 1.1 envelope with an HL7v3 query.
 * @param q - query fields
 */
export function testQuery(q: TestQuery): string {
  const interaction = q.interaction ?? 'QURX_IN990111NL';
  const mid = q.messageId ?? { root: '2.16.840.1.113883.2.4.6.6.900001.1', extension: 'msg-1' };
  const qid = q.queryId ?? { root: '2.16.840.1.113883.2.4.6.6.900001.2', extension: 'qry-1' };
  const dev = (app: string): string =>
    el(
      'device',
      { classCode: 'DEV', determinerCode: 'INSTANCE' },
      el('id', { root: '2.16.840.1.113883.2.4.6.6', extension: app }),
    );
  const msg = el(
    interaction,
    { xmlns: 'urn:hl7-org:v3' },
    el('id', mid) +
      el('creationTime', { value: '20260101120000' }) +
      el('interactionId', { root: '2.16.840.1.113883.1.6', extension: interaction }) +
      el('receiver', { typeCode: 'RCV' }, dev(q.receiverApplicationId ?? '1')) +
      el('sender', { typeCode: 'SND' }, dev(q.senderApplicationId ?? '900001')) +
      el(
        'ControlActProcess',
        { moodCode: 'EVN' },
        el(
          'authorOrPerformer',
          { typeCode: 'AUT' },
          el(
            'participant',
            {},
            el(
              'AssignedDevice',
              {},
              el('id', { root: '2.16.840.1.113883.2.4.6.6', extension: q.senderApplicationId ?? '900001' }) +
                el('Organization', {}, el('id', { root: '2.16.528.1.1007.3.3', extension: '90000001' })),
            ),
          ),
        ) +
          el(
            'queryByParameter',
            {},
            el('queryId', qid) +
              el('statusCode', { code: 'new' }) +
              el('patientID', {}, el('value', { root: '2.16.840.1.113883.2.4.6.3', extension: q.bsn })),
          ),
      ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${msg}</soap:Body></soap:Envelope>`;
}

export interface TlsClient {
  ca: string;
  cert: string;
  key: string;
}

export interface TestResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * POSTs (or GETs, without a body) over mutual TLS and collects the answer.
 * @param url - the simulator URL
 * @param tls - CA to trust and the client certificate to present
 * @param body - request body; undefined for a GET
 * @param timeoutMs - abort after this long (rejects with an Error 'timeout')
 */
export function httpsCall(
  url: string,
  tls: TlsClient,
  body?: string,
  timeoutMs = 5000,
): Promise<TestResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: body === undefined ? 'GET' : 'POST',
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        headers: body === undefined ? {} : { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}
