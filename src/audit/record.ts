/**
 * Audit records (NEN 7513: who, when, which patient, what action, what outcome) and the log that
 * appends them. The patient is a keyed pseudonym, never the BSN. A record is appended before the
 * response it records is sent: when the append fails, the request fails (no response without its record).
 * A decision that changes state (a grant, a code, a token) is appended inside the store transaction
 * that makes the change (`tx`), so neither commits without the other.
 */
import { hostname } from 'node:os';
import type { Store, StoreTx } from '../store/index.ts';
import { maskBsn } from '../log.ts';
import { canonicalJson } from './chain.ts';
import { pseudonym } from './pseudonym.ts';

/** One HL7v3 exchange with the LSP made for a search or an availability check. */
export interface LspExchange {
  /** The query interaction, e.g. QURX_IN990111NL. */
  interaction: string;
  /** The message id (extension) Brug gave the query. */
  messageId?: string;
  /** LSP acknowledgement / detected-issue codes in the answer or the refusal. */
  codes?: string[];
  /** What went wrong when the exchange failed (LspError kind: timeout, refused, ...). */
  error?: string;
}

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
  /** The LSP exchanges behind the answer (services/ reports them through audit/lsp-trail.ts). */
  lsp?: LspExchange[];
}

/** A request at the FHIR edge that was not a search (a refused method, an unknown path or type). */
export interface FhirRefusal {
  method: string;
  /** The route's template (e.g. `/fhir/:naam/:serviceId/stu3/:type/*`), never the raw path. */
  route: string;
  provider?: string;
  serviceId?: string;
  status: number;
  /** The token's facts, when the request carried a valid one. */
  token?: { grantId: string; clientId: string; bsn: string };
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
export type OAuthStep =
  'authorize' | 'landing' | 'login' | 'availability' | 'consent' | 'token' | 'revoke' | 'portal';

/**
 * One decision of the authorization server (NEN 7513: who asked, for which patient, what was decided
 * and why). Only closed values and ids: no free text, never a BSN (it is pseudonymised here).
 */
export interface OAuthDecision {
  step: OAuthStep;
  /** `failed`: a technical failure (500), no decision was taken. */
  outcome: 'accepted' | 'refused' | 'failed';
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
  /** The LSP exchanges the step made (the availability check). */
  lsp?: LspExchange[];
  requestId?: string;
  correlationId?: string;
}

export interface AuditLog {
  /** Appends the record of one FHIR search. */
  dataAccess(access: DataAccess): Promise<void>;
  /** Appends the record of a refused request at the FHIR edge that was not a search. */
  fhirRefusal(refusal: FhirRefusal): Promise<void>;
  /**
   * Appends the record of one OAuth decision (authorize, login, consent, token, revoke).
   * @param tx - the store transaction of the state change the decision makes, if any
   */
  oauthDecision(decision: OAuthDecision, tx?: StoreTx): Promise<void>;
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
  const append = async (event: string, fields: Record<string, unknown>, tx?: StoreTx): Promise<void> => {
    const entry = { event, data: canonicalJson(fields), clock: now };
    if (tx) {
      await tx.audit.append(entry);
      tx.afterCommit(() => onAppend?.(event));
      return;
    }
    await store.audit.append(entry);
    onAppend?.(event);
  };
  return {
    oauthDecision: async (d, tx) => {
      await append(
        `oauth.${d.step}`,
        {
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
          lsp: d.lsp?.length ? d.lsp : undefined,
          sessionRef: d.sessionRef,
          requestId: d.requestId,
          correlationId: d.correlationId,
          node,
        },
        tx,
      );
    },
    fhirRefusal: async (r) => {
      await append('fhir.request', {
        patient: r.token ? pseudonym(r.token.bsn, key) : undefined,
        client: r.token?.clientId,
        grant: r.token?.grantId,
        provider: r.provider,
        service: r.serviceId,
        action: { type: 'request', method: r.method, route: r.route },
        outcome: { result: 'refused', status: r.status },
        requestId: r.requestId,
        correlationId: r.correlationId,
        node,
      });
    },
    dataAccess: async (a) => {
      const fields = {
        patient: a.token ? pseudonym(a.token.bsn, key) : undefined,
        client: a.token?.clientId,
        grant: a.token?.grantId,
        // Path segments as the PGO typed them (masked: a BSN may be put anywhere).
        provider: maskBsn(a.provider),
        service: maskBsn(a.serviceId),
        // A PGO may put a BSN in the query (it is refused, never used): masked here too.
        action: { type: 'search', resourceType: a.resourceType, query: maskBsn(a.query) },
        outcome: { status: a.status, ...(a.counts ?? {}) },
        lsp: a.lsp?.length ? a.lsp : undefined,
        requestId: a.requestId,
        correlationId: a.correlationId,
        node,
      };
      await append('fhir.search', fields);
    },
    patientHistory: async (bsn, limit) => {
      const rows = await store.audit.byPatient(pseudonym(bsn, key), {
        event: 'fhir.search',
        limit,
        newestFirst: true,
      });
      return rows.map((r) => {
        const f = JSON.parse(r.data) as StoredFields;
        return {
          at: Date.parse(r.at),
          provider: f.provider,
          serviceId: f.service,
          clientId: f.client,
          resourceType: f.action.resourceType,
          status: f.outcome.status,
          matches: f.outcome.match ?? 0,
        };
      });
    },
  };
}
