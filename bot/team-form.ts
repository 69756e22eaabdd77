import { unanswered } from '../domain/answer-rules.js';
import { userActor } from '../domain/actor.js';
import { DomainError } from '../domain/errors.js';
import { createTeam } from '../domain/teams.js';
import type { BotContext } from './context.js';
import type { BotDeps } from './deps.js';
import { askRefusedAnswer } from './forms.js';
import { show } from './ui.js';
import { registrationSteps } from './views/registration-form.js';
import { askTeamName, inviteLinkOf, sendInviteQr, toTeamKeyboard } from './views/team.js';

/** A refused name: asked again with the reason (also when someone took it between the name step and the end). */
export const TEAM_NAME_ERRORS: ReadonlySet<string> = new Set(['team.name_invalid', 'team.name_taken']);

/**
 * The captain's team form goes on after the name or an answer: the next team question, or — all answered — the team
 * is created (domain createTeam) and the captain gets the invite link, then its QR code to show friends. Shared by the
 * team's name step (bot/features/team.ts) and the questions' screens (bot/features/questions.ts).
 */
export async function continueTeamForm(ctx: BotContext, deps: BotDeps): Promise<void> {
  const draft = ctx.session.draft!;
  const form = draft.team!;
  const question = draft.q && unanswered(draft.q.questions, draft.q.answers, draft.q.skipped)[0];
  if (question) return registrationSteps(deps).openQuestion(ctx, question.id);
  let created: Awaited<ReturnType<typeof createTeam>>;
  try {
    created = await createTeam(deps.db, userActor(ctx.user!.id, 'bot'), {
      registrationId: form.registrationId,
      name: form.name ?? '',
      answers: draft.q?.answers ?? {},
      lang: ctx.lang,
    });
  } catch (error) {
    if (error instanceof DomainError && TEAM_NAME_ERRORS.has(error.key)) {
      form.name = undefined;
      return askTeamName(ctx, deps, `${ctx.t(error.key, error.params)}\n\n`);
    }
    if (error instanceof DomainError && (await askRefusedAnswer(ctx, deps, error))) return;
    ctx.session = {};
    throw error;
  }
  ctx.session = {};
  const { team, registration } = created;
  const competition = draft.title ?? '';
  const text = ctx.t('team.created', { team: team.name, link: inviteLinkOf(ctx, team.inviteCode), min: form.min ?? 0, max: form.max ?? 0 });
  await show(ctx, registration.status === 'waitlisted' ? `${text}\n\n${ctx.t('team.created_waitlisted')}` : text, toTeamKeyboard(ctx, team.id));
  await sendInviteQr(ctx, team, competition);
}
