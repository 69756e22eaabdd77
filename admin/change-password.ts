import type { ActionRequest } from 'adminjs';
import { changeOwnPassword, findAdminUser, setOwnDisplayName } from '../domain/admin-accounts.js';
import { DomainError } from '../domain/errors.js';
import type { Database } from '../domain/infrastructure/database.js';
import type { LoginThrottle } from '../domain/infrastructure/login-throttle.js';
import type { Language } from '../i18n/index.js';
import type { CurrentAdmin } from './auth.js';
import { PASSWORD_FORM_LIMIT } from './login-limits.js';
import { translateDomainError, type AdminMessageKey } from './locale.js';

type Answer = { ok?: boolean; messageKey?: AdminMessageKey; message?: string; name?: string | null };

/**
 * The "name and password" page (admin/components/change-password.tsx). GET: their own name (null until given:
 * the page asks for it). POST {displayName}: sets it. POST {current, password, repeat}: a new password. Answers a
 * message key for the browser. Tries of the current password are limited like logins; the change ends the
 * account's other sessions.
 */
export async function changeOwnPasswordPage(
  db: Database,
  throttle: LoginThrottle,
  request: ActionRequest,
  currentAdmin: CurrentAdmin | undefined,
  language: Language,
): Promise<Answer> {
  if (!currentAdmin) return request.method === 'post' ? { ok: false, messageKey: 'anyForbiddenError' } : {};
  if (request.method !== 'post') return { name: (await findAdminUser(db, Number(currentAdmin.id)))?.displayName ?? null };
  if (typeof request.payload?.displayName === 'string') {
    try {
      const user = await setOwnDisplayName(db, Number(currentAdmin.id), request.payload.displayName);
      return { ok: true, messageKey: 'nameSaved', name: user.displayName };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, message: translateDomainError(error, language) };
      throw error;
    }
  }
  const { current = '', password = '', repeat = '' } = (request.payload ?? {}) as Record<string, string>;
  if (password !== repeat) return { ok: false, messageKey: 'passwordMismatch' };
  const key = `password:${currentAdmin.id}`;
  if (!(await throttle.attempt([{ key, limit: PASSWORD_FORM_LIMIT }])).allowed) return { ok: false, messageKey: 'tooManyLoginAttempts' };
  // AdminJS hands page handlers the Fastify request spread out, the session with it.
  const sid = (request as ActionRequest & { session?: { sessionId?: string } }).session?.sessionId ?? null;
  try {
    const changed = await changeOwnPassword(db, Number(currentAdmin.id), current, password, sid);
    if (changed) await throttle.reset(key);
    return changed ? { ok: true, messageKey: 'passwordChanged' } : { ok: false, messageKey: 'wrongCurrentPassword' };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: translateDomainError(error, language) };
    throw error;
  }
}
