import pg from 'pg';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { SYSTEM, userActor } from '../../domain/actor.js';
import { publishConsentDocument } from '../../domain/consents.js';
import { createQuestion, deleteQuestion } from '../../domain/questions.js';
import { registerForCompetition } from '../../domain/registrations.js';
import { Answer, Competition, Consent, Registration, User, type QuestionKind } from '../../entities/index.js';
import type { QuestionInput } from '../../domain/questions.js';
import { translate } from '../../i18n/index.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

const svc = useBotService();
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);

type Spec = Omit<QuestionInput, 'competitionId' | 'kind' | 'titleRu' | 'titleEn' | 'required' | 'role'> & { required?: boolean };

/** A person with a complete profile who has just opened the registration form of a competition (as a participant). */
async function inForm(name: string, competitionId: number, lang: 'ru' | 'en' = 'ru') {
  const user = await known(name, lang);
  await user.send(`/start c_${competitionId}`);
  await user.press(translate(lang, 'competition.register_participant'));
  return user;
}

/** A question of the competition, asked of participants; `when` names the questions its conditions look at. */
async function ask(competitionId: number, kind: QuestionKind, titleRu: string, titleEn: string, spec: Spec = {}): Promise<number> {
  const question = await createQuestion(db(), SYSTEM, { competitionId, role: 'participant', kind, titleRu, titleEn, required: true, ...spec });
  return question.id;
}

const options = (...values: Array<[string, string, string, number?]>) => values.map(([value, label_ru, label_en, limit]) => ({ value, label_ru, label_en, limit: limit ?? null }));

/**
 * One question of every kind, with conditions on a choice, on yes/no and on a number range (all / any), optional
 * ones, and an option with a limit of places.
 */
async function everyKind(competitionId: number) {
  const school = await ask(competitionId, 'text', 'Номер школы', 'School number', {
    helpRu: 'Только цифры',
    helpEn: 'Digits only',
    rules: { pattern: '[0-9]{1,4}', patternMessage_ru: 'Нужен номер школы: до четырёх цифр.', patternMessage_en: 'A school number, please: up to four digits.' },
    rememberAs: 'school',
  });
  const age = await ask(competitionId, 'number', 'Возраст', 'Age', { rules: { min: 7, max: 99 } });
  const category = await ask(competitionId, 'choice', 'Категория', 'Category', {
    options: options(['junior', 'Юниоры', 'Juniors', 5], ['senior', 'Взрослые', 'Seniors']),
  });
  const events = await ask(competitionId, 'multi_choice', 'Дисциплины', 'Events', {
    options: options(['sprint', 'Спринт', 'Sprint'], ['relay', 'Эстафета', 'Relay'], ['long', 'Марафон', 'Marathon']),
    rules: { min: 1, max: 2 },
  });
  const before = await ask(competitionId, 'yes_no', 'Участвовали раньше?', 'Taken part before?');
  const story = await ask(competitionId, 'long_text', 'Расскажите о прошлом участии', 'Tell us about it', {
    required: false,
    showIf: { combine: 'all', conditions: [{ questionId: before, values: ['yes'] }] },
  });
  const born = await ask(competitionId, 'date', 'Дата рождения', 'Date of birth', { rules: { min: '1930-01-01', max: '2020-12-31' } });
  const arrival = await ask(competitionId, 'time', 'Время прибытия', 'Arrival time', { required: false });
  const departure = await ask(competitionId, 'datetime', 'Отъезд', 'Departure', { required: false });
  // Asked of seniors or of anyone 18 and older.
  const email = await ask(competitionId, 'email', 'E-mail', 'E-mail', {
    showIf: {
      combine: 'any',
      conditions: [
        { questionId: category, values: ['senior'] },
        { questionId: age, min: 18, max: 99 },
      ],
    },
  });
  // Asked of juniors under 18 only.
  const parent = await ask(competitionId, 'phone', 'Телефон родителя', "A parent's phone", {
    showIf: {
      combine: 'all',
      conditions: [
        { questionId: category, values: ['junior'] },
        { questionId: age, min: 7, max: 17 },
      ],
    },
  });
  const country = await ask(competitionId, 'country', 'Страна', 'Country');
  const work = await ask(competitionId, 'file', 'Работа', 'Your work', { required: false, rules: { fileTypes: ['application/pdf', 'photo'], maxFileMb: 5 } });
  return { school, age, category, events, before, story, born, arrival, departure, email, parent, country, work };
}

async function storedAnswers(telegramId: number, competitionId: number): Promise<Record<number, string>> {
  const user = await db().manager.findOneByOrFail(User, { telegramId });
  const registration = await db().manager.findOneByOrFail(Registration, { userId: user.id, competitionId });
  const rows = await db().manager.findBy(Answer, { registrationId: registration.id });
  return Object.fromEntries(rows.map((a) => [a.questionId, a.value]));
}

/**
 * The statements the service sends to the database while `work` runs (node-postgres' query, node-sqlite3's calls).
 * The background sender may add its own; a test looks only for statements it can tell apart.
 */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const methods: Array<[Record<string, unknown>, string]> = [
    [pg.Client.prototype as never, 'query'],
    ...['all', 'run', 'get', 'exec', 'prepare'].map((m) => [sqlite3.Database.prototype as never, m] as [Record<string, unknown>, string]),
  ];
  const originals = methods.map(([target, name]) => target[name] as (...args: unknown[]) => unknown);
  methods.forEach(([target, name], i) => {
    target[name] = function (this: unknown, ...args: unknown[]) {
      sent.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string } | undefined)?.text));
      return originals[i].apply(this, args);
    };
  });
  try {
    await work();
  } finally {
    methods.forEach(([target, name], i) => (target[name] = originals[i]));
  }
  return sent;
}

const pdf = (size = 120_000) => ({
  document: { file_id: 'BQACAgIAAxkBAAIBpdf', file_unique_id: 'AgADpdf', file_name: 'essay.pdf', mime_type: 'application/pdf', file_size: size },
});

describe('custom questions in the registration form', () => {
  it('ru: every kind asked in turn, each wrong answer gets its own message and the same question again; conditions on; the summary lists the answers; the rows stored', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок вопросов' });
    const q = await everyKind(competition.id);
    const anna = await inForm('Анна', competition.id);
    const first = anna.lastReply()!;
    expect(first.text).toBe('Номер школы\nТолько цифры\nНапишите ответ сообщением.');
    expect(first.buttons.flat()).toEqual(['✖️ Отмена']);

    // The organizer's own message, then the same question.
    await anna.send('школа №5');
    expect(anna.lastReply()!.text).toBe('Нужен номер школы: до четырёх цифр.\n\nНомер школы\nТолько цифры\nНапишите ответ сообщением.');
    await anna.send('57');
    expect(anna.replies().some((r) => r.text === 'Номер школы: 57 ✓')).toBe(true);

    expect(anna.lastReply()!.text).toContain('Возраст');
    await anna.send('сто');
    expect(anna.lastReply()!.text).toBe(`${translate('ru', 'answer.number_expected')}\n\nВозраст\nНапишите ответ сообщением.`);
    await anna.send('150');
    expect(anna.lastReply()!.text).toMatch(/^Нужно значение от 7 до 99\.\n\nВозраст/);
    await anna.send('12');

    expect(anna.lastReply()!.text).toBe('Категория');
    expect(anna.lastReply()!.buttons.flat()).toEqual(['Юниоры', 'Взрослые', '✖️ Отмена']);
    await anna.send('что-то');
    expect(anna.lastReply()!.text).toBe(`${translate('ru', 'answer.choose_option')}\n\nКатегория`);
    await anna.press('Юниоры');

    // Several of a list: toggles with ✓, then Done; more than the rules allow is refused.
    expect(anna.lastReply()!.text).toBe('Дисциплины\nОтметьте подходящие варианты и нажмите «Готово».');
    await anna.press('✅ Готово');
    expect(anna.lastReply()!.text).toMatch(/^Отметьте хотя бы 1 вариант\.\n\nДисциплины/);
    await anna.press('Спринт');
    await anna.press('Эстафета');
    await anna.press('Марафон');
    expect(anna.lastReply()!.buttons.flat()).toEqual(['✓ Спринт', '✓ Эстафета', '✓ Марафон', '✅ Готово', '✖️ Отмена']);
    await anna.press('✅ Готово');
    expect(anna.lastReply()!.text).toMatch(/^Можно отметить не больше 2 вариантов\.\n\nДисциплины/);
    await anna.press('✓ Марафон');
    await anna.press('✅ Готово');

    expect(anna.lastReply()!.text).toBe('Участвовали раньше?');
    expect(anna.lastReply()!.buttons.flat()).toEqual(['Да', 'Нет', '✖️ Отмена']);
    await anna.send('может быть');
    expect(anna.lastReply()!.text).toBe(`${translate('ru', 'answer.yes_no_expected')}\n\nУчаствовали раньше?`);
    await anna.send('да');

    // The condition on yes/no holds: the story is asked, and may be skipped.
    expect(anna.lastReply()!.text).toBe('Расскажите о прошлом участии\nНапишите ответ сообщением.\n(можно пропустить)');
    expect(anna.lastReply()!.buttons.flat()).toEqual(['⏭ Пропустить', '✖️ Отмена']);
    await anna.send('Бежала эстафету в 2024 году.');

    expect(anna.lastReply()!.text).toContain('Дата рождения');
    await anna.send('31.02.2013');
    expect(anna.lastReply()!.text).toMatch(/^Напишите дату, например 05\.03\.2012\.\n\nДата рождения/);
    await anna.send('5.3.2025');
    expect(anna.lastReply()!.text).toMatch(/^Нужно значение от 01\.01\.1930 до 31\.12\.2020\.\n\nДата рождения/);
    await anna.send('5.3.2013');

    expect(anna.lastReply()!.text).toContain('Время прибытия');
    await anna.send('25:00');
    expect(anna.lastReply()!.text).toMatch(/^Напишите время, например 18:30\.\n\nВремя прибытия/);
    await anna.send('9.30');

    expect(anna.lastReply()!.text).toContain('Отъезд');
    await anna.send('завтра');
    expect(anna.lastReply()!.text).toMatch(/^Напишите дату и время, например 05\.03\.2012 18:30\.\n\nОтъезд/);
    await anna.send('2030-03-07 18:00');

    // A junior of 12: no e-mail (neither condition of "any" holds), a parent's phone (both of "all" hold), with the contact button.
    expect(anna.lastReply()!.text).toContain('Телефон родителя');
    expect(anna.screen().replyKeyboard?.flat()).toEqual(['📱 Поделиться номером', '✖️ Отмена']);
    await anna.send('12');
    expect(anna.lastReply()!.text).toMatch(/^Не похоже на номер телефона\. Пример: \+7 912 345-67-89\.\n\nТелефон родителя/);
    await anna.sendContact('+79001112233', false);
    expect(anna.lastReply()!.text).toMatch(/^Пришлите свой номер/);
    await anna.send('+7 912 345-67-89');
    expect(anna.screen().replyKeyboard).toBeNull();

    expect(anna.lastReply()!.text).toBe('Страна\nВыберите страну кнопкой или напишите её название.');
    expect(anna.lastReply()!.buttons.flat()).toContain('Казахстан');
    await anna.send('Атлантида');
    expect(anna.lastReply()!.text).toMatch(/^Не нашёл такую страну/);
    await anna.send('казахстан');

    // A file: the wrong type, too big, then a PDF document.
    expect(anna.lastReply()!.text).toBe('Работа\nПришлите файл документом или фото.\n(можно пропустить)');
    await anna.send('вот');
    expect(anna.lastReply()!.text).toMatch(/^Пришлите файл: документом или фото\.\n\nРабота/);
    await anna.sendOther({ document: { file_id: 'BQdoc', file_unique_id: 'AQdoc', file_name: 'essay.docx', mime_type: 'application/msword', file_size: 1000 } });
    expect(anna.lastReply()!.text).toMatch(/^Такой файл не подходит\. Подходят: application\/pdf, photo\.\n\nРабота/);
    await anna.sendOther(pdf(6 * 1024 * 1024));
    expect(anna.lastReply()!.text).toMatch(/^Файл слишком большой: не больше 5 МБ\.\n\nРабота/);
    await anna.sendOther(pdf());

    // The consent summary lists every answer asked.
    const summary = anna.lastReply()!;
    expect(summary.text).toContain(
      [
        'Ответы:',
        '• Номер школы: 57',
        '• Возраст: 12',
        '• Категория: Юниоры',
        '• Дисциплины: Спринт, Эстафета',
        '• Участвовали раньше?: Да',
        '• Расскажите о прошлом участии: Бежала эстафету в 2024 году.',
        '• Дата рождения: 05.03.2013',
        '• Время прибытия: 09:30',
        '• Отъезд: 07.03.2030 18:00',
        '• Телефон родителя: +7 912 345 67 89',
        '• Страна: Казахстан',
        '• Работа: essay.pdf',
      ].join('\n'),
    );
    expect(summary.text).not.toContain('E-mail');
    expect(summary.buttons.flat()).toContain('✏️ Изменить ответы');
    // Nothing is stored before consent.
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(0);
    await anna.press('✅ Даю согласие');
    expect(anna.lastReply()!.text).toContain('Готово!');

    expect(await storedAnswers(anna.id, competition.id)).toEqual({
      [q.school]: '57',
      [q.age]: '12',
      [q.category]: 'junior',
      [q.events]: '["sprint","relay"]',
      [q.before]: 'yes',
      [q.story]: 'Бежала эстафету в 2024 году.',
      [q.born]: '2013-03-05',
      [q.arrival]: '09:30',
      [q.departure]: '2030-03-07T18:00',
      [q.parent]: '+79123456789',
      [q.country]: 'KZ',
      [q.work]: JSON.stringify({ fileId: 'BQACAgIAAxkBAAIBpdf', fileUniqueId: 'AgADpdf', type: 'document', name: 'essay.pdf', mime: 'application/pdf', size: 120_000 }),
    });
    // Every spent question lost its buttons.
    expect(anna.liveKeyboards().filter((m) => m.buttons.flat().includes('✖️ Отмена'))).toEqual([]);
  });

  it('en: wrong answers in English, conditions off (no story, no parent), skips, a photo, and an answer changed on the summary turning a condition on', async () => {
    const competition = await makeCompetition(db(), { title: 'Question Cup' });
    const q = await everyKind(competition.id);
    const ben = await inForm('Ben', competition.id, 'en');
    expect(ben.lastReply()!.text).toBe('School number\nDigits only\nType your answer in a message.');
    await ben.send('School 5');
    expect(ben.lastReply()!.text).toMatch(/^A school number, please: up to four digits\.\n\nSchool number/);
    await ben.send('1543');
    await ben.send('6');
    expect(ben.lastReply()!.text).toBe(`${translate('en', 'answer.out_of_range', { min: 7, max: 99 })}\n\nAge\nType your answer in a message.`);
    await ben.send('30');
    expect(ben.lastReply()!.buttons.flat()).toEqual(['Juniors', 'Seniors', '✖️ Cancel']);
    await ben.press('Seniors');
    await ben.press('Relay');
    expect(ben.lastReply()!.buttons.flat()).toEqual(['Sprint', '✓ Relay', 'Marathon', '✅ Done', '✖️ Cancel']);
    await ben.press('✅ Done');
    expect(ben.lastReply()!.buttons.flat()).toEqual(['Yes', 'No', '✖️ Cancel']);
    await ben.press('No');
    // No story (its yes/no condition does not hold).
    expect(ben.lastReply()!.text).toBe(`Date of birth\n${translate('en', 'answer.date_expected')}`);
    await ben.send('1996-07-14');
    expect(ben.lastReply()!.text).toBe(`Arrival time\n${translate('en', 'answer.time_expected')}\n(you may skip it)`);
    await ben.press('⏭ Skip');
    expect(ben.lastReply()!.text).toContain('Departure');
    await ben.send('Skip');
    expect(ben.lastReply()!.text).toMatch(new RegExp(`^${translate('en', 'answer.datetime_expected').replace(/[.]/g, '\\.')}`));
    await ben.press('⏭ Skip');
    // A senior of 30: the e-mail (either condition of "any" holds), no parent's phone.
    expect(ben.lastReply()!.text).toBe(`E-mail\n${translate('en', 'q.how_type')}`);
    await ben.send('ben@');
    expect(ben.lastReply()!.text).toMatch(/^That does not look like an e-mail address/);
    await ben.send('Ben@Example.ORG');
    expect(ben.lastReply()!.buttons.flat()).toContain('Kazakhstan');
    await ben.press('Armenia');
    expect(ben.lastReply()!.text).toBe('Your work\nSend a file as a document or a photo.\n(you may skip it)');
    await ben.sendOther({
      photo: [
        { file_id: 'AgSmall', file_unique_id: 'AQs', width: 90, height: 90, file_size: 1_000 },
        { file_id: 'AgLarge', file_unique_id: 'AQl', width: 1280, height: 1280, file_size: 200_000 },
      ],
    });
    let summary = ben.lastReply()!;
    expect(summary.text).toContain(
      [
        'Answers:',
        '• School number: 1543',
        '• Age: 30',
        '• Category: Seniors',
        '• Events: Relay',
        '• Taken part before?: No',
        '• Date of birth: 14.07.1996',
        '• Arrival time: —',
        '• Departure: —',
        '• E-mail: Ben@example.org',
        '• Country: Armenia',
        '• Your work: photo',
      ].join('\n'),
    );
    expect(summary.text).not.toContain('Tell us about it');
    expect(summary.text).not.toContain("A parent's phone");

    // Changing "taken part before" to yes asks the story it opens, then the summary again.
    await ben.press('✏️ Change answers');
    expect(ben.lastReply()!.text).toMatch(/^Answers:\n• School number: 1543/);
    expect(ben.lastReply()!.text).toContain('Which answer would you like to change?');
    await ben.press('Taken part before?');
    expect(ben.lastReply()!.text).toBe('Taken part before?');
    await ben.press('Yes');
    expect(ben.lastReply()!.text).toContain('Tell us about it');
    await ben.send('Twice, in the relay.');
    summary = ben.lastReply()!;
    expect(summary.text).toContain('• Taken part before?: Yes\n• Tell us about it: Twice, in the relay.\n• Date of birth: 14.07.1996');
    await ben.press('✏️ Change answers');
    await ben.press('« Back');
    expect(ben.lastReply()!.text).toContain('Do you consent');
    await ben.press('✅ I consent');
    expect(ben.lastReply()!.text).toContain('🎉 Done!');
    const stored = await storedAnswers(ben.id, competition.id);
    expect(stored).toEqual({
      [q.school]: '1543',
      [q.age]: '30',
      [q.category]: 'senior',
      [q.events]: '["relay"]',
      [q.before]: 'yes',
      [q.story]: 'Twice, in the relay.',
      [q.born]: '1996-07-14',
      [q.email]: 'Ben@example.org',
      [q.country]: 'AM',
      [q.work]: JSON.stringify({ fileId: 'AgLarge', fileUniqueId: 'AQl', type: 'photo', size: 200_000 }),
    });
  });

  it('a full option shows "— мест нет" and cannot be chosen; the last place taken meanwhile: that question again at consent, nothing else lost', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок мест' });
    const division = await ask(competition.id, 'choice', 'Дивизион', 'Division', {
      options: options(['a', 'Дивизион А', 'Division A', 1], ['b', 'Дивизион Б', 'Division B', 1], ['c', 'Дивизион В', 'Division C']),
    });
    const city = await ask(competition.id, 'text', 'Город', 'City');
    const holder = await makeUser(db());
    await registerForCompetition(db(), userActor(holder.id), {
      userId: holder.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
      answers: { [division]: 'a', [city]: 'Омск' },
    });

    const vera = await inForm('Вера', competition.id);
    expect(vera.lastReply()!.buttons.flat()).toEqual(['Дивизион А — мест нет', 'Дивизион Б', 'Дивизион В', '✖️ Отмена']);
    await vera.press('Дивизион А — мест нет');
    expect(vera.lastReply()!.text).toBe('В варианте «Дивизион А» мест нет. Выберите другой.\n\nДивизион');
    await vera.send('Дивизион А');
    expect(vera.lastReply()!.text).toBe('В варианте «Дивизион А» мест нет. Выберите другой.\n\nДивизион');
    await vera.press('Дивизион Б');
    await vera.send('Томск');
    expect(vera.lastReply()!.text).toContain('• Дивизион: Дивизион Б\n• Город: Томск');

    // Someone takes the last place of Б while Vera reads the summary.
    const quicker = await makeUser(db());
    await registerForCompetition(db(), userActor(quicker.id), {
      userId: quicker.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
      answers: { [division]: 'b', [city]: 'Омск' },
    });
    await vera.press('✅ Даю согласие');
    expect(vera.lastReply()!.text).toBe('В варианте «Дивизион Б» мест нет. Выберите другой.\n\nДивизион');
    expect(vera.lastReply()!.buttons.flat()).toEqual(['Дивизион А — мест нет', 'Дивизион Б — мест нет', 'Дивизион В', '✖️ Отмена']);
    await vera.press('Дивизион В');
    // The city was kept: straight back to the summary.
    expect(vera.lastReply()!.text).toContain('• Дивизион: Дивизион В\n• Город: Томск');
    await vera.press('✅ Даю согласие');
    expect(await storedAnswers(vera.id, competition.id)).toEqual({ [division]: 'c', [city]: 'Томск' });
  });

  it('questions changed by the organizer while the summary is open: a new required one is asked at consent, a removed one’s answer is dropped, a new consent document is shown first; nothing else lost', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок перемен' });
    const club = await ask(competition.id, 'text', 'Клуб', 'Club');
    const shirt = await ask(competition.id, 'text', 'Размер футболки', 'T-shirt size');
    const lena = await inForm('Лена', competition.id);
    await lena.send('Динамо');
    await lena.send('M');
    const added = await ask(competition.id, 'text', 'Тренер', 'Coach');
    await lena.press('✅ Даю согласие');
    expect(lena.lastReply()!.text).toBe('Не хватает ответа на вопрос «Тренер».\n\nТренер\nНапишите ответ сообщением.');
    await lena.send('Петрова');
    expect(lena.lastReply()!.text).toContain('• Клуб: Динамо\n• Размер футболки: M\n• Тренер: Петрова');
    // A new consent document meanwhile: it is shown before anyone consents to it (the version was read when the form started).
    const version = await publishConsentDocument(db(), SYSTEM, { ru: 'Согласие (редакция для вопросов)\n\nОператор: {operator}.' });
    await lena.press('✅ Даю согласие');
    expect(lena.lastReply()!.text).toMatch(new RegExp(`^Документ о согласии обновился \\(теперь версия ${version}\\)[^]*версия ${version}\\)\\?`));
    // A question removed meanwhile: its answer is dropped, the registration goes through.
    await deleteQuestion(db(), SYSTEM, shirt);
    await lena.press('✅ Даю согласие');
    expect(lena.lastReply()!.text).toContain('🎉 Готово!');
    const user = await db().manager.findOneByOrFail(User, { telegramId: lena.id });
    expect(await db().manager.findBy(Consent, { userId: user.id })).toMatchObject([{ competitionId: competition.id, documentVersion: version }]);
    expect(await storedAnswers(lena.id, competition.id)).toEqual({ [club]: 'Динамо', [added]: 'Петрова' });
  });

  it('each role is asked its own questions: a voter never sees the participants’ ones, and a competition asking a role nothing keeps the plain form', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок ролей' });
    const level = await ask(competition.id, 'choice', 'Разряд', 'Level', { options: options(['1', 'Первый', 'First'], ['2', 'Второй', 'Second']) });
    const jury = await createQuestion(db(), SYSTEM, {
      competitionId: competition.id,
      role: 'voter',
      kind: 'yes_no',
      titleRu: 'Судили раньше?',
      titleEn: 'Judged before?',
      required: true,
    });
    const [pasha, rita] = [await known('Паша'), await known('Рита')];
    await pasha.send(`/start c_${competition.id}`);
    await pasha.press('🗳 Голосовать');
    expect(pasha.lastReply()!.text).toBe('Судили раньше?');
    await pasha.press('Нет');
    expect(pasha.lastReply()!.text).toContain('• Судили раньше?: Нет');
    expect(pasha.lastReply()!.text).not.toContain('Разряд');
    await pasha.press('✅ Даю согласие');
    expect(await storedAnswers(pasha.id, competition.id)).toEqual({ [jury.id]: 'no' });

    await rita.send(`/start c_${competition.id}`);
    await rita.press('✍️ Участвовать');
    expect(rita.lastReply()!.text).toBe('Разряд');
    await rita.press('Второй');
    await rita.press('✅ Даю согласие');
    expect(await storedAnswers(rita.id, competition.id)).toEqual({ [level]: '2' });

    // No questions at all: straight to consent, no "Ответы" block, no answers stored.
    const plain = await makeCompetition(db(), { title: 'Простой кубок' });
    await rita.send(`/start c_${plain.id}`);
    await rita.press('✍️ Участвовать');
    expect(rita.lastReply()!.text).toMatch(/^Проверьте данные:/);
    expect(rita.lastReply()!.text).not.toContain('Ответы:');
    expect(rita.lastReply()!.buttons.flat()).not.toContain('✏️ Изменить ответы');
    await rita.press('✅ Даю согласие');
    expect(await storedAnswers(rita.id, plain.id)).toEqual({});
  });

  it('the places taken at consent: the waiting list is offered, and joining it keeps the answers', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок очереди', maxParticipants: 1 });
    const distance = await ask(competition.id, 'number', 'Дистанция, км', 'Distance, km', { rules: { min: 1, max: 42 } });
    const first = await makeUser(db());
    await registerForCompetition(db(), userActor(first.id), {
      userId: first.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
      answers: { [distance]: '10' },
    });
    const oleg = await inForm('Олег', competition.id);
    await oleg.send('21,1');
    expect(oleg.lastReply()!.text).toContain('• Дистанция, км: 21,1');
    await oleg.press('✅ Даю согласие');
    expect(oleg.lastReply()!.text).toContain('Встать в список ожидания?');
    await oleg.press('⏳ Встать в очередь');
    expect(oleg.lastReply()!.text).toContain('Вы в списке ожидания на «Кубок очереди»');
    expect(await storedAnswers(oleg.id, competition.id)).toEqual({ [distance]: '21.1' });
  });

  it('a remembered phone offered on the contact keyboard; on the summary, several-of-a-list reopens with its ticks and an optional phone is skipped', async () => {
    const [first, second] = [await makeCompetition(db(), { title: 'Кубок телефонов' }), await makeCompetition(db(), { title: 'Кубок телефонов 2' })];
    await ask(first.id, 'phone', 'Телефон тренера', "Coach's phone", { rememberAs: 'coach_phone' });
    await ask(second.id, 'phone', 'Телефон тренера', "Coach's phone", { rememberAs: 'coach_phone', required: false });
    const days = await ask(second.id, 'multi_choice', 'Дни', 'Days', { options: options(['sat', 'Суббота', 'Saturday'], ['sun', 'Воскресенье', 'Sunday']) });
    const nina = await inForm('Нина', first.id);
    await nina.send('8 912 345-67-89');
    await nina.press('✅ Даю согласие');

    await nina.send(`/start c_${second.id}`);
    await nina.press('✍️ Участвовать');
    expect(nina.screen().replyKeyboard?.flat()).toEqual(['📱 Поделиться номером', '↩️ Как в прошлый раз: +7 912 345 67 89', '⏭ Пропустить', '✖️ Отмена']);
    await nina.send('↩️ Как в прошлый раз: +7 912 345 67 89');
    expect(nina.screen().replyKeyboard).toBeNull();
    await nina.press('Суббота');
    await nina.press('Воскресенье');
    await nina.press('✅ Готово');
    expect(nina.lastReply()!.text).toContain('• Телефон тренера: +7 912 345 67 89\n• Дни: Суббота, Воскресенье');

    await nina.press('✏️ Изменить ответы');
    await nina.press('Дни');
    expect(nina.lastReply()!.buttons.flat()).toEqual(['✓ Суббота', '✓ Воскресенье', '✅ Готово', '✖️ Отмена']);
    await nina.press('✓ Суббота');
    await nina.press('✅ Готово');
    expect(nina.lastReply()!.text).toContain('• Дни: Воскресенье');
    await nina.press('✏️ Изменить ответы');
    await nina.press('Телефон тренера');
    expect(nina.screen().replyKeyboard?.flat()).toContain('⏭ Пропустить');
    await nina.send('⏭ Пропустить');
    expect(nina.screen().replyKeyboard).toBeNull();
    expect(nina.lastReply()!.text).toContain('• Телефон тренера: —\n• Дни: Воскресенье');
    await nina.press('✅ Даю согласие');
    expect(await storedAnswers(nina.id, second.id)).toEqual({ [days]: '["sun"]' });
  });

  it('answers changed from "Мои регистрации" until the deadline, a question the change opens asked before saving; after the deadline the button is gone and an old one refused', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок правок' });
    const bike = await ask(competition.id, 'yes_no', 'Нужен велосипед?', 'Need a bike?');
    const size = await ask(competition.id, 'choice', 'Размер рамы', 'Frame size', {
      options: options(['s', 'S', 'S'], ['m', 'M', 'M']),
      showIf: { combine: 'all', conditions: [{ questionId: bike, values: ['yes'] }] },
    });
    const note = await ask(competition.id, 'text', 'Комментарий', 'Note', { required: false });
    const gleb = await inForm('Глеб', competition.id);
    await gleb.press('Нет');
    await gleb.press('⏭ Пропустить');
    await gleb.press('✅ Даю согласие');
    expect(await storedAnswers(gleb.id, competition.id)).toEqual({ [bike]: 'no' });

    await gleb.send('/menu');
    await gleb.press('📋 Мои регистрации');
    await gleb.press('Кубок правок');
    await gleb.press('✏️ Изменить ответы');
    expect(gleb.lastReply()!.text).toBe('Ответы для «Кубок правок»:\n• Нужен велосипед?: Нет\n• Комментарий: —\n\nКакой ответ изменить?');
    await gleb.press('Нужен велосипед?');
    await gleb.press('Да');
    // The frame size is now asked (required) before anything is saved.
    expect(gleb.lastReply()!.text).toBe('Размер рамы');
    expect(await storedAnswers(gleb.id, competition.id)).toEqual({ [bike]: 'no' });
    await gleb.press('M');
    expect(gleb.lastReply()!.text).toBe('Ответы сохранены ✓\n\nОтветы для «Кубок правок»:\n• Нужен велосипед?: Да\n• Размер рамы: M\n• Комментарий: —\n\nКакой ответ изменить?');
    expect(await storedAnswers(gleb.id, competition.id)).toEqual({ [bike]: 'yes', [size]: 'm' });
    await gleb.press('Комментарий');
    await gleb.send('Приеду к 9');
    expect(await storedAnswers(gleb.id, competition.id)).toEqual({ [bike]: 'yes', [size]: 'm', [note]: 'Приеду к 9' });
    // Back to "no": the frame size goes with it.
    await gleb.press('Нужен велосипед?');
    await gleb.press('Нет');
    expect(await storedAnswers(gleb.id, competition.id)).toEqual({ [bike]: 'no', [note]: 'Приеду к 9' });
    // Saved: no form stays open behind the list.
    await gleb.send('/cancel');
    expect(gleb.lastReply()!.text).toBe(translate('ru', 'cancel.nothing'));
    await gleb.press('« Назад');
    expect(gleb.lastReply()!.text).toContain('Кубок правок');
    expect(gleb.lastReply()!.buttons.flat()).toContain('✏️ Изменить ответы');

    // The deadline passes: the button is gone, and the old one is refused with the reason.
    await db().write((m) => m.update(Competition, { id: competition.id }, { registrationClosesAt: new Date(Date.now() - 60_000) }));
    await gleb.send('/menu');
    await gleb.press('📋 Мои регистрации');
    await gleb.press('Кубок правок');
    expect(gleb.lastReply()!.buttons.flat()).not.toContain('✏️ Изменить ответы');
    const user = await db().manager.findOneByOrFail(User, { telegramId: gleb.id });
    const registration = await db().manager.findOneByOrFail(Registration, { userId: user.id, competitionId: competition.id });
    await gleb.pressData(`ae:${registration.id}`);
    expect(gleb.lastReply()!.text).toContain('Регистрация на «Кубок правок» закрыта — ответы уже не изменить.');
    // The list's question button from before the deadline: the same answer, and no question opens.
    await gleb.press('Комментарий');
    expect(gleb.lastReply()!.text).toContain('Регистрация на «Кубок правок» закрыта — ответы уже не изменить.');
    expect(await storedAnswers(gleb.id, competition.id)).toEqual({ [bike]: 'no', [note]: 'Приеду к 9' });
  });

  it('an answer under a remember_as key is offered in the next competition for one tap; other answers are not carried', async () => {
    const [first, second] = [await makeCompetition(db(), { title: 'Первый кубок' }), await makeCompetition(db(), { title: 'Второй кубок' })];
    await ask(first.id, 'text', 'Школа', 'School', { rememberAs: 'school' });
    await ask(first.id, 'text', 'Тренер', 'Coach');
    const school = await ask(second.id, 'text', 'Ваша школа', 'Your school', { rememberAs: 'school' });
    const coach = await ask(second.id, 'text', 'Тренер', 'Coach');
    const dina = await inForm('Дина', first.id);
    expect(dina.lastReply()!.buttons.flat()).toEqual(['✖️ Отмена']);
    await dina.send('Лицей 239');
    await dina.send('Иванов');
    await dina.press('✅ Даю согласие');

    await dina.send(`/start c_${second.id}`);
    await dina.press('✍️ Участвовать');
    expect(dina.lastReply()!.buttons.flat()).toEqual(['↩️ Как в прошлый раз: Лицей 239', '✖️ Отмена']);
    await dina.press('↩️ Как в прошлый раз: Лицей 239');
    expect(dina.lastReply()!.text).toBe('Тренер\nНапишите ответ сообщением.');
    expect(dina.lastReply()!.buttons.flat()).toEqual(['✖️ Отмена']);
    await dina.send('Петров');
    await dina.press('✅ Даю согласие');
    expect(await storedAnswers(dina.id, second.id)).toEqual({ [school]: 'Лицей 239', [coach]: 'Петров' });
  });

  it('/cancel in the middle of the questions leaves nothing in the database; /language asks the open question again; a spent button is a toast', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок отмены' });
    const sport = await ask(competition.id, 'choice', 'Вид спорта', 'Sport', { options: options(['run', 'Бег', 'Running'], ['swim', 'Плавание', 'Swimming']) });
    await ask(competition.id, 'phone', 'Телефон тренера', "Coach's phone");
    const person = people(() => svc.h).person({ first_name: 'Егор', language_code: 'ru' });
    await person.send('/start');
    await person.send(`/start c_${competition.id}`);
    await person.press('✍️ Участвовать');
    await person.send('Егор Смирнов');
    await person.sendContact('+79012345678');
    expect(person.lastReply()!.text).toBe('Вид спорта');
    await person.send('/language');
    await person.press('English');
    expect(person.lastReply()!.text).toBe(`${translate('en', 'language.set')}\n\nSport`);
    expect(person.lastReply()!.buttons.flat()).toEqual(['Running', 'Swimming', '✖️ Cancel']);
    // A sticker: what the question wants, and the question again.
    await person.sendSticker();
    expect(person.lastReply()!.text).toBe(`${translate('en', 'answer.choose_option')}\n\nSport`);
    await person.press('Swimming');
    // The phone question: the contact button; a pressed option of the answered question is spent.
    expect(person.screen().replyKeyboard?.flat()).toEqual(['📱 Share my number', '✖️ Cancel']);
    // /language on the phone question: asked again in Russian, with its contact button.
    await person.send('/language');
    await person.press('Русский');
    expect(person.lastReply()!.text).toBe(`Телефон тренера\n${translate('ru', 'q.how_phone')}`);
    expect(person.screen().replyKeyboard?.flat()).toEqual(['📱 Поделиться номером', '✖️ Отмена']);
    await person.send('/language');
    await person.press('English');
    await person.pressData(`qo:${sport}:0`);
    await person.pressData(`qo:${sport}:99`);
    expect(person.callbackAnswers()).toEqual([translate('en', 'action.spent'), translate('en', 'action.spent')]);
    await person.send('/cancel');
    expect(person.replies().some((r) => r.text === translate('en', 'cancel.done'))).toBe(true);
    expect(person.screen().replyKeyboard).toBeNull();
    const user = await db().manager.findOneByOrFail(User, { telegramId: person.id });
    expect(user.fullName).toBeNull();
    expect(await db().manager.countBy(Registration, { userId: user.id })).toBe(0);
    expect(await db().manager.countBy(Consent, { userId: user.id })).toBe(0);
  });

  it('answering reads no question, answer or option count from the database: each update is the turn’s own statements only', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок запросов' });
    await ask(competition.id, 'text', 'Город', 'City');
    await ask(competition.id, 'multi_choice', 'Дни', 'Days', { options: options(['sat', 'Суббота', 'Saturday', 50], ['sun', 'Воскресенье', 'Sunday']) });
    await ask(competition.id, 'number', 'Возраст', 'Age', { rules: { min: 7 } });
    const ilya = await inForm('Илья', competition.id);
    const sent = await statementsDuring(async () => {
      await ilya.send('Омск');
      await ilya.press('Суббота');
      await ilya.press('✅ Готово');
      await ilya.send('5');
    });
    expect(ilya.lastReply()!.text).toMatch(/^Нужно значение не меньше 7\.\n\nВозраст/);
    expect(sent.length).toBeGreaterThan(0);
    // The background reminder scan (domain/reminders.ts dueReminders) reads registrations on its own schedule: not the turn's.
    const turns = sent.filter((sql) => !/\breminders_enabled\b/.test(sql));
    expect(turns.filter((sql) => /\b(questions|answers|registrations)\b/i.test(sql))).toEqual([]);
    // The answers reach the database with the registration, at consent.
    await ilya.send('15');
    const atConsent = await statementsDuring(() => ilya.press('✅ Даю согласие'));
    expect(atConsent.some((sql) => /\banswers\b/i.test(sql))).toBe(true);
    expect(await db().manager.countBy(Answer, { registrationId: (await db().manager.findOneByOrFail(Registration, { competitionId: competition.id })).id })).toBe(3);
  });

  it('"📄 Мои данные" lists the answers, and the file has them', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок данных' });
    await ask(competition.id, 'yes_no', 'Нужна парковка?', 'Need parking?');
    const zoya = await inForm('Зоя', competition.id);
    await zoya.press('Да');
    await zoya.press('✅ Даю согласие');
    await zoya.send('/menu');
    await zoya.press('👤 Профиль');
    await zoya.press('📄 Мои данные');
    expect(zoya.lastReply()!.text).toContain('📝 1 ответ на вопросы\n• «Кубок данных» — Нужна парковка?: Да');
    await zoya.press('📎 Получить файлом');
    const sent = svc.h.api.callsOf('sendDocument').filter((c) => Number(c.params.chat_id) === zoya.id);
    const file = JSON.parse(Buffer.from(sent[0].params.document as Buffer).toString('utf8'));
    expect(file.answers).toEqual([{ competition: 'Кубок данных', question: 'Нужна парковка?', answer: 'Да' }]);
  });
});
