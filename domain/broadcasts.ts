import type { EntityManager } from 'typeorm';
import { Broadcast, type AttendanceFilter, type BroadcastState, type RegistrationRole, type RegistrationStatus, type TeamAudience } from '../entities/index.js';
import type { Actor } from './actor.js';
import { SYSTEM } from './actor.js';
import { logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { INACTIVE, sqlList } from './places.js';
import { attendanceCondition } from './reminders.js';
import { checkTelegramHtml } from './telegram-html.js';
import { createRecord, updateRecord } from './records.js';

/**
 * A broadcast's life: draft → (scheduled →) sending → done, or cancelled. Starting takes the audience then
 * (one delivery row per recipient, written with the state change in one transaction); the sender works
 * through the rows at BROADCAST_RATE, marking each in flight before it calls Telegram (domain/infrastructure/delivery-queue.ts).
 */

export interface Audience {
  competitionId: number | null;
  role: RegistrationRole | null;
  status: RegistrationStatus | null;
  checkedIn: boolean | null;
  attendance: AttendanceFilter | null;
  /** Captains only, whole teams, or participants in no team (null: anyone). */
  teamAudience?: TeamAudience | null;
}

/** The team audiences as conditions on the registration `r` (domain/teams.ts: a captain's team is not dissolved). */
const TEAM_AUDIENCE_SQL: Record<TeamAudience, string> = {
  captains: `EXISTS (SELECT 1 FROM teams t WHERE t.captain_registration_id = r.id AND t.status <> 'dissolved')`,
  teams: `r.team_id IS NOT NULL`,
  solo: `r.team_id IS NULL AND r.role = 'participant'`,
};

/**
 * The recipients' user ids as SQL with its parameters (from $`first`): every user who has not blocked the bot (and
 * has Telegram: people added by hand without it are never written to), or a competition's registrations narrowed by role, status (active ones by default), check-in and the
 * answer to the reminder.
 */
function audienceSql(audience: Audience, first: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [false];
  const p = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (audience.competitionId === null) return { sql: `SELECT u.id FROM users u WHERE u.is_blocked = $${first} AND u.telegram_id IS NOT NULL`, params };
  let sql = `SELECT DISTINCT u.id FROM users u JOIN registrations r ON r.user_id = u.id WHERE u.is_blocked = $${first} AND u.telegram_id IS NOT NULL AND r.competition_id = ${p(audience.competitionId)}`;
  if (audience.role) sql += ` AND r.role = ${p(audience.role)}`;
  sql += audience.status ? ` AND r.status = ${p(audience.status)}` : ` AND r.status NOT IN ${sqlList(INACTIVE)}`;
  if (audience.checkedIn !== null) sql += ` AND r.checked_in = ${p(audience.checkedIn)}`;
  if (audience.attendance) sql += ` AND ${attendanceCondition(audience.attendance, 'r')}`;
  if (audience.teamAudience) sql += ` AND ${TEAM_AUDIENCE_SQL[audience.teamAudience]}`;
  return { sql, params };
}

/** How many people a broadcast with this audience reaches right now (shown before sending). */
export async function countAudience(db: Database, audience: Audience, manager: EntityManager = db.manager): Promise<number> {
  const { sql, params } = audienceSql(audience, 1);
  const [row] = await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM (${sql}) a`, params, manager);
  return Number(row?.n ?? 0);
}

export async function countBroadcastRecipients(db: Database, broadcastId: number): Promise<number> {
  const broadcast = await db.manager.findOneBy(Broadcast, { id: broadcastId });
  if (!broadcast) throw new DomainError('broadcast.not_found');
  return countAudience(db, broadcast);
}

/** The text must be accepted by Telegram as HTML: checked before a broadcast is saved. */
export function checkBroadcastText(text: string): void {
  if (!text.trim()) throw new DomainError('broadcast.empty');
  const problem = checkTelegramHtml(text);
  if (problem) throw new DomainError(problem.key, problem.params);
}

async function loadLocked(db: Database, manager: EntityManager, broadcastId: number): Promise<Broadcast> {
  await db.lockForUpdate(manager, 'broadcasts', [broadcastId]);
  const broadcast = await manager.findOneBy(Broadcast, { id: broadcastId });
  if (!broadcast) throw new DomainError('broadcast.not_found');
  return broadcast;
}

async function start(db: Database, manager: EntityManager, actor: Actor, broadcast: Broadcast, now: Date): Promise<Broadcast> {
  checkBroadcastText(broadcast.text);
  const { sql, params } = audienceSql(broadcast, 2);
  const total = await db.execute(
    `INSERT INTO broadcast_deliveries (broadcast_id, user_id, status, attempts) SELECT $1, a.id, 'pending', 0 FROM (${sql}) a WHERE 1 = 1 ON CONFLICT DO NOTHING`,
    [broadcast.id, ...params],
    manager,
  );
  await manager.update(Broadcast, { id: broadcast.id }, { state: 'sending', totalCount: total, startedAt: now });
  await logAdminAction(manager, actor, 'broadcast.started', 'broadcasts', broadcast.id, { state: { before: broadcast.state, after: 'sending' }, totalCount: total });
  return manager.findOneByOrFail(Broadcast, { id: broadcast.id });
}

/** Send now: a draft (or a scheduled one, ahead of its time) starts sending. */
export function startBroadcast(db: Database, actor: Actor, broadcastId: number, now = new Date()): Promise<Broadcast> {
  return db.write(async (manager) => {
    const broadcast = await loadLocked(db, manager, broadcastId);
    if (broadcast.state !== 'draft' && broadcast.state !== 'scheduled') throw new DomainError('broadcast.not_draft', { state: broadcast.state });
    return start(db, manager, actor, broadcast, now);
  });
}

/** A draft is set to start at `at` (it takes its audience then). */
export function scheduleBroadcast(db: Database, actor: Actor, broadcastId: number, at: Date, now = new Date()): Promise<Broadcast> {
  return db.write(async (manager) => {
    const broadcast = await loadLocked(db, manager, broadcastId);
    if (broadcast.state !== 'draft' && broadcast.state !== 'scheduled') throw new DomainError('broadcast.not_draft', { state: broadcast.state });
    checkBroadcastText(broadcast.text);
    if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) throw new DomainError('broadcast.schedule_in_past');
    await manager.update(Broadcast, { id: broadcastId }, { state: 'scheduled', scheduledAt: at });
    await logAdminAction(manager, actor, 'broadcast.scheduled', 'broadcasts', broadcastId, {
      state: { before: broadcast.state, after: 'scheduled' },
      scheduledAt: { before: broadcast.scheduledAt?.toISOString() ?? null, after: at.toISOString() },
    });
    return manager.findOneByOrFail(Broadcast, { id: broadcastId });
  });
}

/**
 * Cancel: a scheduled broadcast goes back to being a draft; a sending one stops — what has not been sent
 * becomes `cancelled` (the messages in flight finish as they will).
 */
export function cancelBroadcast(db: Database, actor: Actor, broadcastId: number): Promise<Broadcast> {
  return db.write(async (manager) => {
    const broadcast = await loadLocked(db, manager, broadcastId);
    if (broadcast.state === 'scheduled') {
      await manager.update(Broadcast, { id: broadcastId }, { state: 'draft', scheduledAt: null });
      await logAdminAction(manager, actor, 'broadcast.unscheduled', 'broadcasts', broadcastId, { state: { before: 'scheduled', after: 'draft' } });
    } else if (broadcast.state === 'sending') {
      const cancelled = await db.execute(
        `UPDATE broadcast_deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE broadcast_id = $1 AND status = 'pending'`,
        [broadcastId],
        manager,
      );
      await manager.update(Broadcast, { id: broadcastId }, { state: 'cancelled', finishedAt: new Date() });
      await logAdminAction(manager, actor, 'broadcast.cancelled', 'broadcasts', broadcastId, { state: { before: 'sending', after: 'cancelled' }, cancelled });
    } else {
      throw new DomainError('broadcast.cannot_cancel', { state: broadcast.state });
    }
    return manager.findOneByOrFail(Broadcast, { id: broadcastId });
  });
}

/** Retry failed: only `failed` and `interrupted` deliveries go again, never the sent ones. Returns how many. */
export function retryFailedDeliveries(db: Database, actor: Actor, broadcastId: number): Promise<number> {
  return db.write(async (manager) => {
    const broadcast = await loadLocked(db, manager, broadcastId);
    if (broadcast.state === 'draft' || broadcast.state === 'scheduled') throw new DomainError('broadcast.not_sending_state', { state: broadcast.state });
    const failedBefore = await db.query<{ n: string | number }>(
      `SELECT COUNT(*) AS n FROM broadcast_deliveries WHERE broadcast_id = $1 AND status = 'failed'`,
      [broadcastId],
      manager,
    );
    const retried = await db.execute(
      `UPDATE broadcast_deliveries SET status = 'pending', attempts = 0, next_attempt_at = NULL, error = NULL WHERE broadcast_id = $1 AND status IN ('failed', 'interrupted')`,
      [broadcastId],
      manager,
    );
    if (retried === 0) throw new DomainError('broadcast.nothing_to_retry');
    await db.execute(
      `UPDATE broadcasts SET state = 'sending', finished_at = NULL, failed_count = failed_count - $2 WHERE id = $1`,
      [broadcastId, Number(failedBefore[0]?.n ?? 0)],
      manager,
    );
    await logAdminAction(manager, actor, 'broadcast.retried', 'broadcasts', broadcastId, { state: { before: broadcast.state, after: 'sending' }, retried });
    return retried;
  });
}

/** Scheduled broadcasts whose time has come start sending (the sender calls this). Returns their ids. */
export async function startDueBroadcasts(db: Database, now = new Date()): Promise<number[]> {
  const due = await db.query<{ id: number }>(`SELECT id FROM broadcasts WHERE state = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id`, [db.date(now)]);
  const started: number[] = [];
  for (const { id } of due) {
    const done = await db.write(async (manager) => {
      const broadcast = await loadLocked(db, manager, Number(id));
      if (broadcast.state !== 'scheduled') return false;
      await start(db, manager, SYSTEM, broadcast, now);
      return true;
    });
    if (done) started.push(Number(id));
  }
  return started;
}

export interface BroadcastProgress {
  state: BroadcastState;
  total: number;
  sent: number;
  failed: number;
  blocked: number;
  pending: number;
  inFlight: number;
  interrupted: number;
  cancelled: number;
  /** Messages per second over the last minute. */
  rate: number;
  /** When the rest should be out at the current rate (null when nothing is left or nothing moves). */
  estimatedEnd: Date | null;
}

const RATE_WINDOW_MS = 60_000;

/** The broadcast page's progress: counts by delivery status, the current rate and the estimated end. */
export async function broadcastProgress(db: Database, broadcastId: number, now = new Date()): Promise<BroadcastProgress> {
  const broadcast = await db.manager.findOneBy(Broadcast, { id: broadcastId });
  if (!broadcast) throw new DomainError('broadcast.not_found');
  const rows = await db.query<{ status: string; n: string | number }>('SELECT status, COUNT(*) AS n FROM broadcast_deliveries WHERE broadcast_id = $1 GROUP BY status', [
    broadcastId,
  ]);
  const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  const windowStart = new Date(Math.max(now.getTime() - RATE_WINDOW_MS, broadcast.startedAt?.getTime() ?? now.getTime()));
  const [recent] = await db.query<{ n: string | number }>(`SELECT COUNT(*) AS n FROM broadcast_deliveries WHERE broadcast_id = $1 AND status = 'sent' AND sent_at > $2`, [
    broadcastId,
    db.date(windowStart),
  ]);
  const seconds = Math.max(1, (now.getTime() - windowStart.getTime()) / 1000);
  const rate = Number(recent?.n ?? 0) / seconds;
  const left = (by.pending ?? 0) + (by.sending ?? 0);
  return {
    state: broadcast.state,
    total: broadcast.totalCount,
    sent: by.sent ?? 0,
    failed: by.failed ?? 0,
    blocked: by.blocked ?? 0,
    pending: by.pending ?? 0,
    inFlight: by.sending ?? 0,
    interrupted: by.interrupted ?? 0,
    cancelled: by.cancelled ?? 0,
    rate: Math.round(rate * 10) / 10,
    estimatedEnd: broadcast.state === 'sending' && left > 0 && rate > 0 ? new Date(now.getTime() + (left / rate) * 1000) : null,
  };
}

export type BroadcastChanges = Partial<
  Pick<Broadcast, 'text' | 'competitionId' | 'role' | 'status' | 'checkedIn' | 'attendance' | 'teamAudience' | 'disableLinkPreview' | 'scheduledAt'>
>;

/** A send time typed into the form is one to schedule at: it must be ahead. */
function checkSendTime(at: Date | null | undefined, now: Date): void {
  if (at && (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime())) throw new DomainError('broadcast.schedule_in_past');
}

/**
 * A new draft: the text is checked against Telegram's HTML before it is saved (a clear error naming the problem).
 * A send time given makes it no schedule yet: the admin asks to confirm the schedule, naming the count, next.
 */
export async function createBroadcast(db: Database, actor: Actor, values: BroadcastChanges, now = new Date()): Promise<Broadcast> {
  checkBroadcastText(String(values.text ?? ''));
  checkSendTime(values.scheduledAt, now);
  return createRecord(db, actor, Broadcast, 'broadcasts', { ...values, state: 'draft' });
}

/**
 * Edits a draft, or a scheduled one: it stays scheduled at the new time (which must be ahead), and goes back to
 * being a draft when its time is cleared — a scheduled broadcast always has a time to start at. The text is
 * checked again.
 */
export async function updateBroadcast(db: Database, actor: Actor, id: number, changes: BroadcastChanges, now = new Date()): Promise<void> {
  const broadcast = await db.manager.findOneBy(Broadcast, { id });
  if (!broadcast) throw new DomainError('broadcast.not_found');
  if (broadcast.state !== 'draft' && broadcast.state !== 'scheduled') throw new DomainError('broadcast.not_editable', { state: broadcast.state });
  if ('text' in changes) checkBroadcastText(String(changes.text ?? ''));
  const at = 'scheduledAt' in changes ? changes.scheduledAt : undefined;
  checkSendTime(at, now);
  const unscheduled = broadcast.state === 'scheduled' && 'scheduledAt' in changes && !at;
  await updateRecord<Broadcast>(db, actor, Broadcast, 'broadcasts', id, unscheduled ? { ...changes, state: 'draft' } : changes);
}

/** What an organizer can do with a broadcast now: the admin shows these actions, and only these. */
export type BroadcastAction = 'edit' | 'send' | 'schedule' | 'cancelBroadcast' | 'retryFailed';

/**
 * The actions that apply to a broadcast in this state: a draft is edited, sent or (with a time) scheduled; a
 * scheduled one is edited, sent ahead of its time or taken back; a sending one is stopped; failed deliveries are
 * retried once it has started, and only when there are some.
 */
export function broadcastActionsNow(broadcast: Pick<Broadcast, 'state' | 'scheduledAt'>, retryable: number): BroadcastAction[] {
  switch (broadcast.state) {
    case 'draft':
      return broadcast.scheduledAt ? ['edit', 'send', 'schedule'] : ['edit', 'send'];
    case 'scheduled':
      return ['edit', 'send', 'cancelBroadcast'];
    case 'sending':
      return retryable > 0 ? ['cancelBroadcast', 'retryFailed'] : ['cancelBroadcast'];
    default:
      return retryable > 0 ? ['retryFailed'] : [];
  }
}
