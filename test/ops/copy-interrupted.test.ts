import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSqliteDatabase } from '../../bench/copy-data.js';
import { copyDatabase } from '../../ops/copy.js';
import { openDatabase } from '../../ops/connection.js';
import { describeTables, quote } from '../../ops/tables.js';
import { createTestDatabase, TEST_DB, TEST_PG_URL, type TestDatabase } from '../../devkit/database.js';
import { ensureBuilt } from '../helpers/build.js';
import { ROOT, cleanEnv, runCli, textSink, type CliRun } from './helpers.js';

const ROWS = 200_000;

/**
 * Runs `db copy` and, as soon as the first table is reported done, does `interrupt` to it (kill -9, or cut
 * its connection): the copy is then mid-way, with most tables still to go.
 */
function copyInterrupted(from: string, to: string, interrupt: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/server/cli/db.js'), 'copy', '--from', from, '--to', to], { env: cleanEnv() });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      if (!interrupted && /^users .* done$/m.test(stdout)) {
        interrupted = true;
        interrupt(child).catch(reject);
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const db = await openDatabase(url);
  try {
    const counts: Record<string, number> = {};
    for (const table of describeTables(db.dataSource)) {
      const [row] = await db.dataSource.query(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      counts[table.name] = Number(row.n);
    }
    return counts;
  } finally {
    await db.close();
  }
}

const allZero = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 0);

describe('an interrupted copy leaves the target as it was, and the same command completes it', () => {
  let sqliteSource: TestDatabase;
  let source: TestDatabase;
  const targets: TestDatabase[] = [];

  beforeAll(async () => {
    ensureBuilt();
    sqliteSource = await createTestDatabase('sqlite');
    await generateSqliteDatabase(sqliteSource.target.kind === 'sqlite' ? sqliteSource.target.path : '', ROWS);
    if (TEST_DB === 'postgres') {
      // PostgreSQL → SQLite: the source is a PostgreSQL database holding the same rows.
      source = await createTestDatabase('postgres');
      await copyDatabase({ from: sqliteSource.url, to: source.url, verify: false, out: textSink() });
    } else {
      source = sqliteSource;
    }
  }, 120_000);
  afterAll(async () => {
    for (const t of targets) await t.drop();
    if (source !== sqliteSource) await source?.drop();
    await sqliteSource?.drop();
  });

  it(`kill -9 in the middle of ${TEST_DB === 'postgres' ? 'PostgreSQL → SQLite' : 'SQLite → PostgreSQL'}, then the same command`, async () => {
    const target = await createTestDatabase(TEST_DB === 'postgres' ? 'sqlite' : 'postgres');
    targets.push(target);
    const killed = await copyInterrupted(source.url, target.url, async (child) => void child.kill('SIGKILL'));
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toMatch(/^users .* done$/m);
    expect(killed.stdout).not.toContain('committed');
    expect(allZero(await rowCounts(target.url))).toBe(true);

    const again = await runCli('db', ['copy', '--from', source.url, '--to', target.url]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`copied ${ROWS.toLocaleString('en-US')} rows`);
    expect(again.stdout).toContain('verify: OK');
  });

  it('the PostgreSQL target going away mid-copy: nothing committed, the message says so, the re-run completes', async () => {
    const target = await createTestDatabase('postgres');
    targets.push(target);
    const name = new URL(target.url).pathname.slice(1);
    const cut = await copyInterrupted(sqliteSource.url, target.url, async () => {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      await admin.end();
    });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/the copy stopped at .*\nNothing was committed: the target is as it was before/);
    expect(allZero(await rowCounts(target.url))).toBe(true);

    const again = await runCli('db', ['copy', '--from', sqliteSource.url, '--to', target.url]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('verify: OK');
  });
});
