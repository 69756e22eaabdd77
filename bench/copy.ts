import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../db/data-source.js';
import { openDatabase } from '../ops/connection.js';
import { copyDatabase, type CopyResult } from '../ops/copy.js';
import { verifyDatabases } from '../ops/verify.js';
import { adminQuery } from '../devkit/database.js';
import { generateSqliteDatabase } from './copy-data.js';
import type { BenchSuite } from './suites.js';
import { printTable } from './table.js';

const ROWS = Number(process.env.BENCH_COPY_ROWS ?? 1_000_000);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PGLOADER_TIMEOUT_MS = 10 * 60_000;
/** Runs of each tool, alternating, so that a busy moment on the machine does not decide the comparison. */
const RUNS = Number(process.env.BENCH_COPY_RUNS ?? 2);

const admin = (sql: string) => adminQuery(sql, PG_URL);

function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const perSecond = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en-US');

async function freshMigratedDatabase(name: string): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  const dataSource = createDataSource({ database: { kind: 'postgres', url } });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return url;
}

async function verifySeconds(from: string, to: string): Promise<{ ok: boolean; seconds: number }> {
  const source = await openDatabase(from);
  const target = await openDatabase(to);
  try {
    const result = await verifyDatabases(source, target);
    return { ok: result.ok, seconds: result.seconds };
  } finally {
    await source.close();
    await target.close();
  }
}

function pgloaderAvailable(): boolean {
  return spawnSync('pgloader', ['--version'], { encoding: 'utf8' }).status === 0;
}

/**
 * pgloader on the same file, data only, into a schema our migrations made (the load file STACK-NOTES found
 * to work). It drops the target's foreign keys during the load and restores them at the end.
 */
function runPgloader(file: string, url: string, dir: string): { seconds: number; ok: boolean; output: string } {
  const load = path.join(dir, 'bench.load');
  const target = new URL(url);
  fs.writeFileSync(
    load,
    `load database\n  from sqlite://${file}\n  into postgresql://${target.username || 'postgres'}@${target.hostname}:${target.port || 5432}${target.pathname}\n` +
      `  with create no tables, data only, reset sequences\n  excluding table names like 'migration_history';\n`,
  );
  const started = Date.now();
  const run = spawnSync('pgloader', [load], { encoding: 'utf8', timeout: PGLOADER_TIMEOUT_MS, cwd: dir });
  return { seconds: (Date.now() - started) / 1000, ok: run.status === 0, output: `${run.stdout}\n${run.stderr}` };
}

export const copySuite: BenchSuite = {
  name: 'copy',
  description: `db copy of a ${ROWS.toLocaleString('en-US')}-row SQLite database to PostgreSQL with verification, beside pgloader`,
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-bench-copy-'));
    const file = path.join(dir, 'bench.sqlite');
    const ours = `bench_copy_ours_${process.pid}`;
    const theirs = `bench_copy_pgloader_${process.pid}`;
    try {
      let started = Date.now();
      const counts = await generateSqliteDatabase(file, ROWS);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      console.log(`generated ${total.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)\n`);

      const rows: Array<Array<string | number>> = [];
      const withPgloader = pgloaderAvailable();
      if (!withPgloader) console.log('pgloader is not installed (Debian package `pgloader`): only our copy is measured.\n');
      let best: CopyResult | null = null;
      for (let run = 1; run <= RUNS; run++) {
        await admin(`DROP DATABASE IF EXISTS "${ours}" WITH (FORCE)`);
        await admin(`CREATE DATABASE "${ours}"`);
        started = Date.now();
        const result = await copyDatabase({ from: `sqlite:${file}`, to: databaseUrl(ours), out: { write: () => true } });
        const wall = (Date.now() - started) / 1000;
        if (!best || result.copySeconds < best.copySeconds) best = result;
        rows.push([
          `db copy, run ${run} (COPY, one transaction, FKs kept)`,
          result.rows.toLocaleString('en-US'),
          result.copySeconds.toFixed(1),
          perSecond(result.rows, result.copySeconds),
          result.verify!.ok ? 'OK' : 'FAILED',
          result.verify!.seconds.toFixed(1),
          wall.toFixed(1),
        ]);
        if (!withPgloader) continue;
        const url = await freshMigratedDatabase(theirs);
        const loaded = runPgloader(file, url, dir);
        if (!loaded.ok) console.log(`pgloader failed:\n${loaded.output.slice(-2000)}`);
        const check = await verifySeconds(`sqlite:${file}`, url);
        rows.push([
          `pgloader, run ${run} (FKs dropped during the load)`,
          total.toLocaleString('en-US'),
          loaded.seconds.toFixed(1),
          perSecond(total, loaded.seconds),
          check.ok ? 'OK' : 'FAILED',
          check.seconds.toFixed(1),
          (loaded.seconds + check.seconds).toFixed(1),
        ]);
      }
      console.log('db copy, per table (fastest run):');
      printTable(
        ['table', 'rows', 'seconds', 'rows/s'],
        best!.timings.filter((t) => t.rows > 0).map((t) => [t.table, t.rows.toLocaleString('en-US'), t.seconds.toFixed(2), perSecond(t.rows, t.seconds)]),
      );
      console.log('');
      printTable(['tool', 'rows', 'copy s', 'rows/s', 'verify', 'verify s', 'wall s'], rows);
      console.log(
        `\n(load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; pgloader's copy s is its whole run; wall s is ours end to end: migrate the target, copy, verify — pgloader's is load + verify.)`,
      );
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${ours}" WITH (FORCE)`);
      await admin(`DROP DATABASE IF EXISTS "${theirs}" WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
