import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from '../../migrations/index.js';
import { copyDatabase } from '../../ops/copy.js';
import { openDatabase } from '../../ops/connection.js';
import { migrationState } from '../../ops/migration-state.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { OTHER, migratedDatabase, textSink } from './helpers.js';

describe(`copy from a ${TEST_DB} source at an older migration`, () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let backupDir: string;

  // Each test gets its own old source, target and backup folder: --migrate-source migrates the source it is given.
  beforeEach(async () => {
    backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-backups-'));
    const old = await migratedDatabase(TEST_DB, ALL_MIGRATIONS.slice(0, 3));
    await old.dataSource.query(`INSERT INTO users (telegram_id, first_name, last_name) VALUES (777000111222, 'Старый', NULL)`);
    await old.dataSource.query(
      `INSERT INTO competitions (title, registration_open, requires_approval) VALUES ('Кубок 2025', ${TEST_DB === 'postgres' ? 'true' : '1'}, ${TEST_DB === 'postgres' ? 'false' : '0'})`,
    );
    await old.dataSource.destroy();
    source = old.database;
    target = await createTestDatabase(OTHER[TEST_DB]);
  });
  afterEach(async () => {
    await source?.drop();
    await target?.drop();
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  it('says the source is behind and how to proceed, and touches nothing', async () => {
    const latest = ALL_MIGRATIONS[ALL_MIGRATIONS.length - 1].name;
    const pending = ALL_MIGRATIONS.length - 3;
    await expect(copyDatabase({ from: source.url, to: target.url, out: textSink(), backupDir })).rejects.toThrow(
      new RegExp(`is at EntryFlags1700000000003, the code's latest migration is ${latest} \\(${pending} pending: .*\\)\\.\nRe-run with --migrate-source`),
    );
    expect(fs.readdirSync(backupDir)).toEqual([]);
    const db = await openDatabase(source.url);
    try {
      expect((await migrationState(db.dataSource)).pending).toHaveLength(ALL_MIGRATIONS.length - 3);
    } finally {
      await db.close();
    }
  });

  it('with --migrate-source: backs the source up, migrates it, copies and verifies', async () => {
    const out = textSink();
    const result = await copyDatabase({ from: source.url, to: target.url, migrateSource: true, out, backupDir });
    expect(result.verify?.ok, out.text()).toBe(true);
    const backups = fs.readdirSync(backupDir);
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(TEST_DB === 'sqlite' ? /^sqlite_\d{8}_\d{6}\.db$/ : /^postgres_\d{8}_\d{6}\.dump$/);
    expect(out.text()).toContain(`source backed up before migrating: ${path.join(backupDir, backups[0])}`);
    expect(out.text()).toContain('source migrated: RegistrationStatus1700000000004');

    const copied = await openDatabase(target.url);
    try {
      const [user] = await copied.dataSource.query(`SELECT telegram_id, first_name, reminders_enabled FROM users`);
      expect(String(user.telegram_id)).toBe('777000111222');
      expect(user.first_name).toBe('Старый');
      expect((await migrationState(copied.dataSource)).pending).toEqual([]);
    } finally {
      await copied.close();
    }
  });
});
