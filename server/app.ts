import http from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Database } from '../domain/infrastructure/database.js';
import type { Config, TrustProxy } from './config.js';
import { privacyRoutes } from './routes/privacy.js';
import { probeRoutes } from './routes/probes.js';
import { webhookRoutes, type WebhookOptions } from './routes/webhook.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Database;
  /** Feeds one update to the bot; null when the bot is off. */
  handleUpdate: WebhookOptions['handleUpdate'];
  /** Mounts more routes (the admin) before the server is ready. */
  extraPlugins?: Array<(app: FastifyInstance) => Promise<void>>;
  /** How long a client may take to send its request (tests shorten them). */
  timeouts?: RequestTimeouts;
}

export interface RequestTimeouts {
  /** The whole request, headers and body, must arrive within this time, or the connection is closed. */
  requestMs: number;
  /** The headers must arrive within this time. */
  headersMs: number;
  /** How often Node checks the two above (its default, 30 s, would let a slow client stay twice as long). */
  checkIntervalMs: number;
}

/**
 * A slow client (one byte every few seconds, on purpose or not) must not hold a connection open: Telegram
 * sends an update in one go and a login form is tiny, so 30 s for a whole request is plenty.
 */
export const DEFAULT_TIMEOUTS: RequestTimeouts = { requestMs: 30_000, headersMs: 15_000, checkIntervalMs: 1_000 };

/** Fastify's trustProxy: a hop count becomes "trust the N nearest hops", never every hop. */
function trustProxyOption(trust: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust;
}

/** The Fastify instance: probes, the Telegram webhook and (when given) the admin, one concern a plugin. */
export async function buildApp({ config, logger, db, handleUpdate, extraPlugins = [], timeouts = DEFAULT_TIMEOUTS }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: trustProxyOption(config.trustProxy),
    serverFactory: (handler) =>
      http.createServer({ requestTimeout: timeouts.requestMs, headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs }, handler),
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
  await app.register(webhookRoutes, { secret: config.webhookSecret, handleUpdate });
  await app.register(privacyRoutes, { db, timeZone: config.tzDisplay });
  for (const plugin of extraPlugins) await plugin(app);
  return app;
}
