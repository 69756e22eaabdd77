import type { RegistrationView } from '../../domain/read-models/queries.js';
import type { BotContext } from '../context.js';
import type { MessageKey } from '../../i18n/index.js';

/** A registration's status in words, with the place in the waiting list when it waits. */
export function statusText(ctx: BotContext, view: RegistrationView): string {
  const status = ctx.t(`status.${view.registration.status}` as MessageKey);
  return view.waitlistPosition ? `${status} (${ctx.t('my.position', { position: view.waitlistPosition })})` : status;
}
