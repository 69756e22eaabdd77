import {
  Answer,
  Question,
  QUESTION_KINDS,
  REGISTRATION_ROLES,
  type QuestionKind,
  type QuestionOption,
  type QuestionRules,
  type RegistrationRole,
  type ShowIf,
} from '../entities/index.js';
import type { Actor } from './actor.js';
import { diffChanges, logAdminAction } from './audit.js';
import { MAX_FILE_MB, compilePattern, parseDate, parseDateTime, parseNumber } from './answer-rules.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';

/*
 * Organizers define a competition's own questions (the admin's "Вопросы"). Every definition is checked here, so a
 * question the bot asks can always be answered: a list has options with distinct values, bounds read as the kind's
 * values, a regular expression compiles, a file is at most 20 MB, a condition points at an earlier question that
 * can be matched. Answers keep what they were given: an option removed while answers hold it stays in the list,
 * marked removed (the bot no longer offers it, old answers still show its label).
 */

export interface QuestionInput {
  competitionId: number;
  role: RegistrationRole | null;
  kind: QuestionKind;
  titleRu: string;
  titleEn: string;
  helpRu?: string | null;
  helpEn?: string | null;
  required: boolean;
  position?: number;
  options?: QuestionOption[] | null;
  rules?: QuestionRules | null;
  showIf?: ShowIf | null;
  rememberAs?: string | null;
  listColumn?: boolean;
  /** A team question (asked once of the captain, answered for the team): participants only. */
  forTeam?: boolean;
}

const LISTS: QuestionKind[] = ['choice', 'multi_choice'];
const KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** Kinds a condition can look at: their answers are an option, yes/no or a number. */
const CONDITION_KINDS: QuestionKind[] = ['choice', 'multi_choice', 'yes_no', 'number'];

const blank = (v: string | null | undefined) => (v ?? '').trim();

/** The definition checked and tidied, or a DomainError naming the field it is about. */
export function checkDefinition(input: QuestionInput, earlier: readonly Pick<Question, 'id' | 'kind'>[]): QuestionInput {
  if (!QUESTION_KINDS.includes(input.kind)) throw new DomainError('question.not_found', {}, 'kind');
  if (input.role !== null && !REGISTRATION_ROLES.includes(input.role)) throw new DomainError('walk_in.bad_role', {}, 'role');
  // Teams are participants': a team question asks the participant captain, whatever "both" said.
  if (input.forTeam && input.role === 'voter') throw new DomainError('question.team_for_voters', {}, 'role');
  const role = input.forTeam ? 'participant' : input.role;
  const titleRu = blank(input.titleRu);
  const titleEn = blank(input.titleEn);
  if (!titleRu && !titleEn) throw new DomainError('question.title_required', {}, 'titleRu');
  const options = LISTS.includes(input.kind) ? checkOptions(input.options ?? []) : null;
  const rules = checkRules(input.kind, input.rules ?? {});
  const showIf = checkShowIf(input.showIf ?? null, earlier);
  const rememberAs = blank(input.rememberAs) || null;
  if (rememberAs && !KEY.test(rememberAs)) throw new DomainError('question.bad_remember_as', {}, 'rememberAs');
  return {
    ...input,
    role,
    forTeam: Boolean(input.forTeam),
    titleRu: titleRu || titleEn,
    titleEn: titleEn || titleRu,
    helpRu: blank(input.helpRu) || null,
    helpEn: blank(input.helpEn) || null,
    options,
    rules,
    showIf,
    rememberAs,
  };
}

function checkOptions(options: QuestionOption[]): QuestionOption[] {
  const live = options.filter((o) => !o.removed);
  if (!live.length) throw new DomainError('question.bad_options', {}, 'options');
  const seen = new Set<string>();
  return options.map((o) => {
    const value = blank(o.value);
    if (!KEY.test(value)) throw new DomainError('question.bad_option_value', { value }, 'options');
    if (seen.has(value)) throw new DomainError('question.duplicate_option', { value }, 'options');
    seen.add(value);
    const limit = o.limit === null || o.limit === undefined || (o.limit as unknown) === '' ? null : Number(o.limit);
    if (limit !== null && (!Number.isInteger(limit) || limit < 0)) throw new DomainError('question.bad_limit', {}, 'options');
    const label_ru = blank(o.label_ru) || blank(o.label_en) || value;
    const label_en = blank(o.label_en) || label_ru;
    return { value, label_ru, label_en, limit, ...(o.removed ? { removed: true } : {}) };
  });
}

/** A bound as the kind stores it: a number, a date's ISO date (typed day first as people type), a count. */
function bound(kind: QuestionKind, value: number | string | undefined, field: string): number | string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (kind === 'date' || kind === 'datetime') {
    const iso = kind === 'date' ? parseDate(String(value)) : (parseDateTime(String(value)) ?? (parseDate(String(value)) ? `${parseDate(String(value))}T00:00` : null));
    if (!iso) throw new DomainError('question.bad_bound', { bound: String(value) }, field);
    return iso;
  }
  const n = typeof value === 'number' ? value : parseNumber(value);
  if (n === null) throw new DomainError('question.bad_bound', { bound: String(value) }, field);
  return n;
}

function checkRules(kind: QuestionKind, rules: QuestionRules): QuestionRules {
  const out: QuestionRules = {};
  if (['number', 'date', 'datetime', 'multi_choice'].includes(kind)) {
    const min = bound(kind, rules.min, 'min');
    const max = bound(kind, rules.max, 'max');
    if (min !== undefined && max !== undefined && min > max) throw new DomainError('question.bad_range', {}, 'max');
    if (min !== undefined) out.min = min;
    if (max !== undefined) out.max = max;
  }
  if (kind === 'text' || kind === 'long_text') {
    const minLength = bound('number', rules.minLength, 'minLength') as number | undefined;
    const maxLength = bound('number', rules.maxLength, 'maxLength') as number | undefined;
    if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) throw new DomainError('question.bad_range', {}, 'maxLength');
    if (minLength !== undefined) out.minLength = minLength;
    if (maxLength !== undefined) out.maxLength = maxLength;
  }
  if ((kind === 'text' || kind === 'long_text' || kind === 'email') && blank(rules.pattern)) {
    const pattern = blank(rules.pattern);
    if (!compilePattern(pattern)) {
      let error = '';
      try {
        new RegExp(pattern, 'u');
      } catch (e) {
        error = (e as Error).message;
      }
      throw new DomainError('question.bad_pattern', { error }, 'pattern');
    }
    out.pattern = pattern;
    if (blank(rules.patternMessage_ru)) out.patternMessage_ru = blank(rules.patternMessage_ru);
    if (blank(rules.patternMessage_en)) out.patternMessage_en = blank(rules.patternMessage_en);
  }
  if (kind === 'file') {
    const types = (rules.fileTypes ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (types.length) out.fileTypes = types;
    if (rules.maxFileMb !== undefined && rules.maxFileMb !== null && (rules.maxFileMb as unknown) !== '') {
      const mb = Number(rules.maxFileMb);
      if (!(mb >= 1 && mb <= MAX_FILE_MB)) throw new DomainError('question.bad_file_size', {}, 'maxFileMb');
      out.maxFileMb = mb;
    }
  }
  return out;
}

function checkShowIf(showIf: ShowIf | null, earlier: readonly Pick<Question, 'id' | 'kind'>[]): ShowIf | null {
  const conditions = (showIf?.conditions ?? []).filter((c) => c && c.questionId);
  if (!conditions.length) return null;
  for (const c of conditions) {
    const target = earlier.find((q) => q.id === Number(c.questionId));
    if (!target || !CONDITION_KINDS.includes(target.kind)) throw new DomainError('question.bad_condition', {}, 'showIf');
    if (!c.values?.length && c.min === undefined && c.max === undefined) throw new DomainError('question.bad_condition', {}, 'showIf');
  }
  return {
    combine: showIf?.combine === 'any' ? 'any' : 'all',
    conditions: conditions.map((c) => ({
      questionId: Number(c.questionId),
      ...(c.values?.length ? { values: c.values.map(String) } : {}),
      ...(c.min !== undefined ? { min: Number(c.min) } : {}),
      ...(c.max !== undefined ? { max: Number(c.max) } : {}),
    })),
  };
}

/** The questions placed before position `position` (ties by id) in a competition: what a condition may refer to. */
async function earlierQuestions(db: Database, competitionId: number, position: number, id?: number): Promise<Question[]> {
  const all = await db.manager.find(Question, { where: { competitionId }, order: { position: 'ASC', id: 'ASC' } });
  return all.filter((q) => q.id !== id && (q.position < position || (q.position === position && id !== undefined && q.id < id)));
}

/** The values of options some answer of the question holds (a removed one of them stays, marked removed). */
async function answeredOptions(db: Database, questionId: number): Promise<Set<string>> {
  const rows = await db.manager.find(Answer, { where: { questionId }, select: { value: true } });
  return new Set(rows.flatMap((a) => (a.value.startsWith('[') ? (JSON.parse(a.value) as string[]) : [a.value])));
}

export async function createQuestion(db: Database, actor: Actor, input: QuestionInput): Promise<Question> {
  const position = input.position ?? (await nextPosition(db, input.competitionId));
  const checked = checkDefinition({ ...input, position }, await earlierQuestions(db, input.competitionId, position));
  return db.write(async (manager) => {
    const question = await manager.save(manager.create(Question, { ...checked, position, listColumn: checked.listColumn ?? false, forTeam: checked.forTeam ?? false }));
    await logAdminAction(manager, actor, 'question.created', 'questions', question.id, diffChanges({}, checked));
    return question;
  });
}

async function nextPosition(db: Database, competitionId: number): Promise<number> {
  const last = await db.manager.findOne(Question, { where: { competitionId }, order: { position: 'DESC' } });
  return last ? last.position + 10 : 10;
}

export async function updateQuestion(db: Database, actor: Actor, id: number, input: Omit<QuestionInput, 'competitionId'>): Promise<Question> {
  const before = await db.manager.findOneBy(Question, { id });
  if (!before) throw new DomainError('question.not_found');
  // Answers keep the value they were given: a question that has some keeps its kind (its answers would not read).
  if (input.kind !== before.kind) {
    const answers = await countAnswers(db, id);
    if (answers > 0) throw new DomainError('question.kind_locked', { n: answers }, 'kind');
  }
  const position = input.position ?? before.position;
  let options = input.options ?? null;
  if (LISTS.includes(input.kind) && before.options) {
    // An option taken away while answers hold it stays, marked removed; one given back is live again.
    const given = new Set((options ?? []).map((o) => o.value));
    const held = await answeredOptions(db, id);
    const kept = before.options.filter((o) => !given.has(o.value) && held.has(o.value)).map((o) => ({ ...o, removed: true }));
    options = [...(options ?? []), ...kept];
  }
  const checked = checkDefinition({ ...input, options, position, competitionId: before.competitionId }, await earlierQuestions(db, before.competitionId, position, id));
  return db.write(async (manager) => {
    const { competitionId: _, ...changes } = checked;
    await manager.update(Question, { id }, changes);
    const after = await manager.findOneByOrFail(Question, { id });
    await logAdminAction(manager, actor, 'question.updated', 'questions', id, diffChanges(before, after));
    return after;
  });
}

/** How many answers a question holds: deleting it deletes them, after a confirmation that says how many. */
export function countAnswers(db: Database, questionId: number): Promise<number> {
  return db.manager.countBy(Answer, { questionId });
}

export async function deleteQuestion(db: Database, actor: Actor, id: number): Promise<void> {
  await db.write(async (manager) => {
    const question = await manager.findOneBy(Question, { id });
    if (!question) throw new DomainError('question.not_found');
    const answers = await manager.countBy(Answer, { questionId: id });
    // A later question's condition on this one goes with it (it could never hold again).
    const dependents = await manager.find(Question, { where: { competitionId: question.competitionId } });
    for (const q of dependents) {
      if (!q.showIf?.conditions.some((c) => c.questionId === id)) continue;
      const conditions = q.showIf.conditions.filter((c) => c.questionId !== id);
      await manager.update(Question, { id: q.id }, { showIf: conditions.length ? { ...q.showIf, conditions } : null });
    }
    await manager.delete(Question, { id });
    await logAdminAction(manager, actor, 'question.deleted', 'questions', id, { title: { before: question.titleRu, after: null }, answers: { before: answers, after: 0 } });
  });
}

/** Moves a question one place up or down in its competition's order (swapping positions with its neighbour). */
export async function moveQuestion(db: Database, actor: Actor, id: number, direction: 'up' | 'down'): Promise<void> {
  await db.write(async (manager) => {
    const question = await manager.findOneBy(Question, { id });
    if (!question) throw new DomainError('question.not_found');
    const all = await manager.find(Question, { where: { competitionId: question.competitionId }, order: { position: 'ASC', id: 'ASC' } });
    const index = all.findIndex((q) => q.id === id);
    const other = all[direction === 'up' ? index - 1 : index + 1];
    if (!other) return;
    // Positions renumbered 10, 20, … so that a swap never ties; a condition keeps pointing at an earlier question.
    const order = all.map((q) => q.id);
    const j = all.indexOf(other);
    [order[index], order[j]] = [order[j], order[index]];
    // A condition must keep pointing at an earlier question.
    const byId = new Map(all.map((q) => [q.id, q]));
    const broken = order.some((qid, i) => byId.get(qid)!.showIf?.conditions.some((c) => !order.slice(0, i).includes(c.questionId)));
    if (broken) throw new DomainError('question.bad_condition', {}, 'showIf');
    for (const [i, qid] of order.entries()) await manager.update(Question, { id: qid }, { position: (i + 1) * 10 });
    await logAdminAction(manager, actor, 'question.moved', 'questions', id, { position: { before: question.position, after: (order.indexOf(id) + 1) * 10 } });
  });
}
