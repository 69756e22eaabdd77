import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { Competition, Question } from '../entities/index.js';
import { claimUpdate } from '../domain/infrastructure/processed-updates.js';
import { loadConfig } from '../server/config.js';
import { createService } from '../server/service.js';
import { runMain } from '../server/run-main.js';
import { BOT_INFO } from '../devkit/fake-bot-api.js';
import { createTestDatabase } from '../devkit/database.js';
import { BENCH_BOT_TOKEN, BENCH_QUESTION_KINDS, BENCH_WEBHOOK_SECRET, openBenchDatabase } from './bench-db.js';

/**
 * One webhook target of the throughput bench, in its own process: `node webhook-target.js bare|minimal|real`
 * with BENCH_API_ROOT (the fake Bot API). Prints `{"url","competitionId"}` on one line, answers each line on
 * stdin with `{"roundTrips","loopStallMs"}` (database round trips so far; the longest its event loop was held
 * since the previous answer), serves until its stdin closes, then cleans up.
 */
interface Running {
  url: string;
  competitionId: number;
  close(): Promise<void>;
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/telegram/webhook`;
}

async function bare(): Promise<Running> {
  const app = Fastify();
  app.post('/telegram/webhook', async () => ({ ok: true }));
  return { url: await listen(app), competitionId: 1, close: () => app.close() };
}

/**
 * The minimal pipeline's user upsert: one statement, written only when a field changed (the product's own is the
 * turn's claim, db/functions/turn.sql.ts; this one is kept as it was so the floor stays comparable across runs).
 */
const MINIMAL_USER_UPSERT = `WITH up AS (
     INSERT INTO users (telegram_id, username, first_name, last_name, language_code, is_blocked, updated_at)
     VALUES ($1, $2, $3, $4, $5, false, now())
     ON CONFLICT (telegram_id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name,
       last_name = excluded.last_name, language_code = excluded.language_code, is_blocked = false, updated_at = now()
     WHERE (users.username, users.first_name, users.last_name, users.language_code, users.is_blocked)
       IS DISTINCT FROM (excluded.username, excluded.first_name, excluded.last_name, excluded.language_code, false)
     RETURNING *)
   SELECT * FROM up UNION ALL SELECT * FROM users WHERE telegram_id = $1 AND NOT EXISTS (SELECT 1 FROM up)`;

/** Telegraf + dedupe insert + user upsert + reply: the floor under any real bot on this stack. */
async function minimal(apiRoot: string): Promise<Running> {
  const { db, close } = await openBenchDatabase('postgres');
  const bot = new Telegraf(BENCH_BOT_TOKEN, { telegram: { apiRoot, webhookReply: false, agent: new http.Agent({ keepAlive: true }) } });
  bot.botInfo = BOT_INFO;
  bot.use(async (ctx) => {
    if (ctx.from) {
      const from = ctx.from;
      await db.query(MINIMAL_USER_UPSERT, [from.id, from.username ?? null, from.first_name ?? null, from.last_name ?? null, from.language_code ?? null]);
    }
    if (ctx.chat) await ctx.reply('ok');
  });
  const app = Fastify();
  app.post('/telegram/webhook', async (request) => {
    const update = request.body as Update;
    if (await claimUpdate(db, update.update_id)) await bot.handleUpdate(update);
    return { ok: true };
  });
  return {
    url: await listen(app),
    competitionId: 1,
    async close() {
      await app.close();
      await close();
    },
  };
}

/** The real service (config → migrations → bot → Fastify) on PostgreSQL, as `npm start` runs it. */
async function real(apiRoot: string): Promise<Running> {
  const database = await createTestDatabase('postgres');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    BOT_TOKEN: BENCH_BOT_TOKEN,
    WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    TELEGRAM_API_ROOT: apiRoot,
    LOG_LEVEL: 'info',
    SESSION_SECRET: 'bench-session-secret-0123456789-abcdefgh',
  });
  // At the default level, as `npm start` logs. Logs go to stderr: stdout carries the one line the bench reads.
  const service = await createService(config, { logger: pino({ level: config.logLevel }, pino.destination(2)), botInfo: BOT_INFO });
  const competitionId = await service.db.write(
    async (m) => (await m.insert(Competition, { title: 'Bench cup', registrationOpen: true, maxParticipants: null })).identifiers[0].id as number,
  );
  // BENCH_QUESTIONS=1: the competition asks its own questions, each answered by typing (bench/registration.ts (c)).
  if (process.env.BENCH_QUESTIONS === '1') {
    await service.db.write(async (m) => {
      for (const [i, [kind, title]] of BENCH_QUESTION_KINDS.entries())
        await m.insert(Question, { competitionId, kind, titleRu: title, titleEn: title, required: true, position: (i + 1) * 10 });
    });
  }
  return {
    url: await listen(service.app),
    competitionId,
    async close() {
      await service.close();
      await database.drop();
    },
  };
}

/**
 * Database round trips: every query a pg client sends is one (a message of several statements, as the
 * webhook's hot path sends, counts once — it is one exchange with the server).
 */
let roundTrips = 0;
/** BENCH_QUERY_HISTOGRAM=1: how often each statement was sent, printed to stderr when the target stops. */
const histogram = process.env.BENCH_QUERY_HISTOGRAM ? new Map<string, number>() : null;
function countRoundTrips(): void {
  const query = pg.Client.prototype.query;
  // Wrapping node-postgres' overloaded query(); the overloads cannot be restated for a pass-through.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    roundTrips++;
    if (histogram) {
      const text = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text ?? '?');
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 140);
      histogram.set(key, (histogram.get(key) ?? 0) + 1);
    }
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
}

function printHistogram(): void {
  if (!histogram) return;
  const rows = [...histogram].sort((a, b) => b[1] - a[1]).map(([text, n]) => `${String(n).padStart(7)}  ${text}`);
  process.stderr.write(`\nstatements sent by the target (BENCH_QUERY_HISTOGRAM):\n${rows.join('\n')}\n`);
}

async function main() {
  countRoundTrips();
  const kind = process.argv[2];
  const apiRoot = process.env.BENCH_API_ROOT ?? '';
  const running = kind === 'bare' ? await bare() : kind === 'minimal' ? await minimal(apiRoot) : kind === 'real' ? await real(apiRoot) : null;
  if (!running) throw new Error(`unknown target ${kind}`);
  process.stdout.write(`${JSON.stringify({ url: running.url, competitionId: running.competitionId })}\n`);
  // Each line on stdin asks for the figures so far; the end of stdin stops the target.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    for (let i = 0; i < chunk.split('\n').length - 1; i++) {
      process.stdout.write(`${JSON.stringify({ roundTrips, loopStallMs: loop.max / 1e6 })}\n`);
      loop.reset();
    }
  });
  await new Promise((resolve) => process.stdin.once('end', resolve));
  printHistogram();
  await running.close();
}

runMain(main);
