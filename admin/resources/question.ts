import { countAnswers, createQuestion, deleteQuestion, updateQuestion, type QuestionInput } from '../../domain/questions.js';
import { DomainError } from '../../domain/errors.js';
import { questionTitle } from '../../domain/answer-rules.js';
import { Competition, Question, QUESTION_KINDS, REGISTRATION_ROLES, type QuestionKind, type QuestionOption, type QuestionRules, type ShowIf } from '../../entities/index.js';
import { In } from 'typeorm';
import type { Action, Before, RecordActionResponse } from 'adminjs';
import type { Language } from '../../i18n/index.js';
import { actorOf } from './app-resource.js';
import { confirmedAction, question as ask } from './confirmed-action.js';
import { defineResource } from './define.js';
import { access, isStaff, look, NAVIGATION, values, type ResourceDeps } from './shared.js';

/*
 * A competition's own questions (issue 25), one form per question. The JSON columns are edited as plain text, so
 * that the form needs no editor of its own:
 * - options, one a line: `value | label ru | label en | limit` (labels and limit optional; `junior | Юниоры | Juniors | 20`);
 * - the condition ("show if"), one a line: `<question id>: value, value` (one of these options, `yes`/`no`) or
 *   `<question id>: 5..10` (a number in the range; `5..` or `..10` for one end), combined by "all" or "any";
 * - the rules as fields of their own, each shown only for the kinds that use it (admin/components/question-field.tsx).
 * Every write goes through domain/questions.ts; its errors name the field they are shown under.
 */

/** Which kinds each rule field is for (the form hides the others). */
const RULE_KINDS: Record<string, readonly QuestionKind[]> = {
  options: ['choice', 'multi_choice'],
  min: ['number', 'date', 'datetime', 'multi_choice'],
  max: ['number', 'date', 'datetime', 'multi_choice'],
  minLength: ['text', 'long_text'],
  maxLength: ['text', 'long_text'],
  pattern: ['text', 'long_text', 'email'],
  patternMessageRu: ['text', 'long_text', 'email'],
  patternMessageEn: ['text', 'long_text', 'email'],
  fileTypes: ['file'],
  maxFileMb: ['file'],
};
const RULE_FIELDS = ['min', 'max', 'minLength', 'maxLength', 'pattern', 'patternMessageRu', 'patternMessageEn', 'fileTypes', 'maxFileMb'] as const;
type Row = Record<string, unknown>;
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/** The options as the form's text: live ones only (a removed option is kept by the domain while answers hold it). */
/** The question's fields as the form edits them, in order; its page shows the same between its title and its count. */
const FORM_FIELDS = [
  'competitionId',
  'role',
  'kind',
  'titleRu',
  'titleEn',
  'helpRu',
  'helpEn',
  'required',
  'listColumn',
  'forTeam',
  'rememberAs',
  'options',
  ...RULE_FIELDS,
  'showIf',
  'combine',
];

export function optionsToText(options: QuestionOption[] | null): string {
  return (options ?? [])
    .filter((o) => !o.removed)
    .map((o) => [o.value, o.label_ru, o.label_en, o.limit ?? ''].join(' | ').replace(/( \| )+$/, ''))
    .join('\n');
}

export function optionsFromText(value: unknown): QuestionOption[] {
  return text(value)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', label_ru = '', label_en = '', limit = ''] = line.split('|').map((part) => part.trim());
      return { value, label_ru, label_en, limit: limit === '' ? null : Number(limit.replace(',', '.')) };
    });
}

/** Words typed for the stored `yes` / `no` and `photo` / `document` (a Russian form shows them in Russian). */
const WORDS: Record<Language, Record<string, string>> = { ru: { yes: 'да', no: 'нет', photo: 'фото', document: 'документ' }, en: {} };
const spoken = (value: string, lang: Language) => WORDS[lang][value] ?? value;
const stored = (value: string) => Object.entries(WORDS.ru).find(([, word]) => word === value.toLowerCase())?.[0] ?? value;

export function showIfToText(showIf: ShowIf | null, lang: Language = 'ru'): string {
  return (showIf?.conditions ?? [])
    .map((c) => `${c.questionId}: ${c.values?.length ? c.values.map((v) => spoken(v, lang)).join(', ') : `${c.min ?? ''}..${c.max ?? ''}`}`)
    .join('\n');
}

export function showIfFromText(value: unknown, combine: unknown): ShowIf | null {
  const lines = text(value)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (!lines.length) return null;
  const conditions = lines.map((line) => {
    const m = /^#?(\d+)\s*[:=]\s*(.+)$/.exec(line);
    if (!m) throw new DomainError('question.bad_condition', {}, 'showIf');
    const range = /^(-?[\d.,]*)\s*\.\.\s*(-?[\d.,]*)$/.exec(m[2].replace(/\s*(\.\.|–|—)\s*/, '..'));
    if (range && (range[1] || range[2])) {
      const number = (s: string) => (s === '' ? undefined : Number(s.replace(',', '.')));
      return { questionId: Number(m[1]), min: number(range[1]), max: number(range[2]) };
    }
    return {
      questionId: Number(m[1]),
      values: m[2]
        .split(',')
        .map((v) => stored(v.trim()))
        .filter(Boolean),
    };
  });
  if (conditions.some((c) => ('min' in c && [c.min, c.max].some((n) => n !== undefined && !Number.isFinite(n))) || ('values' in c && !c.values?.length))) {
    throw new DomainError('question.bad_condition', {}, 'showIf');
  }
  return { combine: combine === 'any' ? 'any' : 'all', conditions };
}

/** "2012-03-05" → "05.03.2012" (a date bound shown as it is typed); other values as they are. */
const dayFirst = (v: unknown) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?$/.exec(String(v ?? ''));
  return m ? `${m[3]}.${m[2]}.${m[1]}${m[4] ? ` ${m[4]}` : ''}` : text(v);
};

function rulesToForm(rules: QuestionRules | null, lang: Language = 'ru'): Row {
  const r = rules ?? {};
  return {
    min: dayFirst(r.min),
    max: dayFirst(r.max),
    minLength: text(r.minLength),
    maxLength: text(r.maxLength),
    pattern: text(r.pattern),
    patternMessageRu: text(r.patternMessage_ru),
    patternMessageEn: text(r.patternMessage_en),
    fileTypes: (r.fileTypes ?? []).map((t) => spoken(t, lang)).join(', '),
    maxFileMb: text(r.maxFileMb),
  };
}

function rulesFromForm(form: Row): QuestionRules {
  const optional = (key: string) => (text(form[key]) === '' ? undefined : text(form[key]));
  return {
    min: optional('min'),
    max: optional('max'),
    minLength: optional('minLength') as unknown as number | undefined,
    maxLength: optional('maxLength') as unknown as number | undefined,
    pattern: optional('pattern'),
    patternMessage_ru: optional('patternMessageRu'),
    patternMessage_en: optional('patternMessageEn'),
    fileTypes: text(form.fileTypes)
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(stored),
    maxFileMb: optional('maxFileMb') as unknown as number | undefined,
  };
}

/** The form (its columns and its virtual fields) as the domain's definition. */
function definition(form: Row): Omit<QuestionInput, 'competitionId'> {
  const role = text(form.role);
  return {
    role: role === '' || role === 'both' ? null : (role as QuestionInput['role']),
    kind: text(form.kind) as QuestionKind,
    titleRu: text(form.titleRu),
    titleEn: text(form.titleEn),
    helpRu: text(form.helpRu) || null,
    helpEn: text(form.helpEn) || null,
    required: form.required === true || form.required === 'true',
    listColumn: form.listColumn === true || form.listColumn === 'true',
    forTeam: form.forTeam === true || form.forTeam === 'true',
    rememberAs: text(form.rememberAs) || null,
    options: typeof form.options === 'string' ? optionsFromText(form.options) : ((form.options as QuestionOption[] | null) ?? null),
    rules: rulesFromForm(form),
    showIf: typeof form.showIf === 'string' ? showIfFromText(form.showIf, form.combine) : ((form.showIf as ShowIf | null) ?? null),
  };
}

/** An empty title or help in one language takes the other's. */
const sameTitleBoth: Before = async (request) => {
  const payload = request.payload;
  if (request.method !== 'post' || !payload) return request;
  const ru = text(payload.titleRu);
  const en = text(payload.titleEn);
  return { ...request, payload: { ...payload, titleRu: ru || en, titleEn: en || ru } };
};

export function questionResource(deps: ResourceDeps) {
  const { ctx, components } = deps;
  const { db } = ctx;
  const { readOnly } = look(deps);
  const ruleField = (path: string) => ({
    type: 'string' as const,
    components: { edit: components.QuestionField, show: components.QuestionField },
    custom: { kinds: RULE_KINDS[path] },
  });
  return defineResource(Question, deps, {
    table: 'questions',
    writes: {
      create: ({ changes, extra, actor }) => createQuestion(db, actor, { competitionId: Number(changes.competitionId), ...definition({ ...changes, ...extra }) }),
      update: ({ id, before, changes, extra, actor }) => {
        const current = { ...before, ...rulesToForm(before.rules, 'en'), ...changes, ...extra };
        return updateQuestion(db, actor, id, definition(current));
      },
      delete: ({ id, actor }) => deleteQuestion(db, actor, id),
    },
    virtuals: async (rows, _c, language) => {
      const competitions = await db.manager.find(Competition, { where: { id: In([...new Set(rows.map((q) => q.competitionId))]) }, select: { id: true, title: true } });
      const titles = new Map(competitions.map((c) => [c.id, c.title]));
      const answers = rows.length === 1 ? await countAnswers(db, rows[0].id) : null;
      return rows.map((q) => ({
        title: questionTitle(q, language),
        competitionName: titles.get(q.competitionId) ?? '',
        role: q.role ?? 'both',
        options: optionsToText(q.options),
        showIf: showIfToText(q.showIf, language),
        combine: q.showIf?.combine ?? 'all',
        ...rulesToForm(q.rules, language),
        ...(answers === null ? {} : { answerCount: answers }),
      }));
    },
    options: {
      navigation: NAVIGATION.event,
      titleProperty: 'title',
      sort: { sortBy: 'position', direction: 'asc' },
      listProperties: ['title', 'competitionName', 'kind', 'role', 'forTeam', 'required'],
      showProperties: ['title', ...FORM_FIELDS, 'answerCount', 'id'],
      editProperties: FORM_FIELDS,
      filterProperties: ['competitionId', 'kind'],
      properties: {
        title: { type: 'string', ...readOnly({ list: true, show: false }), isTitle: true },
        competitionName: { type: 'string', ...readOnly({ list: true, show: false }) },
        competitionId: { isRequired: true },
        role: { availableValues: values([...REGISTRATION_ROLES, 'both']), isRequired: true },
        kind: { availableValues: values(QUESTION_KINDS), isRequired: true },
        titleRu: { type: 'textarea' },
        titleEn: { type: 'textarea' },
        helpRu: { type: 'textarea' },
        helpEn: { type: 'textarea' },
        options: {
          type: 'textarea',
          description: 'questionOptionsHint',
          components: { edit: components.QuestionField, show: components.QuestionField },
          custom: { kinds: RULE_KINDS.options },
        },
        min: { ...ruleField('min'), description: 'questionBoundHint' },
        max: { ...ruleField('max'), description: 'questionBoundHint' },
        minLength: ruleField('minLength'),
        maxLength: ruleField('maxLength'),
        pattern: { ...ruleField('pattern'), description: 'questionPatternHint' },
        patternMessageRu: ruleField('patternMessageRu'),
        patternMessageEn: ruleField('patternMessageEn'),
        fileTypes: { ...ruleField('fileTypes'), description: 'questionFileTypesHint' },
        maxFileMb: { ...ruleField('maxFileMb'), description: 'questionMaxFileHint' },
        showIf: { type: 'textarea', description: 'questionShowIfHint' },
        combine: { type: 'string', availableValues: values(['all', 'any']) },
        answerCount: { type: 'number', ...readOnly({ show: true }) },
        position: { isVisible: false },
        createdAt: { isVisible: false },
      },
    },
    actions: {
      ...access('staff-crud'),
      // One language's text is enough (the domain copies it to the other): the form's empty one is filled before the
      // generic column check would call it missing.
      new: { isAccessible: isStaff, before: sameTitleBoth },
      edit: { isAccessible: isStaff, before: sameTitleBoth },
      // The confirmation says how many answers go with it (they are deleted with the question).
      delete: confirmedAction('record', {
        icon: 'Trash2',
        component: components.ConfirmAction,
        isAccessible: isStaff,
        landOn: 'list',
        preview: async ({ record }) => {
          const answers = await countAnswers(db, Number(record!.id()));
          return ask('confirmQuestionDelete', { names: [String(record!.params.title)], count: 1, danger: true, values: { answers } });
        },
        act: async (context) => {
          await deleteQuestion(db, actorOf(context), Number(context.record!.id()));
          return { message: 'successfullyDeleted', type: 'success' };
        },
      }) as Partial<Action<RecordActionResponse>>,
    },
  });
}
