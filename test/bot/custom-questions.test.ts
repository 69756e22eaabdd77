import { describe, expect, it } from 'vitest';
import { SYSTEM, userActor } from '../../domain/actor.js';
import { createQuestion } from '../../domain/questions.js';
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

const pdf = (size = 120_000) => ({ document: { file_id: 'BQACAgIAAxkBAAIBpdf', file_unique_id: 'AgADpdf', file_name: 'essay.pdf', mime_type: 'application/pdf', file_size: size } });

describe('custom questions in the registration form', () => {
  it('ru: every kind asked in turn, each wrong answer gets its own message and the same question again; conditions on; the summary lists the answers; the rows stored', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок вопросов' });
    const q = await everyKind(competition.id);
    const anna = await known('Анна');
    await anna.send(`/start c_${competition.id}`);
    await anna.press('✍️ Участвовать');
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
});
