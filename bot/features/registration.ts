import { Composer } from 'telegraf';
import { getCompetitionDetails } from '../../domain/competitions.js';
import { DomainError } from '../../domain/errors.js';
import { registerForCompetition, type RegisterResult } from '../../domain/registrations.js';
import { listSlotsWithFill } from '../../domain/slots.js';
import { userActor } from '../../domain/actor.js';
import { formatPhone } from '../../domain/profile.js';
import { currentVersion } from '../../domain/consents.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { askRefusedAnswer, loadQuestions, readProfileAnswer } from '../forms.js';
import { answer, button, inline, menuButton, menuKeyboard, onAction, settleStep, show, stripKeyboard, withoutReplyKeyboard } from '../ui.js';
import { typedYesNo } from '../views/form.js';
import { draftTitle, registrationSteps, waitlistKeyboard } from '../views/registration-form.js';
import { slotsScreen } from '../views/slots.js';
import { registeredInTeams, teamsFor } from '../views/team.js';
import { menuWithTicket } from '../views/ticket.js';

/** Consent given: registers through the domain and shows the answer, or offers the waiting list when the places are taken. */
async function finish(ctx: BotContext, deps: BotDeps, joinWaitlist: boolean): Promise<unknown> {
  const { db } = deps;
  const { fullName, phone, q, version, ...draft } = ctx.session.draft!;
  // The version shown was read when the form started: a newer document is shown before anyone consents to it.
  const current = version === undefined ? undefined : await currentVersion(db.manager);
  if (current !== undefined && current !== version) {
    ctx.session.draft!.version = current;
    return registrationSteps(deps).askConsent(ctx, `${ctx.t('reg.consent_changed', { version: current })}\n\n`);
  }
  let result: RegisterResult;
  try {
    // What was typed in the form becomes the profile in the registration's own transaction: declining the
    // waiting list (or the places being taken) leaves nothing behind.
    result = await registerForCompetition(db, userActor(ctx.user!.id, 'bot'), {
      ...draft,
      userId: ctx.user!.id,
      consentGiven: true,
      joinWaitlist,
      profile: { fullName, phone },
      // The competition's own questions: the answers go with the registration (a competition without any keeps the
      // one-statement path).
      ...(q ? { answers: q.answers, lang: ctx.lang } : {}),
    });
  } catch (error) {
    if (error instanceof DomainError && (await askRefusedAnswer(ctx, deps, error))) return;
    if (error instanceof DomainError && error.key === 'registration.full') {
      ctx.session.step = 'reg_waitlist';
      return registrationSteps(deps).formScreen(ctx, ctx.t('reg.offer_waitlist', error.params), waitlistKeyboard(ctx, draft.competitionId));
    }
    ctx.session = {};
    throw error;
  }
  ctx.session = {};
  const { registration, competition, waitlistPosition } = result;
  const params = { competition: competition.title, position: waitlistPosition ?? 0 };
  const key = registration.status === 'waitlisted' ? 'reg.done_waitlisted' : registration.status === 'pending' ? 'reg.done_pending' : 'reg.done_approved';
  // The answer replaces the consent screen; a voter's slot picker comes on the same message.
  if (registration.role === 'voter' && (await listSlotsWithFill(db, registration.competitionId)).length > 0) {
    const screen = await slotsScreen(ctx, deps, registration.id);
    return show(ctx, `${ctx.t(key, params)}\n\n${screen.text}`, screen.extra);
  }
  // A team competition: the team joined by its link, or how to have one.
  if (teamsFor(competition, registration)) {
    const screen = await registeredInTeams(ctx, deps, registration, competition, ctx.t(key, params));
    return show(ctx, screen.text, screen.extra);
  }
  // Door check-in: an automatic approval offers the ticket at once.
  return show(ctx, ctx.t(key, params), registration.status === 'approved' ? menuWithTicket(ctx, registration.id) : menuKeyboard(ctx));
}

/**
 * The registration form: asks only for what the profile lacks (full name, phone), then consent, then
 * registers through the domain. When the places are taken, offers the waiting list.
 *
 * One message carries the form wherever Telegram allows: a pressed button edits its message into the next
 * step (`show`). Two things need a new message: the phone step, whose contact button is a reply keyboard
 * (never on an edited message), and the consent summary after it, which must take that keyboard away — see
 * `withoutReplyKeyboard`. A typed answer gets the next step as a new message below it, and the step it
 * answered loses its buttons (`session.screen`), so no spent form keyboard stays live.
 */
export function registrationFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  const { nextStep, askName, askPhone, askConsent, formScreen } = registrationSteps(deps);

  onAction(composer, 'register', async (ctx, competitionId, role) => {
    // The competition and the user's own registration for it, in one query.
    const details = await getCompetitionDetails(db, competitionId, ctx.user!.id);
    if (!details) return show(ctx, ctx.t('competition.not_found'), menuButton(ctx));
    const title = details.competition.title;
    if (!details.open) return show(ctx, ctx.t('registration.closed', { competition: title }), menuKeyboard(ctx));
    const existing = details.mine;
    if (existing?.status === 'rejected') return show(ctx, ctx.t('registration.rejected_before', { competition: title }), menuKeyboard(ctx));
    if (existing && existing.status !== 'cancelled') {
      return show(
        ctx,
        ctx.t('registration.already', { competition: title }),
        inline([[button(ctx.t('competition.my_registration'), 'myRegistration', existing.id)], [button(ctx.t('menu.back'), 'menu')]]),
      );
    }
    // Pressed again while its form is open (a double tap): one form, one prompt.
    const open = ctx.session.draft;
    if (ctx.session.step && open?.competitionId === competitionId && open.role === role) return answer(ctx, ctx.t('reg.form_open'));
    // Another form was open (an older screen's Register): its buttons go, this one takes over.
    await stripKeyboard(ctx, ctx.session.screen);
    // The title rides along in the draft: the consent summary needs no query for it. So do the competition's own
    // questions, read once here: answering them makes no query until the answers are stored with the registration.
    const q = await loadQuestions(db, ctx.user!.id, competitionId, role);
    ctx.session = { draft: { competitionId, role, title, ...(q ? { q, version: await currentVersion(db.manager) } : {}) } };
    await answer(ctx);
    return nextStep(ctx);
  });

  /** A name or phone answer: typed, shared with the contact button, or the offered name's button. */
  async function takeAnswer(ctx: BotContext, step: 'reg_name' | 'reg_phone'): Promise<void> {
    const field = step === 'reg_name' ? 'fullName' : 'phone';
    const value = await readProfileAnswer(ctx, field);
    if (value === null) return;
    ctx.session.draft = { ...ctx.session.draft!, [field]: value };
    if (step === 'reg_phone') {
      // The contact button goes with the consent summary's arrival; the question goes, "Телефон: … ✓" stays.
      ctx.session.step = 'reg_consent';
      const question = ctx.session.prompt;
      ctx.session.prompt = undefined;
      return withoutReplyKeyboard(ctx, ctx.t('reg.phone_saved', { phone: formatPhone(value) }), () => nextStep(ctx), question);
    }
    // A typed name: the name step's message says what it settled (a pressed one becomes the next step).
    if (!ctx.callbackQuery && ctx.session.screen) {
      await settleStep(ctx, ctx.session.screen, ctx.t('reg.name_answered', { name: value }));
      ctx.session.screen = undefined;
    }
    return nextStep(ctx);
  }

  composer.on('message', async (ctx, next) => {
    const step = ctx.session?.step;
    if (!step || !ctx.session.draft) return next();
    if (step === 'reg_name' || step === 'reg_phone') return takeAnswer(ctx, step);
    if (step !== 'reg_consent' && step !== 'reg_waitlist') return next();
    // A typed "да" / "нет" answers the question like its button; anything else asks it again, at the bottom.
    const choice = 'text' in ctx.message ? typedYesNo(ctx.message.text) : null;
    if (!choice) return askAgain(ctx, step);
    await stripKeyboard(ctx, ctx.session.screen);
    ctx.session.screen = undefined;
    return decide(ctx, step, choice);
  });

  /** The yes/no question again as a new message below (the one above loses its buttons), with how to answer. */
  async function askAgain(ctx: BotContext, step: 'reg_consent' | 'reg_waitlist'): Promise<void> {
    const prefix = `${ctx.t('form.answer_yes_no')}\n\n`;
    if (step === 'reg_consent') return askConsent(ctx, prefix);
    const competition = await draftTitle(deps, ctx.session.draft!);
    return formScreen(ctx, prefix + ctx.t('reg.offer_waitlist', { competition }), waitlistKeyboard(ctx, ctx.session.draft!.competitionId));
  }

  onAction(composer, 'formName', async (ctx) => {
    const step = ctx.session?.step;
    if (step !== 'reg_name' || !ctx.session.draft) return staleForm(ctx);
    await answer(ctx);
    return takeAnswer(ctx, step);
  });

  /** "Edit name" / "Edit phone" on the consent summary: back to that step, then to the summary again. */
  onAction(composer, 'formEdit', async (ctx, competitionId, field) => {
    if (ctx.session?.step !== 'reg_consent' || ctx.session.draft?.competitionId !== competitionId) return staleForm(ctx);
    await answer(ctx);
    return field === 'name' ? askName(ctx) : askPhone(ctx);
  });

  /** The answer to a yes/no step: "no" ends the form and says so, "yes" registers. */
  async function decide(ctx: BotContext, step: 'reg_consent' | 'reg_waitlist', choice: 'yes' | 'no'): Promise<unknown> {
    if (choice === 'yes') return finish(ctx, deps, step === 'reg_waitlist');
    ctx.session = {};
    return show(ctx, ctx.t(step === 'reg_consent' ? 'reg.no_consent' : 'reg.waitlist_declined'), menuKeyboard(ctx));
  }

  function yesNo(step: 'reg_consent' | 'reg_waitlist') {
    return async (ctx: BotContext, competitionId: number, choice: 'yes' | 'no') => {
      // The button must belong to the form that is open now (not to an older form for another competition).
      if (ctx.session?.step !== step || ctx.session.draft?.competitionId !== competitionId) return staleForm(ctx);
      await answer(ctx);
      return decide(ctx, step, choice);
    };
  }
  onAction(composer, 'consent', yesNo('reg_consent'));
  onAction(composer, 'waitlist', yesNo('reg_waitlist'));
  return composer;
}

/**
 * A form button pressed when its form is no longer open: answered already (a double tap — updates of one chat
 * run one at a time, so the second press sees the first one's result) or /cancel. A toast, never a message.
 */
async function staleForm(ctx: BotContext): Promise<void> {
  await answer(ctx, ctx.t('action.spent'));
}
