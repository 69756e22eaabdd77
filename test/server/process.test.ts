import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES_IN_FK_ORDER } from '../../entities/index.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';
import { startServiceProcess } from '../../devkit/processes.js';
import { ensureBuilt } from '../helpers/build.js';
import { describePostgresOnly } from '../helpers/postgres-only.js';

function sqliteTables(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    db.all("SELECT name FROM sqlite_master WHERE type = 'table'", (error, rows: { name: string }[]) => {
      db.close();
      if (error) reject(error);
      else resolve(rows.map((r) => r.name));
    });
  });
}

describe('the compiled server as a process (npm start)', () => {
  beforeAll(() => {
    ensureBuilt();
  });

  it('with no configuration at all serves on SQLite under ./data, and stops cleanly on SIGTERM', async () => {
    // A free PORT only because 8000 may be taken on the test machine; nothing else is configured (HOST unset).
    const service = await startServiceProcess({ HOST: undefined });
    try {
      await service.ready();
      expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
      const tables = await sqliteTables(path.join(service.cwd, 'data', 'bot.sqlite'));
      for (const table of [...TABLES_IN_FK_ORDER, 'migration_history']) expect(tables).toContain(table);
      expect(service.output()).toContain('BOT_TOKEN is not set: the bot is off');
    } finally {
      service.child.kill('SIGTERM');
    }
    expect(await service.exited).toBe(0);
  });

  it('stops the boot with one line naming a wrong variable', async () => {
    const service = await startServiceProcess({ PORT: 'abc' });
    expect(await service.exited).toBe(2);
    expect(service.output().trim()).toBe('Configuration error: PORT must be a port number (0–65535), got "abc"');
  });

  // The URL forms are PostgreSQL's own concern: this runs against PostgreSQL, in the PostgreSQL pass only.
  describePostgresOnly('on PostgreSQL by URL', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
    });
    afterAll(async () => database?.drop());

    it('accepts the seed’s postgresql+asyncpg:// URL and serves', async () => {
      const url = database.url.replace(/^postgresql:/, 'postgresql+asyncpg:');
      const service = await startServiceProcess({ DATABASE_URL: url });
      try {
        await service.ready();
      } finally {
        service.child.kill('SIGTERM');
      }
      expect(await service.exited).toBe(0);
    });
  });
});
