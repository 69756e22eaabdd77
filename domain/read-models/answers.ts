import { In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Answer, Question, type QuestionKind } from '../../entities/index.js';
import type { Language } from '../../i18n/index.js';
import { displayAnswer, liveOptions, optionLabel, questionTitle, type FileAnswer } from '../answer-rules.js';
import type { Database } from '../infrastructure/database.js';
import type { Actor } from '../actor.js';
import { logAdminAction } from '../audit.js';
import { INACTIVE, PLACE_HOLDING, sqlList } from '../places.js';

/*
 * What organizers read of the answers to a competition's own questions: the competition page's list of its
 * questions, a registration's answers, the list's answer columns and filters, the exports' answer columns, the
 * dashboard's counts per option. Queries only.
 */

/** Kinds whose answers a list can be filtered by: an option (or several), yes/no, a number in a range. */
export const FILTERABLE_KINDS: readonly QuestionKind[] = ['choice', 'multi_choice', 'yes_no', 'number'];

/** A competition's questions in order, as its page lists them (with how many answers each holds). */
export interface QuestionLine {
  id: number;
  title: string;
  kind: QuestionKind;
  role: string | null;
  required: boolean;
  listColumn: boolean;
  /** A team question: answered once per team, by its captain. */
  forTeam: boolean;
  answers: number;
}

export async function competitionQuestions(db: Database, competitionId: number, lang: Language): Promise<QuestionLine[]> {
  const questions = await questionsOf(db, competitionId);
  const counts = await answerCounts(
    db,
    questions.map((q) => q.id),
  );
  return questions.map((q) => ({
    id: q.id,
    title: questionTitle(q, lang),
    kind: q.kind,
    role: q.role,
    required: q.required,
    listColumn: q.listColumn,
    forTeam: q.forTeam,
    answers: counts.get(q.id) ?? 0,
  }));
}

/** A competition's questions in their order (ties by id). */
export function questionsOf(db: Database, competitionId: number): Promise<Question[]> {
  return db.manager.find(Question, { where: { competitionId }, order: { position: 'ASC', id: 'ASC' } });
}

async function answerCounts(db: Database, questionIds: number[]): Promise<Map<number, number>> {
  if (!questionIds.length) return new Map();
  const rows = await db.query<{ question_id: number; n: number | string }>(
    `SELECT question_id, COUNT(*) AS n FROM answers WHERE question_id IN (${questionIds.map(Number).join(', ')}) GROUP BY question_id`,
  );
  return new Map(rows.map((r) => [Number(r.question_id), Number(r.n)]));
}

/** One answer as an organizer reads it; `answerId` is set for a file (opened through the admin's file route). */
export interface ShownAnswer {
  questionId: number;
  title: string;
  text: string;
  /** Shown as a column of the registrations list. */
  listColumn: boolean;
  answerId?: number;
}

/**
 * The answers of these registrations, in each competition's question order, as text in `lang` (an option removed
 * since shows as it was). One query for the answers, one for their questions.
 */
export function registrationAnswers(db: Database, registrationIds: number[], lang: Language): Promise<Map<number, ShownAnswer[]>> {
  return shownAnswers(db, 'registrationId', registrationIds, lang);
}

/** The answers of these teams to their team questions (domain/teams.ts), as registrationAnswers reads a registration's. */
export function teamAnswers(db: Database, teamIds: number[], lang: Language): Promise<Map<number, ShownAnswer[]>> {
  return shownAnswers(db, 'teamId', teamIds, lang);
}

/** Answers by their owner (a registration, or a team), owner id → the answers in question order. */
async function shownAnswers(db: Database, owner: 'registrationId' | 'teamId', ids: number[], lang: Language): Promise<Map<number, ShownAnswer[]>> {
  const shown = new Map<number, ShownAnswer[]>();
  if (!ids.length) return shown;
  const answers = await db.manager.find(Answer, { where: { [owner]: In(ids) } });
  if (!answers.length) return shown;
  const questions = await db.manager.find(Question, { where: { id: In([...new Set(answers.map((a) => a.questionId))]) } });
  const byId = new Map(questions.map((q) => [q.id, q]));
  answers.sort((a, b) => byId.get(a.questionId)!.position - byId.get(b.questionId)!.position || a.questionId - b.questionId);
  for (const a of answers) {
    const q = byId.get(a.questionId)!;
    const id = a[owner]!;
    const list = shown.get(id) ?? [];
    list.push({
      questionId: q.id,
      title: questionTitle(q, lang),
      text: displayAnswer(q, a.value, lang),
      listColumn: q.listColumn,
      ...(q.kind === 'file' ? { answerId: a.id } : {}),
    });
    shown.set(id, list);
  }
  return shown;
}

/** A question as the registrations list offers it: a column (`listColumn`), a filter (its options, or a range). */
export interface ListQuestion {
  id: number;
  title: string;
  kind: QuestionKind;
  listColumn: boolean;
  filterable: boolean;
  options: Array<{ value: string; label: string }>;
}

export async function listQuestions(db: Database, competitionId: number, lang: Language): Promise<ListQuestion[]> {
  return (await questionsOf(db, competitionId)).map((q) => ({
    id: q.id,
    title: questionTitle(q, lang),
    kind: q.kind,
    listColumn: q.listColumn,
    filterable: FILTERABLE_KINDS.includes(q.kind),
    options: (q.options ?? []).map((o) => ({ value: o.value, label: optionLabel(o, lang) })),
  }));
}

/**
 * A list filter on answers, as the list's address carries it: `12=junior` (that option; yes/no as `yes`/`no`),
 * `12~junior` (one of the ticked options of a several-of list), `12:5..10` (a number in the range, either end
 * optional); several joined with `;` must all hold. Each is one EXISTS on `answers` by `(question_id, value_key)`,
 * the index `IDX_answers_question_value`. A part that cannot be read filters out everything (never nothing).
 */
export function whereAnswersMatch(qb: SelectQueryBuilder<ObjectLiteral>, db: Database, filter: string, alias = 't'): void {
  filter
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .forEach((part, i) => {
      const p = `af${i}_`;
      const exists = (condition: string) => `EXISTS (SELECT 1 FROM answers ${p}a WHERE ${p}a.question_id = :${p}q AND ${p}a.registration_id = ${alias}.id AND ${condition})`;
      const option = /^(\d+)([=~])(.+)$/.exec(part);
      const range = /^(\d+):(-?[\d.]*)\.\.(-?[\d.]*)$/.exec(part);
      if (option) {
        const [, q, how, value] = option;
        if (how === '=') qb.andWhere(exists(`${p}a.value_key = :${p}v`), { [`${p}q`]: Number(q), [`${p}v`]: value });
        else qb.andWhere(exists(`${p}a.value_key LIKE :${p}v`), { [`${p}q`]: Number(q), [`${p}v`]: `%${JSON.stringify(value.replace(/[%_"\\]/g, ''))}%` });
      } else if (range && (range[2] !== '' || range[3] !== '')) {
        const [, q, min, max] = range;
        // The question's answers only: a CASE keeps the cast off other questions' keys whatever the plan.
        const number = `CASE WHEN ${p}a.question_id = :${p}q THEN CAST(${p}a.value_key AS ${db.isPostgres ? 'NUMERIC' : 'REAL'}) END`;
        const bounds = [min !== '' ? `${number} >= :${p}min` : '', max !== '' ? `${number} <= :${p}max` : ''].filter(Boolean).join(' AND ');
        qb.andWhere(exists(bounds), { [`${p}q`]: Number(q), ...(min !== '' ? { [`${p}min`]: Number(min) } : {}), ...(max !== '' ? { [`${p}max`]: Number(max) } : {}) });
      } else {
        qb.andWhere('1 = 0');
      }
    });
}

/** The stored answers of a batch of registrations (one query), registration id → question id → value. */
export async function answersOfBatch(db: Database, registrationIds: number[]): Promise<Map<number, Map<number, string>>> {
  const byRegistration = new Map<number, Map<number, string>>();
  if (!registrationIds.length) return byRegistration;
  const rows = await db.query<{ registration_id: number; question_id: number; value: string }>(
    `SELECT registration_id, question_id, value FROM answers WHERE registration_id IN (${registrationIds.map(Number).join(', ')})`,
  );
  for (const r of rows) {
    const id = Number(r.registration_id);
    if (!byRegistration.has(id)) byRegistration.set(id, new Map());
    byRegistration.get(id)!.set(Number(r.question_id), r.value);
  }
  return byRegistration;
}

/** A stored answer as an export cell: options by their labels (several joined with ", "), a file by its name. */
export function exportAnswer(question: Question, value: string | undefined, lang: Language): string | null {
  return value === undefined ? null : displayAnswer(question, value, lang);
}

/** Per option of a competition's choice question: how many chose it, and, when it is limited, the places left. */
export interface OptionCount {
  questionId: number;
  title: string;
  options: Array<{ value: string; label: string; chosen: number; limit: number | null; left: number | null }>;
}

/**
 * Counts per option of the choice questions of these competitions, by registrations still active (not cancelled
 * or rejected); the places left of a limited option are counted over those holding a place (pending, approved,
 * offered), as the bot counts them. One query grouped by question and value.
 */
export async function optionCounts(db: Database, competitionIds: number[], lang: Language): Promise<Map<number, OptionCount[]>> {
  const result = new Map<number, OptionCount[]>();
  if (!competitionIds.length) return result;
  const questions = await db.manager.find(Question, {
    where: { competitionId: In(competitionIds), kind: In(['choice', 'multi_choice', 'yes_no']) },
    order: { position: 'ASC', id: 'ASC' },
  });
  if (!questions.length) return result;
  const rows = await db.query<{ question_id: number; value: string; chosen: number | string; holding: number | string }>(
    `SELECT a.question_id, a.value, COUNT(*) AS chosen, SUM(CASE WHEN r.status IN ${sqlList(PLACE_HOLDING)} THEN 1 ELSE 0 END) AS holding
       FROM answers a JOIN registrations r ON r.id = a.registration_id
      WHERE a.question_id IN (${questions.map((q) => Number(q.id)).join(', ')}) AND r.status NOT IN ${sqlList(INACTIVE)}
      GROUP BY a.question_id, a.value`,
  );
  for (const q of questions) {
    const chosen = new Map<string, number>();
    const holding = new Map<string, number>();
    for (const row of rows.filter((r) => Number(r.question_id) === q.id)) {
      const values = q.kind === 'multi_choice' ? (JSON.parse(row.value) as string[]) : [row.value];
      for (const v of values) {
        chosen.set(v, (chosen.get(v) ?? 0) + Number(row.chosen));
        holding.set(v, (holding.get(v) ?? 0) + Number(row.holding));
      }
    }
    const options =
      q.kind === 'yes_no'
        ? ['yes', 'no'].map((value) => ({ value, label: displayAnswer(q, value, lang), chosen: chosen.get(value) ?? 0, limit: null, left: null }))
        : [...liveOptions(q), ...(q.options ?? []).filter((o) => o.removed && chosen.has(o.value))].map((o) => {
            const limit = o.limit === null || o.limit === undefined ? null : Number(o.limit);
            return {
              value: o.value,
              label: optionLabel(o, lang),
              chosen: chosen.get(o.value) ?? 0,
              limit,
              left: limit === null ? null : Math.max(0, limit - (holding.get(o.value) ?? 0)),
            };
          });
    const list = result.get(q.competitionId) ?? [];
    list.push({ questionId: q.id, title: questionTitle(q, lang), options });
    result.set(q.competitionId, list);
  }
  return result;
}

/** A file answer's Telegram id and name, for the admin's file route; null when the answer is not a file. */
export async function fileOfAnswer(db: Database, answerId: number): Promise<(FileAnswer & { competitionId: number }) | null> {
  const answer = await db.manager.findOneBy(Answer, { id: answerId });
  if (!answer) return null;
  const question = await db.manager.findOneBy(Question, { id: answer.questionId });
  if (question?.kind !== 'file') return null;
  return { ...(JSON.parse(answer.value) as FileAnswer), competitionId: question.competitionId };
}

/** Opening a file someone sent is recorded as taking the export is (who, which answer, when); nothing of the file. */
export async function recordFileOpened(db: Database, actor: Actor, answerId: number): Promise<void> {
  await db.write((manager) => logAdminAction(manager, actor, 'answers.file_opened', 'answers', answerId, null));
}
