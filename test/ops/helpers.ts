import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { createDataSource, type MigrationClass } from '../../db/data-source.js';
import { openDatabase } from '../../ops/connection.js';
import { verifyDatabases, type VerifyResult } from '../../ops/verify.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OTHER = { sqlite: 'postgres', postgres: 'sqlite' } as const;

/** A fresh test database with every migration applied (or the given ones), and its data source open. */
export async function migratedDatabase(kind: 'sqlite' | 'postgres', migrations?: MigrationClass[]): Promise<{ database: TestDatabase; dataSource: DataSource }> {
  const database = await createTestDatabase(kind);
  const dataSource = createDataSource({ database: database.target, migrations });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return { database, dataSource };
}

/** Collects what a command writes (an `out` for copyDatabase). */
export function textSink(): { write(text: string): boolean; text(): string } {
  const parts: string[] = [];
  return { write: (text: string) => (parts.push(text), true), text: () => parts.join('') };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a compiled CLI (`db` or `webhook`) to completion. */
export function runCli(cli: 'db' | 'webhook', args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return runProcess(process.execPath, [path.join(ROOT, 'dist', 'server', 'cli', `${cli}.js`), ...args], options);
}

export function runProcess(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...cleanEnv(), ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The test process's environment without the application's variables (no stray DATABASE_URL or token). */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(DATABASE_URL|BOT_TOKEN|WEBHOOK_SECRET|PUBLIC_URL|TELEGRAM_API_ROOT|NODE_ENV|SESSION_SECRET|VITEST.*|TEST_.*)$/.test(key)) env[key] = value;
  }
  return env;
}

/** `verify` between two URLs, in-process. */
export async function verifyUrls(from: string, to: string): Promise<VerifyResult> {
  const source = await openDatabase(from);
  const target = await openDatabase(to);
  try {
    return await verifyDatabases(source, target);
  } finally {
    await source.close();
    await target.close();
  }
}
