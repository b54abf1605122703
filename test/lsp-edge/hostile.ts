/**
 * Hostile LSP answers, written to the wire as-is (the simulator parses its answer files with Brug's
 * own safe parser, so it cannot serve a document that parser refuses). Each answer is a function that
 * writes an HTTP response; large ones stream with back-pressure and stop when the client hangs up.
 */
import type { ServerResponse } from 'node:http';

/** Writes one hostile answer. */
export type HostileAnswer = (res: ServerResponse) => void;

const XML_TYPE = 'text/xml; charset=utf-8';
const SOAP_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>';
const SOAP_CLOSE = '</soap:Body></soap:Envelope>';

function whole(body: string): HostileAnswer {
  return (res) => {
    res.writeHead(200, { 'content-type': XML_TYPE, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
}

/** "Billion laughs": ten levels of entities, each ten times the one below (10^9 "lol" if expanded). */
export function billionLaughs(): HostileAnswer {
  const defs = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= 9; i++) defs.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  return whole(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE soap:Envelope [\n${defs.join('\n')}\n]>\n` +
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
      `<QURX_IN990113NL xmlns="urn:hl7-org:v3"><id root="2.16.840.1.113883.2.4.6.6.1" extension="&lol9;"/>` +
      `<text>&lol9;</text></QURX_IN990113NL>${SOAP_CLOSE}`,
  );
}

/** An external entity pointing at a local file (XXE); the file must never be read or echoed. */
export function externalEntity(file = '/etc/passwd'): HostileAnswer {
  return whole(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file://${file}">]>\n` +
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>` +
      `<QURX_IN990113NL xmlns="urn:hl7-org:v3"><text>&xxe;</text></QURX_IN990113NL>${SOAP_CLOSE}`,
  );
}

/** An entity reference with no declaration at all (no DTD): must not be resolved either. */
export function undeclaredEntity(): HostileAnswer {
  return whole(
    `${SOAP_OPEN}<QURX_IN990113NL xmlns="urn:hl7-org:v3"><text>&xxe;</text></QURX_IN990113NL>${SOAP_CLOSE}`,
  );
}

/** Elements nested `depth` deep inside an otherwise plausible answer. */
export function deepNesting(depth = 10_000): HostileAnswer {
  return whole(
    `${SOAP_OPEN}<QURX_IN990113NL xmlns="urn:hl7-org:v3">${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</QURX_IN990113NL>${SOAP_CLOSE}`,
  );
}

/**
 * A huge answer: a SOAP envelope whose HL7v3 message holds `bytes` of text, streamed in 64 KiB chunks.
 * @param bytes - size of the filler, default 100 MiB
 * @param declareLength - send a Content-Length header (else chunked, so only the byte count can stop it)
 * @param sent - receives the number of bytes actually written, for the test to inspect
 */
export function hugeAnswer(
  bytes = 100 * 1024 * 1024,
  declareLength = false,
  sent: { bytes: number } = { bytes: 0 },
): HostileAnswer {
  const head = `${SOAP_OPEN}<QURX_IN990113NL xmlns="urn:hl7-org:v3"><text>`;
  const tail = `</text></QURX_IN990113NL>${SOAP_CLOSE}`;
  const chunk = Buffer.alloc(64 * 1024, 'A');
  return (res) => {
    const headers: Record<string, string> = { 'content-type': XML_TYPE };
    if (declareLength)
      headers['content-length'] = String(Buffer.byteLength(head) + bytes + Buffer.byteLength(tail));
    res.writeHead(200, headers);
    res.write(head);
    let left = bytes;
    const pump = (): void => {
      while (left > 0 && !res.destroyed) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        sent.bytes += piece.length;
        if (!res.write(piece)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end(tail);
    };
    res.on('error', () => undefined);
    pump();
  };
}
