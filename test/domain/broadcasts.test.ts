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
} from '../../domain/index.js';
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
