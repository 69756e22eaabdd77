import { In, type EntityManager } from 'typeorm';
import { Answer, Competition, Question, Registration, type RegistrationRole } from '../entities/index.js';
import type { Actor } from './actor.js';
import { effectiveAnswers, isOptionFull, liveOptions, missingRequired, optionLabel, questionTitle, valueKey, type FormQuestion } from './answer-rules.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { PLACE_HOLDING, isRegistrationOpen, lockCompetition, sqlList } from './places.js';

/*
 * Storing the answers to a competition's own questions (the rules of each answer: domain/answer-rules.ts).
 * Answers reach the database only with the registration they belong to — the bot keeps them in the form's draft
 * until consent, as it keeps the name and phone — and are stored in the registration's own transaction
 * (registerInTransaction), or changed later from "My registrations" until the deadline (changeAnswers).
 *
 * Options with a limit of places hold it as a competition's places do: counted over the registrations that hold a
 * place (pending, approved, offered), under the competition's exclusive lock, recounted, then written
 * (domain/places.ts). A waitlisted registration's option holds no place yet; the offer that admits it later does
 * not recheck the option (the organizer sees it on the dashboard's counts).
 */

/**
 * The questions asked of `role` in a competition, in order (a question with no role is asked of both). Team questions
 * are not among them: they are asked once of a team's captain (domain/teams.ts teamQuestionsFor).
 */
export async function questionsFor(manager: EntityManager, competitionId: number, role: RegistrationRole): Promise<Question[]> {
  const all = await manager.find(Question, { where: { competitionId, forTeam: false }, order: { position: 'ASC', id: 'ASC' } });
  return all.filter((q) => q.role === null || q.role === role);
}

/** The question as the form keeps it in its draft (no dates, no competition): what the checks need. */
export function formQuestion(q: Question): FormQuestion {
  const { id, kind, role, titleRu, titleEn, helpRu, helpEn, required, position, options, rules, showIf, rememberAs } = q;
  return { id, kind, role, titleRu, titleEn, helpRu, helpEn, required, position, options, rules, showIf, rememberAs };
}

/** Whether an answer chooses an option that has a limit of places (then the exclusive lock is needed to count). */
function choosesLimited(question: FormQuestion, value: string): boolean {
  const chosen = question.kind === 'choice' ? [value] : question.kind === 'multi_choice' ? (JSON.parse(value) as string[]) : [];
  return liveOptions(question).some((o) => chosen.includes(o.value) && o.limit !== null && o.limit !== undefined);
}

export function needsOptionLock(questions: readonly FormQuestion[], answers: Readonly<Record<number, string>>): boolean {
  return questions.some((q) => answers[q.id] !== undefined && choosesLimited(q, answers[q.id]));
}

/**
 * Places taken per option of each limited question of the list, by registrations holding a place (other than
 * `except`). One query for all of them; questions without a limited option are not counted.
 */
export async function optionFill(db: Database, manager: EntityManager, questions: readonly FormQuestion[], except?: number): Promise<Record<number, Record<string, number>>> {
  const limited = questions.filter((q) => (q.kind === 'choice' || q.kind === 'multi_choice') && liveOptions(q).some((o) => o.limit !== null && o.limit !== undefined));
  const fill: Record<number, Record<string, number>> = {};
  if (!limited.length) return fill;
  const ids = limited.map((q) => Number(q.id));
  const rows = await db.query<{ question_id: number; value: string; n: number | string }>(
    `SELECT a.question_id, a.value, COUNT(*) AS n FROM answers a JOIN registrations r ON r.id = a.registration_id
      WHERE a.question_id IN (${ids.join(', ')}) AND r.status IN ${sqlList(PLACE_HOLDING)} AND r.id <> $1
      GROUP BY a.question_id, a.value`,
    [except ?? 0],
    manager,
  );
  for (const q of limited) fill[q.id] = {};
  for (const row of rows) {
    const question = limited.find((q) => q.id === Number(row.question_id))!;
    const values = question.kind === 'multi_choice' ? (JSON.parse(row.value) as string[]) : [row.value];
    for (const v of values) fill[question.id][v] = (fill[question.id][v] ?? 0) + Number(row.n);
  }
  return fill;
}

/** Refuses a set of answers that chooses an option with no place left (counted under the lock by the caller). */
async function checkOptionLimits(db: Database, manager: EntityManager, questions: readonly FormQuestion[], answers: Record<number, string>, lang: 'ru' | 'en', except?: number) {
  const fill = await optionFill(db, manager, questions, except);
  for (const q of questions) {
    const value = answers[q.id];
    if (value === undefined || !fill[q.id]) continue;
    const chosen = q.kind === 'multi_choice' ? (JSON.parse(value) as string[]) : [value];
    const full = liveOptions(q).find((o) => chosen.includes(o.value) && isOptionFull(o, fill[q.id]));
    if (full) throw new DomainError('answer.option_full', { option: optionLabel(full, lang), questionId: q.id });
  }
}

/**
 * Checks a complete set of answers against the questions asked (conditions, required ones, options that exist) and
 * returns the answers that count. Answers to questions not asked (a condition that does not hold) or gone are dropped.
 */
export function settleAnswers(questions: readonly FormQuestion[], answers: Readonly<Record<number, string>>, lang: 'ru' | 'en'): Record<number, string> {
  // An answer to a question deleted while the form was open has nowhere to go: effectiveAnswers keeps only the
  // questions that exist.
  const missing = missingRequired(questions, answers);
  if (missing) throw new DomainError('answers.missing', { question: questionTitle(missing, lang), questionId: missing.id });
  return effectiveAnswers(questions, answers);
}

/**
 * Stores a registration's answers inside the caller's transaction (the competition locked: exclusively when a
 * limited option is chosen — see `needsOptionLock`). Replaces any answers the row had (a re-registration after a
 * cancel answers afresh). One statement for the delete, one for the insert.
 */
export async function writeAnswers(
  db: Database,
  manager: EntityManager,
  registrationId: number,
  questions: readonly FormQuestion[],
  answers: Readonly<Record<number, string>>,
  options: { holdsPlace: boolean; lang: 'ru' | 'en'; replace: boolean },
): Promise<void> {
  const kept = settleAnswers(questions, answers, options.lang);
  if (options.holdsPlace && needsOptionLock(questions, kept)) await checkOptionLimits(db, manager, questions, kept, options.lang, registrationId);
  if (options.replace) await manager.delete(Answer, { registrationId });
  const rows = questions.filter((q) => kept[q.id] !== undefined).map((q) => ({ registrationId, questionId: q.id, value: kept[q.id], valueKey: valueKey(q.kind, kept[q.id]) }));
  if (rows.length) await manager.insert(Answer, rows);
}

/** The answers of a registration, question id → stored value. */
export async function answersOf(manager: EntityManager, registrationId: number): Promise<Record<number, string>> {
  const rows = await manager.find(Answer, { where: { registrationId }, select: { questionId: true, value: true } });
  return Object.fromEntries(rows.map((a) => [a.questionId, a.value]));
}

/**
 * A person changes answers of their registration (from "My registrations"), until the registration deadline.
 * `changes` maps question id → the new stored value (checked by the caller with checkAnswer), or null to clear an
 * optional answer. The set that results is checked whole (conditions, required questions, option limits) and
 * replaces the old one; answers whose condition no longer holds go.
 */
export async function changeAnswers(
  db: Database,
  actor: Actor,
  registrationId: number,
  changes: Readonly<Record<number, string | null>>,
  lang: 'ru' | 'en',
): Promise<Record<number, string>> {
  const registration = await db.manager.findOneBy(Registration, { id: registrationId });
  if (!registration || (actor.kind === 'user' && registration.userId !== actor.userId)) throw new DomainError('registration.not_found');
  const questions = (await questionsFor(db.manager, registration.competitionId, registration.role)).map(formQuestion);
  return db.write(async (manager) => {
    const old = await answersOf(manager, registrationId);
    const merged: Record<number, string> = { ...old };
    for (const [id, value] of Object.entries(changes)) {
      if (value === null) delete merged[Number(id)];
      else merged[Number(id)] = value;
    }
    const changesLimited = needsOptionLock(questions, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== null)) as Record<number, string>);
    const competition = changesLimited
      ? await lockCompetition(db, manager, registration.competitionId)
      : await manager.findOneByOrFail(Competition, { id: registration.competitionId });
    if (!isRegistrationOpen(competition)) throw new DomainError('answers.deadline_passed', { competition: competition.title });
    const current = await manager.findOneBy(Registration, { id: registrationId });
    if (!current || current.status === 'cancelled' || current.status === 'rejected') throw new DomainError('answers.not_editable');
    const holds = current.role === 'participant' && PLACE_HOLDING.includes(current.status);
    await writeAnswers(db, manager, registrationId, questions, merged, { holdsPlace: holds, lang, replace: true });
    return effectiveAnswers(questions, merged);
  });
}

/**
 * Answers the user gave elsewhere under the `remember_as` keys asked here (the latest per key), offered for
 * one-tap reuse. Nothing else is carried between competitions.
 */
export async function rememberedAnswers(db: Database, userId: number, competitionId: number, keys: readonly string[]): Promise<Record<string, string>> {
  if (!keys.length) return {};
  const rows = await db.manager
    .createQueryBuilder(Answer, 'a')
    .innerJoin(Question, 'q', 'q.id = a.question_id')
    .innerJoin(Registration, 'r', 'r.id = a.registration_id')
    .select(['q.remember_as AS key', 'a.value AS value'])
    .where('r.user_id = :userId AND r.competition_id <> :competitionId AND q.remember_as IN (:...keys)', { userId, competitionId, keys: [...keys] })
    .orderBy('a.updated_at', 'DESC')
    .getRawMany<{ key: string; value: string }>();
  const remembered: Record<string, string> = {};
  for (const row of rows) remembered[row.key] ??= row.value;
  return remembered;
}

/** Deletes the answers of the given registrations (the retention purge). */
export async function deleteAnswersOf(manager: EntityManager, registrationIds: number[]): Promise<void> {
  if (registrationIds.length) await manager.delete(Answer, { registrationId: In(registrationIds) });
}
