import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { User } from '../entities/index.js';

/**
 * SQL for "name, username or phone contains": one expression; on PostgreSQL its LOWER(…) has a trigram
 * index (migration 1700000000201, which spells the same expression), so the search stays fast with
 * hundreds of thousands of users.
 */
export const USER_SEARCH_SQL =
  "COALESCE(u.full_name, '') || ' ' || COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '') || ' ' || COALESCE(u.username, '') || ' ' || COALESCE(u.phone, '')";

/**
 * "column contains text", case-insensitive. PostgreSQL lowers any script (the search expression has a
 * trigram index); SQLite's LOWER and LIKE fold ASCII only, so Cyrillic is matched as typed, in lower case,
 * and capitalized.
 */
export function whereContains(qb: SelectQueryBuilder<ObjectLiteral>, isPostgres: boolean, expression: string, text: string, param: string): void {
  if (isPostgres) {
    qb.andWhere(`LOWER(${expression}) LIKE :${param}`, { [param]: `%${escapeLike(text.toLowerCase())}%` });
    return;
  }
  const variants = [...new Set([text, text.toLowerCase(), text.charAt(0).toUpperCase() + text.slice(1).toLowerCase()])];
  const params = Object.fromEntries(variants.map((v, i) => [`${param}_${i}`, `%${escapeLike(v)}%`]));
  qb.andWhere(`(${variants.map((_, i) => `${expression} LIKE :${param}_${i} ESCAPE '\\'`).join(' OR ')})`, params);
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
