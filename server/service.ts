import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { deliveryTasks, type SenderOptions } from '../bot/delivery.js';
import { createBot, fetchBotInfoInBackground, type Bot } from '../bot/index.js';
import { createUpdatePipeline, type UpdatePipeline } from '../bot/pipeline.js';
import { Database } from '../domain/infrastructure/database.js';
import { pruneProcessedUpdates } from '../domain/infrastructure/processed-updates.js';
import { expireOffers } from '../domain/offers.js';
import { markIncompleteTeamsOnce } from '../domain/teams.js';
import { purgeDueOnce } from '../domain/retention.js';
import { adminPlugin, type LoginLimits } from '../admin/index.js';
import { buildApp, type RequestTimeouts } from './app.js';
import { sealConsents } from '../domain/consents.js';
import { startBackgroundTasks, type BackgroundTask } from './background.js';
import type { Config } from './config.js';
import { createDataSource } from '../db/data-source.js';
import { describeTarget } from '../db/database-url.js';
import { createProductLogger } from './logger.js';
import { WEBHOOK_PATH } from './routes/webhook.js';

export interface Service {
  app: FastifyInstance;
  dataSource: DataSource;
  db: Database;
  bot: Bot | null;
  /** What every update goes through (webhook and polling); null when the bot is off. */
  pipeline: UpdatePipeline | null;
  logger: Logger;
  /** Stops accepting, finishes in-flight requests and background runs, closes the pool. */
  close(): Promise<void>;
  /** Registers something to stop before the pool closes (e.g. polling). */
  onClose(stop: () => unknown): void;
}

export interface ServiceOptions {
  /** A logger to use instead of a new one (tests capture logs this way). */
  logger?: Logger;
  /** Skip getMe at boot (tests give the bot identity). */
  botInfo?: Parameters<typeof createBot>[1];
  /** Turn off periodic tasks (tests drive them by hand). */
  backgroundTasks?: boolean;
  /** Request timeouts (tests shorten them). */
  timeouts?: RequestTimeouts;
  /** Sender settings beyond the config (tests inject a clock; the benchmark lifts Telegram's limit). */
  sender?: Partial<SenderOptions>;
  /** The admin's login limits (tests shorten the account slow-down); DEFAULT_LOGIN_LIMITS otherwise. */
  loginLimits?: LoginLimits;
}

export function createLogger(config: Config): Logger {
  return createProductLogger(config.logLevel, [config.botToken, config.webhookSecret, config.sessionSecret, config.ticketSecret, config.adminPassword]);
}

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** What the proxy settings mean, said at boot: the usual mistakes otherwise show up as a silent login loop. */
function warnAboutProxy(config: Config, logger: Logger): void {
  if (typeof config.trustProxy === 'number') {
    logger.info(
      `TRUST_PROXY: trusting ${config.trustProxy === 1 ? 'one proxy hop (the reverse proxy in front; TRUST_PROXY=true means this)' : `${config.trustProxy} proxy hops`} for the client address and https`,
    );
  } else if (Array.isArray(config.trustProxy)) {
    logger.info({ proxies: config.trustProxy }, 'TRUST_PROXY: trusting X-Forwarded-* only from these proxy addresses');
  }
  if (config.publicUrl.startsWith('https://') && config.trustProxy === false) {
    logger.warn(
      'PUBLIC_URL is https but TRUST_PROXY is not set: behind a TLS proxy the admin cookie is Secure but requests look like plain http, so logins loop back to the login page. Set TRUST_PROXY=true (one hop) or the proxy address.',
    );
  }
}

/**
 * Start order: data source ready (migrations run) → bot initialised → routes mounted. Listening and
 * setting the webhook are the caller's (server/main.ts), so tests can listen on a random port.
 */
export async function createService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? createLogger(config);
  const dataSource = createDataSource({
    database: config.database,
    pgPoolSize: config.pgPoolSize,
    pgMaxOverflow: config.pgMaxOverflow,
    pgPoolTimeoutMs: config.pgPoolTimeoutMs,
    migrationsRun: true,
  });
  logger.info({ database: describeTarget(config.database) }, 'opening the database and applying migrations');
  await dataSource.initialize();
  const db = new Database(dataSource, {
    timeZone: config.tzDisplay,
    waitlistOfferMs: config.waitlistOfferMs,
    phoneRegion: config.phoneRegion,
    privacyOperator: config.privacyOperator,
    privacyContact: config.privacyContact,
    consentHashKey: config.consentHashKey,
    retentionDays: config.retentionDays,
  });

  let bot: Bot | null = null;
  let pipeline: UpdatePipeline | null = null;
  if (config.botToken) {
    bot = createBot({ config, logger, db }, options.botInfo);
    pipeline = createUpdatePipeline(bot, { config, logger, db });
  } else {
    logger.warn('BOT_TOKEN is not set: the bot is off (the admin and the probes work). Set BOT_TOKEN to turn it on.');
  }
  if (!config.webhookSecret) {
    logger.warn(`WEBHOOK_SECRET is not set: ${WEBHOOK_PATH} refuses every request (401).`);
  }

  warnAboutProxy(config, logger);
  const app = await buildApp({
    config,
    logger,
    db,
    timeouts: options.timeouts,
    handleUpdate: pipeline ? (update) => pipeline.handle(update) : null,
    extraPlugins: [adminPlugin({ config, logger, db, botUsername: () => bot?.botInfo?.username ?? null, loginLimits: options.loginLimits })],
  });

  // Every process runs the sender task; one at a time holds the sender lock and sends (bot/delivery.ts).
  const delivery = bot
    ? deliveryTasks(
        { db, telegram: bot.telegram, logger, tzDisplay: config.tzDisplay },
        { broadcastRate: config.broadcastRate, reminderOffsetsMs: config.reminderOffsetsMs, ...options.sender },
      )
    : null;
  const tasks: BackgroundTask[] = [
    { name: 'prune processed updates', everyMs: HOUR, run: () => pruneProcessedUpdates(db) },
    // At boot and every minute, in every process: each offer expires once (re-checked under its competition's lock).
    { name: 'expire waiting-list offers', everyMs: MINUTE, run: async () => void (await expireOffers(db)) },
    // A day before the deadline teams below the minimum are told; at it they become incomplete (domain/teams.ts).
    { name: 'incomplete teams', everyMs: MINUTE, run: async () => void (await markIncompleteTeamsOnce(db)) },
    // The consent records without their Telegram id's hash (the migration's version 0, the sign-ups' own rows) get it.
    { name: 'seal consent records', everyMs: HOUR, run: async () => void (await db.write((manager) => sealConsents(manager, config.consentHashKey, null))) },
    // At boot and hourly, in every process; one at a time purges (domain/retention.ts), in batches.
    { name: 'purge personal data', everyMs: HOUR, run: async (signal) => void (await purgeDueOnce(db, new Date(), signal)) },
    ...(delivery?.tasks ?? []),
  ];
  const background = options.backgroundTasks === false ? null : startBackgroundTasks(tasks, logger);
  if (bot && !bot.botInfo && background) void fetchBotInfoInBackground(bot, logger, background.signal);

  let closing: Promise<void> | null = null;
  const stoppers: Array<() => unknown> = [];
  return {
    app,
    dataSource,
    db,
    bot,
    pipeline,
    logger,
    onClose(stop) {
      stoppers.push(stop);
    },
    close() {
      closing ??= (async () => {
        await app.close();
        for (const stop of stoppers) await stop();
        await background?.stop();
        await delivery?.sender.release();
        if (dataSource.isInitialized) await dataSource.destroy();
      })();
      return closing;
    },
  };
}
