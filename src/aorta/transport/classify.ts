/** Turns socket, TLS and abort errors of one HTTPS exchange into `LspError`s. */
import { LspError } from '../errors.ts';

/** How far an exchange got before it failed. */
export interface Progress {
  /** TCP connection established. */
  tcp: boolean;
  /** TLS handshake done (or a kept-alive socket reused): request bytes may have been written. */
  tls: boolean;
  /** The handshake was made for this request (not a kept-alive socket). */
  fresh?: boolean;
  /** Response headers arrived. */
  response?: boolean;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
]);

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('CERT_') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'HOSTNAME_MISMATCH'
  );
}

/**
 * Classifies a low-level error.
 * @param err - the error from the request or socket
 * @param progress - how far the exchange got
 */
export function classifyNetworkError(err: unknown, progress: Progress): LspError {
  if (err instanceof LspError) return err;
  const code = (err as { code?: unknown }).code;
  const c = typeof code === 'string' ? code : '';
  const msg = err instanceof Error ? err.message : String(err);
  if (isTlsCode(c) || (!UNREACHABLE.has(c) && /alert|certificate|handshake/i.test(msg))) {
    return new LspError('tls', `TLS failure toward the LSP: ${c || msg}`, { cause: err });
  }
  // With TLS 1.3 a server that refuses our client certificate does so after our handshake completed;
  // the alert is often lost in the reset that follows. A reset of a fresh connection before any answer
  // is therefore reported as a TLS failure.
  if (progress.fresh && progress.tls && !progress.response && (c === 'ECONNRESET' || c === 'EPIPE')) {
    return new LspError(
      'tls',
      `connection reset right after the TLS handshake (client certificate refused?): ${c}`,
      {
        cause: err,
      },
    );
  }
  if (UNREACHABLE.has(c) || !progress.tcp) {
    return new LspError('unreachable', `LSP unreachable: ${c || msg}`, { cause: err });
  }
  if (!progress.tls) {
    return new LspError('tls', `TLS handshake with the LSP failed: ${c || msg}`, { cause: err });
  }
  return new LspError('unreachable', `connection to the LSP lost: ${c || msg}`, { cause: err });
}
