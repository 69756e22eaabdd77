import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../db/database-url.js';

/** Which database this run of the suite uses: `npm test` runs it once with each. */
export const TEST_DB: 'sqlite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  target: DatabaseTarget;
  /** A DATABASE_URL for this database. */
  url: string;
  drop(): Promise<void>;
}

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
}

/** A fresh, empty database for one test file: a new SQLite file, or a new PostgreSQL database. */
export async function createTestDatabase(kind: 'sqlite' | 'postgres' = TEST_DB): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-test-'));
    const file = path.join(dir, 'bot.sqlite');
    return {
      target: { kind: 'sqlite', path: file },
      url: `sqlite:${file}`,
      async drop() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = uniqueName('cbot_test');
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString() },
    url: url.toString(),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Runs one statement as the server's admin (creating roles and databases); the test server by default. */
export async function adminQuery(sql: string, serverUrl = TEST_PG_URL): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
