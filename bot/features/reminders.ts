import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { confirmAttendance, declinableRegistration, declineAttendance } from '../../domain/reminders.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatDateTime } from '../format.js';
import { button, inline, onAction, show } from '../ui.js';

/**
 * The answers under a reminder: "✅ Буду" records the confirmation; "❌ Не смогу" asks once more for a
 * participant (the registration will be cancelled and the place given away) and then cancels, and drops that
 * slot for a voter. Callback data can be forged: the domain acts only on the presser's own registration
 * (another user's id answers "not found"). The history records the source `reminder`.
 */
export function remindersFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  onAction(composer, 'attend', async (ctx, registrationId, slotId, answer) => {
    const actor = userActor(ctx.user!.id, 'reminder');
    if (answer === 'yes' || answer === 'keep') {
      const { competition } = await confirmAttendance(db, actor, registrationId);
      return show(ctx, ctx.t('reminder.confirmed', { competition }));
    }
    const { registration, competition } = await declinableRegistration(db, ctx.user!.id, registrationId);
    if (answer === 'no' && registration.role === 'participant') {
      return show(
        ctx,
        ctx.t('reminder.ask_cancel', { competition }),
        inline([[button(ctx.t('reminder.cancel_yes'), 'attend', registrationId, slotId, 'sure')], [button(ctx.t('reminder.cancel_no'), 'attend', registrationId, slotId, 'keep')]]),
      );
    }
    const result = await declineAttendance(db, actor, registrationId, slotId);
    if (result.slotStartsAt) {
      return show(ctx, ctx.t('reminder.slot_dropped', { competition: result.competition, startsAt: formatDateTime(result.slotStartsAt, ctx.lang, deps.config.tzDisplay) }));
    }
    return show(ctx, ctx.t('reminder.cancelled', { competition: result.competition }));
  });

  return composer;
}
