/**
 * A raw HTTP/1.1 exchange over a plain socket, for requests `fetch` refuses to send (NUL bytes,
 * bad percent-encoding in the request line, oversized headers).
 */
import { connect } from 'node:net';

/** What came back: the status (0 when the connection closed without one), headers and body as text. */
export interface RawAnswer {
  status: number;
  head: string;
  body: string;
  ms: number;
}

/**
 * Sends bytes and reads until the server closes (the request asks it to with `Connection: close`).
 * @param base - the gateway's base URL (http)
 * @param request - the whole request: request line, headers, blank line, body
 * @param timeoutMs - give up after this long
 */
export async function rawRequest(
  base: string,
  request: string | Buffer,
  timeoutMs = 5000,
): Promise<RawAnswer> {
  const u = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // write, not end: a half-closed socket makes the server abort the request as if the client left.
    const socket = connect(Number(u.port), u.hostname, () => socket.write(request));
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => {
      if (chunks.length > 0) done();
      else reject(e);
    });
    socket.on('close', done);
    let finished = false;
    function done(): void {
      if (finished) return;
      finished = true;
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: split < 0 ? '' : text.slice(split + 4), ms: Date.now() - started });
    }
  });
}

/**
 * A GET request line with headers, closing the connection after the answer.
 * @param base - the gateway's base URL
 * @param target - the request target (path and query), sent as given
 * @param headers - extra header lines
 */
export function rawGet(base: string, target: string, headers: string[] = []): string {
  const host = new URL(base).host;
  return [`GET ${target} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...headers, '', ''].join('\r\n');
}
