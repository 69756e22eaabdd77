import { Broadcast } from '../entities/index.js';
import { SYSTEM, startBroadcast } from '../domain/index.js';
import type { Database } from '../domain/infrastructure/database.js';
import { createTestDatabase } from '../devkit/database.js';
import { FakeBotApi } from '../devkit/fake-bot-api.js';
import { startTestService, type TestService } from '../devkit/service.js';
import { percentile, printTable } from './table.js';
import type { BenchSuite } from './suites.js';

/**
 * Broadcasts (`npm run bench -- broadcast`), with the real service (its one sender, its webhook) against the
 * local fake Bot API, on PostgreSQL and SQLite:
 * (a) 10,000 recipients at BROADCAST_RATE=30 for a fixed window: achieved msg/s (goal ≥ 29) and duplicates;
 * (b) the limits lifted (BROADCAST_RATE and Telegram's 30/s): the engine's own ceiling (goal ≥ 1,000 msg/s on
 *     PostgreSQL);
 * (c) the webhook's latency (/start from new users, 4 at a time) without a broadcast, and with the (a)
 *     broadcast running in the same process.
 */
const RECIPIENTS = 10_000;
const WINDOW_MS = Number(process.env.BENCH_BROADCAST_WINDOW_MS ?? 20_000);
const WEBHOOK_UPDATES = 400;

async function addRecipients(db: Database, count: number, firstTelegramId: number): Promise<void> {
  for (let i = 0; i < count; i += 500) {
    const n = Math.min(500, count - i);
    const values = Array.from({ length: n }, (_, k) => `(${firstTelegramId + i + k}, 'Получатель')`).join(', ');
    await db.write((m) => db.execute(`INSERT INTO users (telegram_id, first_name) VALUES ${values}`, [], m));
  }
}

async function newBroadcast(db: Database, text: string): Promise<number> {
  const broadcast = await db.manager.save(Broadcast, db.manager.create(Broadcast, { text, competitionId: null }));
  return broadcast.id;
}

const sendsOf = (api: FakeBotApi, text: string) =>
  api
    .callsOf('sendMessage')
    .filter((c) => c.params.text === text)
    .map((c) => Number(c.params.chat_id));
const duplicatesIn = (chats: number[]) => chats.length - new Set(chats).size;

/** /start from `count` new users, `concurrency` at a time: the webhook's latencies in ms. */
async function webhookLatencies(h: TestService, count: number, firstUserId: number, concurrency = 4): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const id = firstUserId + i;
      const started = performance.now();
      const response = await h.postUpdate({
        update_id: id,
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          from: { id, is_bot: false, first_name: 'Бенч', language_code: 'ru' },
          chat: { id, type: 'private', first_name: 'Бенч' },
          text: '/start',
        },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies.sort((a, b) => a - b);
}

async function waitUntil(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

const ms = (v: number) => v.toFixed(1);

async function onDatabase(kind: 'postgres' | 'sqlite', rows: Array<Array<string | number>>, webhookRows: Array<Array<string | number>>): Promise<void> {
  // (a) + (c): at BROADCAST_RATE=30, the webhook measured beside it.
  {
    const h = await startTestService({ database: await createTestDatabase(kind), env: { BROADCAST_RATE: '30', LOG_LEVEL: 'warn' } });
    try {
      const db = h.service.db;
      await addRecipients(db, RECIPIENTS, 50_000_000);
      const quiet = await webhookLatencies(h, WEBHOOK_UPDATES, 60_000_000);
      webhookRows.push([kind, 'no broadcast', quiet.length, ms(percentile(quiet, 50)), ms(percentile(quiet, 99)), ms(quiet[quiet.length - 1])]);
      const text = `Бенч ${kind} ${Date.now()}`;
      await startBroadcast(db, SYSTEM, await newBroadcast(db, text));
      await waitUntil(() => sendsOf(h.api, text).length > 0, 10_000);
      const t0 = performance.now();
      const atStart = sendsOf(h.api, text).length;
      const busy = await webhookLatencies(h, WEBHOOK_UPDATES, 61_000_000);
      webhookRows.push([kind, 'broadcast at 30/s', busy.length, ms(percentile(busy, 50)), ms(percentile(busy, 99)), ms(busy[busy.length - 1])]);
      await new Promise((r) => setTimeout(r, Math.max(0, WINDOW_MS - (performance.now() - t0))));
      const sent = sendsOf(h.api, text);
      const seconds = (performance.now() - t0) / 1000;
      rows.push([kind, 'BROADCAST_RATE=30', `${seconds.toFixed(1)} s`, sent.length - atStart, ((sent.length - atStart) / seconds).toFixed(1), duplicatesIn(sent)]);
    } finally {
      await h.close();
    }
  }
  // (b) the limits lifted: until all 10,000 are out.
  {
    const h = await startTestService({
      database: await createTestDatabase(kind),
      env: { BROADCAST_RATE: '1000000', LOG_LEVEL: 'warn' },
      serviceOptions: { sender: { telegramRate: 1_000_000 } },
    });
    try {
      const db = h.service.db;
      await addRecipients(db, RECIPIENTS, 70_000_000);
      const text = `Бенч без предела ${kind} ${Date.now()}`;
      await startBroadcast(db, SYSTEM, await newBroadcast(db, text));
      // From the first message out (the sender's next tick) to the last.
      await waitUntil(() => sendsOf(h.api, text).length > 0, 10_000);
      const t0 = performance.now();
      await waitUntil(() => sendsOf(h.api, text).length >= RECIPIENTS, 120_000);
      const seconds = (performance.now() - t0) / 1000;
      const sent = sendsOf(h.api, text);
      rows.push([kind, 'limits lifted', `${seconds.toFixed(1)} s`, sent.length, (sent.length / seconds).toFixed(0), duplicatesIn(sent)]);
    } finally {
      await h.close();
    }
  }
}

export const broadcastBench: BenchSuite = {
  name: 'broadcast',
  description: '10,000 recipients: achieved rate at BROADCAST_RATE=30 and with the limits lifted, duplicates, webhook latency beside a broadcast',
  async run() {
    const rows: Array<Array<string | number>> = [];
    const webhookRows: Array<Array<string | number>> = [];
    for (const kind of ['postgres', 'sqlite'] as const) await onDatabase(kind, rows, webhookRows);
    console.log(
      `(a, b) ${RECIPIENTS} recipients, fixed window ${WINDOW_MS / 1000} s at 30/s (goal ≥ 29 msg/s), or until all are out with the limits lifted (goal ≥ 1,000 msg/s on PostgreSQL)\n`,
    );
    printTable(['database', 'case', 'time', 'messages', 'msg/s', 'duplicates'], rows);
    console.log(`\n(c) webhook /start from new users, 4 at a time, ${WEBHOOK_UPDATES} updates, the sender in the same process\n`);
    printTable(['database', 'beside', 'updates', 'p50 ms', 'p99 ms', 'max ms'], webhookRows);
  },
};
