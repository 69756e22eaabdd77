import type { AdminUser, AdminRole } from '../entities/index.js';
import type { Database } from '../domain/infrastructure/database.js';
import { authenticateAdmin } from '../domain/admin-accounts.js';
import { staffName } from '../domain/read-models/staff-names.js';
import { translate } from '../i18n/index.js';

/** What the admin session keeps about the person logged in (AdminJS's CurrentAdmin). */
export interface CurrentAdmin {
  id: string;
  email: string;
  role: AdminRole;
  /** Shown under the e-mail in the top bar: their name and role in the admin's language ("Анна · организатор"). */
  title: string;
  /** The browser's language (Accept-Language), refreshed on each request: texts made on the server use it. */
  language?: 'ru' | 'en';
}

function titleOf(user: AdminUser, language: 'ru' | 'en'): string {
  const role = translate(language, `staff.role_${user.role}`);
  return user.displayName ? `${staffName(user, language)} · ${role}` : role;
}

export function toCurrentAdmin(user: AdminUser, language: 'ru' | 'en' = 'ru'): CurrentAdmin {
  return { id: String(user.id), email: user.email, role: user.role, title: titleOf(user, language), language };
}

/** Russian unless the browser's first language is English (as AdminJS decides in the browser). */
export function languageOfHeader(acceptLanguage: string | undefined): 'ru' | 'en' {
  return /^\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'ru';
}

/** AdminJS's login check: the session's admin for an e-mail and password, or null. */
export async function authenticate(db: Database, email: string, password: string): Promise<CurrentAdmin | null> {
  const user = await authenticateAdmin(db, email, password);
  return user ? toCurrentAdmin(user) : null;
}
