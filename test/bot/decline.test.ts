import { describe, expect, it } from 'vitest';
import { Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue 11: declining anything discards what the form collected; the profile is written with the registration.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

/** A competition with its one place taken, and a new person who typed name and phone and got the waiting list offer. */
async function offeredTheWaitingList(title: string, name: string, phone: string) {
  const competition = await makeCompetition(db(), { title, maxParticipants: 1 });
  const first = await known('Первый');
  await first.send(`/start c_${competition.id}`);
  await first.press('✍️ Участвовать');
  await first.press('✅ Даю согласие');
  const late = person();
  await late.send(`/start c_${competition.id}`);
  await late.press('✍️ Участвовать');
  await late.send(name);
  await late.sendContact(phone);
  await late.press('✅ Даю согласие');
  expect(late.lastReply()?.text).toContain('Встать в список ожидания');
  return late;
}

describe(`declining the waiting list (${TEST_DB})`, () => {
  it('keeps neither the typed name nor the phone', async () => {
    const late = await offeredTheWaitingList('Кубок одного места', 'Поздний Гость', '+7 916 555-44-33');
    // Nothing written yet while the offer is open.
    expect((await db().manager.findOneByOrFail(User, { telegramId: late.id })).phone).toBeNull();
    await late.press('Нет, спасибо');
    const row = await db().manager.findOneByOrFail(User, { telegramId: late.id });
    expect([row.fullName, row.phone]).toEqual([null, null]);
    expect(await db().manager.countBy(Registration, { userId: row.id })).toBe(0);
  });

  it('joining it keeps them (written with the registration)', async () => {
    const late = await offeredTheWaitingList('Кубок второго места', 'Терпеливая Гостья', '+7 916 555-44-34');
    await late.press('⏳ Встать в очередь');
    const row = await db().manager.findOneByOrFail(User, { telegramId: late.id });
    expect([row.fullName, row.phone]).toEqual(['Терпеливая Гостья', '+79165554434']);
  });
});
