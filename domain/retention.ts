import { Competition } from '../entities/index.js';
import { purgeDate } from './calendar.js';
import type { Database } from './infrastructure/database.js';
import { runOnce } from './infrastructure/run-lock.js';
import { sealConsents } from './consents.js';

/*
 * Data that leaves by itself (DESIGN.md, Retention). Past a competition's purge date (its end plus
 * `retention_days`) its personal data goes: answers to its questions (files' ids too), rejection reasons, the audit's personal fields about its
 * registrations, the chat ids of its tickets, the delivered texts of its people; people no other competition
 * still needs are anonymised (the row stays, so counts, statuses and history add up). People who never
 * registered are anonymised after RETENTION_DAYS of silence. Consent records are not touched.
 *
 * Every step is a short transaction over one batch (SQLite has one writer: the bot never waits long) and
 * changes only rows that still hold data, so a run killed mid-way resumes where it stopped without doing
 * anything twice; `personal_data_purged_at` and the one audit entry are written last, together.
 */

/** Registrations (or users) per transaction. */
export const PURGE_BATCH = 500;

/** The audit's keys that may hold what identifies a person (names, phones, a typed search, a reason). */
const PERSONAL_AUDIT_KEYS = ['fullName', 'phone', 'username', 'firstName', 'lastName', 'telegramId', 'rejectionReason', 'reason', 'query', 'text', 'search'];
const SCRUBBED = '[deleted]';

export interface PurgeResult {
  competitionId: number;
  /** People whose registrations in it were purged (the audit entry's N). */
  people: number;
}

/** Competitions past their purge date and not yet purged, as of `now`. */
export async function competitionsDueForPurge(db: Database, now: Date): Promise<Competition[]> {
  const candidates = await db.manager
    .createQueryBuilder(Competition, 'c')
    .where('c.personal_data_purged_at IS NULL')
    .andWhere('c.starts_at IS NOT NULL OR c.ends_at IS NOT NULL')
    .orderBy('c.id')
    .getMany();
  return candidates.filter((c) => {
    const date = purgeDate(c, db.settings);
    return date !== null && date.getTime() <= now.getTime();
  });
}

/** How many people a purge of the competition concerns (the confirmation names it). */
export async function purgeCount(db: Database, competitionId: number): Promise<number> {
  const [row] = await db.query<{ n: number | string }>('SELECT COUNT(DISTINCT user_id) AS n FROM registrations WHERE competition_id = $1', [competitionId]);
  return Number(row?.n ?? 0);
}

/** The advisory lock key of the purge (an arbitrary constant of this application). */
const PURGE_LOCK_KEY = 730_013_024;

/** The background task: at boot and hourly in every process; one process at a time runs it. */
export function purgeDueOnce(db: Database, now = new Date(), signal?: AbortSignal): Promise<PurgeResult[] | null> {
  return runOnce(db, PURGE_LOCK_KEY, () => purgeDue(db, now, signal));
}

/** Runs every purge that is due, then the silent users'. */
export async function purgeDue(db: Database, now = new Date(), signal?: AbortSignal): Promise<PurgeResult[]> {
  const results: PurgeResult[] = [];
  for (const competition of await competitionsDueForPurge(db, now)) {
    if (signal?.aborted) return results;
    const result = await purgeCompetition(db, competition.id, { now, signal });
    if (result) results.push(result);
  }
  if (!signal?.aborted) await anonymiseSilentUsers(db, now, signal);
  return results;
}

/**
 * Purges one competition's personal data (due, or early by an admin: `adminUserId` names them in the audit).
 * Returns null when it was already purged (or the run was stopped: the next run resumes).
 */
export async function purgeCompetition(
  db: Database,
  competitionId: number,
  { now = new Date(), signal, adminUserId = null }: { now?: Date; signal?: AbortSignal; adminUserId?: number | null } = {},
): Promise<PurgeResult | null> {
  const competition = await db.manager.findOneBy(Competition, { id: competitionId });
  if (!competition || competition.personalDataPurgedAt) return null;
  let after = 0;
  for (;;) {
    if (signal?.aborted) return null;
    const batch = await db.query<{ id: number | string; user_id: number | string }>(
      'SELECT id, user_id FROM registrations WHERE competition_id = $1 AND id > $2 ORDER BY id LIMIT $3',
      [competitionId, after, PURGE_BATCH],
    );
    if (batch.length === 0) break;
    after = Number(batch[batch.length - 1].id);
    await purgeBatch(
      db,
      competitionId,
      batch.map((r) => Number(r.id)),
      [...new Set(batch.map((r) => Number(r.user_id)))],
      now,
    );
  }
  await scrubDoorSearches(db, competitionId);
  const people = await purgeCount(db, competitionId);
  const marked = await db.write(async (manager) => {
    const changed = await db.execute(
      'UPDATE competitions SET personal_data_purged_at = $1 WHERE id = $2 AND personal_data_purged_at IS NULL',
      [db.date(now), competitionId],
      manager,
    );
    if (changed === 0) return false; // another process finished it first: one audit entry
    await db.execute(
      'INSERT INTO admin_audit (admin_user_id, action, resource, record_id, changes) VALUES ($1, $2, $3, $4, $5)',
      [adminUserId, 'competitions.personal_data_purged', 'competitions', String(competitionId), JSON.stringify({ people: { before: null, after: people } })],
      manager,
    );
    return true;
  });
  return marked ? { competitionId, people } : null;
}

/** One batch, one transaction: only rows that still hold data change, so a repeat does nothing. */
async function purgeBatch(db: Database, competitionId: number, registrationIds: number[], userIds: number[], now: Date): Promise<void> {
  const regs = registrationIds.join(',');
  await db.write(async (manager) => {
    await db.execute(`UPDATE registrations SET rejection_reason = NULL WHERE id IN (${regs}) AND rejection_reason IS NOT NULL`, [], manager);
    await db.execute(`DELETE FROM ticket_messages WHERE registration_id IN (${regs})`, [], manager);
    // Answers to the competition's own questions, files' Telegram ids with them.
    await db.execute(`DELETE FROM answers WHERE registration_id IN (${regs})`, [], manager);
    // Team questions' answers (the team's school, its category) go with the competition's data too.
    await db.execute(`DELETE FROM answers WHERE team_id IN (SELECT id FROM teams WHERE competition_id = $1)`, [competitionId], manager);
    await scrubAudit(db, manager, 'registrations', registrationIds);
    // Messages to its people about it (their parameters name it), delivered or not due any more: text and parameters go.
    const about = [`%"competitionId":${competitionId},%`, `%"competitionId":${competitionId}}%`];
    await db.execute(
      `UPDATE outbox_messages SET text = NULL, payload = NULL WHERE user_id IN (${userIds.join(',')}) AND status <> 'sending' AND (payload LIKE $1 OR payload LIKE $2)`,
      about,
      manager,
    );
    // The people no competition still within its period needs (not purged, other than this one) are anonymised.
    const needed = await db.query<{ user_id: number | string }>(
      `SELECT DISTINCT r.user_id FROM registrations r JOIN competitions c ON c.id = r.competition_id
       WHERE r.user_id IN (${userIds.join(',')}) AND c.id <> $1 AND c.personal_data_purged_at IS NULL`,
      [competitionId],
      manager,
    );
    const keep = new Set(needed.map((r) => Number(r.user_id)));
    const gone = userIds.filter((id) => !keep.has(id));
    if (gone.length > 0) await anonymiseUsers(db, manager, gone, now);
  });
}

type Manager = Parameters<Parameters<Database['write']>[0]>[0];

/**
 * Empties the users' rows of personal data (the row and its registrations stay), with their bot sessions,
 * the texts and parameters of their messages and deliveries, and the audit's personal fields about them.
 */
async function anonymiseUsers(db: Database, manager: Manager, userIds: number[], now: Date): Promise<void> {
  const ids = userIds.join(',');
  const users = await db.query<{ id: number | string; telegram_id: number | string | null }>(
    `SELECT id, telegram_id FROM users WHERE id IN (${ids}) AND anonymised_at IS NULL`,
    [],
    manager,
  );
  if (users.length === 0) return;
  const open = users.map((u) => Number(u.id)).join(',');
  // The consent records keep their proof: the Telegram id's keyed hash is written before the id goes.
  await sealConsents(
    manager,
    db.settings.consentHashKey,
    users.map((u) => Number(u.id)),
  );
  const telegramIds = users.map((u) => u.telegram_id).filter((t): t is number | string => t !== null);
  // A private chat's session key is `from:chat`, and there the chat is the user (bot/pipeline.ts sessionKeyOf).
  if (telegramIds.length > 0) await db.execute(`DELETE FROM bot_sessions WHERE key IN (${telegramIds.map((t) => `'${Number(t)}:${Number(t)}'`).join(',')})`, [], manager);
  // Nothing more goes to them; a message in flight keeps its text until the sender settles it.
  await db.execute(`UPDATE outbox_messages SET status = 'cancelled' WHERE user_id IN (${open}) AND status IN ('pending', 'interrupted')`, [], manager);
  await db.execute(`UPDATE outbox_messages SET text = NULL, payload = NULL, error = NULL WHERE user_id IN (${open}) AND status <> 'sending'`, [], manager);
  await db.execute(`UPDATE broadcast_deliveries SET status = 'cancelled' WHERE user_id IN (${open}) AND status IN ('pending', 'interrupted')`, [], manager);
  await db.execute(`UPDATE broadcast_deliveries SET error = NULL WHERE user_id IN (${open}) AND error IS NOT NULL`, [], manager);
  await db.execute(
    `UPDATE users SET telegram_id = NULL, username = NULL, first_name = NULL, last_name = NULL, full_name = NULL, phone = NULL,
       is_blocked = $1, anonymised_at = $2 WHERE id IN (${open})`,
    [db.isPostgres ? true : 1, db.date(now)],
    manager,
  );
  await scrubAudit(
    db,
    manager,
    'users',
    users.map((u) => Number(u.id)),
  );
}

/** The audit rows about these records keep what was done and when, not the personal fields. */
async function scrubAudit(db: Database, manager: Manager, resource: string, recordIds: number[]): Promise<void> {
  const rows = await db.query<AuditRow>(
    `SELECT id, changes FROM admin_audit WHERE resource = $1 AND record_id IN (${recordIds.map((id) => `'${id}'`).join(',')}) AND changes IS NOT NULL`,
    [resource],
    manager,
  );
  await scrubRows(db, manager, rows);
}

/**
 * The door's searches in the competition (no record: what was shown, and before issue 23 what was typed, "Alice",
 * "9161234567"): the typed text goes.
 */
async function scrubDoorSearches(db: Database, competitionId: number): Promise<void> {
  await db.write(async (manager) => {
    const rows = await db.query<AuditRow>(
      `SELECT id, changes FROM admin_audit WHERE action = 'checkin.search' AND record_id IS NULL AND changes LIKE $1`,
      [`%"competitionId":{"before":null,"after":${competitionId}}%`],
      manager,
    );
    await scrubRows(db, manager, rows);
  });
}

type AuditRow = { id: number | string; changes: string | Record<string, unknown> | null };

async function scrubRows(db: Database, manager: Manager, rows: AuditRow[]): Promise<void> {
  for (const row of rows) {
    const changes = (typeof row.changes === 'string' ? JSON.parse(row.changes) : row.changes) as Record<string, unknown>;
    let dirty = false;
    for (const key of Object.keys(changes)) {
      const value = changes[key] as { before?: unknown; after?: unknown } | null;
      if (!PERSONAL_AUDIT_KEYS.includes(key)) continue;
      if (value && typeof value === 'object' && value.before === SCRUBBED && value.after === SCRUBBED) continue;
      changes[key] = { before: SCRUBBED, after: SCRUBBED };
      dirty = true;
    }
    if (dirty) await db.execute('UPDATE admin_audit SET changes = $1 WHERE id = $2', [JSON.stringify(changes), Number(row.id)], manager);
  }
}

/** People who never registered, silent for RETENTION_DAYS (by their row's last change), are anonymised. */
export async function anonymiseSilentUsers(db: Database, now = new Date(), signal?: AbortSignal): Promise<number> {
  const cutoff = new Date(now.getTime() - db.settings.retentionDays * 86_400_000);
  let done = 0;
  for (;;) {
    if (signal?.aborted) return done;
    const batch = await db.query<{ id: number | string }>(
      `SELECT u.id FROM users u WHERE u.anonymised_at IS NULL AND u.updated_at < $1
       AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.user_id = u.id) ORDER BY u.id LIMIT $2`,
      [db.date(cutoff), PURGE_BATCH],
    );
    if (batch.length === 0) return done;
    await db.write((manager) =>
      anonymiseUsers(
        db,
        manager,
        batch.map((r) => Number(r.id)),
        now,
      ),
    );
    done += batch.length;
  }
}
