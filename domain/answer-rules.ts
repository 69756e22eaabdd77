import { getCountries } from 'libphonenumber-js';
import type { Question, QuestionOption } from '../entities/index.js';
import { translate, type Language, type MessageKey } from '../i18n/index.js';
import { isValidEmail } from './email.js';
import { formatPhone, normalizePhone } from './profile.js';

/*
 * A competition's own questions, answered: reading what a person typed or pressed into the stored value, checked
 * against the question's rules, and the question's conditions on earlier answers. Pure functions, no database:
 * the bot checks each answer as it is typed (no round trip), and the domain checks the whole set again when it
 * stores it (domain/answers.ts).
 *
 * Stored values: text as typed (trimmed); a number in its shortest decimal form; `yes` / `no`; an option's
 * `value`; several options as a JSON array in the list's order; a date `YYYY-MM-DD`, a time `HH:MM`, a date-time
 * `YYYY-MM-DDTHH:MM` (the event's wall clock, as typed); an e-mail with its domain in lower case; a phone E.164;
 * a country's ISO 3166 code; a file as JSON (FileAnswer). ISO forms compare as strings, so min/max need no parsing.
 */

/** What a question needs from its row to be asked and checked (also the bot's snapshot of it in the form's draft). */
export type FormQuestion = Pick<
  Question,
  'id' | 'kind' | 'role' | 'titleRu' | 'titleEn' | 'helpRu' | 'helpEn' | 'required' | 'position' | 'options' | 'rules' | 'showIf' | 'rememberAs'
>;

/** A file answer: kept by Telegram's ids, never downloaded unless an organizer opens it. */
export interface FileAnswer {
  fileId: string;
  fileUniqueId: string;
  type: 'photo' | 'document';
  name?: string;
  mime?: string;
  size?: number;
}

/** What the person gave: typed text, a pressed option, the several options ticked, a shared contact, a file. */
export type AnswerInput =
  | { kind: 'text'; text: string }
  | { kind: 'option'; value: string }
  | { kind: 'options'; values: string[] }
  | { kind: 'contact'; phone: string }
  | { kind: 'file'; file: FileAnswer };

/**
 * The answer as stored, or why not: a catalogue key with its parameters, or (a failed pattern) the organizer's own
 * message in the person's language, `message`, which wins over the key when present.
 */
export type Checked = { ok: true; value: string } | { ok: false; error: MessageKey; params?: Record<string, string | number>; message?: string };

export interface CheckEnv {
  lang: Language;
  /** PHONE_REGION: a phone typed without +. */
  phoneRegion?: string;
  /** Places taken per option of this question (domain/answers.ts optionFill); absent: not counted here. */
  taken?: Record<string, number>;
}

/** The longest text a text answer may have when the rules say nothing (a Telegram message holds 4,096). */
export const DEFAULT_MAX_LENGTH = { text: 200, long_text: 3000 } as const;
/** The Bot API's getFile serves files up to 20 MB. */
export const MAX_FILE_MB = 20;

const fail = (error: MessageKey, params?: Record<string, string | number>): Checked => ({ ok: false, error, ...(params ? { params } : {}) });
const ok = (value: string): Checked => ({ ok: true, value });

/** The options a new answer may choose: not removed. */
export function liveOptions(question: Pick<FormQuestion, 'options'>): QuestionOption[] {
  return (question.options ?? []).filter((o) => !o.removed);
}

export function optionLabel(option: QuestionOption, lang: Language): string {
  return (lang === 'ru' ? option.label_ru : option.label_en) || option.label_ru || option.label_en || option.value;
}

export function questionTitle(question: Pick<FormQuestion, 'titleRu' | 'titleEn'>, lang: Language): string {
  return (lang === 'ru' ? question.titleRu : question.titleEn) || question.titleRu || question.titleEn;
}

export function questionHelp(question: Pick<FormQuestion, 'helpRu' | 'helpEn'>, lang: Language): string {
  return (lang === 'ru' ? question.helpRu : question.helpEn) || '';
}

/** Whether an option with a limit has no place left (`taken` counts the places held, see CheckEnv). */
export function isOptionFull(option: QuestionOption, taken: Record<string, number> | undefined): boolean {
  return option.limit !== null && option.limit !== undefined && (taken?.[option.value] ?? 0) >= option.limit;
}

/** Reads and checks one answer. */
export function checkAnswer(question: FormQuestion, input: AnswerInput, env: CheckEnv): Checked {
  const rules = question.rules ?? {};
  const text = input.kind === 'text' ? input.text.trim() : null;
  if (text === '') return fail('answer.empty');
  switch (question.kind) {
    case 'text':
    case 'long_text':
      return text === null ? fail('answer.text_expected') : checkText(question, question.kind === 'text' ? text.replace(/\s+/g, ' ') : text, env.lang);
    case 'number': {
      if (text === null) return fail('answer.number_expected');
      const n = parseNumber(text);
      if (n === null) return fail('answer.number_expected');
      const min = typeof rules.min === 'number' ? rules.min : null;
      const max = typeof rules.max === 'number' ? rules.max : null;
      if ((min !== null && n < min) || (max !== null && n > max)) return rangeError(min, max, String);
      return ok(String(n));
    }
    case 'yes_no': {
      const value = input.kind === 'option' ? input.value : text !== null ? typedYesNo(text) : null;
      return value === 'yes' || value === 'no' ? ok(value) : fail('answer.yes_no_expected');
    }
    case 'choice': {
      const option = input.kind === 'option' ? liveOptions(question).find((o) => o.value === input.value) : text !== null ? matchOption(question, text) : undefined;
      if (!option) return fail('answer.choose_option');
      if (isOptionFull(option, env.taken)) return fail('answer.option_full', { option: optionLabel(option, env.lang) });
      return ok(option.value);
    }
    case 'multi_choice':
      return checkSeveral(question, input, env);
    case 'date':
    case 'datetime':
    case 'time': {
      if (text === null) return fail(`answer.${question.kind}_expected`);
      const value = question.kind === 'date' ? parseDate(text) : question.kind === 'time' ? parseTime(text) : parseDateTime(text);
      if (value === null) return fail(`answer.${question.kind}_expected`);
      const min = typeof rules.min === 'string' ? rules.min : null;
      const max = typeof rules.max === 'string' ? rules.max : null;
      if ((min !== null && value < min) || (max !== null && value > max)) return rangeError(min, max, (v) => displayPlain(question.kind, v));
      return ok(value);
    }
    case 'email': {
      if (text === null || !isValidEmail(text)) return fail('answer.email_expected');
      const at = text.lastIndexOf('@');
      return checkPattern(question, text.slice(0, at) + text.slice(at).toLowerCase(), env.lang);
    }
    case 'phone': {
      const typed = input.kind === 'contact' ? input.phone : text;
      const phone = typed === null ? null : normalizePhone(typed, env.phoneRegion);
      return phone ? ok(phone) : fail('answer.phone_expected');
    }
    case 'country': {
      const code = input.kind === 'option' ? input.value.toUpperCase() : text !== null ? matchCountry(text) : null;
      return code && COUNTRY_CODES.has(code) ? ok(code) : fail('answer.country_expected');
    }
    case 'file':
      return input.kind === 'file' ? checkFile(question, input.file) : fail('answer.file_expected');
  }
}

function rangeError(min: number | string | null, max: number | string | null, show: (v: number | string) => string): Checked {
  if (min !== null && max !== null) return fail('answer.out_of_range', { min: show(min), max: show(max) });
  if (min !== null) return fail('answer.too_small', { min: show(min) });
  return fail('answer.too_big', { max: show(max!) });
}

function checkText(question: FormQuestion, text: string, lang: Language): Checked {
  const rules = question.rules ?? {};
  const length = [...text].length;
  const maxLength = rules.maxLength ?? DEFAULT_MAX_LENGTH[question.kind as 'text' | 'long_text'];
  if (rules.minLength && length < rules.minLength) return fail('answer.too_short', { n: rules.minLength });
  if (length > maxLength) return fail('answer.too_long', { n: maxLength });
  return checkPattern(question, text, lang);
}

/** The organizer's regular expression must match the whole answer; its message is theirs. */
function checkPattern(question: FormQuestion, value: string, lang: Language): Checked {
  const rules = question.rules ?? {};
  if (!rules.pattern) return ok(value);
  const pattern = compilePattern(rules.pattern);
  if (!pattern || pattern.test(value)) return ok(value);
  const message = (lang === 'ru' ? rules.patternMessage_ru : rules.patternMessage_en) || rules.patternMessage_ru || rules.patternMessage_en;
  return { ok: false, error: 'answer.pattern_failed', ...(message ? { message } : {}) };
}

/** A whole-answer regular expression (Unicode), or null when it does not compile (the admin refuses such a rule). */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

function checkSeveral(question: FormQuestion, input: AnswerInput, env: CheckEnv): Checked {
  const rules = question.rules ?? {};
  let chosen: QuestionOption[];
  if (input.kind === 'options') {
    chosen = liveOptions(question).filter((o) => input.values.includes(o.value));
    if (chosen.length !== new Set(input.values).size) return fail('answer.choose_option');
  } else if (input.kind === 'text') {
    // Typed: options separated by commas or semicolons, each matched as a one-of answer would be.
    const parts = input.text
      .split(/[,;\n]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    const matched = parts.map((p) => matchOption(question, p));
    if (!matched.length || matched.some((m) => !m)) return fail('answer.choose_option');
    chosen = liveOptions(question).filter((o) => matched.includes(o));
  } else return fail('answer.choose_option');
  const min = typeof rules.min === 'number' ? rules.min : question.required ? 1 : 0;
  const max = typeof rules.max === 'number' ? rules.max : null;
  if (chosen.length < Math.max(min, 1)) return fail('answer.choose_at_least', { n: Math.max(min, 1) });
  if (max !== null && chosen.length > max) return fail('answer.choose_at_most', { n: max });
  const full = chosen.find((o) => isOptionFull(o, env.taken));
  if (full) return fail('answer.option_full', { option: optionLabel(full, env.lang) });
  return ok(JSON.stringify(chosen.map((o) => o.value)));
}

function checkFile(question: FormQuestion, file: FileAnswer): Checked {
  const rules = question.rules ?? {};
  const maxMb = Math.min(rules.maxFileMb ?? MAX_FILE_MB, MAX_FILE_MB);
  if (file.size !== undefined && file.size > maxMb * 1024 * 1024) return fail('answer.file_too_big', { n: maxMb });
  const types = (rules.fileTypes ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (types.length && !fileTypeAllowed(file, types)) return fail('answer.file_type', { types: types.join(', ') });
  return ok(JSON.stringify(file));
}

/** `photo` allows a photo, `document` any document; a MIME type (`application/pdf`, `image/*`) or `.ext` a document of that kind. */
function fileTypeAllowed(file: FileAnswer, types: string[]): boolean {
  if (file.type === 'photo') return types.includes('photo') || types.includes('image/*') || types.includes('image/jpeg') || types.includes('.jpg');
  if (types.includes('document')) return true;
  const mime = (file.mime ?? '').toLowerCase();
  const name = (file.name ?? '').toLowerCase();
  return types.some((t) => (t.startsWith('.') ? name.endsWith(t) : t.endsWith('/*') ? mime.startsWith(t.slice(0, -1)) : mime === t));
}

/** A typed option: its label in either language or its value, ignoring case and ё; or its number in the list. */
function matchOption(question: FormQuestion, typed: string): QuestionOption | undefined {
  const options = liveOptions(question);
  const key = fold(typed);
  const byNumber = /^\d+$/.test(typed.trim()) ? options[Number(typed.trim()) - 1] : undefined;
  return options.find((o) => [o.label_ru, o.label_en, o.value].some((l) => l && fold(l) === key)) ?? byNumber;
}

function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"'.!]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const TYPED_YES = new Set(['да', 'д', 'yes', 'y', 'ага', 'конечно']);
const TYPED_NO = new Set(['нет', 'н', 'no', 'n']);
function typedYesNo(text: string): 'yes' | 'no' | null {
  const word = fold(text);
  return TYPED_YES.has(word) ? 'yes' : TYPED_NO.has(word) ? 'no' : null;
}

/** "12", "-3", "12,5", "1 200" → a number; anything else null. */
export function parseNumber(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** "5.3.2012", "05.03.2012", "5/3/2012", "05.03.12", "2012-03-05" → "2012-03-05" (day first, as people here write). */
export function parseDate(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(t);
  if (!dmy) return null;
  let year = Number(dmy[3]);
  // Two digits: the nearest century that keeps the date within 80 years back and 20 ahead.
  if (dmy[3].length === 2) year += year + 2000 > new Date().getUTCFullYear() + 20 ? 1900 : 2000;
  return validDate(year, Number(dmy[2]), Number(dmy[1]));
}

/** "9:05", "09:05", "9.05", "18 30" → "09:05". */
export function parseTime(text: string): string | null {
  const m = /^(\d{1,2})[:.\sh](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null;
}

/** A date and a time, in either order of the forms above, with a space, a comma or ISO's T between. */
export function parseDateTime(text: string): string | null {
  const m = /^(\S+?)(?:\s*,\s*|\s+|T)(\d{1,2}[:.]\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = parseDate(m[1]);
  const time = parseTime(m[2]);
  return date && time ? `${date}T${time}` : null;
}

/** ISO 3166 codes of the countries libphonenumber knows (every country with a phone plan). */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(getCountries());

const countryNames = (lang: Language) => new Intl.DisplayNames([lang], { type: 'region' });
/** Names people type that Intl does not give. */
const COUNTRY_ALIASES: Record<string, string> = {
  рф: 'RU',
  'российская федерация': 'RU',
  сша: 'US',
  usa: 'US',
  америка: 'US',
  uk: 'GB',
  англия: 'GB',
  великобритания: 'GB',
  белоруссия: 'BY',
  киргизия: 'KG',
  молдавия: 'MD',
};
let countryIndex: Map<string, string> | undefined;
function countryLookup(): Map<string, string> {
  if (countryIndex) return countryIndex;
  countryIndex = new Map(Object.entries(COUNTRY_ALIASES));
  for (const lang of ['ru', 'en'] as const) {
    const names = countryNames(lang);
    for (const code of COUNTRY_CODES) {
      const name = names.of(code);
      if (name) countryIndex.set(fold(name), code);
    }
  }
  for (const code of COUNTRY_CODES) countryIndex.set(code.toLowerCase(), code);
  return countryIndex;
}

/** A typed country: its name in Russian or English, a common short name, its code; or the one name it begins. */
export function matchCountry(typed: string): string | null {
  const key = fold(typed);
  const index = countryLookup();
  const exact = index.get(key);
  if (exact) return exact;
  if (key.length < 3) return null;
  const starts = new Set([...index].filter(([name]) => name.startsWith(key)).map(([, code]) => code));
  return starts.size === 1 ? [...starts][0] : null;
}

export function countryName(code: string, lang: Language): string {
  return countryNames(lang).of(code) ?? code;
}

/** Whether a question is asked given the answers so far (its conditions on earlier answers; none: always). */
export function isAsked(question: Pick<FormQuestion, 'showIf'>, answers: Readonly<Record<number, string>>): boolean {
  const showIf = question.showIf;
  if (!showIf?.conditions?.length) return true;
  const results = showIf.conditions.map((condition) => {
    const value = answers[condition.questionId];
    if (value === undefined) return false;
    if (condition.values?.length) {
      const given = value.startsWith('[') ? (JSON.parse(value) as string[]) : [value];
      if (!given.some((v) => condition.values!.includes(v))) return false;
    }
    if (condition.min !== undefined || condition.max !== undefined) {
      const n = parseNumber(value);
      if (n === null || (condition.min !== undefined && n < condition.min) || (condition.max !== undefined && n > condition.max)) return false;
    }
    return true;
  });
  return showIf.combine === 'any' ? results.some(Boolean) : results.every(Boolean);
}

/**
 * The questions still to ask, in order, given the answers so far: asked (their conditions hold) and not answered.
 * The first is the next screen; none left means the form goes on to consent.
 */
export function unanswered(questions: readonly FormQuestion[], answers: Readonly<Record<number, string>>, skipped: readonly number[] = []): FormQuestion[] {
  return questions.filter((q) => answers[q.id] === undefined && !skipped.includes(q.id) && isAsked(q, answers));
}

/**
 * The answers that count: those of questions asked given the others (an answer whose condition no longer holds
 * after a change is dropped), in the questions' order.
 */
export function effectiveAnswers(questions: readonly FormQuestion[], answers: Readonly<Record<number, string>>): Record<number, string> {
  const kept: Record<number, string> = {};
  for (const q of questions) if (answers[q.id] !== undefined && isAsked(q, kept)) kept[q.id] = answers[q.id];
  return kept;
}

/** The first required question asked but not answered, if any. */
export function missingRequired(questions: readonly FormQuestion[], answers: Readonly<Record<number, string>>): FormQuestion | undefined {
  const kept = effectiveAnswers(questions, answers);
  return questions.find((q) => q.required && kept[q.id] === undefined && isAsked(q, kept));
}

/** A date, time or date-time as people read it (day first), else the value. */
function displayPlain(kind: FormQuestion['kind'], value: string | number): string {
  const v = String(value);
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?$/.exec(v);
  if ((kind === 'date' || kind === 'datetime') && date) return `${date[3]}.${date[2]}.${date[1]}${date[4] ? ` ${date[4]}` : ''}`;
  return v;
}

/** A stored answer as people read it, in `lang`: labels for options, day-first dates, a country's name, a file's name. */
export function displayAnswer(question: Pick<FormQuestion, 'kind' | 'options'>, value: string, lang: Language): string {
  const label = (v: string) => {
    const option = (question.options ?? []).find((o) => o.value === v);
    return option ? optionLabel(option, lang) : v;
  };
  switch (question.kind) {
    case 'yes_no':
      return translate(lang, value === 'yes' ? 'answer.yes' : 'answer.no');
    case 'choice':
      return label(value);
    case 'multi_choice':
      return (JSON.parse(value) as string[]).map(label).join(', ');
    case 'country':
      return countryName(value, lang);
    case 'phone':
      return formatPhone(value);
    case 'number':
      // Stored with a point; Russian writes a decimal comma.
      return lang === 'ru' ? value.replace('.', ',') : value;
    case 'file': {
      const file = JSON.parse(value) as FileAnswer;
      return file.name ?? translate(lang, file.type === 'photo' ? 'answer.file_photo' : 'answer.file_document');
    }
    default:
      return displayPlain(question.kind, value);
  }
}

/** The answer's short form kept in `answers.value_key` for indexed filters and counts; null when too long (long texts, files). */
export function valueKey(kind: FormQuestion['kind'], value: string): string | null {
  if (kind === 'file' || kind === 'long_text') return null;
  return value.length <= 100 ? value : null;
}
