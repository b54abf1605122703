/**
 * The onboarding tables as Kysely sees them (migrations/<dialect>/010_onboarding.sql and 011), and the
 * mapping between an application and its row. Lists are JSON text; times epoch milliseconds.
 */
import type { Application, ApplicationStatus, DocumentInfo, DocumentKind } from './applications.ts';

/** The onboarding tables. */
export interface ApplicationsTable {
  id: string;
  key_hash: string;
  status: string;
  organisation: string;
  ura: string;
  agb_codes: string;
  contact_name: string;
  email: string;
  application_ids: string;
  system: string;
  system_other: string;
  services: string;
  naam: string | null;
  operator_note: string | null;
  created_at: number;
  updated_at: number;
}
export interface ApplicationDocumentsTable {
  application_id: string;
  kind: string;
  filename: string;
  size: number;
  sha256: string;
  /** base64 of the file (text in both dialects). */
  content: string;
  uploaded_at: number;
}
export interface OnboardingEventsTable {
  id: string;
  application_id: string;
  at: number;
  actor: string;
  action: string;
  detail: string;
}
export interface OperatorSessionsTable {
  id_hash: string;
  username: string;
  csrf: string;
  expires_at: number;
}
/** The columns of the shared tables onboarding touches (status and revocation only). */
interface ProvidersCols {
  naam: string;
  status: string;
}
interface GrantCols {
  id: string;
  provider: string;
  revoked_at: number | null;
}
interface TokenCols {
  hash: string;
  grant_id: string;
  revoked_at: number | null;
}

export interface OnboardingTables {
  applications: ApplicationsTable;
  application_documents: ApplicationDocumentsTable;
  onboarding_events: OnboardingEventsTable;
  operator_sessions: OperatorSessionsTable;
  providers: ProvidersCols;
  grants: GrantCols;
  access_tokens: TokenCols;
  refresh_tokens: TokenCols;
}

/** An application as its row. */
export const toRow = (a: Application): ApplicationsTable => ({
  id: a.id,
  key_hash: a.keyHash,
  status: a.status,
  organisation: a.organisation,
  ura: a.ura,
  agb_codes: JSON.stringify(a.agbCodes),
  contact_name: a.contactName,
  email: a.email,
  application_ids: JSON.stringify(a.applicationIds),
  system: a.system,
  system_other: a.systemOther,
  services: JSON.stringify(a.services),
  naam: a.naam,
  operator_note: a.operatorNote,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});

/** A row as the application. */
export const fromRow = (r: ApplicationsTable): Application => ({
  id: r.id,
  keyHash: r.key_hash,
  status: r.status as ApplicationStatus,
  organisation: r.organisation,
  ura: r.ura,
  agbCodes: JSON.parse(r.agb_codes) as string[],
  contactName: r.contact_name,
  email: r.email,
  applicationIds: JSON.parse(r.application_ids) as string[],
  system: r.system,
  systemOther: r.system_other,
  services: JSON.parse(r.services) as string[],
  naam: r.naam,
  operatorNote: r.operator_note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A document row (without its content) as listed. */
export const docInfo = (r: Omit<ApplicationDocumentsTable, 'content'>): DocumentInfo => ({
  applicationId: r.application_id,
  kind: r.kind as DocumentKind,
  filename: r.filename,
  size: r.size,
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
});
