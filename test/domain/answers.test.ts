import { describe, expect, it } from 'vitest';
import { Answer, Competition, Question, Registration } from '../../entities/index.js';
import {
  BusyError,
  DomainError,
  adminActor,
  answersOf,
  cancelRegistration,
  changeAnswers,
  countAnswers,
  createQuestion,
  deleteQuestion,
  deleteUserData,
  moveQuestion,
  registerForCompetition,
  rememberedAnswers,
  updateQuestion,
  userActor,
  type QuestionInput,
} from '../../domain/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { expectDomainError, makeAdmin, makeCompetition, makeUser, makeUsers, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

const AGE = [
  { value: 'junior', label_ru: 'Юниоры', label_en: 'Juniors', limit: 1 },
  { value: 'senior', label_ru: 'Взрослые', label_en: 'Seniors' },
];

async function setUp(values: Partial<Competition> = {}) {
  const admin = adminActor((await makeAdmin(f.db)).id);
  const competition = await makeCompetition(f.db, values);
  const base = { competitionId: competition.id, role: 'participant', required: true } as const;
  const ask = (input: Partial<QuestionInput>) => createQuestion(f.db, admin, { ...base, kind: 'text', titleRu: 'Вопрос', titleEn: 'Question', ...input } as QuestionInput);
  const category = await ask({ kind: 'choice', titleRu: 'Категория', options: AGE });
  const school = await ask({ kind: 'text', titleRu: 'Школа', rememberAs: 'school', showIf: { combine: 'all', conditions: [{ questionId: category.id, values: ['junior'] }] } });
  const shirt = await ask({ kind: 'text', titleRu: 'Размер футболки', required: false });
  const voters = await ask({ kind: 'yes_no', titleRu: 'Голосовали раньше?', role: 'voter' });
  return { admin, competition, category, school, shirt, voters };
}

const sign = (userId: number, competitionId: number, answers: Record<number, string>, extra: object = {}) =>
  registerForCompetition(f.db, userActor(userId), { userId, competitionId, role: 'participant', consentGiven: true, answers, lang: 'ru', ...extra });

describe(`answers stored with the registration (${TEST_DB})`, () => {
  it('are checked whole: required, conditions, options; stored in one go with the registration', async () => {
    const { competition, category, school, shirt, voters } = await setUp();
    const [a, b] = await makeUsers(f.db, 2);
    await expectDomainError(sign(a.id, competition.id, { [category.id]: 'junior' }), 'answers.missing');
    expect(await f.db.manager.countBy(Registration, { userId: a.id })).toBe(0);
    const { registration } = await sign(a.id, competition.id, { [category.id]: 'junior', [school.id]: 'Лицей № 1' });
    expect(await answersOf(f.db.manager, registration.id)).toEqual({ [category.id]: 'junior', [school.id]: 'Лицей № 1' });
    // An answer to a question whose condition does not hold is dropped; the voters' question is not the participants'.
    const other = await sign(b.id, competition.id, { [category.id]: 'senior', [school.id]: 'ignored', [shirt.id]: 'L' });
    expect(await answersOf(f.db.manager, other.registration.id)).toEqual({ [category.id]: 'senior', [shirt.id]: 'L' });
    const rows = await f.db.manager.findBy(Answer, { registrationId: other.registration.id });
    expect(rows.map((r) => r.valueKey).sort()).toEqual(['L', 'senior']);
    const voter = await makeUser(f.db);
    await expectDomainError(
      registerForCompetition(f.db, userActor(voter.id), { userId: voter.id, competitionId: competition.id, role: 'voter', consentGiven: true, answers: {} }),
      'answers.missing',
    );
    await registerForCompetition(f.db, userActor(voter.id), { userId: voter.id, competitionId: competition.id, role: 'voter', consentGiven: true, answers: { [voters.id]: 'no' } });
  });

  it('an option’s own limit counts the places held; a cancel frees it; a waitlisted person holds none', async () => {
    const { competition, category, school } = await setUp();
    const [a, b, c] = await makeUsers(f.db, 3);
    const first = await sign(a.id, competition.id, { [category.id]: 'junior', [school.id]: 'A' });
    await expectDomainError(sign(b.id, competition.id, { [category.id]: 'junior', [school.id]: 'B' }), 'answer.option_full');
    await sign(c.id, competition.id, { [category.id]: 'senior' });
    await cancelRegistration(f.db, userActor(a.id), first.registration.id);
    await sign(b.id, competition.id, { [category.id]: 'junior', [school.id]: 'B' });
    // Re-registering after the cancel answers afresh (the row is reused, its old answers replaced).
    const again = await sign(a.id, competition.id, { [category.id]: 'senior' });
    expect(again.registration.id).toBe(first.registration.id);
    expect(await answersOf(f.db.manager, again.registration.id)).toEqual({ [category.id]: 'senior' });
  });

  it('are changed until the deadline, checked whole, and refused after it', async () => {
    const { competition, category, school, shirt } = await setUp();
    const user = await makeUser(f.db);
    const { registration } = await sign(user.id, competition.id, { [category.id]: 'senior' });
    await expectDomainError(changeAnswers(f.db, userActor(user.id), registration.id, { [category.id]: 'junior' }, 'ru'), 'answers.missing');
    expect(await changeAnswers(f.db, userActor(user.id), registration.id, { [category.id]: 'junior', [school.id]: 'Гимназия', [shirt.id]: 'M' }, 'ru')).toEqual({
      [category.id]: 'junior',
      [school.id]: 'Гимназия',
      [shirt.id]: 'M',
    });
    // Back to seniors: the school's condition no longer holds, its answer goes; an optional answer can be cleared.
    await changeAnswers(f.db, userActor(user.id), registration.id, { [category.id]: 'senior', [shirt.id]: null }, 'ru');
    expect(await answersOf(f.db.manager, registration.id)).toEqual({ [category.id]: 'senior' });
    const stranger = await makeUser(f.db);
    await expectDomainError(changeAnswers(f.db, userActor(stranger.id), registration.id, { [shirt.id]: 'S' }, 'ru'), 'registration.not_found');
    await f.db.manager.update(Competition, { id: competition.id }, { registrationClosesAt: new Date(Date.now() - 1000) });
    await expectDomainError(changeAnswers(f.db, userActor(user.id), registration.id, { [shirt.id]: 'S' }, 'ru'), 'answers.deadline_passed');
  });

  it('offers an answer given under the same remember-as key in another competition, nothing else', async () => {
    const first = await setUp();
    const second = await setUp();
    const user = await makeUser(f.db);
    await sign(user.id, first.competition.id, { [first.category.id]: 'junior', [first.school.id]: 'Лицей № 1', [first.shirt.id]: 'XL' });
    expect(await rememberedAnswers(f.db, user.id, second.competition.id, ['school', 'shirt'])).toEqual({ school: 'Лицей № 1' });
    expect(await rememberedAnswers(f.db, user.id, first.competition.id, ['school'])).toEqual({});
  });

  it('leave with the person’s data', async () => {
    const { competition, category } = await setUp();
    const user = await makeUser(f.db);
    const { registration } = await sign(user.id, competition.id, { [category.id]: 'senior' });
    await deleteUserData(f.db, user.id);
    expect(await f.db.manager.countBy(Answer, { registrationId: registration.id })).toBe(0);
  });
});

describe(`questions defined by organizers (${TEST_DB})`, () => {
  it('are checked, naming the field: options, bounds, patterns, file sizes, conditions on earlier questions', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    const competition = await makeCompetition(f.db);
    const base = { competitionId: competition.id, role: null, required: false, titleRu: 'Вопрос', titleEn: '' } as const;
    const field = async (input: Partial<QuestionInput>) => {
      try {
        await createQuestion(f.db, admin, { ...base, kind: 'text', ...input } as QuestionInput);
        return 'saved';
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return `${error.key}@${error.field}`;
      }
    };
    expect(await field({ kind: 'choice', options: [] })).toBe('question.bad_options@options');
    expect(await field({ kind: 'choice', options: [AGE[0], { ...AGE[1], value: 'junior' }] })).toBe('question.duplicate_option@options');
    expect(await field({ kind: 'number', rules: { min: 10, max: 5 } })).toBe('question.bad_range@max');
    expect(await field({ kind: 'date', rules: { min: '32.01.2020' } })).toBe('question.bad_bound@min');
    expect(await field({ kind: 'text', rules: { pattern: '([a-z' } })).toBe('question.bad_pattern@pattern');
    expect(await field({ kind: 'file', rules: { maxFileMb: 25 } })).toBe('question.bad_file_size@maxFileMb');
    expect(await field({ kind: 'text', titleRu: ' ', titleEn: '' })).toBe('question.title_required@titleRu');
    expect(await field({ kind: 'text', showIf: { combine: 'all', conditions: [{ questionId: 999999, values: ['x'] }] } })).toBe('question.bad_condition@showIf');
    const date = await createQuestion(f.db, admin, { ...base, kind: 'date', rules: { min: '01.01.2000', max: '31.12.2020' } });
    expect(date.rules).toEqual({ min: '2000-01-01', max: '2020-12-31' });
    expect(date.titleEn).toBe('Вопрос');
  });

  it('keep what answers were given: a removed option stays marked removed; deleting counts the answers and drops conditions on it', async () => {
    const { admin, competition, category, school } = await setUp();
    const user = await makeUser(f.db);
    await sign(user.id, competition.id, { [category.id]: 'junior', [school.id]: 'Лицей' });
    const edited = await updateQuestion(f.db, admin, category.id, { ...category, options: [AGE[1], { value: 'kids', label_ru: 'Дети', label_en: 'Kids' }] });
    expect(edited.options).toEqual([
      { value: 'senior', label_ru: 'Взрослые', label_en: 'Seniors', limit: null },
      { value: 'kids', label_ru: 'Дети', label_en: 'Kids', limit: null },
      { value: 'junior', label_ru: 'Юниоры', label_en: 'Juniors', limit: 1, removed: true },
    ]);
    await expectDomainError(updateQuestion(f.db, admin, category.id, { ...category, kind: 'text' }), 'question.kind_locked');
    await expectDomainError(moveQuestion(f.db, admin, school.id, 'up'), 'question.bad_condition');
    expect(await countAnswers(f.db, category.id)).toBe(1);
    await deleteQuestion(f.db, admin, category.id);
    expect(await f.db.manager.countBy(Answer, { questionId: category.id })).toBe(0);
    expect((await f.db.manager.findOneByOrFail(Question, { id: school.id })).showIf).toBeNull();
  });
});

describe(`an option with 20 places raced for (${TEST_DB})`, () => {
  it('200 people at once: exactly 20 hold it', async () => {
    const admin = adminActor((await makeAdmin(f.db)).id);
    const competition = await makeCompetition(f.db);
    const division = await createQuestion(f.db, admin, {
      competitionId: competition.id,
      role: 'participant',
      kind: 'choice',
      titleRu: 'Дивизион',
      titleEn: 'Division',
      required: true,
      options: [
        { value: 'a', label_ru: 'А', label_en: 'A', limit: 20 },
        { value: 'b', label_ru: 'Б', label_en: 'B' },
      ],
    });
    const people = await makeUsers(f.db, 200);
    const results = await Promise.allSettled(people.map((p) => sign(p.id, competition.id, { [division.id]: 'a' })));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    for (const reason of refused) expect(reason instanceof DomainError || reason instanceof BusyError).toBe(true);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(refused.filter((e) => (e as DomainError).key === 'answer.option_full').length).toBeGreaterThan(150);
    const held = await f.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM answers WHERE question_id = $1 AND value_key = 'a'`, [division.id]);
    expect(Number(held[0].n)).toBe(20);
    expect(await f.db.manager.countBy(Registration, { competitionId: competition.id })).toBe(20);
  });
});
