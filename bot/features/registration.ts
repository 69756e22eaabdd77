import { Composer, Markup } from 'telegraf';
import { getCompetitionDetails } from '../../domain/competitions.js';
import { DomainError } from '../../domain/errors.js';
import { findUserRegistration } from '../../domain/queries.js';
import { registerForCompetition, type RegisterResult } from '../../domain/registrations.js';
import { listSlotsWithFill } from '../../domain/slots.js';
import { userActor } from '../../domain/actor.js';
import { formatPhone, normalizeFullName } from '../../domain/profile.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { menuWithTicket } from './ticket.js';
import { answer, button, inline, menuKeyboard, onAction, removeKeyboard, sendMenu } from '../ui.js';
import { phoneKeyboard, readProfileAnswer } from './form-input.js';
import { slotsScreen } from './slots.js';

/**
 * The registration form: asks only for what the profile lacks (full name, phone), then consent, then
 * registers through the domain. When the places are taken, offers the waiting list.
 */
export function registrationFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  /** Asks for the next missing piece, or for consent when the profile is complete. */
  async function nextStep(ctx: BotContext): Promise<unknown> {
    const draft = ctx.session.draft!;
    const fullName = draft.fullName ?? ctx.user!.fullName;
    const phone = draft.phone ?? ctx.user!.phone;
    if (!fullName) {
      ctx.session.step = 'reg_name';
      // The name Telegram knows, as a one-tap answer: a user whose Telegram name is right types nothing.
      const offered = normalizeFullName([ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(' '));
      if (offered) return ctx.reply(ctx.t('reg.ask_name_offer'), Markup.keyboard([[offered]]).resize().oneTime());
      return ctx.reply(ctx.t('reg.ask_name'), removeKeyboard());
    }
    if (!phone) {
      ctx.session.step = 'reg_phone';
      return ctx.reply(ctx.t('reg.ask_phone'), phoneKeyboard(ctx));
    }
    ctx.session.step = 'reg_consent';
    const details = await getCompetitionDetails(db, draft.competitionId);
    return ctx.reply(
      ctx.t('reg.ask_consent', {
        competition: details?.competition.title ?? '',
        role: ctx.t(draft.role === 'voter' ? 'role.voter' : 'role.participant'),
        name: fullName,
        phone: formatPhone(phone),
      }),
      inline([[button(ctx.t('reg.consent_yes'), 'consent', draft.competitionId, 'yes'), button(ctx.t('reg.consent_no'), 'consent', draft.competitionId, 'no')]]),
    );
  }

  async function finish(ctx: BotContext, joinWaitlist: boolean): Promise<unknown> {
    const { fullName, phone, ...draft } = ctx.session.draft!;
    let result: RegisterResult;
    try {
      // What was typed in the form becomes the profile in the registration's own transaction: declining the
      // waiting list (or the places being taken) leaves nothing behind.
      result = await registerForCompetition(db, userActor(ctx.user!.id, 'bot'), {
        ...draft, userId: ctx.user!.id, consentGiven: true, joinWaitlist, profile: { fullName, phone },
      });
    } catch (error) {
      if (error instanceof DomainError && error.key === 'registration.full') {
        ctx.session.step = 'reg_waitlist';
        return ctx.reply(ctx.t('reg.offer_waitlist', error.params), inline([
          [button(ctx.t('reg.waitlist_yes'), 'waitlist', draft.competitionId, 'yes')],
          [button(ctx.t('reg.waitlist_no'), 'waitlist', draft.competitionId, 'no')],
        ]));
      }
      ctx.session = {};
      throw error;
    }
    ctx.session = {};
    const { registration, competition, waitlistPosition } = result;
    const params = { competition: competition.title, position: waitlistPosition ?? 0 };
    const key = registration.status === 'waitlisted' ? 'reg.done_waitlisted' : registration.status === 'pending' ? 'reg.done_pending' : 'reg.done_approved';
    if (registration.role === 'voter' && (await listSlotsWithFill(db, registration.competitionId)).length > 0) {
      await ctx.reply(ctx.t(key, params));
      const screen = await slotsScreen(ctx, deps, registration.id);
      return ctx.reply(screen.text, screen.extra);
    }
    // Door check-in: an automatic approval offers the ticket at once.
    return ctx.reply(ctx.t(key, params), registration.status === 'approved' ? menuWithTicket(ctx, registration.id) : menuKeyboard(ctx));
  }

  onAction(composer, 'register', async (ctx, competitionId, role) => {
    const details = await getCompetitionDetails(db, competitionId);
    if (!details) return sendMenu(ctx, 'competition.not_found');
    const title = details.competition.title;
    if (!details.open) return ctx.reply(ctx.t('registration.closed', { competition: title }), menuKeyboard(ctx));
    const existing = await findUserRegistration(db, ctx.user!.id, competitionId);
    if (existing?.status === 'rejected') return ctx.reply(ctx.t('registration.rejected_before', { competition: title }), menuKeyboard(ctx));
    if (existing && existing.status !== 'cancelled') return ctx.reply(ctx.t('registration.already', { competition: title }), menuKeyboard(ctx));
    // Pressed again while its form is open (a double tap): one form, one prompt.
    const open = ctx.session.draft;
    if (ctx.session.step && open?.competitionId === competitionId && open.role === role) return answer(ctx, ctx.t('reg.form_open'));
    ctx.session = { draft: { competitionId, role } };
    await answer(ctx);
    return nextStep(ctx);
  });

  composer.on('message', async (ctx, next) => {
    const step = ctx.session?.step;
    if ((step !== 'reg_name' && step !== 'reg_phone') || !ctx.session.draft) return next();
    const field = step === 'reg_name' ? 'fullName' : 'phone';
    const value = await readProfileAnswer(ctx, field);
    if (value === null) return;
    ctx.session.draft = { ...ctx.session.draft, [field]: value };
    if (step === 'reg_phone') await ctx.reply(ctx.t('reg.phone_saved', { phone: formatPhone(value) }), removeKeyboard());
    return nextStep(ctx);
  });

  /** The yes/no question of a step: "no" ends the form with `declined`, "yes" registers. */
  function yesNo(step: 'reg_consent' | 'reg_waitlist', declined: 'reg.no_consent' | 'reg.waitlist_declined') {
    return async (ctx: BotContext, competitionId: number, choice: 'yes' | 'no') => {
      // The button must belong to the form that is open now (not to an older form for another competition).
      if (ctx.session?.step !== step || ctx.session.draft?.competitionId !== competitionId) return staleForm(ctx);
      await answer(ctx);
      if (choice === 'yes') return finish(ctx, step === 'reg_waitlist');
      ctx.session = {};
      return ctx.reply(ctx.t(declined), menuKeyboard(ctx));
    };
  }
  onAction(composer, 'consent', yesNo('reg_consent', 'reg.no_consent'));
  onAction(composer, 'waitlist', yesNo('reg_waitlist', 'reg.waitlist_declined'));
  return composer;
}

/**
 * A form button pressed when its form is no longer open: answered already (a double tap — updates of one chat
 * run one at a time, so the second press sees the first one's result) or /cancel. A toast, never a message.
 */
async function staleForm(ctx: BotContext): Promise<void> {
  await answer(ctx, ctx.t('action.spent'));
}
