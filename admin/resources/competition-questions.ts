import type { Action, ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import { DomainError } from '../../domain/errors.js';
import { moveQuestion } from '../../domain/questions.js';
import { competitionQuestions, optionCounts } from '../../domain/read-models/answers.js';
import { adminLanguage, translateDomainError } from '../locale.js';
import { actorOf } from './app-resource.js';
import { isStaff, type ResourceDeps } from './shared.js';

/**
 * The competition page's questions, in the order the bot asks them, each a link to its page, with ↑ / ↓ to
 * reorder and a link that adds one (admin/components/competition-questions.tsx). The GET answers the list; a POST
 * (`{ move: id, direction: 'up' | 'down' }`, sent from the admin's pages only — admin/cross-site.ts) moves one
 * question through the domain and answers the list again, or the reason it cannot move.
 */
export function questionsAction({ ctx }: ResourceDeps): Partial<Action<ActionResponse>> {
  const { db } = ctx;
  return {
    actionType: 'record',
    icon: 'HelpCircle',
    isVisible: false,
    isAccessible: isStaff,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext) => {
      const competitionId = Number(context.record!.id());
      const language = adminLanguage(context);
      let error = '';
      const payload = (request.payload ?? {}) as Record<string, unknown>;
      if (request.method === 'post') {
        const id = Number(payload.move);
        const mine = (await competitionQuestions(db, competitionId, language)).some((q) => q.id === id);
        try {
          if (!mine) throw new DomainError('question.not_found');
          await moveQuestion(db, actorOf(context), id, payload.direction === 'down' ? 'down' : 'up');
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          error = translateDomainError(e, language);
        }
      }
      return { record: context.record!.toJSON(context.currentAdmin), questions: await competitionQuestions(db, competitionId, language), error };
    },
  };
}

/**
 * The dashboard's counts per option of a competition's choice and yes/no questions (how many chose each, the places
 * an option with a limit has left), asked by each competition's card on its own (GET): one competition's answers
 * are a small query, where all open competitions' at once would slow the dashboard's first answer.
 */
export function optionCountsAction({ ctx }: ResourceDeps): Partial<Action<ActionResponse>> {
  return {
    actionType: 'record',
    icon: 'BarChart2',
    isVisible: false,
    isAccessible: isStaff,
    handler: async (_request: ActionRequest, _response: unknown, context: ActionContext) => {
      const competitionId = Number(context.record!.id());
      const counts = await optionCounts(ctx.db, [competitionId], adminLanguage(context));
      return { record: context.record!.toJSON(context.currentAdmin), options: counts.get(competitionId) ?? [] };
    },
  };
}
