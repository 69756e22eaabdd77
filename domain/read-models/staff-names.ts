import type { AdminUser } from '../../entities/index.js';
import { translate, type Language } from '../../i18n/index.js';

/**
 * How a staff account is named to others — at the door ("отметил(а) Анна"), in the admin's lists and its
 * journal: the display name, else its role in words and its number ("волонтёр на входе #3"). Never the
 * e-mail, never the role's key.
 */
export function staffName(admin: Pick<AdminUser, 'id' | 'displayName' | 'role'>, lang: Language = 'ru'): string {
  const name = admin.displayName?.trim();
  return name || `${translate(lang, `staff.role_${admin.role}`)} #${admin.id}`;
}
