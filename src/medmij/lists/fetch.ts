/**
 * Downloading one list from the MedMij node: a plain GET over https (or http on loopback in demo/test),
 * with a timeout and a size limit, so a slow or hostile node cannot hold the refresher or its memory.
 * Redirects are not followed: the lists live at fixed addresses.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { MAX_LIST_CHARS } from './zal.ts';

/** Why a download failed, in one line (no stack). */
export class ListFetchError extends Error {
  override readonly name = 'ListFetchError';
}

/** Options for one download. */
export interface FetchOptions {
  /** PEM CA bundle trusted for the node (BRUG_MEDMIJ_LISTS_CA); default the system CAs. */
  ca?: string | Buffer;
  /** Whole-request timeout in milliseconds. Default 20000. */
  timeoutMs?: number;
  /** Largest body accepted in bytes. Default MAX_LIST_CHARS. */
  maxBytes?: number;
}

/**
 * Fetches a document and returns its body as UTF-8 text.
 * @param url - the list's URL
 * @param options - CA, timeout and size limit
 */
export function fetchList(url: string, options: FetchOptions = {}): Promise<string> {
  const u = new URL(url);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? MAX_LIST_CHARS;
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => reject(new ListFetchError(reason));
    const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
      u,
      {
        method: 'GET',
        // A fresh connection per fetch: lists come rarely, and a pooled socket the node closed meanwhile
        // would only turn "node down" into a confusing reset.
        agent: false,
        headers: { accept: 'application/xml, text/xml' },
        ...(u.protocol === 'https:' && options.ca !== undefined ? { ca: options.ca } : {}),
        timeout: timeoutMs,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          fail(`HTTP ${res.statusCode ?? '?'} from ${u.host}`);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            req.destroy();
            fail(`the document from ${u.host} exceeds ${maxBytes} bytes`);
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', (e) => fail(`reading from ${u.host} failed: ${e.message}`));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      fail(`${u.host} did not answer within ${timeoutMs} ms`);
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e: NodeJS.ErrnoException) => fail(`${u.host} unreachable: ${e.code ?? e.message}`));
    req.end();
  });
}
