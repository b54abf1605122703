/**
 * What a PGO server does over the back channel: redeem the code at the token endpoint and run a FHIR
 * search with the Bearer token, each request with a fresh `MedMij-Request-ID` and the flow's
 * `X-Correlation-ID`. Plain `fetch` over real HTTP; answers are returned, not thrown.
 */
import { randomUUID } from 'node:crypto';

/** An HTTP answer as the demo page shows it. */
export interface BackchannelAnswer {
  status: number;
  /** Parsed JSON, when the body was JSON. */
  json: unknown;
  /** The body as text. */
  text: string;
  /** A network failure (no answer at all). */
  failure?: string;
}

async function call(
  url: string,
  init: RequestInit,
  correlationId: string,
  timeoutMs: number,
): Promise<BackchannelAnswer> {
  const headers = new Headers(init.headers);
  headers.set('MedMij-Request-ID', randomUUID());
  headers.set('X-Correlation-ID', correlationId);
  try {
    const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  } catch (e) {
    return { status: 0, json: undefined, text: '', failure: (e as Error).message };
  }
}

/**
 * Redeems a code.
 * @param tokenUrl - `${backchannelUrl}/oauth/token`
 * @param fields - code, redirect URI and client id
 * @param correlationId - the flow's X-Correlation-ID
 */
export function redeem(
  tokenUrl: string,
  fields: { code: string; redirectUri: string; clientId: string },
  correlationId: string,
): Promise<BackchannelAnswer> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: fields.code,
    redirect_uri: fields.redirectUri,
    client_id: fields.clientId,
  });
  return call(
    tokenUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    },
    correlationId,
    10_000,
  );
}

/**
 * Runs a FHIR search (JSON).
 * @param url - the search URL
 * @param accessToken - the Bearer token
 * @param correlationId - the flow's X-Correlation-ID
 */
export function search(url: string, accessToken: string, correlationId: string): Promise<BackchannelAnswer> {
  return call(
    url,
    { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/fhir+json' } },
    correlationId,
    60_000,
  );
}

/**
 * Uses a refresh token (long-lived consent) for a new access token and refresh token.
 * @param tokenUrl - `${backchannelUrl}/oauth/token`
 * @param fields - the refresh token and client id
 * @param correlationId - a new X-Correlation-ID (MedMij: new for each long-lived use)
 */
export function refreshGrant(
  tokenUrl: string,
  fields: { refreshToken: string; clientId: string },
  correlationId: string,
): Promise<BackchannelAnswer> {
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: fields.refreshToken,
    client_id: fields.clientId,
  });
  return call(
    tokenUrl,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    },
    correlationId,
    10_000,
  );
}
