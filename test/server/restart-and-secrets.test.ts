import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestUser } from '../../devkit/conversation.js';
import { startTestService, TEST_BOT_TOKEN, TEST_WEBHOOK_SECRET, type TestService } from '../../devkit/service.js';

describe('restart', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService();
  });
  afterAll(async () => h?.close());

  it('keeps data across a restart of the server', async () => {
    const user = new TestUser(() => h, { id: 3001, first_name: 'Пётр', username: 'petr', language_code: 'ru' });
    await user.send('/start');
    h = await h.restart();
    const rows = await h.service.db.query<{ telegram_id: number | string; first_name: string | null; username: string | null }>(
      'SELECT telegram_id, first_name, username FROM users WHERE telegram_id = $1',
      [3001],
    );
    expect(rows.map((r) => [Number(r.telegram_id), r.first_name, r.username])).toEqual([[3001, 'Пётр', 'petr']]);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  });
});

describe('secrets in logs', () => {
  let h: TestService;
  beforeAll(async () => {
    h = await startTestService({ env: { LOG_LEVEL: 'debug', ADMIN_PASSWORD: 'admin-password-never-logged' } });
  });
  afterAll(async () => h?.close());

  it('never logs the token, the webhook secret, the session secret or passwords — also when the Bot API is unreachable', async () => {
    const user = new TestUser(() => h, { id: 3002, first_name: 'Vera' });
    await user.send('/start');
    // Make every Bot API call fail at the network level: error messages then carry the request URL with the token.
    // (/help's answer is a request of the service's own; /start's greeting would ride on the webhook's response.)
    await h.api.stop();
    expect(await user.send('/help')).toBe(200);
    await h.postUpdate({ update_id: 1 }, { 'x-telegram-bot-api-secret-token': 'wrong' });
    const text = h.logs.text();
    expect(h.logs.lines.some((l) => l.level >= 50)).toBe(true); // the failure was logged…
    for (const secret of [TEST_BOT_TOKEN, TEST_BOT_TOKEN.split(':')[1], TEST_WEBHOOK_SECRET, h.config.sessionSecret, 'admin-password-never-logged']) {
      expect(text).not.toContain(secret); // …without the secrets
    }
    await h.api.start();
  });
});
