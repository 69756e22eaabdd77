import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES_IN_FK_ORDER } from '../../entities/index.js';
import { createTestDatabase, type TestDatabase } from '../../devkit/database.js';
import { ensureBuilt } from '../helpers/build.js';
import { describePostgresOnly } from '../helpers/postgres-only.js';

const root = path.resolve(__dirname, '../..');
const main = path.join(root, 'dist', 'server', 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startProcess(cwd: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [main], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitReady(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not become ready');
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

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
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-start-'));
    const port = await freePort();
    // PORT only because 8000 may be taken on the test machine; nothing else is configured.
    const { child, output } = startProcess(cwd, { PORT: String(port) });
    try {
      await waitReady(port);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const tables = await sqliteTables(path.join(cwd, 'data', 'bot.sqlite'));
      for (const table of [...TABLES_IN_FK_ORDER, 'migration_history']) expect(tables).toContain(table);
      expect(output()).toContain('BOT_TOKEN is not set: the bot is off');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('stops the boot with one line naming a wrong variable', async () => {
    const { child, output } = startProcess(os.tmpdir(), { PORT: 'abc' });
    expect(await exitOf(child)).toBe(2);
    expect(output().trim()).toBe('Configuration error: PORT must be a port number (0–65535), got "abc"');
  });

  // The URL forms are PostgreSQL's own concern: this runs against PostgreSQL, in the PostgreSQL pass only.
  describePostgresOnly('on PostgreSQL by URL', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
    });
    afterAll(async () => database?.drop());

    it('accepts the seed’s postgresql+asyncpg:// URL and serves', async () => {
      const port = await freePort();
      const url = database.url.replace(/^postgresql:/, 'postgresql+asyncpg:');
      const { child } = startProcess(os.tmpdir(), { PORT: String(port), DATABASE_URL: url });
      try {
        await waitReady(port);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exitOf(child)).toBe(0);
    });
  });
});
