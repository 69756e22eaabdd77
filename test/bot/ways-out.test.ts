import { describe, expect, it } from 'vitest';
import { Registration, User } from '../../entities/index.js';
import { adminActor, approveRegistration } from '../../domain/index.js';
import { userActor } from '../../domain/actor.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestUser } from '../../devkit/conversation.js';
import { translate } from '../../i18n/index.js';
import { makeAdmin, makeCompetition, makeSlot, makeUsers } from '../domain/fixtures.js';
import { deliverOutbox, people, useBotService, waitForMessage } from './helpers.js';

// issue 11 "Conversation": every screen has a way out, spent keyboards go away, the details screen knows the
// user, and the words (plurals, /cancel, /language in a form). Each test failed before that work.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

const MENU = '« В меню';
/** The labels of the buttons the chat shows live now, message by message (oldest first). */
const liveLabels = (user: TestUser) => user.liveKeyboards().map((m) => m.buttons.flat());
const row = (user: TestUser) => db().manager.findOneByOrFail(User, { telegramId: user.id });

describe(`every screen has a way out (${TEST_DB})`, () => {
  it('the name step has Cancel, which ends the form on the same message and says so', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок выхода' });
    const anna = person({ first_name: 'Анна', last_name: 'Иванова' });
    await anna.send(`/start c_${competition.id}`);
    await anna.press('✍️ Участвовать');
    expect(anna.lastReply()?.buttons).toEqual([['Анна Иванова'], ['✖️ Отмена']]);
    const sent = anna.screen().messages.length;
    await anna.press('✖️ Отмена');
    expect(anna.lastReply()?.text).toContain('Заполнение формы отменено.');
    expect(anna.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    expect(anna.screen().messages).toHaveLength(sent); // edited in place
    await anna.send('Анна Иванова');
    expect(anna.lastReply()?.text).toContain('Не понимаю это сообщение'); // the form is closed
  });

  it('the phone step has Cancel on its reply keyboard; it takes the keyboard away', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок телефона' });
    const boris = person({ first_name: 'Борис', last_name: 'Петров' });
    await boris.send(`/start c_${competition.id}`);
    await boris.press('✍️ Участвовать');
    await boris.press('Борис Петров');
    expect(boris.screen().replyKeyboard).toEqual([['📱 Поделиться номером'], ['✖️ Отмена']]);
    await boris.send('✖️ Отмена');
    expect(boris.replies().at(-2)?.text).toBe('Заполнение формы отменено.');
    expect(boris.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    expect(boris.screen().replyKeyboard).toBeNull();
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(0);
  });

  it('the consent summary offers Edit name and Edit phone, typed or tapped, and registers what was corrected', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок правок' });
    const vera = await known('Вера');
    await vera.send(`/start c_${competition.id}`);
    await vera.press('✍️ Участвовать');
    expect(vera.lastReply()?.buttons).toContainEqual(['✏️ Изменить имя', '✏️ Изменить телефон']);
    await vera.press('✏️ Изменить имя');
    expect(vera.lastReply()?.text).toContain('Как вас зовут');
    await vera.send('Вера Новикова');
    expect(vera.lastReply()?.text).toContain('Имя: Вера Новикова');
    const summary = vera.liveKeyboards().at(-1)!;
    await vera.press('✏️ Изменить телефон');
    expect(vera.screen().replyKeyboard).toEqual([['📱 Поделиться номером'], ['✖️ Отмена']]);
    // The summary left behind keeps what it said (not "Имя: … ✓", which only closes the name step) without buttons.
    expect(vera.screen().messages.find((m) => m.messageId === summary.messageId)).toMatchObject({ text: summary.text, buttons: [] });
    await vera.sendContact('+7 916 222-33-44');
    expect(vera.lastReply()?.text).toContain('Телефон: +7 916 222 33 44');
    expect(vera.screen().replyKeyboard).toBeNull();
    await vera.press('✅ Даю согласие');
    expect(vera.lastReply()?.text).toContain('Вы зарегистрированы на «Кубок правок»');
    const profile = await row(vera);
    expect([profile.fullName, profile.phone]).toEqual(['Вера Новикова', '+79162223344']);
    // Only the answer's menu is live: the summaries and the steps before lost their buttons.
    expect(liveLabels(vera).filter((labels) => labels.includes('✅ Даю согласие') || labels.includes('✖️ Отмена'))).toEqual([]);
  });

  it('"data deleted", /language, the edited-message reply, errors and "not found" offer the menu', async () => {
    const user = await known('Гоша');
    await user.send('/language');
    expect(user.lastReply()?.buttons.flat()).toContain(MENU);
    await user.post({
      edited_message: { message_id: 91, date: 1, edit_date: 2, chat: { id: user.id, type: 'private' }, from: { id: user.id, is_bot: false, first_name: 'Гоша' }, text: 'исправил' },
    });
    expect(user.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    await user.pressData('mr:999999');
    expect(user.lastReply()?.text).toBe('Регистрация не найдена.');
    expect(user.lastReply()?.buttons.flat()).toContain('🏆 Соревнования');
    await user.pressData('cd:999999');
    expect(user.lastReply()?.text).toBe('Соревнование не найдено.');
    expect(user.lastReply()?.buttons.flat()).toContain(MENU);
    await user.press('👤 Профиль');
    await user.press('🗑 Удалить мои данные');
    expect(user.lastReply()?.buttons.flat()).toContain(MENU);
    await user.press('Да, удалить всё');
    expect(user.lastReply()?.text).toContain('Ваши данные удалены');
    expect(user.lastReply()?.buttons.flat()).toEqual([MENU]);
    await user.press(MENU);
    expect(user.lastReply()?.text).toContain('Главное меню');
  });

  it('the slot picker and the cancel confirmation offer the menu; a notification too, keeping its text', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок слотов', requiresApproval: true });
    await makeSlot(db(), competition.id, 2, 7);
    const voter = await known('Дана');
    await voter.send(`/start c_${competition.id}`);
    await voter.press('🗳 Голосовать');
    await voter.press('✅ Даю согласие');
    expect(voter.lastReply()?.text).toContain('Выберите время голосования');
    expect(voter.lastReply()?.buttons.at(-1)).toEqual(['✔️ Готово', MENU]);
    const registration = await db().manager.findOneByOrFail(Registration, { competitionId: competition.id });
    await approveRegistration(db(), adminActor((await makeAdmin(db())).id), registration.id);
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, voter, 'подтверждена. До встречи!');
    const notification = voter.screen().messages.at(-1)!;
    expect(notification.buttons.flat()).toContain(MENU);
    await voter.press(MENU);
    expect(voter.lastReply()?.text).toContain('Главное меню');
    expect(voter.screen().messages.find((m) => m.messageId === notification.messageId)?.text).toBe(notification.text);
    await voter.press('📋 Мои регистрации');
    await voter.press('Кубок слотов');
    await voter.press('✖️ Отменить регистрацию');
    expect(voter.lastReply()?.buttons.flat()).toContain(MENU);
  });
});

describe(`spent keyboards go away (${TEST_DB})`, () => {
  it('a typed name takes the buttons off the name step; a declined consent off the summary', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок кнопок' });
    const lena = person({ first_name: 'Лена' });
    await lena.send(`/start c_${competition.id}`);
    await lena.press('✍️ Участвовать');
    await lena.send('Елена Смирнова');
    expect(liveLabels(lena).flat()).not.toContain('✖️ Отмена');
    await lena.sendContact('+7 916 333-44-55');
    await lena.press('✖️ Не даю');
    expect(lena.lastReply()?.text).toContain('введённые данные не сохранены');
    expect(liveLabels(lena)).toHaveLength(1); // the answer's menu only
    expect(lena.screen().replyKeyboard).toBeNull();
  });

  it('an old "Choose time" of a cancelled registration says it is cancelled, not a live picker', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок отмены' });
    await makeSlot(db(), competition.id, 2, 7);
    const ivan = await known('Иван');
    await ivan.send(`/start c_${competition.id}`);
    await ivan.press('🗳 Голосовать');
    await ivan.press('✅ Даю согласие');
    await ivan.press('📋 Мои регистрации');
    await ivan.press('Кубок отмены');
    const details = ivan.lastReply()!; // with "🕒 Выбрать время"
    await ivan.press('✖️ Отменить регистрацию');
    await ivan.press('Да, отменить');
    const data = (details.call.params.reply_markup.inline_keyboard as Array<Array<{ text: string; callback_data: string }>>)
      .flat()
      .find((b) => b.text === '🕒 Выбрать время')!.callback_data;
    await ivan.pressData(data, Number(details.call.params.message_id));
    expect(ivan.callbackAnswers().at(-1)).toBe('Регистрация на «Кубок отмены» отменена — выбрать время нельзя.'); // the answer to this press
    expect(ivan.lastReply()?.text).toBe('Регистрация на «Кубок отмены» отменена — выбрать время нельзя.');
    const pressed = ivan.screen().messages.find((m) => m.messageId === Number(details.call.params.message_id))!;
    expect(pressed.buttons.flat().some((label) => label.startsWith('▫️'))).toBe(false);
    expect(pressed.buttons.flat()).toEqual(['📋 Моя регистрация', MENU]);
  });

  it('a button the bot no longer knows: a toast, and its message becomes the menu', async () => {
    const user = await known('Федя');
    const menu = user.lastReply()!;
    await user.pressData('old-button-from-v0', Number(menu.call.result.message_id));
    expect(user.callbackAnswers().at(-1)).toBe('Эта кнопка устарела. Вот актуальное меню:');
    expect(user.screen().messages.filter((m) => m.buttons.length > 0)).toHaveLength(1);
  });
});

describe(`the details screen knows the user (${TEST_DB})`, () => {
  it('registered: status and "My registration" instead of Register; waitlisted: the position; voters: no places line', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок статуса', maxParticipants: 1 });
    const first = await known('Нина');
    await first.send(`/start c_${competition.id}`);
    await first.press('✍️ Участвовать');
    await first.press('✅ Даю согласие');
    await first.send(`/start c_${competition.id}`);
    expect(first.lastReply()?.text).toContain('Вы зарегистрированы, регистрация подтверждена.');
    expect(first.lastReply()?.buttons.flat()).toContain('📋 Моя регистрация');
    expect(first.lastReply()?.buttons.flat()).not.toContain('✍️ Участвовать');
    await first.press('📋 Моя регистрация');
    expect(first.lastReply()?.text).toContain('Статус заявки: подтверждена');

    const second = await known('Олег');
    await second.send(`/start c_${competition.id}`);
    await second.press('✍️ Участвовать');
    await second.press('✅ Даю согласие');
    await second.press('⏳ Встать в очередь');
    await second.send(`/start c_${competition.id}`);
    expect(second.lastReply()?.text).toContain('Вы в списке ожидания, номер в очереди: 1.');

    const voter = await known('Пётр');
    await voter.send(`/start c_${competition.id}`);
    expect(voter.lastReply()?.text).toContain('Единственное место занято');
    await voter.press('🗳 Голосовать');
    await voter.press('✅ Даю согласие');
    await voter.send(`/start c_${competition.id}`);
    expect(voter.lastReply()?.text).toContain('Вы зарегистрированы, регистрация подтверждена.');
    expect(voter.lastReply()?.text).not.toContain('🎟');
  });
});

describe(`words (${TEST_DB})`, () => {
  it('counts take the right plural form, in Russian and in English', async () => {
    for (const [max, ru, en] of [
      [2, 'Все 2 места заняты', 'All 2 places are taken'],
      [5, 'Все 5 мест заняты', 'All 5 places are taken'],
      [21, 'Все 21 место заняты', 'All 21 places are taken'],
    ] as const) {
      const competition = await makeCompetition(db(), { title: `Кубок на ${max}`, maxParticipants: max });
      for (const taker of await makeUsers(db(), max)) {
        await registerForCompetition(db(), userActor(taker.id), { userId: taker.id, competitionId: competition.id, role: 'participant', consentGiven: true });
      }
      const russian = await known('Зритель');
      await russian.send(`/start c_${competition.id}`);
      expect(russian.lastReply()?.text).toContain(ru);
      const english = await known('Viewer', 'en');
      await english.send(`/start c_${competition.id}`);
      expect(english.lastReply()?.text).toContain(en);
    }
    expect(translate('ru', 'broadcast.too_long', { length: 4101 })).toContain('4101 символ,');
    expect(translate('ru', 'broadcast.too_long', { length: 4102 })).toContain('4102 символа,');
    expect(translate('en', 'admin.password_too_short', { min: 1 })).toContain('1 character long');
    expect(translate('ru', 'competition.places_none', { max: 1 })).toContain('Единственное место занято');
    expect(translate('en', 'competition.places_none', { max: 1 })).toContain('The only place is taken');
  });

  it('/cancel in a profile edit says what it cancelled', async () => {
    const user = await known('Стас');
    await user.press('👤 Профиль');
    await user.press('✏️ Телефон');
    await user.send('/cancel');
    expect(user.replies().at(-2)?.text).toBe('Изменение профиля отменено.');
    expect(user.screen().replyKeyboard).toBeNull();
  });

  it('/language in the phone step: the form goes on in English, its contact button too', async () => {
    const competition = await makeCompetition(db(), { title: 'Language Cup' });
    const kate = person({ first_name: 'Kate', last_name: 'Brown' });
    await kate.send(`/start c_${competition.id}`);
    await kate.press('✍️ Участвовать');
    await kate.press('Kate Brown');
    await kate.send('/language');
    await kate.press('English');
    expect(kate.lastReply()?.text).toContain('Share your phone number');
    expect(kate.screen().replyKeyboard).toEqual([['📱 Share my number'], ['✖️ Cancel']]);
    await kate.sendContact('+44 7911 123456');
    expect(kate.lastReply()?.text).toContain('Name: Kate Brown');
    await kate.press('✅ I consent');
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
  });

  it('/language in the name step: the step is asked again in English on the language message', async () => {
    const competition = await makeCompetition(db(), { title: 'Name Cup' });
    const liam = person({ first_name: 'Liam', last_name: 'Gray' });
    await liam.send(`/start c_${competition.id}`);
    await liam.press('✍️ Участвовать');
    await liam.send('/language');
    await liam.press('English');
    expect(liam.lastReply()?.text).toContain('Done, I will speak English from now on.');
    expect(liam.lastReply()?.text).toContain('What is your name?');
    expect(liveLabels(liam)).toEqual([['Liam Gray', '✖️ Cancel']]);
    await liam.press('Liam Gray');
    expect(liam.lastReply()?.text).toContain('Share your phone number');
  });
});
