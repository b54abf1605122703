/**
 * Audit records (NEN 7513: who, when, which patient, what action, what outcome) and the log that
 * appends them. The patient is a keyed pseudonym, never the BSN. A record is appended before the
 * response it records is sent: when the append fails, the request fails (no response without its record).
 */
import { hostname } from 'node:os';
import type { Store } from '../store/index.ts';
import { maskBsn } from '../log.ts';
import { canonicalJson } from './chain.ts';
import { pseudonym } from './pseudonym.ts';

/** A FHIR search as the resource server saw it (medmij/fhir routes report it). */
export interface DataAccess {
  /** The token's facts, when the request carried a valid one. */
  token?: { grantId: string; clientId: string; provider: string; bsn: string };
  provider: string;
  serviceId: string;
  resourceType: string;
  /** The query string as the PGO sent it (PGOs never send a BSN; the FHIR layer refuses the BSN system). */
  query: string;
  status: number;
  /** Entries returned by search mode. */
  counts?: { match: number; include: number; outcome: number };
  requestId?: string;
  correlationId?: string;
}

/** One fetch of a patient's data, as the patient may see it (no pseudonym, no ids but the client). */
export interface FetchRecord {
  /** Epoch ms. */
  at: number;
  provider: string;
  serviceId: string;
  clientId: string | undefined;
  resourceType: string;
  status: number;
  /** Resources returned as matches. */
  matches: number;
}

/** The steps of the OAuth flow whose decisions are recorded (event `oauth.<step>`). */
export type OAuthStep = 'authorize' | 'landing' | 'login' | 'consent' | 'token' | 'revoke' | 'portal';

/**
 * One decision of the authorization server (NEN 7513: who asked, for which patient, what was decided
 * and why). Only closed values and ids: no free text, never a BSN (it is pseudonymised here).
 */
export interface OAuthDecision {
  step: OAuthStep;
  outcome: 'accepted' | 'refused';
  /** The HTTP status answered (a redirect is 302/303). */
  status: number;
  /** Why it was refused: the OAuth error code (`invalid_grant`, `access_denied`, ...) or Brug's reason. */
  reason?: string;
  /** The PGO client (its client_id, only when it is a registered client). */
  clientId?: string;
  /** The patient, when known at this step (after the DigiD login); stored as the keyed pseudonym. */
  bsn?: string;
  provider?: string;
  services?: string[];
  /** Token endpoint: authorization_code or refresh_token. */
  grantType?: string;
  grantId?: string;
  /** The non-secret reference of the browser session (secrets.ts sessionRef), tying the steps together. */
  sessionRef?: string;
  /** Closed facts of the step: DigiD level, consent decision, long-lived or not, what was revoked. */
  facts?: Record<string, string | number | boolean>;
  requestId?: string;
  correlationId?: string;
}

export interface AuditLog {
  /** Appends the record of one FHIR search. */
  dataAccess(access: DataAccess): Promise<void>;
  /** Appends the record of one OAuth decision (authorize, login, consent, token, revoke). */
  oauthDecision(decision: OAuthDecision): Promise<void>;
  /** The latest fetches of one patient's data, newest first (their data-subject view). */
  patientHistory(bsn: string, limit: number): Promise<FetchRecord[]>;
}

interface StoredFields {
  patient?: string;
  client?: string;
  provider: string;
  service: string;
  action: { resourceType: string };
  outcome: { status: number; match?: number };
}

/**
 * @param store - where records are appended
 * @param key - the pseudonym key (HMAC)
 * @param now - clock (tests)
 * @param onAppend - told of each record once it is committed (metrics)
 */
export function createAuditLog(
  store: Store,
  key: Buffer,
  now: () => Date = () => new Date(),
  onAppend?: (event: string) => void,
): AuditLog {
  const node = `${hostname()}:${process.pid}`;
  const append = async (event: string, fields: Record<string, unknown>): Promise<void> => {
    await store.audit.append({ at: now().toISOString(), event, data: canonicalJson(fields) });
    onAppend?.(event);
  };
  return {
    oauthDecision: async (d) => {
      await append(`oauth.${d.step}`, {
        patient: d.bsn === undefined ? undefined : pseudonym(d.bsn, key),
        client: d.clientId,
        grant: d.grantId,
        provider: d.provider,
        service: d.services?.join(' '),
        action: { type: d.step, grantType: d.grantType, ...(d.facts ?? {}) },
        outcome: {
          result: d.outcome,
          status: d.status,
          reason: d.reason === undefined ? undefined : maskBsn(d.reason),
        },
        sessionRef: d.sessionRef,
        requestId: d.requestId,
        correlationId: d.correlationId,
        node,
      });
    },
    dataAccess: async (a) => {
      const fields = {
        patient: a.token ? pseudonym(a.token.bsn, key) : undefined,
        client: a.token?.clientId,
        grant: a.token?.grantId,
        provider: a.provider,
        service: a.serviceId,
        // A PGO may put a BSN in the query (it is refused, never used): masked here too.
        action: { type: 'search', resourceType: a.resourceType, query: maskBsn(a.query) },
        outcome: { status: a.status, ...(a.counts ?? {}) },
        requestId: a.requestId,
        correlationId: a.correlationId,
        node,
      };
      await append('fhir.search', fields);
    },
    patientHistory: async (bsn, limit) => {
      // A scan of the log: fine at this size; an index on the pseudonym comes with PostgreSQL.
      const mine = pseudonym(bsn, key);
      const out: FetchRecord[] = [];
      const rows = await store.audit.snapshot();
      for (let i = rows.length - 1; i >= 0 && out.length < limit; i--) {
        const r = rows[i]!;
        if (r.event !== 'fhir.search') continue;
        const f = JSON.parse(r.data) as StoredFields;
        if (f.patient !== mine) continue;
        out.push({
          at: Date.parse(r.at),
          provider: f.provider,
          serviceId: f.service,
          clientId: f.client,
          resourceType: f.action.resourceType,
          status: f.outcome.status,
          matches: f.outcome.match ?? 0,
        });
      }
      return out;
    },
  };
}
