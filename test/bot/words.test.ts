import { describe, expect, it } from 'vitest';
import { Competition, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestUser } from '../../devkit/conversation.js';
import { translate } from '../../i18n/index.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue "The event's life in the chat": the words and the small things of the chat. Each test failed before its fix.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);
const ru = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('ru', key, params);
const menuLabel = ru('menu.competitions');
/** The bot's messages the person still sees, oldest first. */
const shown = (user: TestUser) => user.screen().messages;

describe(`lists (${TEST_DB})`, () => {
  it('one page says no "страница 1 из 1", in the upcoming list and the past one', async () => {
    await db().write((m) => m.createQueryBuilder().delete().from(Competition).execute());
    await makeCompetition(db(), { title: 'Кубок одной страницы' });
    await makeCompetition(db(), { title: 'Прошедший кубок', startsAt: new Date(Date.now() - 86_400_000) });
    const user = person();
    await user.send('/start');
    await user.press(menuLabel);
    expect(user.lastReply()?.text).toBe(ru('competitions.title'));
    await user.press(ru('competitions.past'));
    expect(user.lastReply()?.text).toBe(ru('competitions.past_title'));
  });

  it('a list button fits a phone: a long title is cut with "…" and the date stays', async () => {
    const title = 'Кубок города по шахматам среди юношей и девушек';
    // Sooner than any other test's competition: first in the list.
    const soon = new Date(Date.now() + 3_600_000);
    await makeCompetition(db(), { title, startsAt: soon });
    const user = person();
    await user.send('/start');
    await user.press(menuLabel);
    const label = user
      .lastReply()!
      .buttons.flat()
      .find((b) => b.startsWith('Кубок города по шах'))!;
    expect(label.length).toBeLessThanOrEqual(32);
    const day = new Intl.DateTimeFormat('ru-RU', { timeZone: svc.h.config.tzDisplay, day: '2-digit', month: '2-digit' }).format(soon);
    expect(label).toMatch(new RegExp(`^Кубок города по шах[^·]*… · ${day.replace('.', '\\.')}(\\.\\d\\d)?$`));
  });
});

describe(`names (${TEST_DB})`, () => {
  it('a one-word Telegram name is not offered as the first and last name', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок одного слова' });
    const borya = person({ first_name: 'Боря' });
    await borya.send(`/start c_${competition.id}`);
    await borya.press(ru('competition.register_participant'));
    expect(borya.lastReply()?.text).toBe(ru('reg.ask_name'));
    expect(borya.lastReply()?.buttons).toEqual([[ru('form.cancel')]]);
  });

  it('"✏️ Имя" offers the full name already given first, then the Telegram name', async () => {
    const fedya = person({ first_name: 'Федя' });
    await fedya.send('/start');
    await db().write((m) => m.update(User, { telegramId: fedya.id }, { fullName: 'Фёдор Достоевский' }));
    await fedya.press(ru('menu.profile'));
    await fedya.press(ru('profile.edit_name'));
    expect(fedya.lastReply()?.buttons).toEqual([['Фёдор Достоевский'], [ru('form.cancel')]]);

    const fyodor = person({ first_name: 'Фёдор', last_name: 'Михайлович' });
    await fyodor.send('/start');
    await db().write((m) => m.update(User, { telegramId: fyodor.id }, { fullName: 'Фёдор Достоевский' }));
    await fyodor.press(ru('menu.profile'));
    await fyodor.press(ru('profile.edit_name'));
    expect(fyodor.lastReply()?.buttons).toEqual([['Фёдор Достоевский'], ['Фёдор Михайлович'], [ru('form.cancel')]]);
    await fyodor.press('Фёдор Михайлович');
    expect((await db().manager.findOneByOrFail(User, { telegramId: fyodor.id })).fullName).toBe('Фёдор Михайлович');
  });
});

describe(`stray messages and /menu (${TEST_DB})`, () => {
  it('a sticker, photo, voice, location and document in a row: one menu, then short answers', async () => {
    const user = await known('Тимур');
    const before = user.replies().length;
    await user.sendSticker();
    await user.sendOther({ photo: [{ file_id: 'p1', file_unique_id: 'p1', width: 90, height: 90 }] });
    await user.sendOther({ voice: { file_id: 'v1', file_unique_id: 'v1', duration: 2 } });
    await user.sendOther({ location: { latitude: 55.75, longitude: 37.62 } });
    await user.sendOther({ document: { file_id: 'd1', file_unique_id: 'd1', file_name: 'a.pdf' } });
    const answers = user.replies().slice(before);
    expect(answers.map((r) => r.text)).toEqual([ru('fallback.media'), ...Array(4).fill(ru('fallback.media_again'))]);
    expect(answers.filter((r) => r.buttons.length > 0)).toHaveLength(1);
    // Anything else in between (a button), and the next stray message gets the menu again.
    await user.press(ru('menu.help'));
    await user.sendSticker();
    expect(user.lastReply()?.text).toBe(ru('fallback.media'));
    expect(user.lastReply()?.buttons.flat()).toContain(menuLabel);
  });

  it('/menu opens the menu; in a form it leaves the form and says so', async () => {
    const user = await known('Ульяна');
    await user.send('/menu');
    expect(user.lastReply()?.text).toBe(ru('menu.title'));
    expect(user.lastReply()?.buttons.flat()).toContain(menuLabel);
    const competition = await makeCompetition(db(), { title: 'Кубок меню' });
    await user.send(`/start c_${competition.id}`);
    await user.press(ru('competition.register_participant'));
    await user.send('/menu');
    expect(user.lastReply()?.text).toContain(ru('form.left'));
    expect(user.lastReply()?.buttons.flat()).toContain(menuLabel);
    await user.send('Ульяна Петрова');
    expect(user.lastReply()?.text).toBe(ru('fallback.unknown')); // the form is closed
  });
});

describe(`words outside a form (${TEST_DB})`, () => {
  it('"хочу зарегистрироваться на керлинг" offers the upcoming competitions with that word in the title', async () => {
    const curling = await makeCompetition(db(), { title: 'Турнир по керлингу' });
    await makeCompetition(db(), { title: 'Прошедший керлинг', startsAt: new Date(Date.now() - 86_400_000) });
    const user = await known('Кира');
    await user.send('хочу зарегистрироваться на керлинг');
    expect(user.lastReply()?.text).toBe(ru('competitions.found'));
    const labels = user.lastReply()!.buttons.flat();
    expect(labels.filter((label) => /керлинг/i.test(label))).toEqual([expect.stringMatching(/^Турнир по керлингу · /)]);
    expect(labels).toContain(ru('menu.back'));
    await user.press(/^Турнир по керлингу/);
    expect(user.lastReply()?.text).toContain(ru('competition.heading', { title: curling.title }));
    // Words that name nothing: the usual answer.
    await user.send('как дела у вас');
    expect(user.lastReply()?.text).toBe(ru('fallback.unknown'));
  });
});

describe(`answered steps say what they settled (${TEST_DB})`, () => {
  it('registration: a typed name becomes "Имя: … ✓", the phone question gives way to "Телефон: … ✓"', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок галочек' });
    const lena = person({ first_name: 'Лена' });
    await lena.send(`/start c_${competition.id}`);
    await lena.press(ru('competition.register_participant'));
    await lena.send('Елена Смирнова');
    await lena.send('+7 916 333-44-55');
    await lena.press(ru('reg.consent_yes'));
    const texts = shown(lena).map((m) => m.text);
    expect(texts).toContain(ru('reg.name_answered', { name: 'Елена Смирнова' }));
    expect(texts).toContain(ru('reg.phone_saved', { phone: '+7 916 333 44 55' }));
    expect(texts.filter((t) => /кнопк/.test(t))).toEqual([]);
  });

  it('registration with the phone known: the typed name still becomes "Имя: … ✓" under the consent summary', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок имени' });
    const mila = person({ first_name: 'Мила', last_name: 'Ли' });
    await mila.send('/start');
    await db().write((m) => m.update(User, { telegramId: mila.id }, { phone: `+7900${mila.id}` }));
    await mila.send(`/start c_${competition.id}`);
    await mila.press(ru('competition.register_participant'));
    await mila.send('Людмила Ли');
    expect(mila.lastReply()?.text).toContain('Имя: Людмила Ли');
    const texts = shown(mila).map((m) => m.text);
    expect(texts).toContain(ru('reg.name_answered', { name: 'Людмила Ли' }));
    expect(texts.filter((t) => /кнопк/.test(t))).toEqual([]);
  });

  it('profile: a typed name and a shared phone leave "Имя: … ✓" and "Телефон: … ✓", no "кнопкой ниже"', async () => {
    const user = await known('Зоя');
    await user.press(ru('menu.profile'));
    await user.press(ru('profile.edit_name'));
    await user.send('Зоя Космодемьянская');
    await user.press(ru('profile.edit_phone'));
    await user.sendContact('+7 916 444-55-66');
    const texts = shown(user).map((m) => m.text);
    expect(texts).toContain(ru('reg.name_answered', { name: 'Зоя Космодемьянская' }));
    expect(texts).toContain(ru('reg.phone_saved', { phone: '+7 916 444 55 66' }));
    expect(texts.filter((t) => /кнопк/.test(t))).toEqual([]);
    expect(user.screen().replyKeyboard).toBeNull();
    expect(user.lastReply()?.text).toContain('Телефон: +7 916 444 55 66');
  });
});

describe(`a form left at its name step (${TEST_DB})`, () => {
  it('/cancel at the name step: its question no longer points at the name buttons it lost', async () => {
    const user = person({ first_name: 'Фёдор', last_name: 'Достоевский' });
    const competition = await makeCompetition(db(), { title: 'Кубок отмены' });
    await user.send(`/start c_${competition.id}`);
    await user.press(ru('competition.register_participant'));
    expect(user.lastReply()?.text).toBe(ru('reg.ask_name_offer'));
    await user.send('/cancel');
    const texts = shown(user).map((m) => m.text);
    expect(texts).toContain(ru('reg.ask_name'));
    expect(texts).not.toContain(ru('reg.ask_name_offer'));
    expect(
      shown(user)
        .find((m) => m.text === ru('reg.ask_name'))
        ?.buttons.flat() ?? [],
    ).toEqual([]);
  });
});
