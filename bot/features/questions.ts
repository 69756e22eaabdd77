import { Composer } from 'telegraf';
import { checkAnswer, displayAnswer, effectiveAnswers, isAsked, questionTitle, unanswered, type AnswerInput, type FormQuestion } from '../../domain/answer-rules.js';
import { changeAnswers } from '../../domain/answers.js';
import { userActor } from '../../domain/actor.js';
import { isRegistrationOpen } from '../../domain/places.js';
import { DomainError } from '../../domain/errors.js';
import { getUserRegistration } from '../../domain/read-models/queries.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { askRefusedAnswer, loadQuestions, messageInput } from '../forms.js';
import { continueTeamForm } from '../team-form.js';
import type { QuestionsDraft } from '../session.js';
import { answer, onAction, settleStep, show, withoutReplyKeyboard } from '../ui.js';
import { translate, type MessageKey } from '../../i18n/index.js';
import { answersListScreen, checkEnv, pressedInput, questionOf, refusal, rememberedValue } from '../views/questions.js';
import { registrationSteps } from '../views/registration-form.js';
import { ACTIVE } from '../views/registrations.js';

/** What a question wants, said when a message of another kind arrives (a sticker, a voice message). */
const WANTED: Partial<Record<FormQuestion['kind'], MessageKey>> = {
  yes_no: 'answer.yes_no_expected',
  choice: 'answer.choose_option',
  multi_choice: 'answer.choose_option',
  number: 'answer.number_expected',
  date: 'answer.date_expected',
  time: 'answer.time_expected',
  datetime: 'answer.datetime_expected',
  email: 'answer.email_expected',
  phone: 'answer.phone_expected',
  country: 'answer.country_expected',
  file: 'answer.file_expected',
};

/**
 * A competition's own questions, answered in the registration form (after the name and phone, before consent) or
 * changed later from "My registrations" until the registration deadline. Every check runs on the form's snapshot
 * (bot/session.ts QuestionsDraft): no query per answer; the answers reach the database with the registration, or,
 * when changing them, in one `changeAnswers` once the questions a change opened are answered too.
 */
export function questionsFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();
  const steps = registrationSteps(deps);

  /** The open question, when `id` is it (a button of an older screen, or of another form, is not). */
  function openQuestion(ctx: BotContext, id: number): { qd: QuestionsDraft; question: FormQuestion } | null {
    const qd = ctx.session?.draft?.q;
    if (ctx.session?.step !== 'reg_question' || !qd || qd.current !== id) return null;
    const question = questionOf(qd, id);
    return question ? { qd, question } : null;
  }

  /** Checks an answer: refused, the reason and the same question again; taken, on to what comes next. */
  async function take(ctx: BotContext, qd: QuestionsDraft, question: FormQuestion, input: AnswerInput): Promise<unknown> {
    const checked = checkAnswer(question, input, checkEnv(ctx, qd, question));
    if (!checked.ok) return steps.showQuestion(ctx, `${refusal(ctx, checked)}\n\n`);
    return settle(ctx, qd, question, checked.value);
  }

  /** The answer (null: skipped) goes into the draft; answers whose condition no longer holds go. */
  async function settle(ctx: BotContext, qd: QuestionsDraft, question: FormQuestion, value: string | null): Promise<unknown> {
    if (value === null) {
      delete qd.answers[question.id];
      if (!qd.skipped.includes(question.id)) qd.skipped.push(question.id);
    } else {
      qd.answers[question.id] = value;
      qd.skipped = qd.skipped.filter((id) => id !== question.id);
    }
    qd.answers = effectiveAnswers(qd.questions, qd.answers);
    qd.current = undefined;
    qd.ticked = undefined;
    const note = ctx.t('q.answered', {
      question: questionTitle(question, ctx.lang),
      answer: value === null ? ctx.t('q.skipped') : displayAnswer(question, value, ctx.lang),
    });
    // A phone question's contact button goes with the next screen's arrival (see withoutReplyKeyboard).
    const prompt = ctx.session.prompt;
    if (prompt) {
      ctx.session.prompt = undefined;
      return withoutReplyKeyboard(ctx, note, () => next(ctx, qd), prompt);
    }
    // A typed answer: the question's message says what it settled; a pressed one becomes the next screen.
    if (!ctx.callbackQuery && ctx.session.screen) {
      await settleStep(ctx, ctx.session.screen, note);
      ctx.session.screen = undefined;
    }
    return next(ctx, qd);
  }

  /** The next question a condition opened; then consent (a new registration), saving (changing one) or the team created. */
  async function next(ctx: BotContext, qd: QuestionsDraft): Promise<unknown> {
    // A team's questions, asked of its captain: the next one, or the team is created.
    if (ctx.session.draft?.team) return continueTeamForm(ctx, deps);
    if (!qd.registrationId) return steps.nextStep(ctx);
    const question = unanswered(qd.questions, qd.answers, qd.skipped)[0];
    if (question) return steps.openQuestion(ctx, question.id);
    return save(ctx, qd);
  }

  /** Changing a registration's answers: the whole set at once, then the list again with "saved". */
  async function save(ctx: BotContext, qd: QuestionsDraft): Promise<unknown> {
    const changes = Object.fromEntries(qd.questions.map((q) => [q.id, qd.answers[q.id] ?? null]));
    try {
      qd.answers = await changeAnswers(db, userActor(ctx.user!.id, 'bot'), qd.registrationId!, changes, ctx.lang);
    } catch (error) {
      if (error instanceof DomainError && (await askRefusedAnswer(ctx, deps, error))) return;
      ctx.session = {};
      throw error;
    }
    // Saved: the form is over; the list stays, its buttons carry the registration.
    const title = ctx.session.draft!.title ?? '';
    ctx.session = {};
    return showAnswers(ctx, qd, title, `${ctx.t('my.answers_saved')}\n\n`);
  }

  composer.on('message', async (ctx, nextHandler) => {
    const qd = ctx.session?.draft?.q;
    const question = qd && ctx.session.step === 'reg_question' ? questionOf(qd, qd.current) : undefined;
    if (!qd || !question) return nextHandler();
    const input = messageInput(ctx);
    if (input === 'not_own_contact') return steps.showQuestion(ctx, `${ctx.t('q.not_own_contact')}\n\n`);
    if (input?.kind === 'text') {
      // The reply keyboard's buttons (a phone question) and a typed Skip arrive as their labels.
      const text = input.text.trim();
      const skip = [translate('ru', 'q.skip'), translate('en', 'q.skip')];
      if (!question.required && skip.includes(text)) return settle(ctx, qd, question, null);
      const remembered = rememberedValue(ctx, qd, question);
      if (remembered !== null && text === ctx.t('q.reuse', { answer: displayAnswer(question, remembered, ctx.lang) })) return settle(ctx, qd, question, remembered);
    }
    // A sticker, a voice message, a location: what this question wants instead.
    if (!input) return steps.showQuestion(ctx, `${ctx.t(WANTED[question.kind] ?? 'answer.text_expected')}\n\n`);
    return take(ctx, qd, question, input);
  });

  onAction(composer, 'qOpt', async (ctx, id, index) => {
    const open = openQuestion(ctx, id);
    const input = open && pressedInput(open.question, index);
    if (!open || !input || input.kind !== 'option') return answer(ctx, ctx.t('action.spent'));
    const { qd, question } = open;
    if (question.kind !== 'multi_choice') {
      await answer(ctx);
      return take(ctx, qd, question, input);
    }
    // Several of a list: a press ticks or unticks the option; Done answers.
    const ticked = qd.ticked ?? [];
    qd.ticked = ticked.includes(input.value) ? ticked.filter((v) => v !== input.value) : [...ticked, input.value];
    await answer(ctx);
    return steps.showQuestion(ctx);
  });

  onAction(composer, 'qDone', async (ctx, id) => {
    const open = openQuestion(ctx, id);
    if (!open || open.question.kind !== 'multi_choice') return answer(ctx, ctx.t('action.spent'));
    await answer(ctx);
    return take(ctx, open.qd, open.question, { kind: 'options', values: open.qd.ticked ?? [] });
  });

  onAction(composer, 'qSkip', async (ctx, id) => {
    const open = openQuestion(ctx, id);
    if (!open || open.question.required) return answer(ctx, ctx.t('action.spent'));
    await answer(ctx);
    return settle(ctx, open.qd, open.question, null);
  });

  onAction(composer, 'qReuse', async (ctx, id) => {
    const open = openQuestion(ctx, id);
    const value = open && rememberedValue(ctx, open.qd, open.question);
    if (!open || value === null) return answer(ctx, ctx.t('action.spent'));
    await answer(ctx);
    return settle(ctx, open.qd, open.question, value);
  });

  /** "Change answers" on the consent summary: the answers as a list; a question of the list: that question again. */
  onAction(composer, 'qEdit', async (ctx, id) => {
    const step = ctx.session?.step;
    const qd = ctx.session?.draft?.q;
    if (!qd || qd.registrationId) return answer(ctx, ctx.t('action.spent'));
    if (id === 0) {
      if (step !== 'reg_consent') return answer(ctx, ctx.t('action.spent'));
      await answer(ctx);
      return steps.askWhichAnswer(ctx, ctx.t('reg.answers_heading'));
    }
    const question = questionOf(qd, id);
    if (step !== 'reg_answers' || !question || !isAsked(question, effectiveAnswers(qd.questions, qd.answers))) return answer(ctx, ctx.t('action.spent'));
    await answer(ctx);
    return steps.openQuestion(ctx, id);
  });

  /** Back from the list to the consent summary. */
  onAction(composer, 'qBack', async (ctx) => {
    const qd = ctx.session?.draft?.q;
    if (ctx.session?.step !== 'reg_answers' || !qd || qd.registrationId) return answer(ctx, ctx.t('action.spent'));
    await answer(ctx);
    return steps.askConsent(ctx);
  });

  /**
   * A registration's answers, read for changing them: until the deadline, while it is active, and when its
   * competition asks its role anything. What was left unanswered stays so unless a change opens a question.
   */
  async function answersToChange(ctx: BotContext, registrationId: number): Promise<NonNullable<BotContext['session']['draft']> & { q: QuestionsDraft }> {
    const view = await getUserRegistration(db, ctx.user!.id, registrationId);
    if (!view) throw new DomainError('registration.not_found');
    const { registration, competition } = view;
    if (!isRegistrationOpen(competition)) throw new DomainError('answers.deadline_passed', { competition: competition.title });
    if (!ACTIVE.has(registration.status)) throw new DomainError('answers.not_editable');
    const qd = await loadQuestions(db, ctx.user!.id, competition.id, registration.role, registration.id);
    if (!qd) throw new DomainError('answers.not_editable');
    const answers = effectiveAnswers(qd.questions, qd.answers);
    qd.skipped = qd.questions.filter((q) => answers[q.id] === undefined && isAsked(q, answers)).map((q) => q.id);
    return { competitionId: competition.id, role: registration.role, title: competition.title, q: qd };
  }

  /**
   * "Change answers" from a registration's screen: the answers as a list, each question a button. The list needs
   * no form open (its buttons carry the registration): a form opens only while a question is being answered.
   */
  onAction(composer, 'ansEdit', async (ctx, registrationId) => {
    const draft = await answersToChange(ctx, registrationId);
    await answer(ctx);
    return showAnswers(ctx, draft.q, draft.title ?? '', '');
  });

  /** A question of that list: asked (with the questions its answer opens), then the answers are saved at once. */
  onAction(composer, 'ansQuestion', async (ctx, registrationId, id) => {
    const draft = await answersToChange(ctx, registrationId);
    const question = questionOf(draft.q, id);
    if (!question || !isAsked(question, effectiveAnswers(draft.q.questions, draft.q.answers))) return answer(ctx, ctx.t('action.spent'));
    ctx.session = { draft };
    await answer(ctx);
    return steps.openQuestion(ctx, id);
  });

  async function showAnswers(ctx: BotContext, qd: QuestionsDraft, title: string, prefix: string): Promise<unknown> {
    const screen = answersListScreen(ctx, qd, prefix + ctx.t('my.answers_title', { competition: title }));
    return show(ctx, screen.text, screen.extra);
  }
  return composer;
}
