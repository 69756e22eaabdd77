import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTarget, parseDatabaseUrl, redactDatabaseUrl } from '../../db/database-url.js';

const cwd = '/srv/bot';

describe('DATABASE_URL forms', () => {
  it.each([
    ['sqlite:./data/bot.sqlite', '/srv/bot/data/bot.sqlite'],
    ['sqlite:data/bot.sqlite', '/srv/bot/data/bot.sqlite'],
    ['sqlite:/var/lib/bot.sqlite', '/var/lib/bot.sqlite'],
    ['sqlite://./data/bot.sqlite', '/srv/bot/data/bot.sqlite'],
    ['sqlite://data/bot.sqlite', '/srv/bot/data/bot.sqlite'],
    ['sqlite:///./bot_database.db', '/srv/bot/bot_database.db'],
    ['sqlite:///bot_database.db', '/srv/bot/bot_database.db'],
    ['sqlite:////var/lib/bot/bot.db', '/var/lib/bot/bot.db'],
    ['sqlite+aiosqlite:///./bot_database.db', '/srv/bot/bot_database.db'],
    ['sqlite+aiosqlite:////abs/bot.db', '/abs/bot.db'],
    ['SQLITE:./x.db', '/srv/bot/x.db'],
  ])('%s → SQLite file %s', (url, file) => {
    expect(parseDatabaseUrl(url, cwd)).toEqual({ kind: 'sqlite', path: path.normalize(file) });
  });

  it.each([
    ['postgres://u:p@db:5432/bot', 'postgresql://u:p@db:5432/bot'],
    ['postgresql://u:p@db:5432/bot', 'postgresql://u:p@db:5432/bot'],
    ['postgresql+asyncpg://usn_bot:secure_password@postgres:5432/usn_bot_db', 'postgresql://usn_bot:secure_password@postgres:5432/usn_bot_db'],
    ['postgresql://postgres@127.0.0.1/test?sslmode=disable', 'postgresql://postgres@127.0.0.1/test?sslmode=disable'],
  ])('%s → PostgreSQL', (url, normalized) => {
    expect(parseDatabaseUrl(url, cwd)).toEqual({ kind: 'postgres', url: normalized });
  });

  it.each([
    ['mysql://root@localhost/db', /must start with sqlite: or postgresql:\/\/.*got "mysql:"/],
    ['mongodb+srv://x/y', /got "mongodb\+srv:"/],
    ['./data/bot.sqlite', /got no scheme/],
    ['sqlite:', /must name a SQLite file/],
    ['sqlite::memory:', /must name a SQLite file/],
  ])('%s is refused with a clear message', (url, message) => {
    expect(() => parseDatabaseUrl(url, cwd)).toThrow(message);
  });

  it('never repeats a password in its messages or descriptions', () => {
    expect(redactDatabaseUrl('postgresql://bot:s3cr3t@db:5432/bot')).toBe('postgresql://bot:***@db:5432/bot');
    const target = parseDatabaseUrl('postgresql+asyncpg://bot:s3cr3t@db/bot', cwd);
    expect(describeTarget(target)).not.toContain('s3cr3t');
    expect(() => parseDatabaseUrl('oracle://bot:s3cr3t@db/bot', cwd)).toThrow(/^(?!.*s3cr3t)/);
  });
});
