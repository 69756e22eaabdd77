import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Update } from 'telegraf/types';
import type { Database } from '../domain/database.js';
import type { Config } from './config.js';
import { probeRoutes } from './routes/probes.js';
import { webhookRoutes } from './routes/webhook.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Database;
  /** Feeds one update to the bot; null when the bot is off. */
  handleUpdate: ((update: Update) => Promise<void>) | null;
  /** Mounts more routes (the admin) before the server is ready. */
  extraPlugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

/** The Fastify instance: probes, the Telegram webhook and (when given) the admin, one concern a plugin. */
export async function buildApp({ config, logger, db, handleUpdate, extraPlugins = [] }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    // Let in-flight requests finish on close, but do not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
  });

  // On shutdown, answers still in flight close their connection, so close() does not wait on keep-alive.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'Internal Server Error' });
    }
    return reply.code(status).send({ error: error.message });
  });

  await app.register(probeRoutes, { dataSource: db.dataSource });
  await app.register(webhookRoutes, { db, secret: config.webhookSecret, handleUpdate });
  for (const plugin of extraPlugins) await plugin(app);
  return app;
}
