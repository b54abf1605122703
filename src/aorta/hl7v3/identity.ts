/**
 * Who Brug is on the LSP and how it addresses a query: the settings every message builder needs, taken
 * from `Config['lsp']` plus options that AORTA leaves open (marked [U] where the docs are unverified).
 */

/** How a query names the one provider it is meant for. */
export type Addressing = 'lsp' | 'direct';

export interface SenderIdentity {
  /** Brug's LSP application id (extension under 2.16.840.1.113883.2.4.6.6). */
  applicationId: string;
  /** Brug's URA (eight digits). */
  ura: string;
  /** Application id of the LSP (ZIM) itself: the receiver of queries (1 in production, 3 in test). */
  lspApplicationId: string;
  /** Organization name written in the author; optional. */
  organizationName?: string;
  /** Number of Brug's UZI server certificate (root 2.16.528.1.1007.3.2), written as a second device id. */
  uziServerId?: string;
  /**
   * Where the addressed provider goes. `lsp` (default): the transmission wrapper's receiver is the LSP,
   * which routes the query via its index; the provider is then enforced on the answer (parts from other
   * sources are dropped). `direct`: the receiver device is the provider's application id, so the LSP
   * forwards to that one system only. [U] The public AORTA texts do not confirm that the LSP accepts a
   * query addressed to a single GBZ (domain/aorta.md section 7, point 5): keep `lsp` until qualified.
   */
  addressing?: Addressing;
  /** processingCode: P (production, default), T (test), D (debug). */
  processingCode?: 'P' | 'T' | 'D';
  /** queryByParameter/responseModalityCode: R (real time) or B (batch; default, as in the AORTA example). */
  responseModalityCode?: 'R' | 'B';
}

/** Root of Brug's message ids: `2.16.840.1.113883.2.4.6.6.<applicationId>.1`. */
export function messageIdRoot(id: SenderIdentity): string {
  return `2.16.840.1.113883.2.4.6.6.${id.applicationId}.1`;
}

/** Root of Brug's query ids: `2.16.840.1.113883.2.4.6.6.<applicationId>.2`. */
export function queryIdRoot(id: SenderIdentity): string {
  return `2.16.840.1.113883.2.4.6.6.${id.applicationId}.2`;
}
