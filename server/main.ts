import 'reflect-metadata';
import { ConfigError, loadConfig } from './config.js';
import { createService } from './service.js';
import { setWebhook } from './webhook-setup.js';

/** `npm start`: load config, open the database (migrations run), serve, and shut down gracefully. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const service = await createService(config);
  const { app, logger } = service;

  await app.listen({ host: config.host, port: config.port });

  if (service.bot && config.botMode === 'polling') {
    // Local development without a public HTTPS host. Chosen explicitly only: polling deletes the webhook.
    logger.warn('BOT_MODE=polling: the webhook is deleted and updates are fetched with getUpdates');
    void service.bot.launch({ dropPendingUpdates: false }).catch((error) => logger.error({ err: error }, 'polling stopped'));
  } else if (service.bot && config.webhookAutoSet && config.publicUrl) {
    await setWebhook(service.bot.telegram, config).then(
      (url) => logger.info({ url }, 'webhook set'),
      (error) => logger.error({ err: error }, 'setWebhook failed; run `npm run webhook -- set` once Telegram is reachable'),
    );
  } else if (service.bot && !config.publicUrl) {
    logger.info('PUBLIC_URL is not set: Telegram cannot reach the webhook. For local development use BOT_MODE=polling.');
  }

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      const force = setTimeout(() => process.exit(1), 25_000).unref();
      service.close().then(
        () => {
          clearTimeout(force);
          logger.info('stopped');
          process.exit(0);
        },
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error) => {
  console.error(`Startup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
