import { questionsFor } from '../../domain/answers.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { isRegistrationOpen } from '../../domain/places.js';
import { DomainError } from '../../domain/errors.js';
import { getUserRegistration, teamOfView, type RegistrationView } from '../../domain/read-models/queries.js';
import type { RegistrationStatus } from '../../entities/index.js';
import type { BotContext } from '../context.js';
import { formatDateTime, formatSlot } from '../format.js';
import type { MessageKey } from '../../i18n/index.js';
import { button, clip, inline } from '../ui.js';
import { teamRow } from './team.js';

export const ACTIVE: ReadonlySet<RegistrationStatus> = new Set<RegistrationStatus>(['pending', 'approved', 'waitlisted', 'offered']);

/** Whether a registration's answers may be changed now: active, registration still open, questions asked of its role. */
export async function answersChangeable(db: Database, view: RegistrationView): Promise<boolean> {
  if (!ACTIVE.has(view.registration.status) || !isRegistrationOpen(view.competition)) return false;
  return (await questionsFor(db.manager, view.competition.id, view.registration.role)).length > 0;
}

/** A registration's status in words, with the place in the waiting list when it waits. */
export function statusText(ctx: BotContext, view: RegistrationView): string {
  const status = ctx.t(`status.${view.registration.status}` as MessageKey);
  return view.waitlistPosition ? `${status} (${ctx.t('my.position', { position: view.waitlistPosition })})` : status;
}

/** The details screen's line for someone already in: one sentence per status ("Вы в списке ожидания, номер в очереди: 2."). */
export function ownStatusLine(ctx: BotContext, view: RegistrationView): string {
  const status = view.registration.status;
  if (status === 'waitlisted') return ctx.t('competition.yours_waitlisted', { position: view.waitlistPosition ?? 1 });
  // A cancelled registration is not shown as one's own (the details offer Register again).
  return ctx.t(OWN_STATUS[status === 'cancelled' ? 'pending' : status]);
}

const OWN_STATUS: Record<Exclude<RegistrationStatus, 'waitlisted' | 'cancelled'>, MessageKey> = {
  pending: 'competition.yours_pending',
  approved: 'competition.yours_approved',
  offered: 'competition.yours_offered',
  rejected: 'competition.yours_rejected',
};

function describe(ctx: BotContext, tz: string, view: RegistrationView): string {
  const lines = [
    ctx.t('competition.heading', { title: view.competition.title }),
    ctx.t('my.role', { role: ctx.t(view.registration.role === 'voter' ? 'role.voter' : 'role.participant') }),
    ctx.t('my.status', { status: statusText(ctx, view) }),
  ];
  const team = teamOfView(view);
  if (team) lines.push(ctx.t(team.captain ? 'my.team_captain' : 'my.team', { team: team.name }));
  if (view.competition.startsAt) lines.push(ctx.t('competition.starts', { time: formatDateTime(view.competition.startsAt, ctx.lang, tz) }));
  if (view.registration.status === 'offered' && view.registration.offerExpiresAt) {
    lines.push(ctx.t('my.offer_until', { time: formatDateTime(view.registration.offerExpiresAt, ctx.lang, tz) }));
  }
  if (view.registration.status === 'rejected' && view.registration.rejectionReason) lines.push(ctx.t('my.rejection_reason', { reason: view.registration.rejectionReason }));
  if (view.competition.contact) lines.push(ctx.t('my.contact', { contact: view.competition.contact }));
  if (view.registration.role === 'voter') {
    const slots = view.slots.map((s) => formatSlot(s.startsAt, s.endsAt, ctx.lang, tz)).join(', ');
    lines.push(ctx.t('my.slots', { slots: slots || ctx.t('my.slots_none') }));
    if (view.panel) lines.push(ctx.t('my.panel', { panel: view.panel.name }));
  }
  return lines.join('\n');
}

/** "My registrations": one line and one button each, or a way to the competitions when there is none. */
export function myRegistrationsScreen(ctx: BotContext, views: RegistrationView[]) {
  if (views.length === 0) {
    return { text: ctx.t('my.none'), extra: inline([[button(ctx.t('menu.competitions'), 'list', 0)], [button(ctx.t('menu.back'), 'menu')]]) };
  }
  const lines = views.map((v) => {
    const line = ctx.t('my.line', {
      competition: clip(v.competition.title, 80),
      role: ctx.t(v.registration.role === 'voter' ? 'role.voter' : 'role.participant'),
      status: statusText(ctx, v),
    });
    const team = teamOfView(v);
    return team ? line + ctx.t('my.line_team', { team: clip(team.name, 60) }) : line;
  });
  const rows = views.map((v) => [button(clip(v.competition.title, 50), 'myRegistration', v.registration.id)]);
  return { text: `${ctx.t('my.title')}\n\n${lines.join('\n')}`, extra: inline([...rows, [button(ctx.t('menu.back'), 'menu')]]) };
}

/**
 * One registration: competition, role, status, start (in TZ_DISPLAY), a voter's slots and panel; the ticket
 * when approved, slots and cancel while active, "register again" when cancelled and still open.
 */
export function registrationScreen(ctx: BotContext, tz: string, view: RegistrationView, changeAnswers = false) {
  const { registration, competition } = view;
  const active = ACTIVE.has(registration.status);
  return {
    text: describe(ctx, tz, view),
    extra: inline([
      registration.status === 'approved' ? [button(ctx.t('ticket.button'), 'ticket', registration.id)] : [],
      teamRow(ctx, competition, registration, isRegistrationOpen(competition), active),
      registration.status === 'offered' ? [button(ctx.t('offer.accept'), 'offer', registration.id, 'take'), button(ctx.t('offer.decline'), 'offer', registration.id, 'skip')] : [],
      registration.role === 'voter' && active ? [button(ctx.t('my.choose_slots'), 'slots', registration.id)] : [],
      changeAnswers ? [button(ctx.t('my.change_answers'), 'ansEdit', registration.id)] : [],
      active && registration.status !== 'offered' ? [button(ctx.t('my.cancel'), 'cancelAsk', registration.id)] : [],
      registration.status === 'cancelled' && isRegistrationOpen(competition) ? [button(ctx.t('my.register_again'), 'register', competition.id, registration.role)] : [],
      [button(ctx.t('my.back'), 'myList'), button(ctx.t('menu.back'), 'menu')],
    ]),
  };
}

/** One of the user's registrations as its screen (see registrationScreen), read by its id. */
export async function registrationDetails(ctx: BotContext, db: Database, tz: string, registrationId: number) {
  const view = await getUserRegistration(db, ctx.user!.id, registrationId);
  if (!view) throw new DomainError('registration.not_found');
  return registrationScreen(ctx, tz, view, await answersChangeable(db, view));
}
