import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import { confirmAttendance, declinableRegistration, declineAttendance, type AttendanceAnswer } from '../../domain/reminders.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatDateTime } from '../format.js';
import { answer, button, inline, onAction, show } from '../ui.js';

/** Why a reminder's answer can no longer act: told in a toast, and the reminder loses its answer buttons. */
const SPENT_REMINDER = new Set(['reminder.stale', 'competition.started', 'competition.ended', 'attendance.checked_in']);

/**
 * What stays under an answered reminder: « В меню (a new menu below, the reminder stays), and on the event's
 * day the ticket while the registration holds.
 */
function answeredKeyboard(ctx: BotContext, registrationId: number, result?: Pick<AttendanceAnswer, 'ticketToday'>) {
  return inline([result?.ticketToday ? [button(ctx.t('ticket.button'), 'ticket', registrationId)] : [], [button(ctx.t('menu.back'), 'menuNew')]]);
}

/**
 * The answers under a reminder: "✅ Буду" records the confirmation; "❌ Не смогу" asks once more for a
 * participant (the registration will be cancelled and the place given away) and then cancels, and drops that
 * slot for a voter. Each answer turns the reminder into its outcome, without the answer buttons. Callback data
 * can be forged: the domain acts only on the presser's own registration (another user's id answers "not
 * found"). The history records the source `reminder`.
 */
export function remindersFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  onAction(composer, 'attend', async (ctx, registrationId, slotId, choice) => {
    try {
      await attend(ctx, registrationId, slotId, choice);
    } catch (error) {
      if (!(error instanceof DomainError) || !SPENT_REMINDER.has(error.key)) throw error;
      // A cancelled registration, a started competition: a toast, and the buttons go (no new message each press).
      await answer(ctx, ctx.t(error.key, error.params));
      await ctx.editMessageReplyMarkup(answeredKeyboard(ctx, registrationId).reply_markup).catch(() => undefined);
    }
  });

  async function attend(ctx: BotContext, registrationId: number, slotId: number, choice: 'yes' | 'no' | 'sure' | 'keep'): Promise<unknown> {
    const actor = userActor(ctx.user!.id, 'reminder');
    if (choice === 'yes' || choice === 'keep') {
      const result = await confirmAttendance(db, actor, registrationId);
      return show(ctx, ctx.t('reminder.confirmed', { competition: result.competition }), answeredKeyboard(ctx, registrationId, result));
    }
    const { registration, competition } = await declinableRegistration(db, ctx.user!.id, registrationId);
    if (choice === 'no' && registration.role === 'participant') {
      return show(
        ctx,
        ctx.t('reminder.ask_cancel', { competition }),
        inline([[button(ctx.t('reminder.cancel_yes'), 'attend', registrationId, slotId, 'sure')], [button(ctx.t('reminder.cancel_no'), 'attend', registrationId, slotId, 'keep')]]),
      );
    }
    const result = await declineAttendance(db, actor, registrationId, slotId);
    const keyboard = answeredKeyboard(ctx, registrationId, result);
    if (result.slotStartsAt) {
      return show(
        ctx,
        ctx.t('reminder.slot_dropped', { competition: result.competition, startsAt: formatDateTime(result.slotStartsAt, ctx.lang, deps.config.tzDisplay) }),
        keyboard,
      );
    }
    return show(ctx, ctx.t('reminder.cancelled', { competition: result.competition }), keyboard);
  }

  return composer;
}
