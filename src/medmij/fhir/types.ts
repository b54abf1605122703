/**
 * The contract of the FHIR resource server. `medmij/fhir/` knows FHIR STU3 and HTTP but nothing of
 * HL7v3: a search is answered by a `SearchSource` that `services/` supplies, which returns a pool
 * of translated resources; the FHIR layer filters, includes, pages and renders them.
 */
import type * as fhir from 'fhir';

/** What a valid access token stands for. The BSN never leaves the server. */
export interface TokenContext {
  grantId: string;
  clientId: string;
  /** Provider's MedMij name without @medmij. */
  provider: string;
  /** The data-service ids the token's scope covers. */
  services: string[];
  bsn: string;
  auth: { time: number; level: string; assertionId: string };
}

/** A resource with the fullUrl it carries in a Bundle (urn:uuid:, urn:oid: or http(s)). */
export interface PooledResource {
  fullUrl: string;
  resource: fhir.Resource;
}

export interface SearchRequest {
  provider: string;
  serviceId: string;
  resourceType: string;
  /**
   * The query parameters the FHIR layer understood and validated, in request order (each may repeat;
   * `_include`, `_count`, `_offset` and `_format` included). Unknown ones, such as `patient`, are never
   * passed on, so the source always answers for the token's patient only.
   */
  params: [string, string][];
  token: TokenContext;
  requestId?: string;
  correlationId?: string;
}

export interface SearchResult {
  /** All resources the source produced; the FHIR layer selects matches and includes. */
  pool: PooledResource[];
  /** Warnings to put in the Bundle as OperationOutcome entries (search.mode = outcome). */
  warnings: fhir.OperationOutcome[];
}

export type SearchSource = (req: SearchRequest, signal?: AbortSignal) => Promise<SearchResult>;
