/**
 * Test support: a database as it was before migration 012 keyed the audit chain (every migration
 * before it applied, nothing after), to test that an existing plain-hash log migrates sensibly.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrationFiles, quoteIdent } from '../store/migrate.ts';
import { parsePostgresUrl } from '../store/postgres.ts';
import type { TestDatabase } from '../store/testing.ts';
import type { ChainRow } from './chain.ts';
import { ph, rawSql } from './raw-sql.test-util.ts';

const BEFORE = '012_';

export interface LegacyDatabase {
  db: TestDatabase;
  /** Inserts a record as the pre-012 code wrote it (the table then had no patient column). */
  insertPlain(row: Omit<ChainRow, 'patient'>): Promise<void>;
}

/**
 * Brings a fresh test database to the schema before migration 012 (without opening a store on it).
 * @param db - a fresh test database
 */
export async function openLegacyDatabase(db: TestDatabase): Promise<LegacyDatabase> {
  const files = migrationFiles(db.dialect).filter((f) => f.name < BEFORE);
  if (db.dialect === 'sqlite') {
    const raw = new Database(db.url.slice('sqlite:'.length));
    try {
      raw.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
      for (const f of files) {
        raw.exec(f.sql);
        raw.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(f.name, Date.now());
      }
    } finally {
      raw.close();
    }
  } else {
    const { connectionString, schema } = parsePostgresUrl(db.url);
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${quoteIdent(schema!)}`);
      await client.query(`SET search_path TO ${quoteIdent(schema!)}`);
      await client.query(
        'CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      for (const f of files) {
        await client.query(f.sql);
        await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
          f.name,
          Date.now(),
        ]);
      }
    } finally {
      await client.end();
    }
  }
  return {
    db,
    insertPlain: async (r) => {
      const p = (n: number): string => ph(db, n);
      await rawSql(db, [
        `INSERT INTO audit_log (seq, at, event, data, prev_hash, hash) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)})`,
        [r.seq, r.at, r.event, r.data, r.prevHash, r.hash],
      ]);
    },
  };
}
