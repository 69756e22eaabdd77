import type { Logger } from 'pino';
import type { Update } from 'telegraf/types';
import type { Bot } from '../bot/index.js';
import type { UpdatePipeline } from '../bot/pipeline.js';
import { isDatabaseUnavailable } from '../domain/errors.js';

/** How long to wait before asking again after Telegram or the database failed (Telegram's retry_after wins). */
const RETRY_MS = 2_000;

/**
 * BOT_MODE=polling (development without a public HTTPS host): getUpdates feeds the same pipeline as the webhook
 * (bot/pipeline.ts) — the same turn, lease, user refresh and session write; Telegraf's own polling would skip them.
 * What the webhook answers Telegram maps onto the offset: an update that failed because the database was
 * unavailable (the webhook's 503) is not confirmed, so getUpdates hands it out again and it is processed then; the
 * call the webhook would have put in its answer is made here after the handler.
 */
export function startPolling(bot: Bot, pipeline: UpdatePipeline, logger: Logger): { stop(): Promise<void> } {
  const abort = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  async function handle(update: Update): Promise<'done' | 'retry'> {
    try {
      const { reply } = await pipeline.handle(update);
      if (reply) {
        const { method, ...params } = reply;
        await bot.telegram.callApi(method, params as never).catch((error: unknown) => logger.warn({ err: error, updateId: update.update_id }, `${method} failed`));
      }
      return 'done';
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        logger.warn({ err: error, updateId: update.update_id }, 'database unavailable or busy; the update is fetched again');
        return 'retry';
      }
      logger.error({ err: error, updateId: update.update_id }, 'update handling failed');
      return 'done';
    }
  }

  async function loop(): Promise<void> {
    let offset = 0;
    await bot.telegram.deleteWebhook({ drop_pending_updates: false });
    while (!abort.signal.aborted) {
      let updates: Update[];
      try {
        updates = await bot.telegram.callApi('getUpdates', { timeout: 50, offset, allowed_updates: [] }, { signal: abort.signal as never }); // Telegraf types its signal with the abort-controller package's class
      } catch (error) {
        if (abort.signal.aborted) break;
        const retryAfter = (error as { parameters?: { retry_after?: number } }).parameters?.retry_after;
        logger.warn({ err: error }, 'getUpdates failed; asking again');
        await pause(retryAfter ? retryAfter * 1000 : RETRY_MS);
        continue;
      }
      // Each update waits for its chat's turn in the pipeline, so a batch runs together and stays in order per chat.
      const outcomes = await Promise.all(updates.map(handle));
      const retry = updates.filter((_, i) => outcomes[i] === 'retry').map((u) => u.update_id);
      if (retry.length) {
        // Updates after the first to retry come again too: the done ones are answered as duplicates by their marks.
        offset = Math.min(...retry);
        await pause(RETRY_MS);
      } else if (updates.length) {
        offset = updates[updates.length - 1].update_id + 1;
      }
    }
    // Tells Telegram which updates were handled, so the next start does not get them again.
    if (offset) await bot.telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch(() => undefined);
  }

  const running = loop().catch((error: unknown) => logger.error({ err: error }, 'polling stopped'));
  return {
    async stop() {
      abort.abort();
      await running;
    },
  };
}
