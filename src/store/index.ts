import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openSqliteStore } from './sqlite.ts';
import { auditKeyFor } from '../audit/pseudonym.ts';
import type { Store } from './types.ts';

export * from './types.ts';
export { openSqliteStore, migrateSqlite } from './sqlite.ts';

/** Opens the store named by BRUG_DATABASE_URL. */
export function openStore(config: Config): Store {
  const url = config.databaseUrl;
  // The BSNs at rest are sealed with keys derived from the audit secret (BRUG_AUDIT_KEY in production).
  if (url.startsWith('sqlite:'))
    return openSqliteStore(url.slice('sqlite:'.length), { key: auditKeyFor(config) });
  throw new ConfigError('BRUG_DATABASE_URL', 'PostgreSQL is not supported yet; use sqlite:PATH');
}
