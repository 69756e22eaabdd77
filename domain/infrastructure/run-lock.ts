import type { Database } from './database.js';

/**
 * Runs `work` in one process at a time across processes: PostgreSQL's session advisory lock `key`, on a
 * connection of its own for the run (a process killed mid-way drops its connection and with it the lock).
 * Another process that finds it taken skips this run. SQLite serves one process: `work` just runs.
 */
export async function runOnce<T>(db: Database, key: number, work: () => Promise<T>): Promise<T | null> {
  if (!db.isPostgres) return work();
  const runner = db.dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [row] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (row?.locked !== true) return null;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release().catch(() => undefined);
  }
}
