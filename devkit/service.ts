import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../server/config.js';
import { loggerOptions } from '../server/logger.js';
import { createService, type Service, type ServiceOptions } from '../server/service.js';
import { BOT_INFO, FakeBotApi, performWebhookReply } from './fake-bot-api.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_BOT_TOKEN = '123456:TEST-token_ABCdefGHIjkl';
export const TEST_WEBHOOK_SECRET = 'test-webhook-secret_0123456789';

/** Every log line the service wrote, parsed. */
export class LogCapture {
  readonly lines: any[] = [];
  readonly raw: string[] = [];
  stream = new Writable({
    write: (chunk, _enc, done) => {
      const text = chunk.toString();
      this.raw.push(text);
      for (const line of text.split('\n').filter(Boolean)) {
        try {
          this.lines.push(JSON.parse(line));
        } catch {
          this.lines.push({ msg: line });
        }
      }
      done();
    },
  });

  text(): string {
    return this.raw.join('');
  }
}

export interface TestService {
  service: Service;
  config: Config;
  baseUrl: string;
  api: FakeBotApi;
  database: TestDatabase;
  logs: LogCapture;
  /** POSTs an update to the webhook with the right secret. */
  postUpdate(update: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Stops the server (the database stays, for a restart). */
  stop(): Promise<void>;
  /** Starts a new server on the same database and fake API (a restart). */
  restart(): Promise<TestService>;
  /** Stops everything and drops the database. */
  close(): Promise<void>;
}

export interface TestServiceOptions {
  env?: Record<string, string>;
  /** More options for createService (e.g. short request timeouts). */
  serviceOptions?: Omit<ServiceOptions, 'logger' | 'botInfo'>;
  database?: TestDatabase;
  api?: FakeBotApi;
}

/**
 * The configuration of a service under test, in the service's own variables: the test token and secrets, its
 * database and the fake Bot API. The same for one started in this process and one started as a process.
 */
export function testServiceEnv(database: Pick<TestDatabase, 'url'>, api: Pick<FakeBotApi, 'apiRoot'>): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    BOT_TOKEN: TEST_BOT_TOKEN,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: api.apiRoot,
    SESSION_SECRET: 'test-session-secret-0123456789-abcdefghij',
    LOG_LEVEL: 'info',
  };
}

/** Boots the real service (config → database → bot → Fastify) on a random port, against the fake Bot API. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const database = options.database ?? (await createTestDatabase());
  const api = options.api ?? (await new FakeBotApi().start());
  const config = loadConfig({ ...testServiceEnv(database, api), ...options.env });
  const logs = new LogCapture();
  const logger = pino(loggerOptions(config.logLevel, [config.botToken, config.webhookSecret, config.sessionSecret]), logs.stream);
  const service = await createService(config, { ...options.serviceOptions, logger, botInfo: BOT_INFO });
  await service.app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(service.app.server.address() as AddressInfo).port}`;
  let stopped = false;

  const harness: TestService = {
    service,
    config,
    baseUrl,
    api,
    database,
    logs,
    async postUpdate(update, headers = {}) {
      const response = await fetch(`${baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET, ...headers },
        body: JSON.stringify(update),
      });
      await performWebhookReply(api, response);
      return response;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await service.close();
    },
    async restart() {
      await harness.stop();
      return startTestService({ ...options, database, api });
    },
    async close() {
      await harness.stop();
      await api.stop();
      await database.drop();
    },
  };
  return harness;
}
