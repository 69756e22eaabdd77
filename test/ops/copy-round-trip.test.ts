import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Answer, Question, User } from '../../entities/index.js';
import { createDataSource } from '../../db/data-source.js';
import { copyDatabase } from '../../ops/copy.js';
import { parseUrl } from '../../ops/connection.js';
import { createTestDatabase, TEST_DB, type TestDatabase } from '../../devkit/database.js';
import { BIG_TELEGRAM_ID, MOSCOW_TIME, SESSION_JSON, fillWithEdgeCases } from './edge-data.js';
import { OTHER, migratedDatabase, textSink, verifyUrls } from './helpers.js';

// The round trip starts on TEST_DB: SQLite → PostgreSQL → SQLite, or PostgreSQL → SQLite → PostgreSQL.
describe(`copy round trip ${TEST_DB} → ${OTHER[TEST_DB]} → ${TEST_DB}`, () => {
  // The origin is only read (every test copies from it); each test makes its own copies.
  let origin: { database: TestDatabase; dataSource: DataSource };
  const made: TestDatabase[] = [];

  beforeAll(async () => {
    origin = await migratedDatabase(TEST_DB);
    await fillWithEdgeCases(origin.dataSource);
    await origin.dataSource.destroy();
  });
  afterAll(async () => {
    await origin?.database.drop();
    for (const database of made) await database.drop();
  });

  /** Two empty databases for this test's round trip: the middle on the other kind, the end on TEST_DB. */
  async function emptyPair(): Promise<{ middle: TestDatabase; back: TestDatabase }> {
    const middle = await createTestDatabase(OTHER[TEST_DB]);
    made.push(middle);
    const back = await createTestDatabase(TEST_DB);
    made.push(back);
    return { middle, back };
  }

  /** The round trip, each copy checked. */
  async function roundTrip(): Promise<{ middle: TestDatabase; back: TestDatabase }> {
    const pair = await emptyPair();
    for (const [from, to] of [
      [origin.database.url, pair.middle.url],
      [pair.middle.url, pair.back.url],
    ]) {
      const out = textSink();
      const copy = await copyDatabase({ from, to, out });
      expect(copy.verify?.ok, out.text()).toBe(true);
    }
    return pair;
  }

  it('copies there and back, each copy verified, and the end equals the start', async () => {
    const { middle, back } = await emptyPair();
    const there = textSink();
    const first = await copyDatabase({ from: origin.database.url, to: middle.url, out: there });
    expect(first.verify?.ok, there.text()).toBe(true);
    expect(first.rows).toBe(first.verify!.tables.reduce((a, t) => a + t.sourceRows, 0));
    expect(there.text()).toContain('verify: OK');

    const again = textSink();
    const second = await copyDatabase({ from: middle.url, to: back.url, out: again });
    expect(second.verify?.ok, again.text()).toBe(true);

    const same = await verifyUrls(origin.database.url, back.url);
    expect(same.ok).toBe(true);
    expect(same.tables.find((t) => t.table === 'bot_sessions')!.sourceRows).toBe(10);
    expect(same.tables.every((t) => t.sourceChecksum === t.targetChecksum)).toBe(true);
  });

  it('carries values faithfully, and the copied database reads back as the application wrote them', async () => {
    const { middle, back } = await roundTrip();
    for (const url of [middle.url, back.url]) {
      const dataSource = createDataSource({ database: parseUrl(url) });
      await dataSource.initialize();
      try {
        const big = await dataSource.manager.findOneByOrFail(User, { id: 1 });
        expect(big.telegramId).toBe(BIG_TELEGRAM_ID);
        expect(big.firstName).toBe('Анна');
        expect(big.createdAt.toISOString()).toBe(MOSCOW_TIME.toISOString());
        const emoji = await dataSource.manager.findOneByOrFail(User, { id: 2 });
        expect(emoji).toMatchObject({ firstName: '🎉🚀 Emoji 👩‍👩‍👧', lastName: null, isBlocked: true, remindersEnabled: false });
        expect(emoji.createdAt.toISOString()).toBe('1999-12-31T23:59:59.999Z');
        const awkward = await dataSource.manager.findOneByOrFail(User, { id: 5 });
        expect(awkward.lastName).toBe('\\N');
        expect(awkward.fullName).toBe('');
        const [session] = await dataSource.query(`SELECT value FROM bot_sessions WHERE key = '1:1'`);
        expect(session.value).toBe(SESSION_JSON);
        // Questions' JSON columns and a file answer come back as written.
        const [category, entry] = await dataSource.manager.find(Question, { order: { id: 'ASC' } });
        expect(category.options).toEqual([{ value: 'junior', label_ru: 'Юниоры\tдо 18', label_en: 'Juniors "U18"', limit: 20 }]);
        expect(category.rules).toEqual({ min: 1, pattern: '^\\d{9}$' });
        expect(entry.showIf).toEqual({ combine: 'any', conditions: [{ questionId: 1, values: ['junior'] }] });
        const file = await dataSource.manager.findOneByOrFail(Answer, { questionId: entry.id });
        expect(JSON.parse(file.value)).toMatchObject({ fileId: 'BQACAgIAAxk', name: 'эссе\n"1".pdf' });
        // Sequences were reset: a new row gets the next id instead of a duplicate key.
        const created = await dataSource.manager.save(User, dataSource.manager.create(User, { telegramId: 42, firstName: 'New' }));
        expect(created.id).toBe(6);
        await dataSource.manager.delete(User, { id: created.id });
      } finally {
        await dataSource.destroy();
      }
    }
  });

  it('refuses a target that holds data unless --truncate, which replaces it', async () => {
    const { back } = await roundTrip();
    await expect(copyDatabase({ from: origin.database.url, to: back.url, out: textSink() })).rejects.toThrow(/already holds data: users \(3\).*--truncate/s);
    const replaced = await copyDatabase({ from: origin.database.url, to: back.url, truncate: true, out: textSink() });
    expect(replaced.verify?.ok).toBe(true);
  });
});
