import 'reflect-metadata';
import './heap-settings.js';
import { ConfigError, loadConfig } from './config.js';
import { makeScrubber } from './logger.js';
import { createService } from './service.js';
import { linkToTelegram } from './telegram-link.js';

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

  await linkToTelegram(service, config);

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
  const scrub = makeScrubber([process.env.BOT_TOKEN ?? '', process.env.WEBHOOK_SECRET ?? '', process.env.SESSION_SECRET ?? '', process.env.ADMIN_PASSWORD ?? '']);
  console.error(`Startup failed: ${scrub(error instanceof Error ? error.message : String(error))}`);
  process.exit(1);
});
