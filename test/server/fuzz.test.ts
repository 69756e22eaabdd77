import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, TEST_WEBHOOK_SECRET, type TestService } from '../../devkit/service.js';

/** A small seeded PRNG, so a failing body can be reproduced from the seed printed in the assertion. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SEED = 20261125;
const BODIES = 2500;

function randomValue(rand: () => number, depth = 0): unknown {
  const kind = Math.floor(rand() * (depth > 2 ? 6 : 8));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 2 ** 40) * (rand() < 0.2 ? -1 : 1);
    case 3:
      return rand() * 1000;
    case 4:
      return ['', '/start', '/start c_1', 'привет 👋', '\u0000', 'x'.repeat(5000)][Math.floor(rand() * 6)];
    case 5:
      return 'string';
    case 6:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const keys = ['update_id', 'message', 'callback_query', 'from', 'chat', 'id', 'text', 'data', 'entities', 'date', 'contact', 'edited_message'];
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [keys[Math.floor(rand() * keys.length)], randomValue(rand, depth + 1)]));
    }
  }
}

function validUpdate(rand: () => number, updateId: number) {
  const chatId = 1 + Math.floor(rand() * 5000);
  return {
    update_id: updateId,
    message: {
      message_id: 1,
      date: 1_700_000_000,
      chat: { id: chatId, type: 'private' },
      from: { id: chatId, is_bot: false, first_name: 'Fuzz' },
      text: '/start',
      entities: [{ type: 'bot_command', offset: 0, length: 6 }],
    },
  };
}

/** Random, truncated and wrongly typed bodies: every one answered 200 or 400, and the server lives. */
function fuzzBody(rand: () => number, i: number): string {
  const base = JSON.stringify(validUpdate(rand, 900_000_000 + i));
  switch (i % 5) {
    case 0:
      return JSON.stringify(randomValue(rand));
    case 1:
      return base.slice(0, Math.floor(rand() * base.length)); // truncated
    case 2: {
      // a valid update with one field replaced by a random value
      const update: any = validUpdate(rand, 900_000_000 + i);
      const paths = [
        ['update_id'],
        ['message'],
        ['message', 'chat'],
        ['message', 'from'],
        ['message', 'text'],
        ['message', 'entities'],
        ['message', 'chat', 'id'],
        ['message', 'from', 'id'],
      ];
      const path = paths[Math.floor(rand() * paths.length)];
      let target = update;
      for (const key of path.slice(0, -1)) target = target[key];
      target[path[path.length - 1]] = randomValue(rand);
      return JSON.stringify(update);
    }
    case 3: {
      // random bytes flipped in a valid body
      const chars = base.split('');
      for (let k = 0; k < 3; k++) chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 128));
      return chars.join('');
    }
    default:
      return base;
  }
}

describe('webhook fuzz', () => {
  let h: TestService;
  beforeAll(async () => {
    // Errors are logged (and read below): a handler that throws is answered 200 like any other update, so its
    // log line is the only sign of a crash.
    h = await startTestService({ env: { LOG_LEVEL: 'error' } });
  });
  afterAll(async () => h?.close());

  it(`answers ${BODIES} random, truncated and mistyped bodies with only 200 or 400, and stays up`, async () => {
    const rand = prng(SEED);
    const statuses = new Map<number, number>();
    const bodies = Array.from({ length: BODIES }, (_, i) => fuzzBody(rand, i));
    for (let i = 0; i < bodies.length; i += 25) {
      const batch = bodies.slice(i, i + 25);
      const results = await Promise.all(
        batch.map(async (body, k) => {
          const response = await fetch(`${h.baseUrl}/telegram/webhook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TEST_WEBHOOK_SECRET },
            body,
          });
          await response.text();
          return { status: response.status, index: i + k };
        }),
      );
      for (const { status, index } of results) {
        expect([200, 400], `body #${index} (seed ${SEED}): ${bodies[index].slice(0, 200)}`).toContain(status);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }
    const errors = h.logs.lines.filter((line) => line.level >= 50);
    expect(
      errors.map((line) => `${line.msg}: ${line.err?.message ?? ''} (update ${line.updateId ?? '?'})`),
      'errors logged',
    ).toEqual([]);
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
  }, 300_000);
});
