import { Markup } from 'telegraf';
import {
  checkAnswer,
  countryName,
  displayAnswer,
  effectiveAnswers,
  isAsked,
  isOptionFull,
  liveOptions,
  optionLabel,
  questionHelp,
  questionTitle,
  type AnswerInput,
  type CheckEnv,
  type Checked,
  type FileAnswer,
  type FormQuestion,
} from '../../domain/answer-rules.js';
import type { BotContext } from '../context.js';
import type { QuestionsDraft } from '../session.js';
import { button, clip, inline } from '../ui.js';

/*
 * The screens of a competition's own questions, drawn from the form's snapshot (bot/session.ts QuestionsDraft):
 * one question a screen, its buttons carrying the option's index, never its value (64 bytes).
 */

/** The countries offered as buttons on a country question (any other is typed and matched). */
export const COMMON_COUNTRIES = ['RU', 'KZ', 'BY', 'UZ', 'KG', 'AM', 'AZ', 'TJ', 'GE', 'MD'] as const;

export function questionOf(qd: QuestionsDraft, id: number | undefined): FormQuestion | undefined {
  return qd.questions.find((q) => q.id === id);
}

export function checkEnv(ctx: BotContext, qd: QuestionsDraft, question: FormQuestion): CheckEnv {
  return { lang: ctx.lang, phoneRegion: ctx.phoneRegion, taken: qd.fill[question.id] };
}

/** Why an answer was refused, in the person's language: the organizer's own message wins over the catalogue's. */
export function refusal(ctx: BotContext, checked: Extract<Checked, { ok: false }>): string {
  return checked.message ?? ctx.t(checked.error, checked.params);
}

/** A stored value as an answer again (one remembered from another competition), to check it against this question's rules. */
export function storedInput(question: FormQuestion, value: string): AnswerInput | null {
  try {
    switch (question.kind) {
      case 'yes_no':
      case 'choice':
      case 'country':
        return { kind: 'option', value };
      case 'multi_choice':
        return { kind: 'options', values: JSON.parse(value) as string[] };
      case 'file':
        return { kind: 'file', file: JSON.parse(value) as FileAnswer };
      default:
        return { kind: 'text', text: value };
    }
  } catch {
    return null;
  }
}

/** The answer given under the question's `remember_as` key elsewhere, when it fits this question and differs from the one given here. */
export function rememberedValue(ctx: BotContext, qd: QuestionsDraft, question: FormQuestion): string | null {
  const value = question.rememberAs ? qd.remembered[question.rememberAs] : undefined;
  if (value === undefined || value === qd.answers[question.id]) return null;
  const input = storedInput(question, value);
  const checked = input && checkAnswer(question, input, checkEnv(ctx, qd, question));
  return checked?.ok ? checked.value : null;
}

const HOW: Partial<Record<FormQuestion['kind'], Parameters<BotContext['t']>[0]>> = {
  text: 'q.how_type',
  long_text: 'q.how_type',
  number: 'q.how_type',
  email: 'q.how_type',
  multi_choice: 'q.how_multi',
  date: 'answer.date_expected',
  time: 'answer.time_expected',
  datetime: 'answer.datetime_expected',
  country: 'q.how_country',
  phone: 'q.how_phone',
  file: 'q.how_file',
};

/** The question's text: its title, its help line, how to answer, and whether it may be skipped. */
function questionText(ctx: BotContext, question: FormQuestion): string {
  const how = HOW[question.kind];
  const lines = [questionTitle(question, ctx.lang), questionHelp(question, ctx.lang), how ? ctx.t(how) : '', question.required ? '' : ctx.t('q.optional')];
  return lines.filter(Boolean).join('\n');
}

/**
 * The open question's screen. A phone question's buttons are a reply keyboard (the contact button, Skip when it
 * may be skipped, Cancel): `contact` says so, and the screen must be a new message (see withoutReplyKeyboard).
 */
export function questionScreen(ctx: BotContext, qd: QuestionsDraft, question: FormQuestion) {
  const text = questionText(ctx, question);
  const remembered = rememberedValue(ctx, qd, question);
  if (question.kind === 'phone') {
    const rows = [[Markup.button.contactRequest(ctx.t('q.share_phone'))], ...(remembered ? [[ctx.t('q.reuse', { answer: displayAnswer(question, remembered, ctx.lang) })]] : [])];
    if (!question.required) rows.push([ctx.t('q.skip')]);
    rows.push([ctx.t('form.cancel')]);
    return { text, contact: true as const, extra: Markup.keyboard(rows).resize().oneTime() };
  }
  const id = question.id;
  const taken = qd.fill[id];
  const label = (index: number) => {
    const option = liveOptions(question)[index];
    const name = optionLabel(option, ctx.lang);
    return isOptionFull(option, taken) ? ctx.t('q.full', { option: name }) : name;
  };
  const rows = [];
  if (question.kind === 'choice') rows.push(...liveOptions(question).map((_, i) => [button(label(i), 'qOpt', id, i)]));
  if (question.kind === 'multi_choice') {
    const ticked = qd.ticked ?? [];
    rows.push(...liveOptions(question).map((o, i) => [button(`${ticked.includes(o.value) ? '✓ ' : ''}${label(i)}`, 'qOpt', id, i)]));
    rows.push([button(ctx.t('q.done'), 'qDone', id)]);
  }
  if (question.kind === 'yes_no') rows.push([button(ctx.t('answer.yes'), 'qOpt', id, 0), button(ctx.t('answer.no'), 'qOpt', id, 1)]);
  if (question.kind === 'country') {
    const buttons = COMMON_COUNTRIES.map((code, i) => button(countryName(code, ctx.lang), 'qOpt', id, i));
    for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  }
  if (remembered) rows.push([button(ctx.t('q.reuse', { answer: displayAnswer(question, remembered, ctx.lang) }), 'qReuse', id)]);
  if (!question.required) rows.push([button(ctx.t('q.skip'), 'qSkip', id)]);
  rows.push([button(ctx.t('form.cancel'), 'formCancel')]);
  return { text, contact: false as const, extra: inline(rows) };
}

/** A pressed option's index as the answer it stands for (null: no such option — a button from an older screen). */
export function pressedInput(question: FormQuestion, index: number): AnswerInput | null {
  if (question.kind === 'yes_no') return index < 2 ? { kind: 'option', value: index === 0 ? 'yes' : 'no' } : null;
  if (question.kind === 'country') return index < COMMON_COUNTRIES.length ? { kind: 'option', value: COMMON_COUNTRIES[index] } : null;
  const option = liveOptions(question)[index];
  return option ? { kind: 'option', value: option.value } : null;
}

/** The questions asked given the answers (their conditions hold), each with its answer or none. */
export function askedQuestions(qd: QuestionsDraft): Array<{ question: FormQuestion; value: string | undefined }> {
  const answers = effectiveAnswers(qd.questions, qd.answers);
  return qd.questions.filter((q) => isAsked(q, answers)).map((question) => ({ question, value: answers[question.id] }));
}

/** "• Question: answer" for each question asked ("—" for one skipped). */
export function answerLines(ctx: BotContext, qd: QuestionsDraft): string {
  return askedQuestions(qd)
    .map(({ question, value }) =>
      ctx.t('reg.answer_line', { question: questionTitle(question, ctx.lang), answer: value === undefined ? ctx.t('q.no_answer') : displayAnswer(question, value, ctx.lang) }),
    )
    .join('\n');
}

/** The answers block of the consent summary ('' without questions). */
export function summaryAnswers(ctx: BotContext, qd: QuestionsDraft | undefined): string {
  return qd?.questions.length ? `\n\n${ctx.t('reg.answers_heading')}\n${answerLines(ctx, qd)}` : '';
}

/** The list of answers, each question a button that asks it again; Back returns to the consent summary (or the registration). */
export function answersListScreen(ctx: BotContext, qd: QuestionsDraft, heading: string) {
  // A registration's answers: its buttons carry the registration (no form is open while the list shows).
  const id = qd.registrationId;
  const edit = (question: FormQuestion) => clip(questionTitle(question, ctx.lang), 60);
  return {
    text: `${heading}\n${answerLines(ctx, qd)}\n\n${ctx.t('reg.edit_which')}`,
    extra: inline([
      ...askedQuestions(qd).map(({ question }) => [id ? button(edit(question), 'ansQuestion', id, question.id) : button(edit(question), 'qEdit', question.id)]),
      [id ? button(ctx.t('reg.answers_back'), 'myRegistration', id) : button(ctx.t('reg.answers_back'), 'qBack')],
    ]),
  };
}
