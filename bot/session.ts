import type { Context, MiddlewareFn } from 'telegraf';
import type { RegistrationRole } from '../entities/index.js';
import type { FormQuestion } from '../domain/answer-rules.js';
import { prefetchedFor } from './pipeline.js';

/** Where the user is in a multi-step form. Business state lives in the domain tables, not here. */
export type Step = 'reg_name' | 'reg_phone' | 'reg_question' | 'reg_answers' | 'reg_consent' | 'reg_waitlist' | 'edit_name' | 'edit_phone' | 'team_name' | 'team_rename';

/**
 * The competition's own questions while a form asks them: a snapshot taken once when the form starts (the
 * questions, places taken per limited option, answers remembered from other competitions), so that answering
 * makes no database query until the answers are stored with the registration (or changed, `registrationId`).
 */
export interface QuestionsDraft {
  questions: FormQuestion[];
  /** Question id → stored value, waiting for consent (or for saving, when changing a registration's answers). */
  answers: Record<number, string>;
  /** Optional questions skipped: not asked again. */
  skipped: number[];
  /** Places taken per option of the limited questions (domain/answers.ts optionFill). */
  fill: Record<number, Record<string, number>>;
  /** `remember_as` key → the value given in another competition, offered for one-tap reuse. */
  remembered: Record<string, string>;
  /** The question on screen. */
  current?: number;
  /** Several-of-a-list: the options ticked so far on the screen, by value. */
  ticked?: string[];
  /** Changing the answers of this registration (from "My registrations"), not filling in a new one. */
  registrationId?: number;
}

export interface SessionData {
  step?: Step;
  /**
   * The registration being filled in. Name and phone typed in the form wait here and reach the profile
   * only when the user consents: a declined form leaves no personal data behind.
   */
  draft?: {
    competitionId: number;
    role: RegistrationRole;
    title?: string;
    fullName?: string;
    phone?: string;
    /** The competition's own questions (read when the form starts). */
    q?: QuestionsDraft;
    /**
     * The consent document's version, read with the questions when the form starts, so that the step after the last
     * question needs no query; checked again at consent (a newer one is shown before anyone consents to it).
     */
    version?: number;
    /** Joining a team: the invite code, registered with the form (registerForCompetition's `teamCode`). */
    teamCode?: string;
    /**
     * Creating a team (or renaming one, `teamId`) from the captain's registration: the name, checked as typed, waits
     * here while the team questions (`q`, the forTeam ones) are asked; the team is created after the last one. The
     * competition's team sizes ride along for the answer.
     */
    team?: { registrationId: number; name?: string; teamId?: number; min?: number; max?: number };
  };
  /** An invite link's code, kept between its preview and "Вступить" (bot/features/team.ts). */
  joinCode?: string;
  /**
   * The message that shows the form's current step with inline buttons: a typed answer takes its buttons
   * away (a pressed one edits it into the next step), so no spent form keyboard stays live in the chat.
   */
  screen?: number;
  /**
   * The phone step's question. It carries the contact button (a reply keyboard), so Telegram never lets it be
   * edited: once answered or left it is deleted, and the note "Телефон: … ✓" stays in its place.
   */
  prompt?: number;
  /**
   * The catch-all answered the last update with the menu (or after it): the next message it cannot place gets a
   * short answer only, not another menu. Any other update clears it (bot/features/fallback.ts).
   */
  menuAbove?: true;
}

/**
 * `ctx.session` for every update of a person in a private chat (groups have none). The session was read with the
 * update's claim and its change is written with the done mark (bot/pipeline.ts, domain/infrastructure/turn-store.ts):
 * this middleware only parses it and says what changed — an empty session is no row at all, and a session left
 * unchanged costs nothing (most updates only read it). Updates of one chat run one at a time (the turn), so no two
 * handlers share a session at once — Telegraf's "last write wins" race is gone. The key is the pipeline's
 * (`sessionKeyOf`), the one place that computes it.
 */
export function sessionMiddleware<C extends Context & { session: SessionData }>(): MiddlewareFn<C> {
  return async (ctx, next) => {
    const loaded = prefetchedFor(ctx.update);
    if (!loaded?.sessionKey) {
      ctx.session = {};
      return next();
    }
    const key = loaded.sessionKey;
    const json = loaded.session ?? '{}';
    ctx.session = JSON.parse(json) as SessionData;
    try {
      await next();
    } finally {
      const value = JSON.stringify(ctx.session ?? {});
      if (value !== json) loaded.change = { key, value: value === '{}' ? null : value };
    }
  };
}
