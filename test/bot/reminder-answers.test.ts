import { describe, expect, it } from 'vitest';
import { Registration, User, VoterTimeSlot } from '../../entities/index.js';
import { enqueueDueReminders } from '../../domain/index.js';
import { userActor } from '../../domain/actor.js';
import { cancelRegistration } from '../../domain/registrations.js';
import { formatInZone, parseInZone } from '../../domain/time.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestUser } from '../../devkit/conversation.js';
import { translate } from '../../i18n/index.js';
import { makeCompetition, makeSlot } from '../domain/fixtures.js';
import { deliverOutbox, people, useBotService, waitForMessage } from './helpers.js';

// The event's life in the chat: a reminder's answer turns the reminder into its outcome (no answer buttons left,
// « В меню kept); on the event's day it says where and carries the ticket; a spent reminder answers with a toast.
const svc = useBotService();
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);
const H = 3_600_000;
const OFFSETS = [24 * H, H];

async function approved(user: TestUser, competitionId: number, role: Registration['role'] = 'participant', at = new Date(Date.now() - 72 * H)) {
  const row = await db().manager.findOneByOrFail(User, { telegramId: user.id });
  await db().write((m) => m.insert(Registration, { userId: row.id, competitionId, role, status: 'approved', statusChangedAt: at, createdAt: at }));
  return db().manager.findOneByOrFail(Registration, { userId: row.id, competitionId });
}

/** A participant's reminder 24 h before `start`, delivered; returns the reminder as the chat shows it. */
async function reminded(user: TestUser, start: Date, now = new Date(start.getTime() - 24 * H)) {
  await enqueueDueReminders(db(), OFFSETS, now);
  await deliverOutbox(svc.h);
  await waitForMessage(svc.h, user, 'Напоминание');
  return user.screen().messages.findLast((m) => m.text.includes('Напоминание'))!;
}

const shown = (user: TestUser, messageId: number) => user.screen().messages.find((m) => m.messageId === messageId);

describe(`answers to a reminder (${TEST_DB})`, () => {
  it('"✅ Буду" turns the reminder into the thanks, with « В меню only', async () => {
    const start = new Date(Date.now() + 30 * H);
    const c = await makeCompetition(db(), { title: 'Кубок ответа', startsAt: start });
    const anna = await known('Анна');
    await approved(anna, c.id);
    const reminder = await reminded(anna, start);
    const sent = anna.screen().messages.length;
    await anna.press('✅ Буду');
    expect(shown(anna, reminder.messageId)).toMatchObject({ text: 'Спасибо! Ждём вас на «Кубок ответа».', buttons: [['« В меню']] });
    expect(anna.screen().messages).toHaveLength(sent);
  });

  it('"❌ Не смогу" → "Нет, я приду" and → "Да": each outcome on the reminder, with « В меню', async () => {
    for (const [label, text] of [
      ['Нет, я приду', 'Спасибо! Ждём вас на «Кубок передумавших».'],
      ['Да, отменить регистрацию', 'Регистрация на «Кубок передумавших» отменена. Спасибо, что предупредили!'],
    ]) {
      const start = new Date(Date.now() + 30 * H);
      const c = await makeCompetition(db(), { title: 'Кубок передумавших', startsAt: start });
      const boris = await known('Борис');
      await approved(boris, c.id);
      const reminder = await reminded(boris, start);
      await boris.press('❌ Не смогу');
      await boris.press(label);
      expect(shown(boris, reminder.messageId), label).toMatchObject({ text, buttons: [['« В меню']] });
    }
  });

  it('a voter’s "❌ Не смогу" drops the slot and leaves « В меню', async () => {
    const v = await makeCompetition(db(), { title: 'Кубок голосующих', startsAt: null });
    const slot = await makeSlot(db(), v.id, 5, 10);
    const vera = await known('Вера');
    const reg = await approved(vera, v.id, 'voter', new Date(slot.startsAt.getTime() - 72 * H));
    await db().write((m) => m.insert(VoterTimeSlot, { registrationId: reg.id, timeSlotId: slot.id }));
    await enqueueDueReminders(db(), OFFSETS, new Date(slot.startsAt.getTime() - 24 * H));
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, vera, 'время голосования');
    const reminder = vera.screen().messages.findLast((m) => m.text.includes('время голосования'))!;
    await vera.press('❌ Не смогу');
    expect(shown(vera, reminder.messageId)?.text).toMatch(/^Время голосования .* отменено/);
    expect(shown(vera, reminder.messageId)?.buttons).toEqual([['« В меню']]);
  });

  it('after a cancellation the buttons answer with a toast and go, no new message', async () => {
    const start = new Date(Date.now() + 30 * H);
    const c = await makeCompetition(db(), { title: 'Кубок отменённых', startsAt: start });
    const gleb = await known('Глеб');
    const reg = await approved(gleb, c.id);
    const reminder = await reminded(gleb, start);
    await cancelRegistration(db(), userActor(reg.userId, 'bot'), reg.id);
    const sent = gleb.replies().length;
    await gleb.press('✅ Буду');
    expect(gleb.callbackAnswers()).toContain(translate('ru', 'reminder.stale'));
    expect(gleb.replies().filter((r) => r.call.method === 'sendMessage')).toHaveLength(
      gleb
        .replies()
        .slice(0, sent)
        .filter((r) => r.call.method === 'sendMessage').length,
    );
    expect(shown(gleb, reminder.messageId)).toMatchObject({ text: reminder.text, buttons: [['« В меню']] });
  });
});

describe(`a reminder on the event's day (${TEST_DB})`, () => {
  it('says where (📍) and carries the 🎫 ticket; the day before, neither', async () => {
    const tz = svc.h.config.tzDisplay;
    // Noon, two days from now, in TZ_DISPLAY: the 1 h reminder is on the day, the 24 h one the day before.
    const day = formatInZone(new Date(Date.now() + 48 * H), tz).slice(0, 10);
    const start = parseInZone(`${day} 12:00`, tz)!;
    const c = await makeCompetition(db(), { title: 'Кубок дня', startsAt: start, location: 'Стадион «Заря»' });
    const dina = await known('Дина');
    await approved(dina, c.id);
    const before = await reminded(dina, start);
    expect(before.text).not.toContain('📍');
    expect(before.buttons).toEqual([['✅ Буду', '❌ Не смогу'], ['« В меню']]);

    await enqueueDueReminders(db(), OFFSETS, new Date(start.getTime() - H));
    await deliverOutbox(svc.h);
    await svc.h.api.waitFor(() => dina.screen().messages.filter((m) => m.text.includes('Напоминание')).length === 2);
    const onTheDay = dina.screen().messages.findLast((m) => m.text.includes('Напоминание'))!;
    expect(onTheDay.text).toContain('\n📍 Стадион «Заря»');
    expect(onTheDay.buttons).toEqual([['🎫 Билет'], ['« В меню']]);
    await dina.press('🎫 Билет');
    expect(svc.h.api.callsOf('sendPhoto').filter((call) => Number(call.params.chat_id) === dina.id)).toHaveLength(1);
  });
});
