/**
 * The onboarding aggregate: providers' applications (the portal's form, the chosen MedMij name, the
 * signed documents), the history of what happened to each, operators' browser sessions, and the two
 * provider changes onboarding makes (a status step, and suspension, which revokes every grant and
 * token of the provider in one transaction). Built on Kysely only, so the same code runs on SQLite
 * and PostgreSQL; times are epoch milliseconds (BIGINT), lists are JSON text, ids are text.
 * Migrations: `migrations/<dialect>/010_onboarding.sql`; `011_unique_medmij_name.sql` makes a MedMij name
 * unique over the applications that are not rejected (a clash surfaces as `NameTakenError`).
 */
import type { Kysely } from 'kysely';
import type { ProviderStatus } from './types.ts';
import { docInfo, fromRow, toRow, type OnboardingTables } from './applications-tables.ts';

export type * from './applications-tables.ts';

/** Where an application stands on the provider's side of the portal and in the operator's queue. */
export type ApplicationStatus =
  | 'draft' // form accepted (eligible), no MedMij name yet
  | 'named' // name chosen: the documents can be downloaded and the signed copies uploaded
  | 'submitted' // both signed copies uploaded: waiting in the operator's queue
  | 'changes_requested' // the operator asked for corrections
  | 'approved' // a provider row exists; the provider lifecycle takes over
  | 'rejected';

/** One provider's application as entered in the portal. */
export interface Application {
  id: string;
  /** SHA-256 of the secret in the provider's personal link (the secret itself is never stored). */
  keyHash: string;
  status: ApplicationStatus;
  organisation: string;
  ura: string;
  agbCodes: string[];
  contactName: string;
  email: string;
  applicationIds: string[];
  /** Information system key (`winbase`, `farmedvisie`, `careweb`, `other`). */
  system: string;
  /** Free text naming the system when `system` is `other`. */
  systemOther: string;
  services: string[];
  /** The MedMij name without `@medmij`, once chosen. */
  naam: string | null;
  /** The operator's last message to the provider (changes wanted, or the reason of a rejection). */
  operatorNote: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The two documents the provider signs and uploads. */
export type DocumentKind = 'agreement' | 'choice';

/** An uploaded signed document, as listed. */
export interface DocumentInfo {
  applicationId: string;
  kind: DocumentKind;
  filename: string;
  size: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
  uploadedAt: number;
}

/** An uploaded document with its bytes. */
export interface StoredDocument extends DocumentInfo {
  content: Buffer;
}

/** One step in an application's history (shown to the operator). */
export interface OnboardingEvent {
  applicationId: string;
  at: number;
  /** `provider`, or the operator's user name. */
  actor: string;
  action: string;
  detail: string;
}

/** An operator's browser session (the id is stored hashed). */
export interface OperatorSession {
  idHash: string;
  username: string;
  csrf: string;
  expiresAt: number;
}

/** Raised by `insert`/`update` when another application (not rejected) already holds the MedMij name. */
export class NameTakenError extends Error {
  override readonly name = 'NameTakenError';
  constructor(readonly naam: string) {
    super(`the MedMij name ${naam} is held by another application`);
  }
}

/** True when a driver error is the unique index on applications.naam (SQLite or PostgreSQL). */
function isNameClash(e: unknown): boolean {
  const err = e as { code?: unknown; constraint?: unknown; message?: unknown };
  if (err.code === '23505') return err.constraint === 'applications_naam_unique';
  return (
    typeof err.code === 'string' &&
    err.code.startsWith('SQLITE_CONSTRAINT') &&
    typeof err.message === 'string' &&
    err.message.includes('applications.naam')
  );
}

/** What suspension revoked. */
export interface SuspendResult {
  grants: number;
  tokens: number;
  refreshTokens: number;
}

export interface ApplicationRepo {
  insert(app: Application): Promise<void>;
  get(id: string): Promise<Application | undefined>;
  getByKeyHash(keyHash: string): Promise<Application | undefined>;
  /** Replaces the stored application (same id). */
  update(app: Application): Promise<void>;
  /** Every application, newest first; only those with one of `statuses` when given. */
  list(statuses?: ApplicationStatus[]): Promise<Application[]>;
  /** The application that holds a MedMij name (not rejected), if any. */
  byNaam(naam: string): Promise<Application | undefined>;
  /** MedMij names held by applications that are not rejected. */
  namesInUse(): Promise<string[]>;
  /** Stores a signed document, replacing an earlier upload of the same kind. */
  putDocument(doc: StoredDocument): Promise<void>;
  /** Removes every uploaded document of an application; returns how many there were. */
  deleteDocuments(applicationId: string): Promise<number>;
  documents(applicationId: string): Promise<DocumentInfo[]>;
  document(applicationId: string, kind: DocumentKind): Promise<StoredDocument | undefined>;
  addEvent(event: OnboardingEvent): Promise<void>;
  /** An application's history, oldest first. */
  events(applicationId: string): Promise<OnboardingEvent[]>;
  insertOperatorSession(session: OperatorSession): Promise<void>;
  getOperatorSession(idHash: string, now: number): Promise<OperatorSession | undefined>;
  deleteOperatorSession(idHash: string): Promise<void>;
  /**
   * Sets a provider's status; false when there is no such provider, or (with `from`) when its status
   * is not one of `from` any more (another node or operator moved it first).
   */
  setProviderStatus(naam: string, status: ProviderStatus, from?: readonly ProviderStatus[]): Promise<boolean>;
  /**
   * Suspends (or offboards) a provider and, in the same transaction, revokes every grant made for it
   * and every access and refresh token issued under those grants. Undefined when there is no such
   * provider or its status is not one of `from`.
   */
  suspendProvider(
    naam: string,
    at: number,
    to?: 'suspended' | 'offboarded',
    from?: readonly ProviderStatus[],
  ): Promise<SuspendResult | undefined>;
}

/**
 * The onboarding repository over a Kysely handle (SQLite or PostgreSQL).
 * @param db - a Kysely instance over the store's database, migrated to 010
 */
export function applicationRepo(db: Kysely<OnboardingTables>): ApplicationRepo {
  return {
    insert: async (app) => {
      try {
        await db.insertInto('applications').values(toRow(app)).execute();
      } catch (e) {
        if (isNameClash(e)) throw new NameTakenError(app.naam ?? '');
        throw e;
      }
    },
    get: async (id) => {
      const r = await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
      return r && fromRow(r);
    },
    getByKeyHash: async (keyHash) => {
      const r = await db
        .selectFrom('applications')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return r && fromRow(r);
    },
    update: async (app) => {
      const { id, ...rest } = toRow(app);
      try {
        await db.updateTable('applications').set(rest).where('id', '=', id).execute();
      } catch (e) {
        if (isNameClash(e)) throw new NameTakenError(app.naam ?? '');
        throw e;
      }
    },
    list: async (statuses) => {
      let q = db.selectFrom('applications').selectAll();
      if (statuses !== undefined && statuses.length > 0) q = q.where('status', 'in', statuses);
      const rows = await q.orderBy('updated_at', 'desc').execute();
      return rows.map(fromRow);
    },
    byNaam: async (naam) => {
      const r = await db
        .selectFrom('applications')
        .selectAll()
        .where('naam', '=', naam)
        .where('status', '!=', 'rejected')
        .executeTakeFirst();
      return r && fromRow(r);
    },
    namesInUse: async () => {
      const rows = await db
        .selectFrom('applications')
        .select('naam')
        .where('naam', 'is not', null)
        .where('status', '!=', 'rejected')
        .execute();
      return rows.map((r) => r.naam!);
    },
    putDocument: async (doc) => {
      await db.transaction().execute(async (tx) => {
        await tx
          .deleteFrom('application_documents')
          .where('application_id', '=', doc.applicationId)
          .where('kind', '=', doc.kind)
          .execute();
        await tx
          .insertInto('application_documents')
          .values({
            application_id: doc.applicationId,
            kind: doc.kind,
            filename: doc.filename,
            size: doc.size,
            sha256: doc.sha256,
            content: doc.content.toString('base64'),
            uploaded_at: doc.uploadedAt,
          })
          .execute();
      });
    },
    deleteDocuments: async (applicationId) => {
      const r = await db
        .deleteFrom('application_documents')
        .where('application_id', '=', applicationId)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    documents: async (applicationId) => {
      const rows = await db
        .selectFrom('application_documents')
        .select(['application_id', 'kind', 'filename', 'size', 'sha256', 'uploaded_at'])
        .where('application_id', '=', applicationId)
        .orderBy('kind')
        .execute();
      return rows.map(docInfo);
    },
    document: async (applicationId, kind) => {
      const r = await db
        .selectFrom('application_documents')
        .selectAll()
        .where('application_id', '=', applicationId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return r && { ...docInfo(r), content: Buffer.from(r.content, 'base64') };
    },
    addEvent: async (e) => {
      await db
        .insertInto('onboarding_events')
        .values({
          id: crypto.randomUUID(),
          application_id: e.applicationId,
          at: e.at,
          actor: e.actor,
          action: e.action,
          detail: e.detail,
        })
        .execute();
    },
    events: async (applicationId) => {
      const rows = await db
        .selectFrom('onboarding_events')
        .selectAll()
        .where('application_id', '=', applicationId)
        .orderBy('at')
        .execute();
      return rows.map((r) => ({
        applicationId: r.application_id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        detail: r.detail,
      }));
    },
    insertOperatorSession: async (s) => {
      await db
        .insertInto('operator_sessions')
        .values({ id_hash: s.idHash, username: s.username, csrf: s.csrf, expires_at: s.expiresAt })
        .execute();
    },
    getOperatorSession: async (idHash, now) => {
      const r = await db
        .selectFrom('operator_sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return r && { idHash: r.id_hash, username: r.username, csrf: r.csrf, expiresAt: r.expires_at };
    },
    deleteOperatorSession: async (idHash) => {
      await db.deleteFrom('operator_sessions').where('id_hash', '=', idHash).execute();
    },
    setProviderStatus: async (naam, status, from) => {
      let q = db.updateTable('providers').set({ status }).where('naam', '=', naam);
      if (from !== undefined) q = q.where('status', 'in', [...from]);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    suspendProvider: async (naam, at, to = 'suspended', from) =>
      db.transaction().execute(async (tx) => {
        let q = tx.updateTable('providers').set({ status: to }).where('naam', '=', naam);
        if (from !== undefined) q = q.where('status', 'in', [...from]);
        const r = await q.executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return undefined;
        const grantIds = tx.selectFrom('grants').select('id').where('provider', '=', naam);
        const tokens = await tx
          .updateTable('access_tokens')
          .set({ revoked_at: at })
          .where('grant_id', 'in', grantIds)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        const refresh = await tx
          .updateTable('refresh_tokens')
          .set({ revoked_at: at })
          .where('grant_id', 'in', grantIds)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        const grants = await tx
          .updateTable('grants')
          .set({ revoked_at: at })
          .where('provider', '=', naam)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return {
          grants: Number(grants.numUpdatedRows),
          tokens: Number(tokens.numUpdatedRows),
          refreshTokens: Number(refresh.numUpdatedRows),
        };
      }),
  };
}
