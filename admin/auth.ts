import type { AdminUser, AdminRole } from '../entities/index.js';
import type { Database } from '../domain/infrastructure/database.js';
import { authenticateAdmin } from '../domain/admin-accounts.js';

/** What the admin session keeps about the person logged in (AdminJS's CurrentAdmin). */
export interface CurrentAdmin {
  id: string;
  email: string;
  role: AdminRole;
  /** Shown under the e-mail in the top bar: the role in the admin's language. */
  title: string;
  /** The browser's language (Accept-Language), refreshed on each request: texts made on the server use it. */
  language?: 'ru' | 'en';
}

const ROLE_TITLES: Record<'ru' | 'en', Record<string, string>> = {
  ru: { admin: 'администратор', organizer: 'организатор' },
  en: { admin: 'administrator', organizer: 'organizer' },
};

export function toCurrentAdmin(user: AdminUser, language: 'ru' | 'en' = 'ru'): CurrentAdmin {
  return { id: String(user.id), email: user.email, role: user.role, title: ROLE_TITLES[language][user.role] ?? user.role, language };
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
