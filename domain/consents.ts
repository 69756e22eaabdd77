import crypto from 'node:crypto';
import { In, IsNull, type EntityManager } from 'typeorm';
import { Consent, ConsentDocument, type ConsentPath } from '../entities/index.js';
import { BEFORE_VERSIONING, DEFAULT_CONSENT_DOCUMENT } from '../i18n/consent-document.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import type { Actor } from './actor.js';
import { logAdminAction } from './audit.js';

export type DocumentLanguage = keyof typeof DEFAULT_CONSENT_DOCUMENT;
export const DOCUMENT_LANGUAGES = Object.keys(DEFAULT_CONSENT_DOCUMENT) as DocumentLanguage[];

/** Version 1 is the built-in text (never stored); an admin's edit stores version 2, 3, … in every language. */
export const BUILT_IN_VERSION = 1;

/** The SQL giving the current version; used inside the writes that record a consent (one statement, no race). */
export const CURRENT_VERSION_SQL = `(SELECT COALESCE(MAX(version), ${BUILT_IN_VERSION}) FROM consent_documents)`;

/** The keyed hash a consent record keeps of the Telegram id: the proof outlives the person's data. */
export function telegramIdHash(key: string, telegramId: number | string): string {
  return crypto.createHmac('sha256', key).update(`telegram:${telegramId}`).digest('hex');
}

export async function currentVersion(manager: EntityManager): Promise<number> {
  const [row] = await manager.query(`SELECT ${CURRENT_VERSION_SQL} AS version`);
  return Number(row.version);
}

export interface ShownDocument {
  version: number;
  language: DocumentLanguage;
  /** The text with the operator, the contact and the term filled in. */
  text: string;
  createdAt: Date | null;
}

/** A version's text in a language (the current one when version is null); null when there is no such version. */
export async function consentDocument(db: Database, version: number | null, language: DocumentLanguage): Promise<ShownDocument | null> {
  const manager = db.manager;
  const wanted = version ?? (await currentVersion(manager));
  if (wanted === 0) return { version: 0, language, text: BEFORE_VERSIONING[language], createdAt: null };
  if (wanted === BUILT_IN_VERSION) return { version: wanted, language, text: fill(db, DEFAULT_CONSENT_DOCUMENT[language]), createdAt: null };
  const row = await manager.findOneBy(ConsentDocument, { version: wanted, language });
  if (!row) return null;
  return { version: wanted, language, text: fill(db, row.text), createdAt: row.createdAt };
}

function fill(db: Database, text: string): string {
  const values: Record<string, string> = { operator: db.settings.privacyOperator, contact: db.settings.privacyContact, days: String(db.settings.retentionDays) };
  return text.replace(/\{(operator|contact|days)\}/g, (_, name: string) => values[name]);
}

/** Every version there is, newest first (for the public page's list). */
export async function documentVersions(db: Database): Promise<number[]> {
  const rows: Array<{ version: number }> = await db.manager.query('SELECT DISTINCT version FROM consent_documents ORDER BY version DESC');
  return [...rows.map((r) => Number(r.version)), BUILT_IN_VERSION, 0];
}

/** The current text in a language as stored (placeholders unfilled): what an admin starts editing from. */
export async function editableText(db: Database, language: DocumentLanguage): Promise<string> {
  const version = await currentVersion(db.manager);
  if (version === BUILT_IN_VERSION) return DEFAULT_CONSENT_DOCUMENT[language];
  const row = await db.manager.findOneBy(ConsentDocument, { version, language });
  return row?.text ?? DEFAULT_CONSENT_DOCUMENT[language];
}

/**
 * An admin changes the text: a new version holding every language (a language left unchanged is copied), so a
 * version always reads in both. Nothing changed: no new version. Returns the version now current.
 */
export function publishConsentDocument(db: Database, actor: Actor, texts: Partial<Record<DocumentLanguage, string>>): Promise<number> {
  return db.write(async (manager) => {
    // Two admins publishing at once: one after the other (SQLite's writes are serialized already).
    if (db.isPostgres) await manager.query('LOCK TABLE consent_documents IN EXCLUSIVE MODE');
    const version = await currentVersion(manager);
    const next: Record<string, string> = {};
    let changed = false;
    for (const language of DOCUMENT_LANGUAGES) {
      const before = version === BUILT_IN_VERSION ? DEFAULT_CONSENT_DOCUMENT[language] : ((await manager.findOneBy(ConsentDocument, { version, language }))?.text ?? '');
      const text = (texts[language] ?? before).replace(/\r\n/g, '\n').trim();
      if (!text) throw new DomainError('consent.empty_text', {}, language);
      if (text !== before.trim()) changed = true;
      next[language] = text;
    }
    if (!changed) return version;
    for (const language of DOCUMENT_LANGUAGES) await manager.insert(ConsentDocument, { version: version + 1, language, text: next[language] });
    // Who published which version is in the journal; the text itself is the version's own row.
    await logAdminAction(manager, actor, 'consent_documents.published', 'consent_documents', version + 1, { version: { before: version, after: version + 1 } });
    return version + 1;
  });
}

/** Records a consent given with a registration, in its transaction: the current version, now. */
export async function recordConsent(manager: EntityManager, userId: number, competitionId: number, via: ConsentPath): Promise<void> {
  await manager.insert(Consent, { userId, competitionId, documentVersion: await currentVersion(manager), givenAt: new Date(), via, telegramIdHash: null });
}

/**
 * Writes the keyed hash of the Telegram id into consent records that lack it (the migration's version-0 rows,
 * and every row recorded by the registration's own statement): before a person's data goes, and at boot.
 * `userIds` null: every such row.
 */
export async function sealConsents(manager: EntityManager, key: string, userIds: number[] | null): Promise<number> {
  const where = userIds === null ? '' : userIds.length ? `AND u.id IN (${userIds.map((id) => Number(id)).join(', ')})` : 'AND 1 = 0';
  const rows: Array<{ user_id: number; telegram_id: string | number }> = await manager.query(
    `SELECT DISTINCT u.id AS user_id, u.telegram_id FROM consents c JOIN users u ON u.id = c.user_id
     WHERE c.telegram_id_hash IS NULL AND u.telegram_id IS NOT NULL ${where}`,
  );
  for (const row of rows) {
    await manager.update(Consent, { userId: row.user_id, telegramIdHash: IsNull() }, { telegramIdHash: telegramIdHash(key, row.telegram_id) });
  }
  return rows.length;
}

/** Withdrawal: every consent of the person, at once (it is "delete my data"); sealed first, so the proof stays. */
export async function withdrawConsents(manager: EntityManager, key: string, userId: number, now = new Date()): Promise<void> {
  await sealConsents(manager, key, [userId]);
  await manager.update(Consent, { userId, withdrawnAt: IsNull() }, { withdrawnAt: now });
}

/** The person's consent records, oldest first (for "My data"). */
export function consentsOf(manager: EntityManager, userId: number): Promise<Consent[]> {
  return manager.find(Consent, { where: { userId }, relations: { competition: true }, order: { givenAt: 'ASC', id: 'ASC' } });
}

/** The consent each registration rests on: the latest record of its person for its competition (by registration id). */
export async function registrationConsents(manager: EntityManager, registrations: Array<{ id: number; userId: number; competitionId: number }>): Promise<Map<number, Consent>> {
  const result = new Map<number, Consent>();
  if (registrations.length === 0) return result;
  const records = await manager.find(Consent, { where: { userId: In([...new Set(registrations.map((r) => r.userId))]) }, order: { givenAt: 'ASC', id: 'ASC' } });
  const latest = new Map(records.map((c) => [`${c.userId}:${c.competitionId}`, c]));
  for (const r of registrations) {
    const found = latest.get(`${r.userId}:${r.competitionId}`);
    if (found) result.set(r.id, found);
  }
  return result;
}
