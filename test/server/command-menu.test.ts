import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../../devkit/fake-bot-api.js';
import { TEST_BOT_TOKEN, TEST_WEBHOOK_SECRET } from '../../devkit/service.js';
import { setWebhook } from '../../server/webhook-setup.js';

// issue 11: setting the webhook (npm run webhook -- set, or WEBHOOK_AUTO_SET) also sets Telegram's "/" menu,
// per language, for private chats.
describe('the command menu', () => {
  let api: FakeBotApi;
  beforeAll(async () => {
    api = await new FakeBotApi().start();
  });
  afterAll(async () => api?.stop());

  it('is set in English by default and in Russian for the languages the bot answers in Russian, private chats only, with the webhook', async () => {
    const telegram = new Telegram(TEST_BOT_TOKEN, { apiRoot: api.apiRoot });
    await setWebhook(telegram, { publicUrl: 'https://bot.example.org', webhookSecret: TEST_WEBHOOK_SECRET });
    const calls = api.callsOf('setMyCommands').map((c) => ({
      language: c.params.language_code ?? null,
      scope: typeof c.params.scope === 'string' ? JSON.parse(c.params.scope) : c.params.scope,
      commands: (typeof c.params.commands === 'string' ? JSON.parse(c.params.commands) : c.params.commands) as Array<{ command: string; description: string }>,
    }));
    expect(calls.map((c) => c.language)).toEqual([null, 'ru', 'tt', 'ba', 'cv', 'ce', 'os', 'be', 'uk', 'kk', 'ky', 'uz', 'tg', 'tk', 'az', 'hy', 'ka']);
    for (const call of calls) {
      expect(call.scope).toEqual({ type: 'all_private_chats' });
      expect(call.commands.map((c) => c.command)).toEqual(['start', 'menu', 'help', 'cancel', 'language']);
    }
    expect(calls[0].commands[2].description).toBe('Help');
    expect(calls[1].commands[1].description).toBe('Главное меню');
    expect(calls[1].commands[2].description).toBe('Справка');
    expect(calls[8].commands[2].description).toBe('Справка');
  });
});
