import { unanswered } from '../../domain/answer-rules.js';
import { getCompetitionDetails } from '../../domain/competitions.js';
import { formatPhone } from '../../domain/profile.js';
import { currentVersion } from '../../domain/consents.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { button, inline, settleStep, show, showInstead, stripKeyboard } from '../ui.js';
import { askPhoneAgain, nameStep } from './form.js';
import { answersListScreen, questionOf, questionScreen, summaryAnswers } from './questions.js';
import type { FormSteps } from './form-steps.js';

/** The competition's title for the form's screens: kept in the draft (drafts saved before it was, read once). */
export async function draftTitle(deps: BotDeps, draft: NonNullable<BotContext['session']['draft']>): Promise<string> {
  return draft.title ?? (await getCompetitionDetails(deps.db, draft.competitionId))?.competition.title ?? '';
}

export function waitlistKeyboard(ctx: BotContext, competitionId: number) {
  return inline([[button(ctx.t('reg.waitlist_yes'), 'waitlist', competitionId, 'yes')], [button(ctx.t('reg.waitlist_no'), 'waitlist', competitionId, 'no')]]);
}

/**
 * The registration form's steps, each shown as bot/features/registration.ts describes: one message carries the
 * form where Telegram allows, the phone step is a new message, and the step before loses its buttons.
 */
export function registrationSteps(deps: BotDeps) {
  /** Shows a step with inline buttons and remembers its message; the previous form message loses its buttons. */
  async function formScreen(ctx: BotContext, text: string, extra: ReturnType<typeof inline>): Promise<void> {
    ctx.session.screen = await showInstead(ctx, ctx.session.screen, text, extra);
  }

  /**
   * Before a step that needs a new message: the name step's message says what it settled (the name) and loses
   * its buttons; any other form message (the consent summary, left by "Edit phone") keeps its text and loses its
   * buttons, as does another pressed message (the details' Register).
   */
  async function retireScreen(ctx: BotContext, settledName: boolean): Promise<void> {
    const pressed = ctx.callbackQuery?.message?.message_id;
    const screen = ctx.session.screen;
    const name = ctx.session.draft?.fullName ?? ctx.user?.fullName;
    if (screen && name && settledName) await settleStep(ctx, screen, ctx.t('reg.name_answered', { name }));
    else await stripKeyboard(ctx, screen);
    if (pressed !== screen) await stripKeyboard(ctx, pressed);
    ctx.session.screen = undefined;
  }

  async function askName(ctx: BotContext, prefix = ''): Promise<void> {
    ctx.session.step = 'reg_name';
    const step = nameStep(ctx, 'reg.ask_name', 'reg.ask_name_offer');
    await formScreen(ctx, prefix + step.text, step.extra);
  }

  async function askPhone(ctx: BotContext, prefix = ''): Promise<void> {
    const settledName = ctx.session.step === 'reg_name';
    ctx.session.step = 'reg_phone';
    await retireScreen(ctx, settledName);
    // Its id is kept: once answered, the question goes and "Телефон: … ✓" stays (see withoutReplyKeyboard).
    await askPhoneAgain(ctx, prefix + ctx.t('reg.ask_phone'));
  }

  async function consentScreen(ctx: BotContext) {
    const draft = ctx.session.draft!;
    const text = ctx.t('reg.ask_consent', {
      competition: await draftTitle(deps, draft),
      role: ctx.t(draft.role === 'voter' ? 'role.voter' : 'role.participant'),
      name: draft.fullName ?? ctx.user!.fullName ?? '',
      phone: formatPhone(draft.phone ?? ctx.user!.phone ?? ''),
      answers: summaryAnswers(ctx, draft.q),
      version: draft.version ?? (await currentVersion(deps.db.manager)),
      // The document is public at PUBLIC_URL/privacy (server/routes/privacy.ts); without PUBLIC_URL, no link.
      link: deps.config.publicUrl ? ctx.t('reg.consent_link', { url: `${deps.config.publicUrl}/privacy?lang=${ctx.lang}` }) : '',
    });
    const id = draft.competitionId;
    return {
      text,
      extra: inline([
        [button(ctx.t('reg.consent_yes'), 'consent', id, 'yes'), button(ctx.t('reg.consent_no'), 'consent', id, 'no')],
        [button(ctx.t('reg.edit_name'), 'formEdit', id, 'name'), button(ctx.t('reg.edit_phone'), 'formEdit', id, 'phone')],
        draft.q?.questions.length ? [button(ctx.t('reg.edit_answers'), 'qEdit', 0)] : [],
      ]),
    };
  }

  async function askConsent(ctx: BotContext, prefix = ''): Promise<void> {
    ctx.session.step = 'reg_consent';
    const screen = await consentScreen(ctx);
    await formScreen(ctx, prefix + screen.text, screen.extra);
  }

  /**
   * Shows the open question (`draft.q.current`), `prefix` on top (a refused answer's reason). A phone question is a
   * new message with the contact button (as the phone step), the others a form screen edited in place.
   */
  async function showQuestion(ctx: BotContext, prefix = ''): Promise<void> {
    const qd = ctx.session.draft!.q!;
    ctx.session.step = 'reg_question';
    const screen = questionScreen(ctx, qd, questionOf(qd, qd.current)!);
    if (!screen.contact) return formScreen(ctx, prefix + screen.text, screen.extra);
    await retireScreen(ctx, false);
    const before = ctx.session.prompt;
    ctx.session.prompt = (await ctx.reply(prefix + screen.text, screen.extra)).message_id;
    if (before) await ctx.deleteMessage(before).catch(() => undefined);
  }

  /** Opens a question: several-of-a-list starts from the options given before (when changing an answer). */
  async function openQuestion(ctx: BotContext, id: number, prefix = ''): Promise<void> {
    const qd = ctx.session.draft!.q!;
    const question = questionOf(qd, id)!;
    qd.current = id;
    const given = qd.answers[id];
    qd.ticked = question.kind === 'multi_choice' ? (given ? (JSON.parse(given) as string[]) : []) : undefined;
    return showQuestion(ctx, prefix);
  }

  /** The answers as a list, each question a button to change it. */
  async function askWhichAnswer(ctx: BotContext, heading: string): Promise<void> {
    const qd = ctx.session.draft!.q!;
    ctx.session.step = 'reg_answers';
    qd.current = undefined;
    qd.ticked = undefined;
    const screen = answersListScreen(ctx, qd, heading);
    await formScreen(ctx, screen.text, screen.extra);
  }

  /** Asks for the next missing piece — name, phone, the competition's own questions — or for consent when all is there. */
  async function nextStep(ctx: BotContext): Promise<void> {
    const draft = ctx.session.draft!;
    if (!(draft.fullName ?? ctx.user!.fullName)) return askName(ctx);
    if (!(draft.phone ?? ctx.user!.phone)) return askPhone(ctx);
    const question = draft.q && unanswered(draft.q.questions, draft.q.answers, draft.q.skipped)[0];
    if (question) return openQuestion(ctx, question.id);
    return askConsent(ctx);
  }

  return { formScreen, nextStep, askName, askPhone, askConsent, showQuestion, openQuestion, askWhichAnswer };
}

/** The registration form's steps for the rest of the bot (views/form-steps.ts). */
export const registrationForm: FormSteps<'reg_name' | 'reg_phone' | 'reg_question' | 'reg_answers' | 'reg_consent' | 'reg_waitlist'> = {
  hints: {
    reg_name: 'reg.ask_name',
    reg_phone: 'reg.ask_phone',
    reg_question: 'q.answer_above',
    reg_answers: 'fallback.use_buttons',
    reg_consent: 'fallback.use_buttons',
    reg_waitlist: 'fallback.use_buttons',
  },
  phoneSteps: ['reg_phone'],
  settled: { reg_name: 'reg.ask_name' },
  cancelled: 'cancel.done',
  /** The open step again on the language message (its reply keyboard too). */
  async reshow(ctx, deps, prefix) {
    const steps = registrationSteps(deps);
    const step = ctx.session.step;
    if (step === 'reg_name') return steps.askName(ctx, prefix);
    if (step === 'reg_consent') return steps.askConsent(ctx, prefix);
    if (step === 'reg_phone') {
      await show(ctx, prefix.trim());
      return steps.askPhone(ctx);
    }
    if (step === 'reg_question') {
      const qd = ctx.session.draft!.q!;
      if (questionOf(qd, qd.current)?.kind !== 'phone') return steps.showQuestion(ctx, prefix);
      await show(ctx, prefix.trim());
      return steps.showQuestion(ctx);
    }
    if (step === 'reg_answers') {
      return steps.askWhichAnswer(ctx, prefix + ctx.t('reg.answers_heading'));
    }
    if (step === 'reg_waitlist') {
      const competition = await draftTitle(deps, ctx.session.draft!);
      return steps.formScreen(ctx, prefix + ctx.t('reg.offer_waitlist', { competition }), waitlistKeyboard(ctx, ctx.session.draft!.competitionId));
    }
  },
};
