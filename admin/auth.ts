import type { AdminUser, AdminRole } from '../entities/index.js';
import type { Database } from '../domain/database.js';
import { authenticateAdmin } from '../domain/admin-accounts.js';

/** What the admin session keeps about the person logged in (AdminJS's CurrentAdmin). */
export interface CurrentAdmin {
  id: string;
  email: string;
  role: AdminRole;
  title: string;
}

export function toCurrentAdmin(user: AdminUser): CurrentAdmin {
  return { id: String(user.id), email: user.email, role: user.role, title: user.role };
}

/** AdminJS's login check: the session's admin for an e-mail and password, or null. */
export async function authenticate(db: Database, email: string, password: string): Promise<CurrentAdmin | null> {
  const user = await authenticateAdmin(db, email, password);
  return user ? toCurrentAdmin(user) : null;
}
