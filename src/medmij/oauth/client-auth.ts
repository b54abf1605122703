/**
 * Client authentication on the back channel (MedMij: no client secret; the PGO node proves itself with
 * its TLS client certificate, checked against the Whitelist). Rules, in order:
 * - a loopback demo client in a demo/test environment needs no certificate (DESIGN.md);
 * - the certificate is the one the TLS connection presented, verified by our TLS server against the
 *   trusted CAs (`socket.authorized`); or, only when a header name is configured, the one a trusted
 *   reverse proxy verified and passes in that header (PEM, URL-encoded). No certificate: `invalid_client`;
 * - its CN or one of its DNS SANs must be on the Whitelist;
 * - and (setting `certificateMustNameClient`, default on) one of those names must be the client's
 *   hostname, so one node cannot act for another client.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { isTestEnvironment } from '../../config.ts';
import type { NodeWhitelist } from '../lists/index.ts';
import type { ClientAuthenticator } from './deps.ts';
import { tokenError } from './errors.ts';
import type { OAuthSettings } from './settings.ts';

/** The names of a certificate that count: CN and DNS SANs, lower case. */
function namesOf(cn: unknown, subjectAltName: string | undefined): string[] {
  const names: string[] = [];
  for (const c of Array.isArray(cn) ? cn : [cn]) if (typeof c === 'string' && c !== '') names.push(c);
  for (const part of (subjectAltName ?? '').split(',')) {
    const p = part.trim();
    if (p.startsWith('DNS:')) names.push(p.slice(4));
  }
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** Where a certificate came from and its names; undefined when none was presented. */
export interface PresentedCertificate {
  via: 'tls' | 'proxy';
  names: string[];
}

/**
 * The client certificate of a request: from its TLS socket; on a plain connection (behind the trusted
 * proxy, only when configured) from the proxy's header.
 * @param request - the request
 * @param proxyHeader - the trusted proxy's header name, or undefined
 * @throws OAuthError `invalid_client` for a TLS certificate our server did not verify or an unreadable header
 */
export function presentedCertificate(
  request: FastifyRequest,
  proxyHeader: string | undefined,
): PresentedCertificate | undefined {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate === 'function') {
    const peer = socket.getPeerCertificate();
    if (peer && Object.keys(peer).length > 0) {
      if (socket.authorized !== true) {
        throw tokenError(
          401,
          'invalid_client',
          'the client certificate is not trusted',
          `tls: ${String(socket.authorizationError ?? 'unverified')}`,
        );
      }
      return { via: 'tls', names: namesOf(peer.subject?.CN, peer.subjectaltname) };
    }
    // A TLS connection straight to Brug has no proxy in between: a certificate header on it is the
    // client's own claim, never evidence.
    return undefined;
  }
  if (proxyHeader === undefined) return undefined;
  const raw = request.headers[proxyHeader.toLowerCase()];
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    const cert = new X509Certificate(decodeURIComponent(raw));
    const cn = /^CN=(.*)$/m.exec(cert.subject)?.[1];
    return { via: 'proxy', names: namesOf(cn, cert.subjectAltName) };
  } catch {
    throw tokenError(401, 'invalid_client', 'the client certificate could not be read', 'proxy header');
  }
}

/**
 * Rule: the request presents a client certificate (TLS, or the trusted proxy's header) whose CN or one
 * of whose DNS SANs is on the Whitelist. Shared by the token endpoint and the FHIR back channel.
 * @param request - the request
 * @param whitelist - the current MedMij Whitelist
 * @param proxyHeader - the trusted proxy's header name, or undefined
 * @throws OAuthError `invalid_client` (401) when there is no such certificate
 */
export function whitelistedCertificate(
  request: FastifyRequest,
  whitelist: NodeWhitelist,
  proxyHeader: string | undefined,
): PresentedCertificate {
  const cert = presentedCertificate(request, proxyHeader);
  if (!cert) throw tokenError(401, 'invalid_client', 'a client certificate is required');
  if (!cert.names.some((n) => whitelist.has(n))) {
    throw tokenError(
      401,
      'invalid_client',
      'the client certificate is not on the MedMij Whitelist',
      `${cert.via} names ${cert.names.join(' ')}`,
    );
  }
  return cert;
}

/**
 * The certificate authenticator for the token and revoke endpoints.
 * @param options - Whitelist, configuration (environment) and settings (proxy header, name binding)
 */
export function certificateAuthenticator(options: {
  whitelist: NodeWhitelist;
  config: Config;
  settings: Pick<OAuthSettings, 'clientCertHeader' | 'certificateMustNameClient'>;
}): ClientAuthenticator {
  const { whitelist, config, settings } = options;
  return (request, client) => {
    if (client.loopbackDemo === true && isTestEnvironment(config)) return;
    const cert = whitelistedCertificate(request, whitelist, settings.clientCertHeader);
    if (settings.certificateMustNameClient && !cert.names.includes(client.hostname.toLowerCase())) {
      throw tokenError(
        401,
        'invalid_client',
        'the client certificate does not belong to this client_id',
        `${cert.via} names ${cert.names.join(' ')}, client ${client.hostname}`,
      );
    }
  };
}
