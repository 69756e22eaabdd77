import { describe, expect, it } from 'vitest';
import { BotSession, Competition, Registration, User } from '../../entities/index.js';
import { makeCompetition } from '../domain/fixtures.js';
import { PAGE_SIZE } from '../../bot/features/competitions.js';
import { people, useBotService } from './helpers.js';

const svc = useBotService();

const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

describe('anything unexpected gets a helpful answer', () => {
  it('stickers, photos, random text, edited messages, stale and forged buttons, unknown deep links', async () => {
    const user = person();
    await user.send('/start');
    await user.sendSticker();
    expect(user.lastReply()?.text).toContain('Я понимаю только текст и кнопки');
    expect(user.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    await user.post({
      message: {
        message_id: 90,
        date: 1,
        chat: { id: user.id, type: 'private' },
        from: { id: user.id, is_bot: false, first_name: 'Анна' },
        photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }],
      },
    });
    expect(user.lastReply()?.text).toContain('Я понимаю только текст и кнопки');
    await user.send('как дела?');
    expect(user.lastReply()?.text).toContain('Не понимаю это сообщение');
    await user.post({
      edited_message: { message_id: 91, date: 1, edit_date: 2, chat: { id: user.id, type: 'private' }, from: { id: user.id, is_bot: false, first_name: 'Анна' }, text: 'исправил' },
    });
    expect(user.lastReply()?.text).toContain('не исправления');
    await user.pressData('old-button-from-v0');
    expect(user.callbackAnswers()).toContain('Эта кнопка устарела. Вот актуальное меню:');
    expect(user.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    await user.pressData('cd:notanumber');
    await user.pressData('mr:999999'); // someone else's or a deleted registration
    expect(user.lastReply()?.text).toBe('Регистрация не найдена.');
    await user.pressData('cd:999999');
    expect(user.lastReply()?.text).toBe('Соревнование не найдено.');
    for (const payload of ['c_999999', 'garbage', 'c_abc']) {
      await user.send(`/start ${payload}`);
      expect(user.lastReply()?.text).toContain('Такое соревнование не найдено');
    }
    // Never a failed update: everything above was answered 200 and nothing was logged as an error.
    expect(svc.h.logs.lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('/help, /cancel in the middle of a form, and the form can be resumed', async () => {
    const c = await makeCompetition(db(), { title: 'Весенний кубок' });
    const user = person();
    await user.send('/help');
    expect(user.lastReply()?.text).toContain('/cancel — выйти из текущего шага');
    await user.send('/cancel');
    expect(user.lastReply()?.text).toContain('Отменять нечего');
    await user.send(`/start c_${c.id}`);
    await user.press('✍️ Участвовать');
    await user.send('Мария Петрова');
    expect(user.lastReply()?.keyboard).toEqual([['📱 Поделиться номером'], ['✖️ Отмена']]);
    await user.sendSticker();
    expect(user.lastReply()?.text).toContain('Жду номер телефона');
    await user.send('/cancel');
    const cancelled = user.replies().slice(-2);
    expect(cancelled[0].text).toBe('Заполнение формы отменено.');
    expect(cancelled[0].call.params.reply_markup).toMatchObject({ remove_keyboard: true });
    expect(cancelled[1].text).toContain('Главное меню');
    await user.send('+7 912 000-00-00');
    expect(user.lastReply()?.text).toContain('Не понимаю это сообщение');
    // Start again: a cancelled form kept nothing (no consent was given), so the name is asked again.
    await user.send(`/start c_${c.id}`);
    await user.press('✍️ Участвовать');
    expect(user.lastReply()?.text).toContain('Как вас зовут');
    await user.send('Мария Петрова');
    expect(user.lastReply()?.text).toContain('Поделитесь номером');
    await user.send('+7 912 000-00-00');
    await user.press('✅ Даю согласие');
    expect(user.lastReply()?.text).toContain('Вы зарегистрированы на «Весенний кубок»');
  });

  it('a consent button from an older form does not register for the wrong competition', async () => {
    const a = await makeCompetition(db(), { title: 'Первый' });
    const b = await makeCompetition(db(), { title: 'Второй' });
    const user = await known('Рита');
    await user.send(`/start c_${a.id}`);
    await user.press('✍️ Участвовать');
    await user.send(`/start c_${b.id}`);
    await user.press('✍️ Участвовать');
    await user.pressData(`cs:${a.id}:yes`);
    // The older form's button is spent (its own toast; this assertion used to find another test's toast).
    expect(user.callbackAnswers()).toContain('Уже сделано ✓');
    expect(await db().manager.countBy(Registration, { competitionId: a.id })).toBe(0);
    expect(await db().manager.countBy(Registration, { competitionId: b.id })).toBe(0);
  });

  it('/language switches and remembers; English by Telegram language otherwise', async () => {
    const user = person({ language_code: 'en' });
    await user.send('/start');
    expect(user.lastReply()?.buttons.flat()).toContain('🏆 Competitions');
    await user.send('/language');
    await user.press('Русский');
    expect(user.lastReply()?.text).toContain('теперь я говорю по-русски');
    await user.send('/start');
    expect(user.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    expect((await db().manager.findOneByOrFail(User, { telegramId: user.id })).preferredLanguage).toBe('ru');
  });

  it('the competitions list is paged and only shows open competitions', async () => {
    await db().write((m) => m.createQueryBuilder().delete().from(Competition).execute());
    for (let i = 0; i < PAGE_SIZE + 2; i++)
      await makeCompetition(db(), { title: `Турнир ${String(i).padStart(2, '0')} ${'х'.repeat(80)}`, startsAt: new Date(Date.UTC(2030, 0, 1 + i)) });
    await makeCompetition(db(), { title: 'Скрытый', registrationOpen: false });
    const user = person();
    await user.send('/start');
    await user.press('🏆 Соревнования');
    const first = user.lastReply()!;
    expect(first.text).toContain('страница 1 из 2');
    expect(first.buttons.length).toBe(PAGE_SIZE + 2);
    expect(first.buttons.flat().every((label) => label.length <= 60)).toBe(true);
    await user.press('Далее ›');
    const second = user.lastReply()!;
    expect(second.text).toContain('страница 2 из 2');
    expect(second.buttons.flat().filter((b) => b.startsWith('Турнир'))).toHaveLength(2);
    expect(second.buttons.flat().join()).not.toContain('Скрытый');
    await user.press('‹ Назад');
    expect(user.lastReply()?.text).toContain('страница 1 из 2');
  });

  it('a long description is cut to fit one Telegram message', async () => {
    const c = await makeCompetition(db(), { title: 'Длинный', description: 'Очень длинное описание. '.repeat(400) });
    const user = person();
    await user.send(`/start c_${c.id}`);
    expect(user.lastReply()!.text.length).toBeLessThanOrEqual(4096);
    expect(user.lastReply()!.text.endsWith('…')).toBe(true);
  });
});

describe('conversation state in the database', () => {
  it('a restart in the middle of the form continues it', async () => {
    const c = await makeCompetition(db(), { title: 'После рестарта' });
    const user = person({ first_name: 'Лиза' });
    await user.send(`/start c_${c.id}`);
    await user.press('✍️ Участвовать');
    await user.send('Лиза Смирнова');
    expect(user.lastReply()?.text).toContain('Поделитесь номером');
    expect(await db().manager.countBy(BotSession, { key: `${user.id}:${user.id}` })).toBe(1); // the form is in the database

    svc.h = await svc.h.restart();
    await user.sendContact('+79161234567');
    expect(user.lastReply()?.text).toContain('Имя: Лиза Смирнова');
    await user.send('а что дальше?');
    expect(user.lastReply()?.text).toContain('Ответьте кнопкой ниже или напишите «да» или «нет».');
    await user.press('✅ Даю согласие');
    expect(user.lastReply()?.text).toContain('Вы зарегистрированы на «После рестарта»');
    expect(await svc.h.service.db.manager.countBy(Registration, { competitionId: c.id })).toBe(1);
    // A finished form leaves no session row behind.
    const sessions = await svc.h.service.db.manager.findBy(BotSession, {});
    expect(sessions.filter((s) => s.key.startsWith(`${user.id}:`))).toEqual([]);
  });
});

describe('profile', () => {
  it('shows and edits name and phone, toggles reminders', async () => {
    const user = person({ first_name: 'Kate', language_code: 'en' });
    await user.send('/start');
    await user.press('👤 Profile');
    expect(user.lastReply()?.text).toBe('👤 Profile\nName: not set\nPhone: not set\nReminders: on\nLanguage: English');
    await user.press('✏️ Name');
    await user.send('K@te 123');
    expect(user.lastReply()?.text).toContain('first and last name in letters');
    await user.send('Kate O’Neil');
    await user.press('✏️ Phone');
    await user.sendContact('+44 7700 900123', false);
    expect(user.lastReply()?.text).toContain('Only your own contact');
    await user.send('+44 (7911) 123-456'); // (07700 900xxx is the UK's range for fiction: not a valid number)
    await user.press('🔕 Turn reminders off');
    expect(user.lastReply()?.text).toBe('👤 Profile\nName: Kate O’Neil\nPhone: +44 7911 123456\nReminders: off\nLanguage: English');
    const row = await svc.h.service.db.manager.findOneByOrFail(User, { telegramId: user.id });
    expect([row.fullName, row.phone, row.remindersEnabled]).toEqual(['Kate O’Neil', '+447911123456', false]);
  });

  it('delete my data: asks first, then removes the user and their registrations and offers the place to the waiting list', async () => {
    const c = await makeCompetition(svc.h.service.db, { title: 'One seat', maxParticipants: 1 });
    const leaver = await known('Leo', 'en');
    await leaver.send(`/start c_${c.id}`);
    await leaver.press('✍️ Take part');
    await leaver.press('✅ I consent');
    const waiting = await known('Mia', 'en');
    await waiting.send(`/start c_${c.id}`);
    await waiting.press('✍️ Take part');
    await waiting.press('✅ I consent');
    await waiting.press('⏳ Join the queue');

    await leaver.press('👤 Profile');
    await leaver.press('🗑 Delete my data');
    expect(leaver.lastReply()?.text).toContain('This cannot be undone');
    await leaver.press('No, keep it');
    expect(await svc.h.service.db.manager.countBy(User, { telegramId: leaver.id })).toBe(1);
    await leaver.press('🗑 Delete my data');
    await leaver.press('Yes, delete everything');
    expect(leaver.lastReply()?.text).toContain('Your data has been deleted');
    expect(await svc.h.service.db.manager.countBy(User, { telegramId: leaver.id })).toBe(0);
    const registrations = await svc.h.service.db.manager.findBy(Registration, { competitionId: c.id });
    expect(registrations.map((r) => r.status)).toEqual(['offered']);
    await svc.h.api.waitFor(() => waiting.replies().some((r) => r.text.includes('A place has freed up at “One seat”')));
  });
});
