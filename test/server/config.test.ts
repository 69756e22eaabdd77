import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig, withDotEnv } from '../../server/config.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-config-'));

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env, tmp());
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs with no configuration at all: SQLite under ./data, port 8000, webhook mode', () => {
    const dir = tmp();
    const config = loadConfig({}, dir);
    expect(config.database).toEqual({ kind: 'sqlite', path: path.join(dir, 'data', 'bot.sqlite') });
    expect(config.port).toBe(8000);
    expect(config.host).toBe('0.0.0.0');
    expect(config.botMode).toBe('webhook');
    expect(config.pgPoolSize).toBe(10);
    expect(config.pgMaxOverflow).toBe(20);
    expect(config.broadcastRate).toBe(25);
    expect(config.tzDisplay).toBe('Europe/Moscow');
    expect(config.telegramApiRoot).toBe('https://api.telegram.org');
  });

  it('keeps a generated session secret under ./data in development, so sessions survive restarts', () => {
    const dir = tmp();
    const first = loadConfig({}, dir);
    const second = loadConfig({}, dir);
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(fs.existsSync(path.join(dir, 'data', 'session-secret'))).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a port number (0–65535), got "abc"'],
    [{ PG_POOL_SIZE: '0' }, 'PG_POOL_SIZE must be a whole number ≥ 1, got "0"'],
    [{ PG_MAX_OVERFLOW: 'many' }, 'PG_MAX_OVERFLOW must be a whole number ≥ 0, got "many"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of ["fatal","error","warn","info","debug","trace","silent"], got "loud"'],
    [{ BOT_MODE: 'push' }, 'BOT_MODE must be one of ["webhook","polling"], got "push"'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY must be false, true (one proxy hop), a hop count from 1 to 10, or the proxy\'s addresses (e.g. 10.0.0.2,172.18.0.0/16), got "maybe"'],
    [{ TZ_DISPLAY: 'Mars/Olympus' }, 'TZ_DISPLAY must be an IANA time zone such as Europe/Moscow, got "Mars/Olympus"'],
    [{ PUBLIC_URL: 'bot.example.org' }, 'PUBLIC_URL must be an http(s) URL such as https://bot.example.org, got "bot.example.org"'],
    [{ DATABASE_URL: 'mysql://root@db/bot' }, 'DATABASE_URL must start with sqlite: or postgresql:// (postgres://, postgresql+asyncpg://), got "mysql:"'],
    [{ WEBHOOK_SECRET: 'has spaces!' }, 'WEBHOOK_SECRET must be 1–256 characters of A-Z, a-z, 0-9, _ and -'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 characters long'],
    [{ ADMIN_EMAIL: 'p</script><script>alert(1)</script>@x.test' }, 'ADMIN_EMAIL must be an e-mail address, got "p</script><script>alert(1)</script>@x.test"'],
    [{ ADMIN_EMAIL: '"<b>"@example.org' }, 'ADMIN_EMAIL must be an e-mail address, got "\\"<b>\\"@example.org"'],
    [{ NODE_ENV: 'production', WEBHOOK_SECRET: 'abc', SESSION_SECRET: 'x'.repeat(32) }, 'BOT_TOKEN is required when NODE_ENV=production'],
    [{ NODE_ENV: 'production', BOT_TOKEN: '1:a', SESSION_SECRET: 'x'.repeat(32) }, 'WEBHOOK_SECRET is required when NODE_ENV=production'],
    [{ NODE_ENV: 'production', BOT_TOKEN: '1:a', WEBHOOK_SECRET: 'abc' }, 'SESSION_SECRET is required when NODE_ENV=production'],
    [
      { NODE_ENV: 'production', BOT_TOKEN: '1:a', WEBHOOK_SECRET: 'abc', SESSION_SECRET: 'x'.repeat(32), PRIVACY_CONTACT: 'dpo@example.org' },
      'PRIVACY_OPERATOR is required when NODE_ENV=production',
    ],
    [
      { NODE_ENV: 'production', BOT_TOKEN: '1:a', WEBHOOK_SECRET: 'abc', SESSION_SECRET: 'x'.repeat(32), PRIVACY_OPERATOR: 'ООО «Ромашка», Москва' },
      'PRIVACY_CONTACT is required when NODE_ENV=production',
    ],
  ])('%o stops the boot: %s', (env, message) => {
    expect(errorOf(env as Record<string, string>)).toBe(message);
  });

  it('never puts a secret value in an error message', () => {
    const message = errorOf({ DATABASE_URL: 'oracle://bot:hunter2-secret@db/bot' });
    expect(message).not.toContain('hunter2-secret');
    expect(errorOf({ SESSION_SECRET: 'tooshort-secret' })).not.toContain('tooshort-secret');
  });

  it('reads .env, with real environment variables winning', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, '.env'), 'PORT=9100\nLOG_LEVEL=debug\n');
    const config = loadConfig(withDotEnv({ LOG_LEVEL: 'warn' }, dir), dir);
    expect(config.port).toBe(9100);
    expect(config.logLevel).toBe('warn');
  });

  it('trusts only the proxy in front: true is one hop, or a hop count, or the proxy addresses', () => {
    expect(loadConfig({}, tmp()).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }, tmp()).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }, tmp()).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 172.18.0.0/16' }, tmp()).trustProxy).toEqual(['10.0.0.2', '172.18.0.0/16']);
    expect(errorOf({ TRUST_PROXY: '0.0.0.0/0 OR 1' })).toMatch(/^TRUST_PROXY must be/);
  });

  it('reads reminder offsets, the phone region and the ticket secret, with defaults', () => {
    const defaults = loadConfig({}, tmp());
    expect(defaults.reminderOffsetsMs).toEqual([24 * 3_600_000, 3_600_000]);
    expect(defaults.phoneRegion).toBe('RU');
    // Unset TICKET_SECRET: derived from the session secret, never the session secret itself.
    expect(defaults.ticketSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(defaults.ticketSecret).not.toBe(defaults.sessionSecret);
    const ticketSecret = 'door-secret-0123456789-0123456789-abc';
    expect(defaults.waitlistOfferMs).toBe(12 * 3_600_000);
    const set = loadConfig({ REMINDER_OFFSETS: '1h, 2d,30m,1h', PHONE_REGION: 'by', TICKET_SECRET: ticketSecret, WAITLIST_OFFER: '90m' }, tmp());
    expect(set.reminderOffsetsMs).toEqual([2 * 86_400_000, 3_600_000, 30 * 60_000]);
    expect(set.waitlistOfferMs).toBe(90 * 60_000);
    expect(set.phoneRegion).toBe('BY');
    expect(set.ticketSecret).toBe(ticketSecret);
    expect(errorOf({ REMINDER_OFFSETS: '24 hours' })).toMatch(/^REMINDER_OFFSETS must be .* got "24 hours"/);
    expect(errorOf({ WAITLIST_OFFER: '0h' })).toMatch(/^WAITLIST_OFFER must be .* got "0h"/);
    expect(errorOf({ PHONE_REGION: 'Russia' })).toMatch(/^PHONE_REGION must be a two-letter country code/);
    const short = errorOf({ TICKET_SECRET: 'tooshort-ticket' });
    expect(short).toBe('TICKET_SECRET must be at least 32 characters long');
  });

  it('documents every variable in .env.example', () => {
    const example = fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
    for (const variable of CONFIG_VARIABLES) expect(example, variable).toMatch(new RegExp(`^#?\\s*${variable}=`, 'm'));
  });
});
