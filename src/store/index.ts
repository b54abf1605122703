import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openSqliteStore } from './sqlite.ts';
import { openPostgresStore } from './postgres.ts';
import { auditKeyFor } from '../audit/pseudonym.ts';
import type { Store } from './types.ts';

export * from './types.ts';
export { openSqliteStore, migrateSqlite } from './sqlite.ts';
export { openPostgresStore } from './postgres.ts';

/** Opens the store named by BRUG_DATABASE_URL: `sqlite:PATH` or `postgres://...` (migrated on open). */
export async function openStore(config: Config): Promise<Store> {
  const url = config.databaseUrl;
  // The BSNs at rest are sealed with keys derived from the audit secret (BRUG_AUDIT_KEY in production;
  // several nodes on one PostgreSQL must share it).
  const key = auditKeyFor(config);
  if (url.startsWith('sqlite:')) return openSqliteStore(url.slice('sqlite:'.length), { key });
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore(url, { key, max: config.databasePoolSize });
  throw new ConfigError('BRUG_DATABASE_URL', 'must start with sqlite: or postgres://');
}
