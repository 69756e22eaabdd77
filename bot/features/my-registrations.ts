import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import { getUserRegistration, listUserRegistrations } from '../../domain/read-models/queries.js';
import { cancelRegistration } from '../../domain/registrations.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { answer, button, inline, menuKeyboard, onAction, show } from '../ui.js';
import { myRegistrationsScreen, registrationDetails } from '../views/registrations.js';

/** "My registrations": the list, one registration's details, cancel with a confirmation step. */
export function myRegistrationsFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  onAction(composer, 'myList', async (ctx) => {
    const screen = myRegistrationsScreen(ctx, await listUserRegistrations(db, ctx.user!.id));
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'myRegistration', async (ctx, id) => {
    const screen = await registrationDetails(ctx, db, deps.config.tzDisplay, id);
    await show(ctx, screen.text, screen.extra);
  });

  onAction(composer, 'cancelAsk', async (ctx, id) => {
    const view = await getUserRegistration(db, ctx.user!.id, id);
    if (!view) throw new DomainError('registration.not_found');
    await show(
      ctx,
      ctx.t('my.cancel_confirm', { competition: view.competition.title }),
      inline([[button(ctx.t('my.cancel_yes'), 'cancelYes', id)], [button(ctx.t('my.cancel_no'), 'myRegistration', id)], [button(ctx.t('menu.back'), 'menu')]]),
    );
  });

  onAction(composer, 'cancelYes', async (ctx, id) => {
    const view = await getUserRegistration(db, ctx.user!.id, id);
    if (!view) throw new DomainError('registration.not_found');
    // Pressed again (a double tap): the first press already answered; a toast, not a second message.
    if (view.registration.status === 'cancelled') return answer(ctx, ctx.t('registration.already_cancelled'));
    await cancelRegistration(db, userActor(ctx.user!.id, 'bot'), id);
    await show(ctx, ctx.t('my.cancelled', { competition: view.competition.title }), menuKeyboard(ctx));
  });
  return composer;
}
