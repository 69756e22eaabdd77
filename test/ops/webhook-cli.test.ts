import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ALLOWED_UPDATES, WEBHOOK_MAX_CONNECTIONS } from '../../server/webhook-setup.js';
import { FakeBotApi } from '../../devkit/fake-bot-api.js';
import { TEST_BOT_TOKEN, TEST_WEBHOOK_SECRET } from '../../devkit/service.js';
import { ensureBuilt } from '../helpers/build.js';
import { runCli } from './helpers.js';

describe('npm run webhook -- set | info | delete (against the fake Bot API)', () => {
  let api: FakeBotApi;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'cbot-webhook-'));
  const env = () => ({
    BOT_TOKEN: TEST_BOT_TOKEN,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    PUBLIC_URL: 'https://bot.example.org/',
    TELEGRAM_API_ROOT: api.apiRoot,
  });

  beforeAll(() => ensureBuilt());
  // A fresh fake Bot API per test: each test sets up the webhook it reads and counts only its own calls.
  beforeEach(async () => {
    api = await new FakeBotApi().start();
  });
  afterEach(async () => {
    await api?.stop();
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
  /** `npm run webhook -- set`, which info and delete need first. */
  const set = async () => {
    const run = await runCli('webhook', ['set'], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
  };

  it('set: the URL under PUBLIC_URL, the secret, the update kinds the bot handles and max_connections', async () => {
    const run = await runCli('webhook', ['set'], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(api.webhook).toEqual({
      url: 'https://bot.example.org/telegram/webhook',
      secret_token: TEST_WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
      max_connections: WEBHOOK_MAX_CONNECTIONS,
    });
    expect(api.callsOf('setWebhook')[0].token).toBe(TEST_BOT_TOKEN);
    expect(run.stdout).toContain('webhook set: https://bot.example.org/telegram/webhook');
    expect(run.stdout + run.stderr).not.toContain(TEST_WEBHOOK_SECRET);
    expect(run.stdout + run.stderr).not.toContain(TEST_BOT_TOKEN);
  });

  it('info: shows what Telegram has, readably', async () => {
    await set();
    const run = await runCli('webhook', ['info'], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/url:\s+https:\/\/bot\.example\.org\/telegram\/webhook/);
    expect(run.stdout).toMatch(/pending updates:\s+0/);
    expect(run.stdout).toMatch(/max connections:\s+40/);
    expect(run.stdout).toMatch(/allowed updates:\s+message, edited_message, callback_query, my_chat_member/);
  });

  it('delete: removes it, and info then says no webhook is set', async () => {
    await set();
    const run = await runCli('webhook', ['delete'], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(api.webhook).toBeNull();
    expect(api.callsOf('deleteWebhook')).toHaveLength(1);
    const info = await runCli('webhook', ['info'], { cwd, env: env() });
    expect(info.stdout).toContain('No webhook is set: Telegram is not sending updates. Run `npm run webhook -- set`.');
  });

  it('refuses a plain-http PUBLIC_URL and a missing secret with a clear message', async () => {
    const http = await runCli('webhook', ['set'], { cwd, env: { ...env(), PUBLIC_URL: 'http://bot.example.org' } });
    expect(http.code).toBe(1);
    expect(http.stderr).toContain('PUBLIC_URL must start with https://');
    const noSecret = await runCli('webhook', ['set'], { cwd, env: { ...env(), WEBHOOK_SECRET: '' } });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toContain('WEBHOOK_SECRET is not set');
    expect(api.callsOf('setWebhook')).toHaveLength(0);
  });
});
