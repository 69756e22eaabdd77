import { describe } from 'vitest';
import { TEST_DB } from '../../devkit/database.js';

/**
 * A suite about PostgreSQL alone (its pool, several processes on one server, the move to it): whatever TEST_DB
 * says it runs on PostgreSQL, so it runs in the PostgreSQL pass of `npm test` only, not once per pass. In the
 * SQLite pass it is listed as skipped, with the reason in its name.
 */
export function describePostgresOnly(name: string, body: () => void, options: { timeout?: number } = {}): void {
  const title = TEST_DB === 'postgres' ? name : `${name} [skipped: PostgreSQL only, runs in the TEST_DB=postgres pass]`;
  describe.skipIf(TEST_DB !== 'postgres')(title, options, body);
}
