import { describe, expect, it } from 'vitest';
import { Broadcast, BroadcastDelivery, OutboxMessage, Registration } from '../../entities/index.js';
import {
  adminActor,
  broadcastProgress,
  cancelBroadcast,
  checkTelegramHtml,
  countBroadcastRecipients,
  createBroadcast,
  enqueueNotification,
  resendInterruptedNotifications,
  retryFailedDeliveries,
  scheduleBroadcast,
  startBroadcast,
  startDueBroadcasts,
  telegramHtmlPreview,
  updateBroadcast,
  broadcastActionsNow,
} from '../../domain/index.js';
import { notificationExcerpt, plainExcerpt } from '../../domain/read-models/message-excerpts.js';
import { claimDue, interruptInFlight, recordOutcome } from '../../domain/infrastructure/delivery-queue.js';
import { expectDomainError, makeAdmin, makeCompetition, makeUser, useDomainFixture } from './fixtures.js';

// A database for each test: the queue's claims and the due-reminder scan read whole tables.
const f = useDomainFixture({ each: true });

describe('broadcast text in Telegram’s HTML', () => {
  it('names the problem', () => {
    expect(checkTelegramHtml('<b>жирный</b> <i>курсив</i> <a href="https://x.org">ссылка</a> &amp; <tg-spoiler>тайна</tg-spoiler>')).toBeNull();
    expect(checkTelegramHtml('<div>x</div>')).toMatchObject({ key: 'broadcast.html_unknown_tag', params: { tag: 'div' } });
    expect(checkTelegramHtml('<b>x')).toMatchObject({ key: 'broadcast.html_unclosed', params: { tag: 'b' } });
    expect(checkTelegramHtml('<b><i>x</b></i>')).toMatchObject({ key: 'broadcast.html_unclosed', params: { tag: 'i' } });
    expect(checkTelegramHtml('x</b>')).toMatchObject({ key: 'broadcast.html_unexpected_close' });
    expect(checkTelegramHtml('Tom & Jerry')).toMatchObject({ key: 'broadcast.html_bad_entity' });
    expect(checkTelegramHtml('a < b')).toMatchObject({ key: 'broadcast.html_bad_tag' });
    expect(checkTelegramHtml('<a>x</a>')).toMatchObject({ key: 'broadcast.html_bad_href' });
    expect(checkTelegramHtml('я'.repeat(4097))).toMatchObject({ key: 'broadcast.too_long' });
  });

  it('previews safely: only Telegram’s tags, only http(s) links', () => {
    expect(telegramHtmlPreview('<b>x</b> <a href="javascript:alert(1)">y</a> <img src=x onerror=alert(1)>')).toBe('<b>x</b> <a>y</a> &lt;img src=x onerror=alert(1)&gt;');
  });

  it('is checked before saving', async () => {
    const admin = await makeAdmin(f.db);
    await expectDomainError(createBroadcast(f.db, adminActor(admin.id), { text: '<script>x</script>' }), 'broadcast.html_unknown_tag');
    expect(await f.db.manager.countBy(Broadcast, { text: '<script>x</script>' })).toBe(0);
  });
});

describe('broadcast actions', () => {
  it('counts, schedules, starts when due, cancels the rest, retries only failed and interrupted', async () => {
    const admin = await makeAdmin(f.db);
    const actor = adminActor(admin.id);
    const c = await makeCompetition(f.db);
    const users = [];
    for (let i = 0; i < 5; i++) {
      const u = await makeUser(f.db);
      await f.db.write((m) =>
        m.insert(Registration, {
          userId: u.id,
          competitionId: c.id,
          role: 'participant',
          status: 'approved',
          checkedIn: i < 2,
          attendanceConfirmedAt: i === 4 ? new Date() : null,
        }),
      );
      users.push(u);
    }
    const b = await createBroadcast(f.db, actor, { text: 'Привет', competitionId: c.id });
    expect(await countBroadcastRecipients(f.db, b.id)).toBe(5);
    // "Came": any (null), came (true), did not come (false).
    await f.db.write((m) => m.update(Broadcast, { id: b.id }, { checkedIn: true }));
    expect(await countBroadcastRecipients(f.db, b.id)).toBe(2);
    await f.db.write((m) => m.update(Broadcast, { id: b.id }, { checkedIn: false }));
    expect(await countBroadcastRecipients(f.db, b.id)).toBe(3);
    await f.db.write((m) => m.update(Broadcast, { id: b.id }, { attendance: 'unanswered' }));
    expect(await countBroadcastRecipients(f.db, b.id)).toBe(2);
    await f.db.write((m) => m.update(Broadcast, { id: b.id }, { checkedIn: null, attendance: null }));

    const now = new Date('2030-01-01T10:00:00Z');
    await expectDomainError(scheduleBroadcast(f.db, actor, b.id, new Date(now.getTime() - 1), now), 'broadcast.schedule_in_past');
    await scheduleBroadcast(f.db, actor, b.id, new Date(now.getTime() + 60_000), now);
    expect(await startDueBroadcasts(f.db, now)).toEqual([]);
    expect(await startDueBroadcasts(f.db, new Date(now.getTime() + 60_000))).toEqual([b.id]);
    expect((await f.db.manager.findOneByOrFail(Broadcast, { id: b.id })).state).toBe('sending');

    // Two go out (one fails), one is in flight when its sender dies; then the organizer cancels the rest.
    const claimed = await claimDue(f.db, 'broadcast_deliveries', 3);
    await recordOutcome(f.db, 'broadcast_deliveries', claimed[0], { kind: 'sent' });
    await recordOutcome(f.db, 'broadcast_deliveries', claimed[1], { kind: 'failed', error: 'Bad Request: chat not found' });
    expect(await interruptInFlight(f.db)).toEqual({ outbox_messages: 0, broadcast_deliveries: 1 });
    await cancelBroadcast(f.db, actor, b.id);
    expect(await broadcastProgress(f.db, b.id)).toMatchObject({ state: 'cancelled', sent: 1, failed: 1, interrupted: 1, cancelled: 2, pending: 0 });

    expect(await retryFailedDeliveries(f.db, actor, b.id)).toBe(2);
    const rows = await f.db.manager.find(BroadcastDelivery, { where: { broadcastId: b.id }, order: { id: 'ASC' } });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'pending', 'pending', 'cancelled', 'cancelled']);
    expect((await f.db.manager.findOneByOrFail(Broadcast, { id: b.id })).state).toBe('sending');
    await expectDomainError(startBroadcast(f.db, actor, b.id), 'broadcast.not_draft');
  });

  it('an interrupted notification is never re-sent by itself; an organizer may resend it', async () => {
    const admin = await makeAdmin(f.db);
    const u = await makeUser(f.db);
    await f.db.write((m) => enqueueNotification(m, u.id, 'notify.checked_in', { competition: 'Кубок' }));
    const [message] = await claimDue(f.db, 'outbox_messages', 10);
    expect((await f.db.manager.findOneByOrFail(OutboxMessage, { id: message.id })).status).toBe('sending');
    await interruptInFlight(f.db);
    expect(await claimDue(f.db, 'outbox_messages', 10)).toEqual([]);
    expect((await f.db.manager.findOneByOrFail(OutboxMessage, { id: message.id })).status).toBe('interrupted');
    expect(await resendInterruptedNotifications(f.db, adminActor(admin.id), [message.id])).toBe(1);
    expect((await claimDue(f.db, 'outbox_messages', 10)).map((m) => m.id)).toEqual([message.id]);
  });
});

describe('a broadcast’s send time and the actions that apply', () => {
  it('a send time must be ahead; clearing a scheduled one’s time makes it a draft again; other edits keep the schedule', async () => {
    const actor = adminActor((await makeAdmin(f.db)).id);
    const now = new Date('2030-01-01T10:00:00Z');
    const later = new Date(now.getTime() + 3_600_000);
    await expectDomainError(createBroadcast(f.db, actor, { text: 'Старт', scheduledAt: new Date(now.getTime() - 1) }, now), 'broadcast.schedule_in_past');
    const b = await createBroadcast(f.db, actor, { text: 'Старт', scheduledAt: later }, now);
    // Saved with a time, it is still a draft until the organizer confirms the schedule (the admin asks next).
    expect(b.state).toBe('draft');
    expect(broadcastActionsNow(b, 0)).toEqual(['edit', 'send', 'schedule']);
    await scheduleBroadcast(f.db, actor, b.id, later, now);
    await expectDomainError(updateBroadcast(f.db, actor, b.id, { scheduledAt: new Date(now.getTime() - 1) }, now), 'broadcast.schedule_in_past');
    await updateBroadcast(f.db, actor, b.id, { text: 'Старт в 11:00' }, now);
    expect(await f.db.manager.findOneByOrFail(Broadcast, { id: b.id })).toMatchObject({ state: 'scheduled', scheduledAt: later });
    await updateBroadcast(f.db, actor, b.id, { scheduledAt: null }, now);
    expect(await f.db.manager.findOneByOrFail(Broadcast, { id: b.id })).toMatchObject({ state: 'draft', scheduledAt: null });
  });

  it('offers what applies now: stop while scheduled or sending, retry only with failures', () => {
    const at = new Date();
    expect(broadcastActionsNow({ state: 'draft', scheduledAt: null }, 0)).toEqual(['edit', 'send']);
    expect(broadcastActionsNow({ state: 'scheduled', scheduledAt: at }, 0)).toEqual(['edit', 'send', 'cancelBroadcast']);
    expect(broadcastActionsNow({ state: 'sending', scheduledAt: null }, 0)).toEqual(['cancelBroadcast']);
    expect(broadcastActionsNow({ state: 'sending', scheduledAt: null }, 2)).toEqual(['cancelBroadcast', 'retryFailed']);
    expect(broadcastActionsNow({ state: 'done', scheduledAt: null }, 0)).toEqual([]);
    expect(broadcastActionsNow({ state: 'done', scheduledAt: null }, 1)).toEqual(['retryFailed']);
    expect(broadcastActionsNow({ state: 'cancelled', scheduledAt: null }, 0)).toEqual([]);
  });
});

describe('messages as one line in a list', () => {
  it('a broadcast’s HTML becomes plain text, cut with "…"', () => {
    expect(plainExcerpt('<b>Старт</b> в 10:00 &amp; <a href="https://x.org">план</a>\nвторая строка')).toBe('Старт в 10:00 & план вторая строка');
    expect(plainExcerpt('я'.repeat(100))).toBe(`${'я'.repeat(59)}…`);
  });

  it('a notification is its text in the admin’s language, not its key', () => {
    const row = { kind: 'notify.status_approved', payload: { competition: 'Кубок' }, text: null };
    expect(notificationExcerpt(row, 'ru', 'Europe/Moscow')).toBe('Ваша заявка на «Кубок» подтверждена. До встречи!');
    expect(notificationExcerpt(row, 'en', 'Europe/Moscow')).not.toContain('notify.');
    const moved = { kind: 'notify.competition_moved', payload: { competition: 'Кубок', startsAt: '2030-05-01T07:00:00.000Z' }, text: null };
    expect(notificationExcerpt(moved, 'ru', 'Europe/Moscow')).toContain('01.05.2030 10:00');
    expect(notificationExcerpt({ kind: 'unknown.kind', payload: null, text: null }, 'ru', 'UTC')).toBe('unknown.kind');
  });
});
