/**
 * Test support: SQL run around the store, as someone with write access to the database would (the
 * tamper tests). SQLite opens the file itself; PostgreSQL connects to the test schema.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { parsePostgresUrl } from '../store/postgres.ts';
import { quoteIdent } from '../store/migrate.ts';
import type { TestDatabase } from '../store/testing.ts';

/**
 * Runs statements (`?` placeholders on SQLite, `$1` on PostgreSQL) and returns the last one's rows.
 * @param db - the test database
 * @param statements - one or more statements, each with its parameters
 */
export async function rawSql(
  db: Pick<TestDatabase, 'url'>,
  ...statements: (string | [string, unknown[]])[]
): Promise<Record<string, unknown>[]> {
  const list = statements.map((s) => (typeof s === 'string' ? ([s, []] as [string, unknown[]]) : s));
  if (db.url.startsWith('sqlite:')) {
    const raw = new Database(db.url.slice('sqlite:'.length));
    try {
      let rows: Record<string, unknown>[] = [];
      for (const [text, params] of list) {
        const st = raw.prepare(text);
        if (st.reader) rows = st.all(...params) as Record<string, unknown>[];
        else {
          st.run(...params);
          rows = [];
        }
      }
      return rows;
    } finally {
      raw.close();
    }
  }
  const { connectionString, schema } = parsePostgresUrl(db.url);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    if (schema !== undefined) await client.query(`SET search_path TO ${quoteIdent(schema)}`);
    let rows: Record<string, unknown>[] = [];
    for (const [text, params] of list)
      rows = (await client.query<Record<string, unknown>>(text, params)).rows;
    return rows;
  } finally {
    await client.end();
  }
}

/** The placeholder of parameter `n` (1-based) in the dialect of `db`. */
export const ph = (db: Pick<TestDatabase, 'url'>, n: number): string =>
  db.url.startsWith('sqlite:') ? '?' : `$${n}`;

/** Drops the guards of the audit tables (what a tamperer does first), in the dialect of `db`. */
export function dropAuditGuards(db: Pick<TestDatabase, 'url'>): Promise<Record<string, unknown>[]> {
  return db.url.startsWith('sqlite:')
    ? rawSql(
        db,
        'DROP TRIGGER audit_log_no_update',
        'DROP TRIGGER audit_log_no_delete',
        'DROP TRIGGER audit_anchor_no_delete',
        'DROP TRIGGER audit_anchor_forward',
      )
    : rawSql(
        db,
        'DROP TRIGGER audit_log_no_update ON audit_log',
        'DROP TRIGGER audit_log_no_delete ON audit_log',
        'DROP TRIGGER audit_log_no_truncate ON audit_log',
        'DROP TRIGGER audit_anchor_guard ON audit_anchor',
        'DROP TRIGGER audit_anchor_no_truncate ON audit_anchor',
      );
}

/**
 * Makes every insert into the audit log fail (as a full disk or a revoked grant would), or (`on`
 * false) undoes that.
 * @param db - the test database
 * @param on - true to break appends, false to mend them
 */
export function breakAuditAppends(db: Pick<TestDatabase, 'url'>, on: boolean): Promise<unknown> {
  const sqlite = db.url.startsWith('sqlite:');
  if (!on) {
    return sqlite
      ? rawSql(db, 'DROP TRIGGER audit_log_broken')
      : rawSql(db, 'DROP TRIGGER audit_log_broken ON audit_log');
  }
  return sqlite
    ? rawSql(
        db,
        "CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log unavailable (test)'); END",
      )
    : rawSql(
        db,
        `CREATE OR REPLACE FUNCTION audit_log_broken() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'audit log unavailable (test)'; END; $$`,
        'CREATE TRIGGER audit_log_broken BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_broken()',
      );
}
