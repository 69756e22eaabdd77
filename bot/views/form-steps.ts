import type { BotContext } from '../context.js';
import type { BotDeps } from '../deps.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Step } from '../session.js';
import { profileForm } from './profile.js';
import { registrationForm } from './registration-form.js';
import { teamForm } from './team.js';

/**
 * What a form tells the rest of the bot about its steps, so that /language, /cancel and the catch-all need not
 * know any form's steps: each form owns its entry.
 */
export interface FormSteps<S extends Step = Step> {
  /** What each step is waiting for, repeated when something else arrives. */
  hints: Record<S, MessageKey>;
  /** Steps that showed the contact-sharing reply keyboard: leaving them must take it away. */
  phoneSteps: readonly S[];
  /**
   * What a step's screen says once its buttons are gone, where its question pointed at them (a name step's
   * "press the button with your name below"): the plain question.
   */
  settled?: Partial<Record<S, MessageKey>>;
  /** What leaving the form with Cancel says. */
  cancelled: MessageKey;
  /** Asks the open step again (after /language, in the new language), `prefix` on top of it. */
  reshow(ctx: BotContext, deps: BotDeps, prefix: string): Promise<void>;
}

const FORMS: FormSteps[] = [registrationForm as FormSteps, profileForm as FormSteps, teamForm as FormSteps];

function formOf(step: Step): FormSteps | undefined {
  return FORMS.find((form) => step in form.hints);
}

export function stepHint(step: Step): MessageKey {
  return formOf(step)!.hints[step];
}

export function isPhoneStep(step: Step): boolean {
  return formOf(step)?.phoneSteps.includes(step) ?? false;
}

/** The text a step's screen keeps when the form is left and its buttons go, when it differs from what it showed. */
export function settledQuestion(step: Step): MessageKey | undefined {
  return formOf(step)?.settled?.[step];
}

export function cancelledKey(step: Step | undefined): MessageKey {
  return (step && formOf(step)?.cancelled) || 'cancel.done';
}

/** The open step again, in the user's (new) language, after `prefix`; nothing outside a form. */
export async function reshowStep(ctx: BotContext, deps: BotDeps, prefix: string): Promise<void> {
  const step = ctx.session?.step;
  if (step) await formOf(step)?.reshow(ctx, deps, prefix);
}
