import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { User } from '../entities/index.js';
import { SYSTEM, type Actor } from './actor.js';
import { updateRecord } from './records.js';
import { scrubUserFromAudit } from './audit.js';
import { withdrawConsents } from './consents.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { lockCompetition, offerFreedPlaces } from './places.js';
import { leaveTeamsOf } from './teams.js';
import { competitionsHeldBy } from './registrations.js';

/** Full name as people write it: 2–100 characters, letters with spaces, hyphens, apostrophes and dots. */
export function normalizeFullName(input: string): string | null {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 100) return null;
  if (!/^[\p{L}][\p{L}\p{M} .'’-]*$/u.test(name)) return null;
  return name;
}

/** The region a number typed without + belongs to, when none is configured (PHONE_REGION). */
export const DEFAULT_PHONE_REGION = 'RU';

function region(code: string | undefined): CountryCode {
  const upper = (code ?? DEFAULT_PHONE_REGION).toUpperCase();
  return isSupportedCountry(upper) ? upper : DEFAULT_PHONE_REGION;
}

/**
 * A phone number as people type it ("8 (912) 333-00-00", "912 345 67 89", "+7 916 …", a shared contact's
 * "79161234567"), parsed and validated by libphonenumber (Google's metadata) with `defaultRegion` for numbers
 * without a country code; stored as E.164 (+79123330000). null when it is not a possible, valid number.
 */
export function normalizePhone(input: string, defaultRegion?: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, region(defaultRegion));
  return parsed?.isValid() ? parsed.number : null;
}

/** A stored number as people read it (+7 912 333 00 00); anything unparsable as stored. */
export function formatPhone(stored: string | null): string {
  if (!stored) return '';
  return parsePhoneNumberFromString(stored)?.formatInternational() ?? stored;
}

/**
 * An organizer corrects a person's name or phone in the admin: read and checked exactly as the bot reads them
 * (a phone typed "8 (994) 435-07-45" is stored +79944350745, PHONE_REGION for numbers without +), each refusal
 * on its field; an empty phone clears it. Audited in the same transaction (domain/records.ts).
 */
export async function correctUserProfile(db: Database, actor: Actor, userId: number, changes: { fullName?: unknown; phone?: unknown }): Promise<void> {
  const values: Partial<User> = {};
  if ('fullName' in changes) {
    const name = changes.fullName === null || changes.fullName === '' ? null : normalizeFullName(String(changes.fullName));
    if (changes.fullName !== null && changes.fullName !== '' && !name) throw new DomainError('profile.bad_name', {}, 'fullName');
    values.fullName = name;
  }
  if ('phone' in changes) {
    const phone = changes.phone === null || changes.phone === '' ? null : normalizePhone(String(changes.phone), db.settings.phoneRegion);
    if (changes.phone !== null && changes.phone !== '' && !phone) throw new DomainError('profile.bad_phone', {}, 'phone');
    values.phone = phone;
  }
  if (Object.keys(values).length > 0) await updateRecord(db, actor, User, 'users', userId, values);
}

export async function updateProfile(db: Database, userId: number, changes: { fullName?: string; phone?: string }): Promise<User> {
  const values: Partial<User> = {};
  if (changes.fullName !== undefined) {
    const name = normalizeFullName(changes.fullName);
    if (!name) throw new DomainError('profile.bad_name');
    values.fullName = name;
  }
  if (changes.phone !== undefined) {
    const phone = normalizePhone(changes.phone, db.settings.phoneRegion);
    if (!phone) throw new DomainError('profile.bad_phone');
    values.phone = phone;
  }
  if (Object.keys(values).length) {
    await db.writeStatement('UPDATE users SET full_name = COALESCE($1, full_name), phone = COALESCE($2, phone), updated_at = $3 WHERE id = $4', [
      values.fullName ?? null,
      values.phone ?? null,
      db.date(new Date()),
      userId,
    ]);
  }
  return db.manager.findOneByOrFail(User, { id: userId });
}

export function setPreferredLanguage(db: Database, userId: number, language: 'ru' | 'en'): Promise<void> {
  return db.write(async (manager) => {
    await manager.update(User, { id: userId }, { preferredLanguage: language, updatedAt: new Date() });
  });
}

/**
 * Telegram told us the user blocked the bot (or unblocked it): notifications stop (or resume). By Telegram id,
 * for an update that creates no row (`my_chat_member`): nobody there, nothing changes.
 */
export function setBlockedByTelegramId(db: Database, telegramId: number, blocked: boolean): Promise<number> {
  return db.writeStatement('UPDATE users SET is_blocked = $1 WHERE telegram_id = $2', [blocked, telegramId]);
}

export function setReminders(db: Database, userId: number, enabled: boolean): Promise<void> {
  return db.write(async (manager) => {
    await manager.update(User, { id: userId }, { remindersEnabled: enabled, updatedAt: new Date() });
  });
}

/**
 * The user withdraws consent and deletes their data: the user row goes and everything hanging from it with
 * it (foreign keys cascade: registrations and their history, slots, panels, outbox, deliveries), and the
 * organizers' audit of their record forgets their name and phone. The competitions where they
 * held a place are locked first, and their waiting lists move in the same transaction.
 */
export function deleteUserData(db: Database, userId: number): Promise<boolean> {
  return db.write(async (manager) => {
    const competitionIds = (await competitionsHeldBy(manager, userId)).sort((a, b) => a - b);
    const competitions = [];
    for (const id of competitionIds) competitions.push(await lockCompetition(db, manager, id));
    // The consent records stay as proof: hashed, withdrawn, and the user's id goes to NULL with the row.
    // Their teams go on without them: a captain's passes to the next member, or is dissolved with everyone told.
    await leaveTeamsOf(db, manager, userId);
    await withdrawConsents(manager, db.settings.consentHashKey, userId);
    const deleted = await manager.delete(User, { id: userId });
    await scrubUserFromAudit(manager, userId);
    for (const competition of competitions) await offerFreedPlaces(manager, SYSTEM, competition, db.settings);
    return (deleted.affected ?? 0) > 0;
  });
}
