/**
 * Cleans up the PostgreSQL test schemas of BRUG_TEST_DATABASE_URL for scripts/test.js:
 *   node --import tsx scripts/test-schemas.ts run ID           drops every schema of test run ID
 *   node --import tsx scripts/test-schemas.ts older-than MS    drops test schemas made over MS ago
 * Says on stderr how many leftovers it dropped; without BRUG_TEST_DATABASE_URL it does nothing.
 */
import { dropTestSchemas } from '../src/store/testing.ts';

const server = process.env.BRUG_TEST_DATABASE_URL;
const [what, arg] = process.argv.slice(2);
if (server && arg) {
  const dropped =
    what === 'run'
      ? await dropTestSchemas(server, { run: arg })
      : await dropTestSchemas(server, { createdBefore: Date.now() - Number(arg) });
  // Quiet unless something was left over: the test runner's summary stays the last thing printed.
  if (what !== 'run' && dropped.length > 0)
    process.stderr.write(
      `dropped ${dropped.length} test schemas older than ${Math.round(Number(arg) / 60_000)} min\n`,
    );
}
