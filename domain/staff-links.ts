import crypto from 'node:crypto';
import { LessThan, type EntityManager } from 'typeorm';
import { AdminUser, StaffToken, type AdminRole } from '../entities/index.js';
import { adminActor, type Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';

/** Roles that may open the door scanner (and use the Mini App). */
export const CHECKIN_ROLES: readonly AdminRole[] = ['admin', 'organizer', 'checkin'];
export const canCheckIn = (role: string | undefined | null): boolean => CHECKIN_ROLES.includes(role as AdminRole);

/** A link token is good for 10 minutes and one use; a scanner token for a door shift. */
export const LINK_TOKEN_TTL_MS = 10 * 60 * 1000;
export const SCANNER_TOKEN_TTL_MS = 12 * 60 * 60 * 1000;
/** Telegram's initData older than this is refused; one dated further ahead than the clock skew too. */
export const INIT_DATA_MAX_AGE_S = 10 * 60;
export const INIT_DATA_MAX_SKEW_S = 60;

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');
const newToken = () => crypto.randomBytes(24).toString('base64url');

/** Where the Telegram link of an admin user stands, for the "My account" page. */
export interface TelegramLinkState {
  linked: boolean;
  telegramId: number | null;
}

/**
 * A one-time token for `t.me/<bot>?start=staff_<token>` (32 base64url characters, far under Telegram's 64
 * for a start parameter). Stored only as its SHA-256: a database read gives nobody a usable link.
 */
export function createLinkToken(db: Database, adminUserId: number, now = new Date()): Promise<string> {
  const token = newToken();
  return db.write(async (manager) => {
    await manager.delete(StaffToken, { adminUserId, kind: 'link' });
    await manager.delete(StaffToken, { expiresAt: LessThan(now) });
    await manager.insert(StaffToken, { adminUserId, kind: 'link', tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + LINK_TOKEN_TTL_MS), usedAt: null });
    return token;
  });
}

/**
 * The bot received `/start staff_<token>` from a Telegram account: links it to the token's admin user, once.
 * One Telegram account links to one admin user (linking it elsewhere is refused). Audited as the admin user,
 * through the bot.
 */
export function linkTelegram(db: Database, token: string, telegramId: number, now = new Date()): Promise<AdminUser> {
  return db.write(async (manager) => {
    const row = await manager.findOneBy(StaffToken, { tokenHash: hashToken(token), kind: 'link' });
    if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime()) throw new DomainError('staff.link_invalid');
    const used = await db.execute('UPDATE staff_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [db.date(now), row.id], manager);
    if (used === 0) throw new DomainError('staff.link_invalid');
    const other = await manager.findOneBy(AdminUser, { telegramId });
    if (other && other.id !== row.adminUserId) throw new DomainError('staff.telegram_taken');
    const user = await manager.findOneBy(AdminUser, { id: row.adminUserId });
    if (!user) throw new DomainError('staff.link_invalid');
    await setTelegramId(manager, user, telegramId);
    await logAdminAction(manager, adminActor(user.id, 'bot'), 'admin_users.telegram_linked', 'admin_users', user.id, {
      telegramId: { before: user.telegramId, after: telegramId },
    });
    return manager.findOneByOrFail(AdminUser, { id: user.id });
  });
}

/** Unlinks the Telegram account (and ends the Mini App scanner tokens); audited. */
export function unlinkTelegram(db: Database, actor: Actor, adminUserId: number): Promise<void> {
  return db.write(async (manager) => {
    const user = await manager.findOneBy(AdminUser, { id: adminUserId });
    if (!user) throw new DomainError('admin.not_found');
    await clearTelegramLink(manager, adminUserId);
    if (user.telegramId !== null) {
      await logAdminAction(manager, actor, 'admin_users.telegram_unlinked', 'admin_users', adminUserId, { telegramId: { before: user.telegramId, after: null } });
    }
  });
}

/** A password reset or a role change unlinks Telegram and ends staff tokens (inside the caller's transaction). */
export async function clearTelegramLink(manager: EntityManager, adminUserId: number): Promise<void> {
  await manager.update(AdminUser, { id: adminUserId }, { telegramId: null });
  await manager.delete(StaffToken, { adminUserId });
}

/**
 * Every change of an account's Telegram link goes through here (or clearTelegramLink): linked to another
 * Telegram account, the scanner tokens the old one got end with it — they were the old account's.
 */
async function setTelegramId(manager: EntityManager, user: AdminUser, telegramId: number): Promise<void> {
  await manager.update(AdminUser, { id: user.id }, { telegramId });
  if (user.telegramId !== telegramId) await manager.delete(StaffToken, { adminUserId: user.id, kind: 'scanner' });
}

export async function telegramLinkState(db: Database, adminUserId: number): Promise<TelegramLinkState> {
  const user = await db.manager.findOneBy(AdminUser, { id: adminUserId });
  return { linked: Boolean(user?.telegramId), telegramId: user?.telegramId ?? null };
}

/** The linked admin user of a Telegram account who may scan (the bot's "📷" button), or null. */
export async function linkedStaff(db: Database, telegramId: number): Promise<AdminUser | null> {
  const user = await db.manager.findOneBy(AdminUser, { telegramId });
  return user && canCheckIn(user.role) ? user : null;
}

export interface TelegramWebAppUser {
  id: number;
  username?: string;
  first_name?: string;
}

/**
 * Checks a Mini App's `initData` as Telegram documents it: secret = HMAC-SHA256(key "WebAppData", bot token);
 * hash = hex HMAC-SHA256(secret, data-check string: the other fields sorted by key, `key=value`, joined by
 * "\n"); `auth_date` at most 10 minutes old. Returns the Telegram user, or null for anything else.
 */
export function verifyInitData(botToken: string, initData: string, now = new Date(), maxAgeS = INIT_DATA_MAX_AGE_S): TelegramWebAppUser | null {
  return checkInitData(botToken, initData, now, maxAgeS)?.user ?? null;
}

/** verifyInitData, with the signature that was checked (it names this very initData). */
function checkInitData(botToken: string, initData: string, now: Date, maxAgeS: number): { user: TelegramWebAppUser; hash: string } | null {
  if (!botToken || typeof initData !== 'string' || initData.length === 0 || initData.length > 4096) return null;
  const params = new URLSearchParams(initData);
  const hash = params.get('hash');
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return null;
  params.delete('hash');
  const check = [...params.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const secret = crypto.createHmac('sha256', 'WebAppData').update(botToken).digest();
  const expected = crypto.createHmac('sha256', secret).update(check).digest('hex');
  if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(hash))) return null;
  const authDate = Number(params.get('auth_date'));
  const age = now.getTime() / 1000 - authDate;
  if (!Number.isFinite(authDate) || age > maxAgeS || age < -INIT_DATA_MAX_SKEW_S) return null;
  try {
    const user = JSON.parse(params.get('user') ?? 'null') as TelegramWebAppUser | null;
    return user && Number.isSafeInteger(user.id) ? { user, hash } : null;
  } catch {
    return null;
  }
}

/**
 * The scanner token of one initData for one account: derived from the initData's signature with a key of the
 * bot's (HMAC-SHA256), so the same initData sent again gives the same token — one token, not a new one per
 * replay — and nobody without the bot token can compute it.
 */
function scannerTokenFor(botToken: string, adminUserId: number, initDataHash: string): string {
  const key = crypto.createHmac('sha256', 'ScannerToken').update(botToken).digest();
  return crypto.createHmac('sha256', key).update(`${adminUserId}:${initDataHash}`).digest().subarray(0, 24).toString('base64url');
}

/**
 * Verified initData of a linked staff member → a scanner-only token for a door shift (null: forged, stale,
 * dated ahead, not linked, or a role that may not check in). Stored hashed, like the link tokens. The same
 * initData again gives the same token (its row is kept, not added to); its 12 hours run from the first time.
 */
export async function exchangeInitData(db: Database, botToken: string, initData: string, now = new Date()): Promise<{ token: string; admin: AdminUser } | null> {
  const checked = checkInitData(botToken, initData, now, INIT_DATA_MAX_AGE_S);
  if (!checked) return null;
  const admin = await linkedStaff(db, checked.user.id);
  if (!admin) return null;
  const token = scannerTokenFor(botToken, admin.id, checked.hash);
  await db.write(async (manager) => {
    await manager.delete(StaffToken, { expiresAt: LessThan(now) });
    // A replay (also two at once) finds the row there: nothing is added.
    await manager
      .createQueryBuilder()
      .insert()
      .into(StaffToken)
      .values({ adminUserId: admin.id, kind: 'scanner', tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SCANNER_TOKEN_TTL_MS), usedAt: null })
      .orIgnore()
      .execute();
  });
  return { token, admin };
}

/** The admin user behind a scanner token still valid and still allowed to check in, or null. */
export async function scannerTokenAdmin(db: Database, token: string, now = new Date()): Promise<AdminUser | null> {
  if (!token || token.length > 64) return null;
  const row = await db.manager.findOne(StaffToken, { where: { tokenHash: hashToken(token), kind: 'scanner' }, relations: { adminUser: true } });
  if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
  // A token comes from a linked Telegram account: an account unlinked meanwhile (whichever way) has none.
  return canCheckIn(row.adminUser.role) && row.adminUser.telegramId !== null ? row.adminUser : null;
}
