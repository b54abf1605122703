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

export interface AuditLog {
  /** Appends the record of one FHIR search. */
  dataAccess(access: DataAccess): Promise<void>;
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
 */
export function createAuditLog(store: Store, key: Buffer, now: () => Date = () => new Date()): AuditLog {
  const node = `${hostname()}:${process.pid}`;
  return {
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
      await store.audit.append({
        at: now().toISOString(),
        event: 'fhir.search',
        data: canonicalJson(fields),
      });
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
