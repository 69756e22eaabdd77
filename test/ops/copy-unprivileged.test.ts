import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDatabase } from '../../ops/copy.js';
import { TEST_PG_URL, adminQuery, type TestDatabase } from '../../devkit/database.js';
import { fillWithEdgeCases } from './edge-data.js';
import { migratedDatabase, textSink } from './helpers.js';

/** A managed PostgreSQL gives the application a role that owns its database but is no superuser. */
describe('copy into PostgreSQL as a role that is not a superuser', () => {
  const name = `cbot_ops_${crypto.randomBytes(4).toString('hex')}`;
  let source: TestDatabase;
  let targetUrl: string;

  beforeAll(async () => {
    const origin = await migratedDatabase('sqlite');
    await fillWithEdgeCases(origin.dataSource);
    await origin.dataSource.destroy();
    source = origin.database;
    await adminQuery(`CREATE ROLE ${name} LOGIN`);
    await adminQuery(`CREATE DATABASE ${name} OWNER ${name}`);
    const url = new URL(TEST_PG_URL);
    url.username = name;
    url.pathname = `/${name}`;
    targetUrl = url.toString();
  });
  afterAll(async () => {
    await source?.drop();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`DROP ROLE IF EXISTS ${name}`);
  });

  it('keeps the foreign-key triggers instead of skipping them, says so, and the copy verifies', async () => {
    const out = textSink();
    const result = await copyDatabase({ from: source.url, to: targetUrl, out });
    expect(out.text()).toContain('note: the target role may not set session_replication_role: foreign keys were checked row by row (slower)');
    expect(result.verify?.ok, out.text()).toBe(true);
  });
});
