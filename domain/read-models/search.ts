import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { User } from '../../entities/index.js';
import type { Database } from '../infrastructure/database.js';
import { normalizePhone } from '../profile.js';

/**
 * SQL for "name, username or phone contains": one expression; on PostgreSQL its LOWER(…) has a trigram
 * index (migration 1700000000201, which spells the same expression), so the search stays fast with
 * hundreds of thousands of users.
 */
export const USER_SEARCH_SQL =
  "COALESCE(u.full_name, '') || ' ' || COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '') || ' ' || COALESCE(u.username, '') || ' ' || COALESCE(u.phone, '')";

/** A WHERE condition with its named parameters. */
export interface Condition {
  sql: string;
  params: Record<string, string>;
}

/**
 * "column contains text", case-insensitive. PostgreSQL lowers any script (the search expression has a
 * trigram index); SQLite's LOWER and LIKE fold ASCII only, so Cyrillic is matched as typed, in lower case,
 * and capitalized.
 */
export function containsCondition(isPostgres: boolean, expression: string, text: string, param: string): Condition {
  if (isPostgres) return { sql: `LOWER(${expression}) LIKE :${param}`, params: { [param]: `%${escapeLike(text.toLowerCase())}%` } };
  const variants = [...new Set([text, text.toLowerCase(), text.charAt(0).toUpperCase() + text.slice(1).toLowerCase()])];
  const params = Object.fromEntries(variants.map((v, i) => [`${param}_${i}`, `%${escapeLike(v)}%`]));
  return { sql: `(${variants.map((_, i) => `${expression} LIKE :${param}_${i} ESCAPE '\\'`).join(' OR ')})`, params };
}

/** Narrows `qb` to rows where `expression` contains `text` (containsCondition). */
export function whereContains(qb: SelectQueryBuilder<ObjectLiteral>, isPostgres: boolean, expression: string, text: string, param: string): void {
  const condition = containsCondition(isPostgres, expression, text, param);
  qb.andWhere(condition.sql, condition.params);
}

/** What the door's search reads of a person (users as `u`): names and username — never the phone. */
const DOOR_NAME_SQL = "COALESCE(u.full_name, '') || ' ' || COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '') || ' ' || COALESCE(u.username, '')";
/** Digits of a query typed like a phone number: digits with spaces, dashes, brackets, dots or a `+`. */
const PHONE_LIKE = /^[+\d\s\-().]+$/;
/** The door's answers show a phone's last four digits (`•••• 45-67`); the search matches no more than that. */
export const DOOR_PHONE_DIGITS = 4;

/**
 * The door search's condition over users `u`. A query typed like a phone number is matched against the last
 * four characters of the stored phone (E.164: its last four digits) and nothing else: what the answer shows.
 * More than four digits, or a `+` (a country code), finds nobody (null) — otherwise `+7916123000` against
 * `+79161230005` would tell, one query at a time, the digits the answer masks. Any other query is matched
 * against the names and the username.
 */
export function doorSearchCondition(isPostgres: boolean, typed: string): Condition | null {
  const query = searchText(typed);
  if (PHONE_LIKE.test(query) && /\d/.test(query)) {
    const digits = query.replace(/\D/g, '');
    if (query.includes('+') || digits.length > DOOR_PHONE_DIGITS || digits.length < 2) return null;
    const lastFour = isPostgres ? `RIGHT(COALESCE(u.phone, ''), ${DOOR_PHONE_DIGITS})` : `SUBSTR(COALESCE(u.phone, ''), -${DOOR_PHONE_DIGITS})`;
    return containsCondition(isPostgres, lastFour, digits, 'door_phone');
  }
  return containsCondition(isPostgres, DOOR_NAME_SQL, query, 'door');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A query as people type it: trimmed, without the `@` of a username (the placeholder says "@username"). */
export function searchText(typed: string): string {
  return typed.trim().replace(/^@+/, '').trim();
}

/**
 * The digits to look for in stored phones (E.164, "+79123456789") for a query typed like a phone number, as
 * people type one: "8 912 345-67-89", "+7 912 345 67 89", "89123456789", "912 345", "345-67". A whole number is
 * read as the bot reads it (libphonenumber, PHONE_REGION), so a trunk "8" finds "+7"; a part is its digits.
 * null when the query is not a phone number (a name, a username).
 */
export function phoneDigits(query: string, phoneRegion: string): string[] | null {
  if (!PHONE_LIKE.test(query)) return null;
  const digits = query.replace(/\D/g, '');
  if (digits.length < 3) return null;
  const whole = normalizePhone(query, phoneRegion);
  return [...new Set([digits, ...(whole ? [whole.slice(1)] : [])])];
}

/**
 * Narrows a query over `alias` (the users table) to users whose name, username or phone contains what was
 * typed: a phone number however it is written (phoneDigits), a username with or without its `@`.
 */
export function whereUserMatches(qb: SelectQueryBuilder<ObjectLiteral>, db: Database, alias: string, typed: string): void {
  const expression = USER_SEARCH_SQL.replace(/\bu\./g, `${alias}.`);
  const query = searchText(typed);
  const phone = phoneDigits(query, db.settings.phoneRegion);
  if (!phone) return whereContains(qb, db.isPostgres, expression, query, 'search');
  // The stored phone is a run of digits in the indexed expression: each way of reading the query is a LIKE on it.
  const conditions = phone.map((digits, i) => containsCondition(db.isPostgres, expression, digits, `search_phone_${i}`));
  qb.andWhere(`(${conditions.map((c) => c.sql).join(' OR ')})`, Object.assign({}, ...conditions.map((c) => c.params)));
}

/**
 * Narrows a query over registrations (alias `t`) to those whose user matches `text`: the user is joined
 * as `su` (a query may hold one such search).
 */
export function whereRegistrationUserMatches(qb: SelectQueryBuilder<ObjectLiteral>, db: Database, text: string): void {
  qb.innerJoin(User, 'su', 'su.id = t.userId');
  whereUserMatches(qb, db, 'su', text);
}
