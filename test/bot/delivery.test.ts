import pino from 'pino';
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Broadcast, BroadcastDelivery, OutboxMessage, User } from '../../entities/index.js';
import { adminActor, enqueueNotification, registerForCompetition, startBroadcast, userActor } from '../../domain/index.js';
import { RateLimiter, runBroadcastsOnce, runOutboxOnce, type DeliveryDeps } from '../../bot/delivery.js';
import { FakeBotApi } from '../../devkit/fake-bot-api.js';
import { makeAdmin, makeCompetition, makeUser, makeUsers, useDomainFixture } from '../domain/fixtures.js';

const f = useDomainFixture();
let api: FakeBotApi;
let deps: DeliveryDeps;

beforeAll(async () => {
  api = await new FakeBotApi().start();
});
afterAll(async () => api?.stop());
beforeEach(() => {
  api.reset();
  // Fast pacing for the tests; the per-chat interval is tested on its own below.
  deps = { db: f.db, telegram: new Telegram('1:TEST', { apiRoot: api.apiRoot }), logger: pino({ level: 'silent' }), tzDisplay: 'Europe/Moscow', limiter: new RateLimiter(1000, 0) };
});

async function notify(userId: number, kind = 'notify.status_approved', payload: Record<string, string | number> = { competition: 'Кубок' }) {
  await f.db.write((m) => enqueueNotification(m, userId, kind, payload));
}

const outbox = (userId: number) => f.db.manager.find(OutboxMessage, { where: { userId }, order: { id: 'ASC' } });
/** The sendMessage calls to these users' chats: a batch also sends whatever an earlier test left due. */
const sentTo = (...users: User[]) => api.callsOf('sendMessage').filter((c) => users.some((u) => Number(c.params.chat_id) === u.telegramId));

describe('outbox sender', () => {
  it('delivers in the user’s language, with times in TZ_DISPLAY, once', async () => {
    const ru = await makeUser(f.db, { languageCode: 'ru' });
    const en = await makeUser(f.db, { languageCode: 'ru', preferredLanguage: 'en' });
    await notify(ru.id);
    await notify(en.id, 'notify.slot_moved', { competition: 'Cup', startsAt: '2030-01-15T07:00:00.000Z', endsAt: '2030-01-15T08:00:00.000Z' });
    // Two senders at once (two processes, or the timer and a test): each message goes out exactly once.
    await Promise.all([runOutboxOnce(deps), runOutboxOnce(deps)]);
    await runOutboxOnce(deps);
    const texts = sentTo(ru, en).map((c) => [Number(c.params.chat_id), c.params.text]);
    expect(texts).toEqual(
      expect.arrayContaining([
        [ru.telegramId, 'Ваша заявка на «Кубок» подтверждена. До встречи!'],
        // A row written before the old times were kept says only the new one.
        [en.telegramId, 'The voting time for “Cup” has moved: now 15/01 10:00–11:00.'],
      ]),
    );
    expect(texts).toHaveLength(2);
    expect((await outbox(ru.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await outbox(ru.id))[0].sentAt).toBeInstanceOf(Date);
  });

  it('a moved slot says what it was and what it is, the day once when it stays on the same day', async () => {
    const ru = await makeUser(f.db, { languageCode: 'ru' });
    const en = await makeUser(f.db, { languageCode: 'en' });
    const sameDay = {
      competition: 'Кубок',
      wasStartsAt: '2026-12-17T07:00:00.000Z',
      wasEndsAt: '2026-12-17T08:00:00.000Z',
      startsAt: '2026-12-17T08:00:00.000Z',
      endsAt: '2026-12-17T09:00:00.000Z',
    };
    await notify(ru.id, 'notify.slot_moved', sameDay);
    await notify(ru.id, 'notify.slot_moved', { ...sameDay, startsAt: '2026-12-18T08:00:00.000Z', endsAt: '2026-12-18T09:00:00.000Z' });
    await notify(en.id, 'notify.slot_moved', { ...sameDay, competition: 'Cup' });
    await runOutboxOnce(deps);
    expect(sentTo(ru).map((c) => c.params.text)).toEqual([
      'Время голосования на «Кубок» перенесено: было 10:00–11:00, стало 11:00–12:00, 17.12.',
      'Время голосования на «Кубок» перенесено: было 17.12 10:00–11:00, стало 18.12 11:00–12:00.',
    ]);
    expect(sentTo(en).map((c) => c.params.text)).toEqual(['The voting time for “Cup” has moved: it was 10:00–11:00, now it is 11:00–12:00, 17/12.']);
  });

  it('renders the notices of a deleted slot and a deleted panel, times in TZ_DISPLAY', async () => {
    const ru = await makeUser(f.db, { languageCode: 'ru' });
    const en = await makeUser(f.db, { languageCode: 'en' });
    await notify(ru.id, 'notify.slot_deleted', { competition: 'Кубок', startsAt: '2030-01-15T07:00:00.000Z', endsAt: '2030-01-15T08:00:00.000Z' });
    await notify(en.id, 'notify.panel_deleted', { competition: 'Cup', panel: 'Panel A' });
    await runOutboxOnce(deps);
    expect(sentTo(ru).map((c) => c.params.text)).toEqual([
      // The day once: "15.01 10:00–11:00", not "15.01.2030, 10:00 – 15.01.2030, 11:00".
      expect.stringMatching(/^Организатор отменил выбранное вами время голосования на «Кубок» \(15\.01 10:00–11:00\)/),
    ]);
    expect(sentTo(en).map((c) => c.params.text)).toEqual(['Jury panel “Panel A” for “Cup” was dissolved: you are no longer on a jury panel.']);
  });

  it('429: waits retry_after, then delivers, without counting it as a failed attempt', async () => {
    const user = await makeUser(f.db);
    await notify(user.id);
    api.failNext('sendMessage', { status: 429, retryAfter: 30, chatId: user.telegramId! });
    const failedAt = Date.now();
    await runOutboxOnce(deps);
    const [row] = await outbox(user.id);
    expect([row.status, row.attempts]).toEqual(['pending', 0]);
    expect(row.error).toContain('Too Many Requests');
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(failedAt + 30_000);
    // A limiter past the pause, which would otherwise hold any message another test left due for 30 s.
    const afterPause = { ...deps, limiter: new RateLimiter(1000, 0) };
    await runOutboxOnce(afterPause);
    expect((await outbox(user.id))[0].status).toBe('pending'); // not due before retry_after
    // Make it due now (as time passing would) and it goes out.
    await f.db.write((m) => m.update(OutboxMessage, { id: row.id }, { nextAttemptAt: new Date(Date.now() - 1) }));
    await runOutboxOnce(afterPause);
    expect((await outbox(user.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sentTo(user)).toHaveLength(2);
  });

  it('network errors and 5xx back off and retry; 400 gives up at once', async () => {
    const user = await makeUser(f.db);
    await notify(user.id);
    api.failNext('sendMessage', { status: 500, chatId: user.telegramId! });
    const failedAt = Date.now();
    await runOutboxOnce(deps);
    const [row] = await outbox(user.id);
    expect([row.status, row.attempts]).toEqual(['pending', 1]);
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(failedAt + 2_000);
    // Make it due now (as time passing would) and it goes out.
    await f.db.write((m) => m.update(OutboxMessage, { id: row.id }, { nextAttemptAt: new Date(Date.now() - 1) }));
    await runOutboxOnce(deps);
    expect((await outbox(user.id))[0].status).toBe('sent');

    const other = await makeUser(f.db);
    await notify(other.id);
    api.failNext('sendMessage', { status: 400, chatId: other.telegramId! });
    await runOutboxOnce(deps);
    expect((await outbox(other.id))[0].status).toBe('failed');

    // The Bot API unreachable: a network error is retried later too.
    const offline = { ...deps, telegram: new Telegram('1:TEST', { apiRoot: 'http://127.0.0.1:9' }) };
    const third = await makeUser(f.db);
    await notify(third.id);
    await runOutboxOnce(offline);
    expect((await outbox(third.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('403: marks the message blocked and the user as having blocked the bot; later messages are not sent', async () => {
    const user = await makeUser(f.db);
    await notify(user.id);
    api.failNext('sendMessage', { status: 403, chatId: user.telegramId! });
    await runOutboxOnce(deps);
    expect((await f.db.manager.findOneByOrFail(User, { id: user.id })).isBlocked).toBe(true);
    await notify(user.id);
    await runOutboxOnce(deps);
    expect(sentTo(user)).toHaveLength(1);
    expect((await outbox(user.id)).map((m) => m.status)).toEqual(['blocked', 'blocked']);
  });

  it('keeps about one message per second to one chat', async () => {
    const user = await makeUser(f.db);
    await notify(user.id);
    await notify(user.id);
    const paced = { ...deps, limiter: new RateLimiter(30) };
    await runOutboxOnce(paced);
    const [first, second] = sentTo(user);
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
  });

  it('paces the whole bot without one busy chat holding up the others', async () => {
    const limiter = new RateLimiter(10);
    const started = Date.now();
    const times: Record<string, number> = {};
    await Promise.all([
      limiter.take(1).then(() => (times.a1 = Date.now() - started)),
      limiter.take(1).then(() => (times.a2 = Date.now() - started)),
      limiter.take(2).then(() => (times.b1 = Date.now() - started)),
      limiter.take(3).then(() => (times.c1 = Date.now() - started)),
    ]);
    expect(times.a2).toBeGreaterThanOrEqual(990); // one chat: a second apart
    expect(times.b1).toBeGreaterThanOrEqual(90); // the bot: 10/s, 100 ms apart
    expect(times.c1).toBeGreaterThanOrEqual(190);
    // Chats 2 and 3 went out while chat 1 waited for its turn, not after it.
    expect(Math.max(times.b1, times.c1)).toBeLessThan(times.a2);
  });
});

describe('broadcast sender', () => {
  it('sends to the audience, counts the outcomes and finishes', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    // Its audience is its own competition's people (everyone would take in the other tests' users too).
    const competitionId = (await makeCompetition(f.db)).id;
    const users = await makeUsers(f.db, 3);
    for (const user of users) await registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
    const id = await f.db.write(async (m) => (await m.insert(Broadcast, { text: 'Старт в 10:00!', competitionId })).identifiers[0].id);
    const started = await startBroadcast(f.db, admin, id);
    expect(started.totalCount).toBe(3);
    api.failNext('sendMessage', { status: 403, chatId: users[1].telegramId! });
    let result;
    do result = await runBroadcastsOnce(deps, new RateLimiter(1000, 0), 2);
    while (result.claimed > 0);
    const broadcast = await f.db.manager.findOneByOrFail(Broadcast, { id });
    expect(broadcast.state).toBe('done');
    expect(broadcast.finishedAt).toBeInstanceOf(Date);
    expect([broadcast.sentCount, broadcast.blockedCount, broadcast.failedCount]).toEqual([2, 1, 0]);
    expect(await f.db.manager.countBy(BroadcastDelivery, { broadcastId: id, status: 'pending' })).toBe(0);
    expect(
      sentTo(...users)
        .map((c) => [Number(c.params.chat_id), c.params.text])
        .sort(),
    ).toEqual(users.map((u) => [u.telegramId, 'Старт в 10:00!']).sort());
  });
});
