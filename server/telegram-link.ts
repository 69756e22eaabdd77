import type { Config } from './config.js';
import type { Service } from './service.js';
import { startPolling } from './polling.js';
import { setWebhook } from './webhook-setup.js';

/**
 * After the server listens: how updates reach the bot. Polling only when chosen (it deletes the webhook);
 * otherwise the webhook, set on boot when asked to (WEBHOOK_AUTO_SET) — a failure there is logged, not fatal.
 */
export async function linkToTelegram(service: Service, config: Config): Promise<'polling' | 'webhook-set' | 'webhook' | 'off'> {
  const { bot, pipeline, logger } = service;
  if (!bot || !pipeline) return 'off';
  if (config.botMode === 'polling') {
    logger.warn('BOT_MODE=polling: the webhook is deleted and updates are fetched with getUpdates');
    const polling = startPolling(bot, pipeline, logger);
    service.onClose(() => polling.stop());
    return 'polling';
  }
  if (config.webhookAutoSet && config.publicUrl) {
    try {
      const url = await setWebhook(bot.telegram, config);
      logger.info({ url }, 'webhook set');
      return 'webhook-set';
    } catch (error) {
      logger.error({ err: error }, 'setWebhook failed; run `npm run webhook -- set` once Telegram is reachable');
      return 'webhook';
    }
  }
  if (!config.publicUrl) {
    logger.info('PUBLIC_URL is not set: Telegram cannot reach the webhook. For local development use BOT_MODE=polling.');
  }
  return 'webhook';
}
