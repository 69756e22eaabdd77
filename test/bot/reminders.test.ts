import { describe, expect, it } from 'vitest';
import { Registration, RegistrationEvent, User, VoterTimeSlot } from '../../entities/index.js';
import { ManualClock, enqueueDueReminders } from '../../domain/index.js';
import { makeCompetition, makeSlot } from '../domain/fixtures.js';
import { deliverOutbox, people, useBotService, waitForMessage } from './helpers.js';

const svc = useBotService();
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);
const H = 3_600_000;
const OFFSETS = [24 * H, H];

async function register(
  userTelegramId: number,
  competitionId: number,
  status: Registration['status'],
  role: Registration['role'] = 'participant',
  at = new Date(Date.now() - 72 * H),
) {
  const user = await db().manager.findOneByOrFail(User, { telegramId: userTelegramId });
  await db().write((m) => m.insert(Registration, { userId: user.id, competitionId, role, status, statusChangedAt: at, createdAt: at }));
  return db().manager.findOneByOrFail(Registration, { userId: user.id, competitionId });
}

describe('reminders that ask "are you coming?"', () => {
  it('"Не смогу" asks once more, cancels, and the next on the waiting list is offered the place; history says reminder', async () => {
    const start = new Date(Date.now() + 30 * H);
    const c = await makeCompetition(db(), { title: 'Финал', startsAt: start, maxParticipants: 1 });
    const ira = await known('Ира');
    const oleg = await known('Олег');
    const mine = await register(ira.id, c.id, 'approved');
    await register(oleg.id, c.id, 'waitlisted', 'participant', new Date(Date.now() - 71 * H));

    const clock = new ManualClock(start.getTime() - 24 * H);
    expect(await enqueueDueReminders(db(), OFFSETS, clock.now())).toBe(1);
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, ira, 'Напоминание');
    const reminder = ira.lastReply()!;
    expect(reminder.text).toMatch(/^⏰ Напоминание: «Финал» — .*\. Вы придёте\?$/);
    expect(reminder.buttons).toEqual([['✅ Буду', '❌ Не смогу'], ['« В меню']]);

    // Someone else pressing Ira's button (forged data) changes nothing.
    await oleg.pressData(`at:${mine.id}:0:sure`);
    expect((await db().manager.findOneByOrFail(Registration, { id: mine.id })).status).toBe('approved');

    await ira.press('❌ Не смогу');
    expect(ira.lastReply()?.text).toContain('Точно не сможете?');
    expect((await db().manager.findOneByOrFail(Registration, { id: mine.id })).status).toBe('approved');
    await ira.press('Да, отменить регистрацию');
    expect(ira.lastReply()?.text).toBe('Регистрация на «Финал» отменена. Спасибо, что предупредили!');

    const after = await db().manager.find(Registration, { where: { competitionId: c.id }, order: { id: 'ASC' } });
    expect(after.map((r) => r.status)).toEqual(['cancelled', 'offered']);
    expect(after[0].attendanceDeclinedAt).toBeInstanceOf(Date);
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, oleg, 'Освободилось место на «Финал»');
    const events = await db().manager.find(RegistrationEvent, { where: { registrationId: mine.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.event, e.source])).toEqual([
      ['attendance_declined', 'reminder'],
      ['status_changed', 'reminder'],
    ]);
  });

  it('"Буду" records the confirmation; a voter’s "Не смогу" drops that slot only', async () => {
    const start = new Date(Date.now() + 30 * H);
    const c = await makeCompetition(db(), { title: 'Голосование', startsAt: start });
    const anna = await known('Анна');
    const mine = await register(anna.id, c.id, 'approved');
    await enqueueDueReminders(db(), OFFSETS, new Date(start.getTime() - 24 * H));
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, anna, 'Напоминание');
    await anna.press('✅ Буду');
    expect(anna.lastReply()?.text).toBe('Спасибо! Ждём вас на «Голосование».');
    const confirmed = await db().manager.findOneByOrFail(Registration, { id: mine.id });
    expect(confirmed.attendanceConfirmedAt).toBeInstanceOf(Date);
    expect((await db().manager.findBy(RegistrationEvent, { registrationId: mine.id })).map((e) => [e.event, e.source])).toEqual([['attendance_confirmed', 'reminder']]);

    const v = await makeCompetition(db(), { title: 'Жюри зрителей', startsAt: null });
    const s1 = await makeSlot(db(), v.id, 5, 10);
    const s2 = await makeSlot(db(), v.id, 5, 14);
    const voter = await known('Вера');
    const reg = await register(voter.id, v.id, 'approved', 'voter', new Date(s1.startsAt.getTime() - 72 * H));
    await db().write(async (m) => {
      await m.insert(VoterTimeSlot, { registrationId: reg.id, timeSlotId: s1.id });
      await m.insert(VoterTimeSlot, { registrationId: reg.id, timeSlotId: s2.id });
    });
    await enqueueDueReminders(db(), OFFSETS, new Date(s1.startsAt.getTime() - 24 * H));
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, voter, 'время голосования');
    await voter.press('❌ Не смогу');
    expect(voter.lastReply()?.text).toMatch(/^Время голосования на «Жюри зрителей» \(.*\) отменено/);
    expect((await db().manager.findBy(VoterTimeSlot, { registrationId: reg.id })).map((s) => s.timeSlotId)).toEqual([s2.id]);
    expect((await db().manager.findOneByOrFail(Registration, { id: reg.id })).status).toBe('approved');
  });
});
