import { Composer } from 'telegraf';
import { userActor } from '../../domain/actor.js';
import { DomainError } from '../../domain/errors.js';
import { getUserRegistration, listUserRegistrations, type RegistrationView } from '../../domain/read-models/queries.js';
import { cancelRegistration } from '../../domain/registrations.js';
import { isRegistrationOpen } from '../../domain/places.js';
import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import { formatDateTime, formatSlot } from '../format.js';
import { answer, button, clip, inline, menuKeyboard, onAction, show } from '../ui.js';
import { statusText } from '../views/registrations.js';

const ACTIVE = new Set(['pending', 'approved', 'waitlisted']);

function describe(ctx: BotContext, deps: BotDeps, view: RegistrationView): string {
  const tz = deps.config.tzDisplay;
  const lines = [
    ctx.t('competition.heading', { title: view.competition.title }),
    ctx.t('my.role', { role: ctx.t(view.registration.role === 'voter' ? 'role.voter' : 'role.participant') }),
    ctx.t('my.status', { status: statusText(ctx, view) }),
  ];
  if (view.competition.startsAt) lines.push(ctx.t('competition.starts', { time: formatDateTime(view.competition.startsAt, ctx.lang, tz) }));
  if (view.registration.role === 'voter') {
    const slots = view.slots.map((s) => formatSlot(s.startsAt, s.endsAt, ctx.lang, tz)).join(', ');
    lines.push(ctx.t('my.slots', { slots: slots || ctx.t('my.slots_none') }));
    if (view.panel) lines.push(ctx.t('my.panel', { panel: view.panel.name }));
  }
  return lines.join('\n');
}

/** "My registrations": the list, one registration's details, cancel with a confirmation step. */
export function myRegistrationsFeature(deps: BotDeps): Composer<BotContext> {
  const { db } = deps;
  const composer = new Composer<BotContext>();

  async function details(ctx: BotContext, registrationId: number) {
    const view = await getUserRegistration(db, ctx.user!.id, registrationId);
    if (!view) throw new DomainError('registration.not_found');
    const { registration, competition } = view;
    const active = ACTIVE.has(registration.status);
    await show(ctx, describe(ctx, deps, view), inline([
      registration.status === 'approved' ? [button(ctx.t('ticket.button'), 'ticket', registration.id)] : [],
      registration.role === 'voter' && active ? [button(ctx.t('my.choose_slots'), 'slots', registration.id)] : [],
      active ? [button(ctx.t('my.cancel'), 'cancelAsk', registration.id)] : [],
      registration.status === 'cancelled' && isRegistrationOpen(competition)
        ? [button(ctx.t('my.register_again'), 'register', competition.id, registration.role)]
        : [],
      [button(ctx.t('my.back'), 'myList'), button(ctx.t('menu.back'), 'menu')],
    ]));
  }

  onAction(composer, 'myList', async (ctx) => {
    const views = await listUserRegistrations(db, ctx.user!.id);
    if (views.length === 0) {
      return show(ctx, ctx.t('my.none'), inline([[button(ctx.t('menu.competitions'), 'list', 0)], [button(ctx.t('menu.back'), 'menu')]]));
    }
    const lines = views.map((v) => `• ${clip(v.competition.title, 80)} — ${ctx.t(v.registration.role === 'voter' ? 'role.voter' : 'role.participant')}, ${statusText(ctx, v)}`);
    const rows = views.map((v) => [button(clip(v.competition.title, 50), 'myRegistration', v.registration.id)]);
    await show(ctx, `${ctx.t('my.title')}\n\n${lines.join('\n')}`, inline([...rows, [button(ctx.t('menu.back'), 'menu')]]));
  });

  onAction(composer, 'myRegistration', (ctx, id) => details(ctx, id));

  onAction(composer, 'cancelAsk', async (ctx, id) => {
    const view = await getUserRegistration(db, ctx.user!.id, id);
    if (!view) throw new DomainError('registration.not_found');
    await show(ctx, ctx.t('my.cancel_confirm', { competition: view.competition.title }), inline([
      [button(ctx.t('my.cancel_yes'), 'cancelYes', id)],
      [button(ctx.t('my.cancel_no'), 'myRegistration', id)],
      [button(ctx.t('menu.back'), 'menu')],
    ]));
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
