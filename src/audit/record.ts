/**
 * Audit records (NEN 7513: who, when, which patient, what action, what outcome) and the log that
 * appends them. The patient is a keyed pseudonym, never the BSN. A record is appended before the
 * response it records is sent: when the append fails, the request fails (no response without its record).
 */
import { hostname } from 'node:os';
import type { Store } from '../store/index.ts';
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

export interface AuditLog {
  /** Appends the record of one FHIR search. */
  dataAccess(access: DataAccess): Promise<void>;
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
        action: { type: 'search', resourceType: a.resourceType, query: a.query },
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
  };
}
