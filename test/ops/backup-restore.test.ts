import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../ops/connection.js';
import { TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { fillWithEdgeCases } from './edge-data.js';
import { ensureBuilt } from '../helpers/build.js';
import { migratedDatabase, runCli, verifyUrls } from './helpers.js';

const identical = async (a: string, b: string) => (await verifyUrls(a, b)).ok;

describe(`npm run db -- backup / restore on ${TEST_DB}`, () => {
  let database: TestDatabase;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-backup-'));

  beforeAll(async () => {
    ensureBuilt();
    const migrated = await migratedDatabase(TEST_DB);
    await fillWithEdgeCases(migrated.dataSource);
    await migrated.dataSource.destroy();
    database = migrated.database;
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  if (TEST_DB === 'sqlite') {
    it('takes a consistent copy while the database is being written', async () => {
      // Its own working directory: the restore test leaves a *_before_restore file in its backups/.
      const own = fs.mkdtempSync(path.join(work, 'backup-'));
      const live = await openDatabase(database.url);
      try {
        await live.dataSource.query(`INSERT INTO processed_updates (update_id, processed_at) VALUES (99, '2026-11-25 10:00:00.000')`);
        // Writes keep landing, one transaction each, while the backup runs in another process.
        let next = 1000;
        let writing = true;
        const writer = (async () => {
          while (writing) {
            await live.dataSource.query(`INSERT INTO processed_updates (update_id, processed_at) VALUES (${next++}, '2026-11-25 10:00:00.000')`);
          }
        })();
        const run = await runCli('db', ['backup', '--url', database.url], { cwd: own });
        writing = false;
        await writer;
        expect(next).toBeGreaterThan(1000);
        expect(run.code, run.stderr).toBe(0);
        const [file] = fs.readdirSync(path.join(own, 'backups'));
        expect(file).toMatch(/^sqlite_\d{8}_\d{6}\.db$/);
        expect(run.stdout).toContain(`SQLite backup written: ${path.join(own, 'backups', file)}`);

        // The backup is one moment of the database: an unbroken run of the writes, and everything else as it was.
        const backup = await openDatabase(`sqlite:${path.join(own, 'backups', file)}`);
        try {
          const ids = (await backup.dataSource.query(`SELECT update_id FROM processed_updates WHERE update_id BETWEEN 1000 AND 999999 ORDER BY update_id`)).map((r: any) =>
            Number(r.update_id),
          );
          expect(ids).toEqual(ids.map((_: number, i: number) => 1000 + i));
          expect(ids.length).toBeLessThanOrEqual(next - 1000);
          await backup.dataSource.query(`DELETE FROM processed_updates WHERE update_id BETWEEN 1000 AND 999999`);
        } finally {
          await backup.close();
        }
        await live.dataSource.query(`DELETE FROM processed_updates WHERE update_id BETWEEN 1000 AND 999999`);
        expect(await identical(database.url, `sqlite:${path.join(own, 'backups', file)}`)).toBe(true);
      } finally {
        await live.close();
      }
    });

    it('restore refuses to overwrite without --force; with it, saves the current file and puts the backup back', async () => {
      // A backup of its own (in its own folder), not the one the test above took: it stands alone.
      const own = fs.mkdtempSync(path.join(work, 'restore-'));
      const taken = await runCli('db', ['backup', '--url', database.url], { cwd: own });
      expect(taken.code, taken.stderr).toBe(0);
      const [file] = fs.readdirSync(path.join(own, 'backups'));
      const backup = path.join(own, 'backups', file);
      const changed = await openDatabase(database.url);
      await changed.dataSource.query(`DELETE FROM users WHERE id = 5`);
      await changed.close();

      const refused = await runCli('db', ['restore', backup, '--url', database.url], { cwd: work });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('exists. Stop the bot, then re-run with --force');

      const restored = await runCli('db', ['restore', backup, '--url', database.url, '--force'], { cwd: work });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/the database that was there is saved as .*_before_restore\.db/);
      expect(await identical(`sqlite:${backup}`, database.url)).toBe(true);

      const notABackup = path.join(work, 'not-a-database.db');
      fs.writeFileSync(notABackup, 'hello');
      const rejected = await runCli('db', ['restore', notABackup, '--url', database.url, '--force'], { cwd: work });
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toMatch(/not a SQLite database|cannot open as SQLite/);
    }, 120_000);
  } else {
    it('writes a pg_dump custom-format file when a compatible pg_dump is on the PATH', async () => {
      // Its own working directory: it reads the one file in its backups/.
      const own = fs.mkdtempSync(path.join(work, 'backup-'));
      const run = await runCli('db', ['backup', '--url', database.url], { cwd: own });
      expect(run.code, run.stderr).toBe(0);
      const [file] = fs.readdirSync(path.join(own, 'backups'));
      expect(file).toMatch(/^postgres_\d{8}_\d{6}\.dump$/);
      expect(
        fs
          .readFileSync(path.join(own, 'backups', file))
          .subarray(0, 5)
          .toString(),
      ).toBe('PGDMP');
    });

    it('without pg_dump, prints the docker compose line instead; restore points at pg_restore', async () => {
      const run = await runCli('db', ['backup', '--url', database.url], { cwd: work, env: { PATH: '/nonexistent' } });
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /No pg_dump on the PATH.*\n\s+mkdir -p backups && docker compose exec -T postgres pg_dump -U postgres -Fc cbot_test_\w+ > backups\/postgres_\d{8}_\d{6}\.dump/,
      );
      const restore = await runCli('db', ['restore', 'backups/x.dump', '--url', database.url], { cwd: work });
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('docker compose exec -T postgres pg_restore');
    });
  }

  it('never prints a password from a URL', async () => {
    const url = database.url.startsWith('postgresql://postgres@')
      ? database.url.replace('postgresql://postgres@', 'postgresql://postgres:Sup3r-secret@').replace(/\/[^/]+$/, '/no_such_database_here')
      : 'postgresql://postgres:Sup3r-secret@127.0.0.1:5432/no_such_database_here';
    const run = await runCli('db', ['status', '--url', url], { cwd: work });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('database "no_such_database_here" does not exist. Create it: `docker compose exec postgres createdb -U postgres no_such_database_here`');
    expect(run.stderr + run.stdout).not.toContain('Sup3r-secret');
    expect(run.stderr).toContain('postgresql://postgres:***@127.0.0.1:5432/no_such_database_here');
  });
});
