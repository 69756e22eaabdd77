import { afterEach, describe, expect, it } from 'vitest';
import { pruneProcessedUpdates, PROCESSED_UPDATE_RETENTION_MS } from '../../domain/infrastructure/processed-updates.js';
import { linkToTelegram } from '../../server/telegram-link.js';
import { TestUser } from '../../devkit/conversation.js';
import { startTestService, TEST_WEBHOOK_SECRET, type TestService } from '../../devkit/service.js';

describe('service lifecycle', () => {
  let h: TestService | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('finishes an in-flight update before closing the pool on shutdown', async () => {
    h = await startTestService();
    const user = new TestUser(() => h!, { id: 4001, first_name: 'Slow' });
    // /help answers with a request of its own (a greeting would ride on the webhook's response), held 500 ms.
    h.api.delayNext('sendMessage', 500);
    const inFlight = user.send('/help');
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
    await h.stop();
    expect(await inFlight).toBe(200);
    expect(h.api.messagesTo(4001)).toHaveLength(1);
  });

  it('prunes processed update ids older than 7 days, keeping recent ones', async () => {
    h = await startTestService();
    const db = h.service.db;
    const old = new Date(Date.now() - PROCESSED_UPDATE_RETENTION_MS - 60_000);
    await db.write((m) => db.query('INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2), ($3, $4)', [1, db.date(old), 2, db.date(new Date())], m));
    await pruneProcessedUpdates(db);
    const left = await db.query<{ update_id: number | string }>('SELECT update_id FROM processed_updates ORDER BY update_id');
    expect(left.map((r) => Number(r.update_id))).toEqual([2]);
  });

  it('sets the webhook on boot with WEBHOOK_AUTO_SET and PUBLIC_URL', async () => {
    h = await startTestService({ env: { PUBLIC_URL: 'https://bot.example.org/', WEBHOOK_AUTO_SET: 'true' } });
    expect(await linkToTelegram(h.service, h.config)).toBe('webhook-set');
    expect(h.api.webhook).toMatchObject({ url: 'https://bot.example.org/telegram/webhook', secret_token: TEST_WEBHOOK_SECRET });
    expect(h.api.webhook?.allowed_updates).toEqual(expect.arrayContaining(['message', 'callback_query']));
  });

  it('keeps serving when setWebhook fails on boot', async () => {
    h = await startTestService({ env: { PUBLIC_URL: 'https://bot.example.org', WEBHOOK_AUTO_SET: 'true' } });
    h.api.failNext('setWebhook', { status: 400, description: 'Bad Request: bad webhook: Failed to resolve host' });
    expect(await linkToTelegram(h.service, h.config)).toBe('webhook');
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('polls only when BOT_MODE=polling, deleting the webhook first', async () => {
    h = await startTestService({ env: { BOT_MODE: 'polling' } });
    expect(await linkToTelegram(h.service, h.config)).toBe('polling');
    await h.api.waitFor((calls) => calls.some((c) => c.method === 'getUpdates'));
    const methods = h.api.calls.map((c) => c.method);
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
  });

  it('does not touch Telegram on boot in webhook mode without PUBLIC_URL', async () => {
    h = await startTestService();
    expect(await linkToTelegram(h.service, h.config)).toBe('webhook');
    expect(h.api.calls).toEqual([]);
  });
});
