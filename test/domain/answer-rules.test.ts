import { describe, expect, it } from 'vitest';
import type { QuestionKind, QuestionOption, QuestionRules, ShowIf } from '../../entities/index.js';
import {
  checkAnswer,
  displayAnswer,
  effectiveAnswers,
  isAsked,
  matchCountry,
  missingRequired,
  unanswered,
  type AnswerInput,
  type FormQuestion,
} from '../../domain/answer-rules.js';

let nextId = 1;
function q(kind: QuestionKind, extra: { options?: QuestionOption[]; rules?: QuestionRules; showIf?: ShowIf; required?: boolean } = {}): FormQuestion {
  return {
    id: nextId++,
    kind,
    role: null,
    titleRu: 'Вопрос',
    titleEn: 'Question',
    helpRu: null,
    helpEn: null,
    required: extra.required ?? true,
    position: nextId * 10,
    options: extra.options ?? null,
    rules: extra.rules ?? null,
    showIf: extra.showIf ?? null,
    rememberAs: null,
  };
}
const text = (t: string): AnswerInput => ({ kind: 'text', text: t });
const ru = { lang: 'ru' as const, phoneRegion: 'RU' };
const value = (question: FormQuestion, input: AnswerInput, env: Parameters<typeof checkAnswer>[2] = ru) => {
  const checked = checkAnswer(question, input, env);
  return checked.ok ? checked.value : `!${checked.error}`;
};
const AGE: QuestionOption[] = [
  { value: 'junior', label_ru: 'Юниоры', label_en: 'Juniors', limit: 2 },
  { value: 'senior', label_ru: 'Взрослые', label_en: 'Seniors', limit: null },
  { value: 'old', label_ru: 'Ветераны', label_en: 'Veterans', removed: true },
];

describe('reading and checking one answer', () => {
  it('text: trimmed, limits of length, the organizer’s pattern with their message in the person’s language', () => {
    const id = q('text', { rules: { pattern: '\\d{9}', patternMessage_ru: 'Номер студенческого — 9 цифр', patternMessage_en: 'A student id is 9 digits', minLength: 9 } });
    expect(value(id, text('  123456789 '))).toBe('123456789');
    expect(checkAnswer(id, text('12345678a'), ru)).toEqual({ ok: false, error: 'answer.pattern_failed', message: 'Номер студенческого — 9 цифр' });
    expect(checkAnswer(id, text('12345678a'), { lang: 'en' })).toMatchObject({ message: 'A student id is 9 digits' });
    expect(value(id, text('1234'))).toBe('!answer.too_short');
    expect(value(q('text'), text('   '))).toBe('!answer.empty');
    expect(value(q('text'), text('x'.repeat(201)))).toBe('!answer.too_long');
    expect(value(q('long_text'), text('строка 1\nстрока 2'))).toBe('строка 1\nстрока 2');
    expect(value(q('text'), { kind: 'option', value: 'x' })).toBe('!answer.text_expected');
  });

  it('numbers: a comma or a point, spaces in thousands; min and max', () => {
    const age = q('number', { rules: { min: 7, max: 99 } });
    expect(value(age, text('12'))).toBe('12');
    expect(value(q('number'), text('12,5'))).toBe('12.5');
    expect(value(q('number'), text('1 200'))).toBe('1200');
    expect(checkAnswer(age, text('5'), ru)).toEqual({ ok: false, error: 'answer.out_of_range', params: { min: '7', max: '99' } });
    expect(value(age, text('двенадцать'))).toBe('!answer.number_expected');
  });

  it('yes/no by a button or a word', () => {
    const yn = q('yes_no');
    expect(value(yn, { kind: 'option', value: 'yes' })).toBe('yes');
    expect(value(yn, text('Нет'))).toBe('no');
    expect(value(yn, text('может быть'))).toBe('!answer.yes_no_expected');
  });

  it('one of a list: a button, a typed label in either language or its number; a removed or full option is refused', () => {
    const cat = q('choice', { options: AGE });
    expect(value(cat, { kind: 'option', value: 'senior' })).toBe('senior');
    expect(value(cat, text('юниоры'))).toBe('junior');
    expect(value(cat, text('Seniors'))).toBe('senior');
    expect(value(cat, text('2'))).toBe('senior');
    expect(value(cat, { kind: 'option', value: 'old' })).toBe('!answer.choose_option');
    expect(checkAnswer(cat, { kind: 'option', value: 'junior' }, { ...ru, taken: { junior: 2 } })).toEqual({
      ok: false,
      error: 'answer.option_full',
      params: { option: 'Юниоры' },
    });
    expect(value(cat, { kind: 'option', value: 'junior' }, { ...ru, taken: { junior: 1 } })).toBe('junior');
  });

  it('several of a list: in the list’s order, counted against min and max', () => {
    const many = q('multi_choice', { options: AGE.slice(0, 2).concat({ value: 'kids', label_ru: 'Дети', label_en: 'Kids' }), rules: { min: 1, max: 2 } });
    expect(value(many, { kind: 'options', values: ['kids', 'junior'] })).toBe('["junior","kids"]');
    expect(value(many, text('Дети, взрослые'))).toBe('["senior","kids"]');
    expect(value(many, { kind: 'options', values: [] })).toBe('!answer.choose_at_least');
    expect(value(many, { kind: 'options', values: ['kids', 'junior', 'senior'] })).toBe('!answer.choose_at_most');
  });

  it('dates, times and date-times typed as people type them, with bounds', () => {
    const birth = q('date', { rules: { min: '2000-01-01', max: '2020-12-31' } });
    for (const typed of ['5.3.2012', '05.03.2012', '2012-03-05', '05/03/2012', '5.3.12']) expect(value(birth, text(typed))).toBe('2012-03-05');
    expect(value(birth, text('31.02.2012'))).toBe('!answer.date_expected');
    expect(checkAnswer(birth, text('01.01.1999'), ru)).toEqual({ ok: false, error: 'answer.out_of_range', params: { min: '01.01.2000', max: '31.12.2020' } });
    expect(value(q('time'), text('9:05'))).toBe('09:05');
    expect(value(q('time'), text('25:00'))).toBe('!answer.time_expected');
    expect(value(q('datetime'), text('5.3.2012 18:30'))).toBe('2012-03-05T18:30');
    expect(value(q('datetime'), text('2012-03-05T18:30'))).toBe('2012-03-05T18:30');
  });

  it('e-mail, phone (typed or shared) and country', () => {
    expect(value(q('email'), text('Ivan.Petrov@Example.COM'))).toBe('Ivan.Petrov@example.com');
    expect(value(q('email'), text('ivan@'))).toBe('!answer.email_expected');
    const ourDomain = q('email', { rules: { pattern: '.+@univ\\.ru', patternMessage_ru: 'Только почта университета' } });
    expect(checkAnswer(ourDomain, text('a@gmail.com'), ru)).toMatchObject({ ok: false, message: 'Только почта университета' });
    expect(value(q('phone'), text('8 912 345-67-89'))).toBe('+79123456789');
    expect(value(q('phone'), { kind: 'contact', phone: '79123456789' })).toBe('+79123456789');
    expect(value(q('country'), text('казахстан'))).toBe('KZ');
    expect(value(q('country'), text('Germany'))).toBe('DE');
    expect(value(q('country'), text('США'))).toBe('US');
    expect(value(q('country'), { kind: 'option', value: 'by' })).toBe('BY');
    expect(value(q('country'), text('Нарния'))).toBe('!answer.country_expected');
    expect(matchCountry('узбек')).toBe('UZ');
  });

  it('files: a photo or a document of the allowed kinds, at most the size', () => {
    const pdf = q('file', { rules: { fileTypes: ['.pdf', 'application/pdf'], maxFileMb: 5 } });
    const doc = { fileId: 'F1', fileUniqueId: 'U1', type: 'document' as const, name: 'work.pdf', mime: 'application/pdf', size: 1000 };
    expect(JSON.parse(value(pdf, { kind: 'file', file: doc }))).toEqual(doc);
    expect(value(pdf, { kind: 'file', file: { ...doc, size: 6 * 1024 * 1024 } })).toBe('!answer.file_too_big');
    expect(value(pdf, { kind: 'file', file: { ...doc, type: 'photo', name: undefined, mime: undefined } })).toBe('!answer.file_type');
    expect(value(q('file', { rules: { fileTypes: ['photo'] } }), { kind: 'file', file: { fileId: 'P', fileUniqueId: 'P', type: 'photo' } })).toContain('"photo"');
    expect(value(q('file'), text('вот файл'))).toBe('!answer.file_expected');
  });

  it('shows a stored answer as people read it', () => {
    expect(displayAnswer(q('choice', { options: AGE }), 'old', 'ru')).toBe('Ветераны');
    expect(displayAnswer(q('multi_choice', { options: AGE }), '["junior","senior"]', 'en')).toBe('Juniors, Seniors');
    expect(displayAnswer(q('date'), '2012-03-05', 'ru')).toBe('05.03.2012');
    expect(displayAnswer(q('datetime'), '2012-03-05T18:30', 'ru')).toBe('05.03.2012 18:30');
    expect(displayAnswer(q('yes_no'), 'yes', 'ru')).toBe('Да');
    expect(displayAnswer(q('number'), '21.5', 'ru')).toBe('21,5');
    expect(displayAnswer(q('number'), '21.5', 'en')).toBe('21.5');
    expect(displayAnswer(q('country'), 'KZ', 'ru')).toBe('Казахстан');
    expect(displayAnswer(q('phone'), '+79123456789', 'ru')).toBe('+7 912 345 67 89');
    expect(displayAnswer(q('file'), JSON.stringify({ fileId: 'P', fileUniqueId: 'P', type: 'photo' }), 'ru')).toBe('фото');
  });
});

describe('conditions', () => {
  const cat = q('choice', { options: AGE });
  const before = q('yes_no');
  const age = q('number', { required: false });
  const school = q('text', { showIf: { combine: 'all', conditions: [{ questionId: cat.id, values: ['junior'] }] } });
  const when = q('date', {
    showIf: {
      combine: 'any',
      conditions: [
        { questionId: before.id, values: ['yes'] },
        { questionId: age.id, min: 60 },
      ],
    },
  });
  const all = [cat, before, age, school, when];

  it('a question is asked when its conditions hold, all or any', () => {
    expect(isAsked(school, { [cat.id]: 'junior' })).toBe(true);
    expect(isAsked(school, { [cat.id]: 'senior' })).toBe(false);
    expect(isAsked(when, { [before.id]: 'no', [age.id]: '65' })).toBe(true);
    expect(isAsked(when, { [before.id]: 'no', [age.id]: '30' })).toBe(false);
    expect(isAsked(when, {})).toBe(false);
  });

  it('the next questions follow the answers; a skipped optional one is not asked again; answers whose condition went are dropped', () => {
    expect(unanswered(all, {}).map((x) => x.id)).toEqual([cat.id, before.id, age.id]);
    expect(unanswered(all, { [cat.id]: 'junior', [before.id]: 'no' }, [age.id]).map((x) => x.id)).toEqual([school.id]);
    const given = { [cat.id]: 'junior', [before.id]: 'no', [school.id]: 'Лицей 1' };
    expect(missingRequired(all, given)).toBeUndefined();
    expect(effectiveAnswers(all, { ...given, [cat.id]: 'senior' })).toEqual({ [cat.id]: 'senior', [before.id]: 'no' });
    expect(missingRequired(all, { [cat.id]: 'junior', [before.id]: 'yes' })?.id).toBe(school.id);
  });
});
