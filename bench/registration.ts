/**
 * `npm run bench -- registration`
 * (a) 500 concurrent sign-ups for 50 places, on SQLite and on PostgreSQL: time, and how many got in (50).
 * (b) Webhook throughput on PostgreSQL over real HTTP: a bare Fastify route, the minimal pipeline (Telegraf +
 *     dedupe insert + user upsert + reply) and the real service, each in its own process, fed the same
 *     realistic visits, measured in turns (rounds); closed loop (updates/s, p50/p99) and an open loop paced at 300 updates/s,
 *     beside which it prints what can stall many requests at once (event loops, steal, the disk's longest flush).
 * Knobs: BENCH_USERS (400), BENCH_CONCURRENCY (32), BENCH_ROUNDS (4), BENCH_TARGETS (bare,minimal,real), BENCH_SKIP_RACE,
 * (c) A competition with five questions: the real service's database round trips for each update of the form, against
 *     the name and phone steps (BENCH_ONLY_QUESTIONS=1 runs only this; BENCH_QUESTION_VISITORS, 20).
 * BENCH_TARGET_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a target), BENCH_QUERY_HISTOGRAM=1
 * (each target prints to stderr how often it sent each statement).
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Update } from 'telegraf/types';
import { Competition, User } from '../entities/index.js';
import { DomainError } from '../domain/errors.js';
import { registerForCompetition } from '../domain/registrations.js';
import { userActor } from '../domain/actor.js';
import { BOT_INFO, FakeBotApi } from '../devkit/fake-bot-api.js';
import { startNodeProcess } from '../devkit/processes.js';
import { BENCH_QUESTION_KINDS, BENCH_WEBHOOK_SECRET as SECRET, openBenchDatabase } from './bench-db.js';
import type { BenchSuite } from './suites.js';
import { percentile, printTable } from './table.js';

const ms = (n: number) => n.toFixed(1);

// ---------------------------------------------------------------------------------------------------------
// (a) 500 concurrent sign-ups for 50 places

async function signUpRace(kind: 'sqlite' | 'postgres', signUps = 500, places = 50): Promise<Array<string | number>> {
  const { db, close } = await openBenchDatabase(kind);
  try {
    const competitionId = await db.write(
      async (m) => (await m.insert(Competition, { title: 'Bench cup', registrationOpen: true, maxParticipants: places })).identifiers[0].id as number,
    );
    const userIds = await db.write(async (m) => {
      const ids: number[] = [];
      for (let i = 0; i < signUps; i++) ids.push((await m.insert(User, { telegramId: 5_000_000 + i, firstName: 'U' })).identifiers[0].id);
      return ids;
    });
    const started = performance.now();
    const results = await Promise.allSettled(
      userIds.map((userId) => registerForCompetition(db, userActor(userId), { userId, competitionId, role: 'participant', consentGiven: true })),
    );
    const elapsed = performance.now() - started;
    const keyOf = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason instanceof DomainError ? r.reason.key : 'error') : 'ok');
    const count = (key: string) => results.filter((r) => keyOf(r) === key).length;
    const [row] = await db.query<{ n: string | number }>("SELECT COUNT(*) AS n FROM registrations WHERE competition_id = $1 AND status IN ('pending', 'approved')", [
      competitionId,
    ]);
    return [kind, signUps, places, Number(row.n), count('registration.full'), count('error.busy'), count('error'), Math.round(elapsed), Math.round(signUps / (elapsed / 1000))];
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// (b) webhook throughput: realistic traffic, real HTTP

let updateId = 1;

/**
 * One user's visit: /start, menu presses, the registration form, my registrations (8 updates, in order). Each
 * update is made when it is sent: a button is pressed on the message that bears it now (the fake Bot API keeps
 * each chat as the person sees it), as in a real chat — the bot then edits that message instead of sending one.
 */
function visit(api: FakeBotApi, telegramId: number, competitionId: number): Array<() => Update> {
  const from = { id: telegramId, is_bot: false, first_name: 'Bench', language_code: 'ru' };
  const chat = { id: telegramId, type: 'private' as const, first_name: 'Bench' };
  let messageId = 1;
  const message =
    (text: string, command = false) =>
    (): Update.MessageUpdate => ({
      update_id: updateId++,
      message: { message_id: messageId++, date: 1, chat, from, text, ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: text.length }] } : {}) },
    });
  const press = (data: string) => (): Update.CallbackQueryUpdate => {
    const shown = api
      .chatState(telegramId)
      .messages.filter((m) => m.buttons.length > 0)
      .at(-1);
    return {
      update_id: updateId++,
      callback_query: {
        id: String(updateId),
        from,
        chat_instance: 'ci',
        data,
        message: { message_id: shown?.messageId ?? 1, date: 1, chat, from: BOT_INFO, text: shown?.text ?? '…' },
      },
    };
  };
  return [
    message('/start', true),
    press('cl:0'),
    press(`cd:${competitionId}`),
    press(`rg:${competitionId}:participant`),
    message('Иван Петров'),
    message('+7 900 123-45-67'),
    press(`cs:${competitionId}:yes`),
    press('ml'),
  ];
}

interface Target {
  name: string;
  url: string;
  competitionId: number;
  /** Database round trips the target made so far, and the longest its event loop was held since last asked. */
  stats(): Promise<{ roundTrips: number; loopStallMs: number }>;
  close(): Promise<void>;
}

const TARGET_NAMES = { bare: 'bare Fastify route', minimal: 'minimal pipeline (PG)', real: 'real service (PG)' } as const;

/**
 * Starts a webhook target in its own process (bench/webhook-target.ts), as in production where the bot's
 * process serves only itself: the load generator and the fake Bot API stay in this process.
 */
async function spawnTarget(kind: keyof typeof TARGET_NAMES, api: FakeBotApi, env: Record<string, string> = {}): Promise<Target> {
  // BENCH_TARGET_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the target process.
  const nodeArgs = process.env.BENCH_TARGET_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const { child, exited } = startNodeProcess(fileURLToPath(new URL('./webhook-target.js', import.meta.url)), {
    args: [kind],
    nodeArgs,
    env: { ...process.env, ...env, BENCH_API_ROOT: api.apiRoot },
    stdin: 'pipe',
    stderr: 'inherit',
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const line = await Promise.race([
    once(lines, 'line').then(([first]) => first as string),
    exited.then(() => {
      throw new Error(`webhook target ${kind} exited before it was ready`);
    }),
  ]);
  const { url, competitionId } = JSON.parse(line) as { url: string; competitionId: number };
  return {
    name: TARGET_NAMES[kind],
    url,
    competitionId,
    async stats() {
      const answer = once(lines, 'line');
      child.stdin!.write('stats\n');
      const [text] = await answer;
      return JSON.parse(text as string) as { roundTrips: number; loopStallMs: number };
    },
    async close() {
      child.stdin!.end();
      await exited;
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One webhook POST over a kept-alive connection, as Telegram sends them; resolves with the latency in ms. A call
 * in the answer (`{"method":…}`) is then made on the fake Bot API, as Telegram makes it.
 */
function post(api: FakeBotApi, url: string, update: Update): Promise<number> {
  const started = performance.now();
  const body = JSON.stringify(update);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': SECRET },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
          const latency = performance.now() - started;
          api.performWebhookReply(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
          resolve(latency);
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface Run {
  updates: number;
  seconds: number;
  latencies: number[];
  errors: number;
}

/** Closed loop: `concurrency` users at a time, each sending their visit's updates one after another. */
async function closedLoop(api: FakeBotApi, url: string, users: number, concurrency: number, competitionId: number, firstTelegramId: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users) {
        const updates = visit(api, firstTelegramId + next++, competitionId);
        for (const update of updates) {
          try {
            latencies.push(await post(api, url, update()));
          } catch {
            errors++;
          }
        }
      }
    }),
  );
  return { updates: latencies.length + errors, seconds: (performance.now() - started) / 1000, latencies, errors };
}

/** Open loop at a fixed rate: an update every 1/rate s from whichever user is not waiting for an answer. */
async function paced(api: FakeBotApi, url: string, rate: number, seconds: number, competitionId: number, firstTelegramId: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const ready: Array<Array<() => Update>> = [];
  let nextUser = 0;
  const total = rate * seconds;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const queue = ready.shift() ?? visit(api, firstTelegramId + nextUser++, competitionId);
    const update = queue.shift()!();
    inFlight.push(
      post(api, url, update).then(
        (latency) => {
          latencies.push(latency);
          if (queue.length) ready.push(queue);
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { updates: total, seconds: (performance.now() - started) / 1000, latencies, errors };
}

function summarize(name: string, run: Run, extra: Array<string | number>): Array<string | number> {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return [
    name,
    ...extra,
    run.updates,
    Math.round(run.updates / run.seconds),
    ms(percentile(sorted, 50)),
    ms(percentile(sorted, 99)),
    ms(sorted[sorted.length - 1] ?? NaN),
    run.errors,
  ];
}

/** Several runs of one target as one: their updates, time, latencies and errors added up. */
function combine(runs: Run[]): Run {
  return {
    updates: runs.reduce((n, r) => n + r.updates, 0),
    seconds: runs.reduce((n, r) => n + r.seconds, 0),
    latencies: runs.flatMap((r) => r.latencies),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

type TargetKind = keyof typeof TARGET_NAMES;

/**
 * CPU time the whole machine spent so far (Linux /proc/stat: every core, every process — the target, its
 * PostgreSQL backends, this process with the fake Bot API), in ms; NaN elsewhere. Per update it is what an
 * update costs in all, the figure that decides throughput on a machine whose cores are all busy. `stealMs`: time
 * a neighbour of this virtual machine had one of its cores (not work of ours, and not counted in `busyMs`).
 */
function machineCpu(): { busyMs: number; stealMs: number } {
  try {
    const [, user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const ms = (ticks: number) => (ticks * 1000) / 100; // USER_HZ is 100 on Linux
    return { busyMs: ms(user + nice + system + irq + softirq), stealMs: ms(steal) };
  } catch {
    return { busyMs: NaN, stealMs: NaN };
  }
}

/**
 * The longest disk flush while `work` runs: a 4 KB write and fdatasync of a temporary file every 100 ms (on the
 * libuv pool, not this event loop). Every commit that must be on disk before its 200 waits for such a flush of
 * PostgreSQL's WAL; on a shared virtual disk one can stall for hundreds of ms, and every such commit with it.
 */
async function withDiskFlushProbe<T>(work: () => Promise<T>): Promise<{ result: T; longestFlushMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-flush-'));
  const file = await fs.promises.open(path.join(dir, 'probe'), 'w');
  let longestFlushMs = 0;
  let running = true;
  const probing = (async () => {
    while (running) {
      await file.write(Buffer.alloc(4096, 1), 0, 4096, 0);
      const started = performance.now();
      await file.datasync();
      longestFlushMs = Math.max(longestFlushMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    return { result: await work(), longestFlushMs };
  } finally {
    running = false;
    await probing;
    await file.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The targets run side by side, each in its own process, and are measured in turns: round 1 runs each target
 * once (a closed loop of users/rounds visits), round 2 again, and so on. This machine is shared and its speed
 * drifts over a minute; measured in turns, the real service and the minimal pipeline see the same drift, and
 * each round's ratio compares two runs made seconds apart. The ratio reported is the median of the rounds'.
 */
async function webhookThroughput(): Promise<void> {
  const api = await new FakeBotApi().start();
  const users = Number(process.env.BENCH_USERS ?? 400);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
  let telegramId = 100_000_000;
  const nextUsers = () => (telegramId += 10_000);
  // BENCH_TARGETS=real (comma-separated) runs only some targets, e.g. to profile one.
  const wanted = (process.env.BENCH_TARGETS ?? 'bare,minimal,real').split(',');
  const kinds = (['bare', 'minimal', 'real'] as const).filter((k) => wanted.includes(k));
  const targets = new Map<TargetKind, Target>();
  try {
    for (const kind of kinds) targets.set(kind, await spawnTarget(kind, api));
    for (const [, target] of targets) await closedLoop(api, target.url, 30, 8, target.competitionId, nextUsers()); // warm-up
    const runs = new Map<TargetKind, Run[]>(kinds.map((k) => [k, []]));
    const trips = new Map<TargetKind, number>(kinds.map((k) => [k, 0]));
    const cpu = new Map<TargetKind, number>(kinds.map((k) => [k, 0]));
    let confirmed = 0;
    for (let round = 0; round < rounds; round++) {
      for (const [kind, target] of targets) {
        const before = api.calls.length;
        const tripsBefore = (await target.stats()).roundTrips;
        const cpuBefore = machineCpu().busyMs;
        runs.get(kind)!.push(await closedLoop(api, target.url, Math.ceil(users / rounds), concurrency, target.competitionId, nextUsers()));
        cpu.set(kind, cpu.get(kind)! + machineCpu().busyMs - cpuBefore);
        trips.set(kind, trips.get(kind)! + (await target.stats()).roundTrips - tripsBefore);
        // Sanity: the real service really walked every visit through the form to a registration.
        if (kind === 'real') confirmed += api.calls.slice(before).filter((c) => String(c.params.text).startsWith('🎉')).length;
        api.reset();
      }
    }
    const rows = [...runs].map(([kind, list]) => {
      const all = combine(list);
      return summarize(TARGET_NAMES[kind], all, [concurrency, (trips.get(kind)! / all.updates).toFixed(2), (cpu.get(kind)! / all.updates).toFixed(2)]);
    });
    const visits = rounds * Math.ceil(users / rounds);
    console.log(
      `\n(b) webhook throughput on PostgreSQL: ${visits} users × 8 updates (/start, menu presses, registration form, my registrations), ${concurrency} users at a time, in ${rounds} rounds\n`,
    );
    printTable(['target', 'concurrency', 'DB round trips/update', 'machine CPU ms/update', 'updates', 'updates/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'], rows);
    const rate = (run: Run) => run.updates / run.seconds;
    if (runs.has('real') && runs.has('minimal')) {
      const ratios = runs.get('real')!.map((run, i) => (100 * rate(run)) / rate(runs.get('minimal')![i]));
      const ratio = median(ratios);
      console.log(`\nreal service / minimal pipeline, round by round: ${ratios.map((r) => `${r.toFixed(0)} %`).join(', ')}`);
      console.log(`real service / minimal pipeline: ${ratio.toFixed(0)} % (median of the rounds; target ≥ 60 %) — ${ratio >= 60 ? 'met' : 'NOT met'}`);
    }
    if (runs.has('real')) console.log(`\nreal service: ${confirmed} of ${visits} visits ended with a confirmed registration`);

    // Open loop: 300 updates/s for 10 s at each target but the bare route, one after the other.
    const pacedRows: Array<Array<string | number>> = [];
    let realPacedP99: number | null = null;
    // Beside each paced run, what can stall many requests at once: the target's event loop held, this process's
    // (the load and the fake Bot API), the machine's cores taken by a neighbour (steal, a shared VM's cost), and
    // the disk's longest flush (every commit that must be on disk before its 200 waits for one).
    for (const [kind, target] of targets) {
      if (kind === 'bare') continue;
      await target.stats(); // starts the target's loop-stall figure afresh
      const benchLoop = monitorEventLoopDelay({ resolution: 10 });
      benchLoop.enable();
      const stealBefore = machineCpu().stealMs;
      const { result: pacedRun, longestFlushMs } = await withDiskFlushProbe(() => paced(api, target.url, 300, 10, target.competitionId, nextUsers()));
      const stealPercent = (100 * (machineCpu().stealMs - stealBefore)) / (pacedRun.seconds * 1000 * os.availableParallelism());
      benchLoop.disable();
      const { loopStallMs } = await target.stats();
      api.reset();
      pacedRows.push([...summarize(target.name, pacedRun, [300]), ms(loopStallMs), ms(benchLoop.max / 1e6), stealPercent.toFixed(1), ms(longestFlushMs)]);
      if (kind === 'real')
        realPacedP99 = percentile(
          [...pacedRun.latencies].sort((a, b) => a - b),
          99,
        );
    }
    console.log('\n(b) paced: 300 updates/s for 10 s (open loop)\n');
    printTable(
      [
        'target',
        'rate/s',
        'updates',
        'achieved/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'errors',
        "target's longest loop stall ms",
        "bench's longest loop stall ms",
        'steal %',
        'longest disk flush ms',
      ],
      pacedRows,
    );
    if (realPacedP99 !== null) console.log(`\nreal service p99 paced at 300 updates/s: ${ms(realPacedP99)} ms (target < 100 ms) — ${realPacedP99 < 100 ? 'met' : 'NOT met'}`);
  } finally {
    for (const [, target] of targets) await target.close();
    await api.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// (c) the form's own questions: database round trips per update

/**
 * One visitor at a time through the registration form of a competition with five questions (answered by typing),
 * the real service's database round trips counted for each update. The name and phone steps are the baseline,
 * measured in the same run: a question step should cost what they cost (the turn: claim, then the session's write
 * and the done mark), and only the consent, which stores the answers with the registration, more.
 */
async function questionRoundTrips(): Promise<void> {
  const api = await new FakeBotApi().start();
  const target = await spawnTarget('real', api, { BENCH_QUESTIONS: '1' });
  const steps = new Map<string, number[]>();
  try {
    const visitors = Number(process.env.BENCH_QUESTION_VISITORS ?? 20);
    for (let i = 0; i < visitors; i++) {
      const telegramId = 300_000_000 + i;
      const [start, list, details, register, name, phone, consent, menu] = visit(api, telegramId, target.competitionId);
      const answers = BENCH_QUESTION_KINDS.map(([kind, , typed]) => [`question: ${kind}`, typedMessage(telegramId, typed)] as const);
      const sequence: Array<readonly [string, () => Update]> = [
        ['/start', start],
        ['menu → list', list],
        ['details', details],
        ['register', register],
        ['name (baseline)', name],
        ['phone (baseline)', phone],
        ...answers,
        ['consent: stores registration and answers', consent],
        ['menu', menu],
      ];
      for (const [label, update] of sequence) {
        const before = (await target.stats()).roundTrips;
        await post(api, target.url, update());
        const trips = (await target.stats()).roundTrips - before;
        steps.set(label, [...(steps.get(label) ?? []), trips]);
      }
      const done = api.calls.filter((c) => String(c.params.text ?? '').startsWith('🎉')).length;
      if (done !== i + 1) throw new Error(`visitor ${i + 1} did not end registered: ${api.chatState(telegramId).messages.at(-1)?.text}`);
    }
    const average = (label: string) => steps.get(label)!.reduce((a, b) => a + b, 0) / steps.get(label)!.length;
    const baseline = (average('name (baseline)') + average('phone (baseline)')) / 2;
    const rows = [...steps.keys()].map((label) => [label, average(label).toFixed(2), (average(label) / baseline).toFixed(2)]);
    console.log(`\n(c) a competition with ${BENCH_QUESTION_KINDS.length} questions: database round trips per update, ${visitors} visitors one at a time\n`);
    printTable(['update', 'DB round trips', '× the name/phone steps'], rows);
    const worstQuestion = Math.max(...BENCH_QUESTION_KINDS.map(([kind]) => average(`question: ${kind}`)));
    console.log(
      `\nquestion steps: at most ${(worstQuestion / baseline).toFixed(2)} × the name/phone steps (target: 1.00, no extra round trip) — ${worstQuestion <= baseline ? 'met' : 'NOT met'}`,
    );
  } finally {
    await target.close();
    await api.stop();
  }
}

/** A typed answer in the visitor's chat. */
function typedMessage(telegramId: number, text: string): () => Update {
  return () => ({
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: 1,
      chat: { id: telegramId, type: 'private' as const, first_name: 'Bench' },
      from: { id: telegramId, is_bot: false, first_name: 'Bench', language_code: 'ru' },
      text,
    },
  });
}

export const registrationBench: BenchSuite = {
  name: 'registration',
  description: 'sign-up races for few places on both databases; webhook throughput of the real bot on PostgreSQL',
  async run() {
    if (process.env.BENCH_ONLY_QUESTIONS) return questionRoundTrips();
    if (process.env.BENCH_SKIP_RACE) return webhookThroughput().then(questionRoundTrips);
    console.log('(a) 500 concurrent sign-ups for 50 places\n');
    const rows = [await signUpRace('sqlite'), await signUpRace('postgres')];
    printTable(['database', 'sign-ups', 'places', 'got in', 'refused (full)', 'busy', 'errors', 'time ms', 'sign-ups/s'], rows);
    await webhookThroughput();
    await questionRoundTrips();
  },
};
