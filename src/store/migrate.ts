/**
 * Numbered plain-SQL migrations per dialect: every `migrations/<dialect>/NNN_name.sql` is applied
 * once, in order, each in its own transaction, and recorded in `schema_migrations` (name, time).
 * On PostgreSQL a session advisory lock is held while migrating, so nodes starting together do not
 * race: the second waits, then finds everything applied.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The migration files of a dialect, in the order they apply. */
export function migrationFiles(dialect: 'sqlite' | 'postgres'): { name: string; sql: string }[] {
  const dir = join(ROOT, dialect);
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Applies every SQLite migration not yet recorded, each in its own transaction. Returns the names applied.
 * @param db - the database
 * @param onApplied - runs inside a migration's transaction, after its SQL (e.g. to seal what it made)
 */
export function migrateSqlite(
  db: BetterSqlite3.Database,
  onApplied?: (name: string, db: BetterSqlite3.Database) => void,
): string[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied: string[] = [];
  for (const { name, sql } of migrationFiles('sqlite')) {
    db.transaction(() => {
      // Checked inside the write transaction: another process may have applied it meanwhile.
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE name = ?').get(name)) return;
      db.exec(sql);
      onApplied?.(name, db);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(name, Date.now());
      applied.push(name);
    }).immediate();
  }
  return applied;
}

/** Double-quotes an SQL identifier. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Applies every PostgreSQL migration not yet recorded, under an advisory lock.
 * @param pool - a pool whose connections already use `schema` as their search path
 * @param schema - the schema to create if missing (its name keys the lock), or undefined for the default
 * @param onApplied - runs inside a migration's transaction, after its SQL (e.g. to seal what it made)
 * @returns the names applied
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string | undefined,
  onApplied?: (name: string, client: pg.PoolClient) => Promise<void>,
): Promise<string[]> {
  const client = await pool.connect();
  const lockKey = `brug.migrate:${schema ?? ''}`;
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const done = new Set(
        (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
      );
      for (const { name, sql } of migrationFiles('postgres')) {
        if (done.has(name)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await onApplied?.(name, client);
          await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [
            name,
            Date.now(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        applied.push(name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    client.release();
  }
  return applied;
}
