import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { User } from '../../entities/index.js';

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
export function doorSearchCondition(isPostgres: boolean, query: string): Condition | null {
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

/** Narrows a query over `alias` (the users table) to users whose name, username or phone contains `text`. */
export function whereUserMatches(qb: SelectQueryBuilder<ObjectLiteral>, isPostgres: boolean, alias: string, text: string): void {
  whereContains(qb, isPostgres, USER_SEARCH_SQL.replace(/\bu\./g, `${alias}.`), text, 'search');
}

/**
 * Narrows a query over registrations (alias `t`) to those whose user matches `text`: the user is joined
 * as `su` (a query may hold one such search).
 */
export function whereRegistrationUserMatches(qb: SelectQueryBuilder<ObjectLiteral>, isPostgres: boolean, text: string): void {
  qb.innerJoin(User, 'su', 'su.id = t.userId');
  whereUserMatches(qb, isPostgres, 'su', text);
}
