import type { Actor } from '../actor.js';
import { logAdminAction } from '../audit.js';
import type { Database } from './database.js';
import { DomainError } from '../errors.js';

/**
 * The database side of message delivery, shared by the notification outbox and broadcasts.
 *
 * Exactly once or visibly unknown: a claim marks the rows `sending` (in flight) and commits BEFORE anything
 * is sent to Telegram; the outcome is recorded after. Only one process sends at a time (domain/infrastructure/sender-lock.ts),
 * so when a sender takes over, rows still `sending` belong to a sender that died mid-call: nobody knows
 * whether they arrived, so they become `interrupted` — shown to organizers, retryable by them, never re-sent on
 * their own. A row is claimed once: `pending` → `sending` in one statement under the claim's lock (PostgreSQL:
 * `FOR UPDATE SKIP LOCKED`; SQLite serializes write transactions).
 */
export type DeliveryQueue = 'outbox_messages' | 'broadcast_deliveries';

/** After this many failed attempts (network errors, 5xx) a message is given up as failed. */
export const MAX_DELIVERY_ATTEMPTS = 6;

export interface ClaimedMessage {
  id: number;
  userId: number;
  telegramId: number;
  attempts: number;
  isBlocked: boolean;
  preferredLanguage: string | null;
  languageCode: string | null;
  /** Outbox: catalogue key and parameters, or literal text. Broadcasts: the broadcast's text. */
  kind: string | null;
  payload: Record<string, unknown> | null;
  text: string | null;
  broadcastId: number | null;
  /** Broadcasts: sent with the link preview off. */
  disableLinkPreview: boolean;
}

/** A claimed row as the drivers return it: bigint as text on PostgreSQL, booleans as 0/1 and JSON as text on SQLite. */
interface ClaimedRow {
  id: number;
  user_id: number;
  attempts: number;
  telegram_id: number | string;
  is_blocked: boolean | number;
  preferred_language: string | null;
  language_code: string | null;
  kind: string | null;
  payload: Record<string, unknown> | string | null;
  text: string | null;
  broadcast_id: number | null;
  disable_link_preview: boolean | number | null;
}

const DUE = `x.status = 'pending' AND (x.next_attempt_at IS NULL OR x.next_attempt_at <= $1)`;
const truthy = (v: boolean | number | null) => v === true || v === 1;
const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** Claims up to `limit` due messages: marks them in flight (`sending`) and returns what is needed to send them. */
export async function claimDue(db: Database, queue: DeliveryQueue, limit: number, now = new Date()): Promise<ClaimedMessage[]> {
  return db.write(async (manager) => {
    const skipLocked = db.isPostgres ? ' FOR UPDATE OF x SKIP LOCKED' : '';
    const select =
      queue === 'outbox_messages'
        ? `SELECT x.id FROM outbox_messages x WHERE ${DUE} ORDER BY x.id LIMIT $2${skipLocked}`
        : `SELECT x.id FROM broadcast_deliveries x JOIN broadcasts b ON b.id = x.broadcast_id
          WHERE b.state = 'sending' AND ${DUE} ORDER BY x.id LIMIT $2${skipLocked}`;
    const ids = (await db.query<{ id: number }>(select, [db.date(now), limit], manager)).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    await db.execute(`UPDATE ${queue} SET status = 'sending', next_attempt_at = NULL, attempts = attempts + 1 WHERE id IN (${placeholders(ids.length)})`, ids, manager);
    const columns =
      queue === 'outbox_messages'
        ? 'x.kind, x.payload, x.text, NULL AS broadcast_id, NULL AS disable_link_preview'
        : 'NULL AS kind, NULL AS payload, b.text, x.broadcast_id, b.disable_link_preview';
    const join = queue === 'outbox_messages' ? '' : 'JOIN broadcasts b ON b.id = x.broadcast_id';
    const rows = await db.query<ClaimedRow>(
      `SELECT x.id, x.user_id, x.attempts, u.telegram_id, u.is_blocked, u.preferred_language, u.language_code, ${columns}
         FROM ${queue} x JOIN users u ON u.id = x.user_id ${join} WHERE x.id IN (${placeholders(ids.length)}) ORDER BY x.id`,
      ids,
      manager,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      telegramId: Number(r.telegram_id),
      attempts: Number(r.attempts),
      isBlocked: truthy(r.is_blocked),
      preferredLanguage: r.preferred_language,
      languageCode: r.language_code,
      kind: r.kind,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
      text: r.text,
      broadcastId: r.broadcast_id === null ? null : Number(r.broadcast_id),
      disableLinkPreview: truthy(r.disable_link_preview),
    }));
  });
}

export type DeliveryOutcome =
  | { kind: 'sent' }
  | { kind: 'blocked'; error: string }
  | { kind: 'failed'; error: string }
  /** Try again at `at`; `countsAsAttempt: false` for 429 (Telegram asked us to wait, nothing failed). */
  | { kind: 'retry'; at: Date; error: string; countsAsAttempt: boolean };

const BROADCAST_COUNTER = { sent: 'sent_count', blocked: 'blocked_count', failed: 'failed_count' } as const;

/**
 * Records what happened to a batch of claimed messages, in one transaction: a 403 also marks the user as
 * having blocked the bot. Only rows still in flight (or marked interrupted meanwhile by a sender that took
 * over) are written: what is known beats "unknown".
 */
export async function recordOutcomes(db: Database, queue: DeliveryQueue, results: Array<{ message: ClaimedMessage; outcome: DeliveryOutcome }>, now = new Date()): Promise<void> {
  if (results.length === 0) return;
  await db.write(async (manager) => {
    const inFlight = `status IN ('sending', 'interrupted')`;
    const sent = results.filter((r) => r.outcome.kind === 'sent').map((r) => r.message.id);
    if (sent.length) {
      await db.execute(
        `UPDATE ${queue} SET status = 'sent', error = NULL, sent_at = $1 WHERE ${inFlight} AND id IN (${placeholders(sent.length, 2)})`,
        [db.date(now), ...sent],
        manager,
      );
    }
    for (const { message, outcome } of results) {
      if (outcome.kind === 'sent') continue;
      if (outcome.kind === 'retry') {
        await db.execute(
          `UPDATE ${queue} SET status = 'pending', next_attempt_at = $1, error = $2${outcome.countsAsAttempt ? '' : ', attempts = attempts - 1'} WHERE id = $3 AND ${inFlight}`,
          [db.date(outcome.at), outcome.error.slice(0, 500), message.id],
          manager,
        );
        continue;
      }
      await db.execute(`UPDATE ${queue} SET status = $1, error = $2 WHERE id = $3 AND ${inFlight}`, [outcome.kind, outcome.error.slice(0, 500), message.id], manager);
      if (outcome.kind === 'blocked') await db.execute('UPDATE users SET is_blocked = $1 WHERE id = $2', [true, message.userId], manager);
    }
    if (queue === 'broadcast_deliveries') {
      const counts = new Map<string, number>();
      for (const { message, outcome } of results) {
        if (outcome.kind === 'retry' || message.broadcastId === null) continue;
        const key = `${message.broadcastId}:${BROADCAST_COUNTER[outcome.kind]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, n] of counts) {
        const [id, counter] = key.split(':');
        await db.execute(`UPDATE broadcasts SET ${counter} = ${counter} + $1 WHERE id = $2`, [n, Number(id)], manager);
      }
    }
  });
}

/** One message's outcome (tests and small callers). */
export function recordOutcome(db: Database, queue: DeliveryQueue, message: ClaimedMessage, outcome: DeliveryOutcome, now = new Date()): Promise<void> {
  return recordOutcomes(db, queue, [{ message, outcome }], now);
}

/**
 * Called by a sender when it takes over (it holds the sender lock, so no other sender is alive): rows left in
 * flight by a dead sender become `interrupted`. Returns how many, per queue.
 */
export function interruptInFlight(db: Database): Promise<Record<DeliveryQueue, number>> {
  return db.write(async (manager) => {
    const error = 'interrupted: the sender stopped while this message was being sent; it may or may not have arrived';
    const outbox = await db.execute(`UPDATE outbox_messages SET status = 'interrupted', error = $1 WHERE status = 'sending'`, [error], manager);
    const broadcasts = await db.execute(`UPDATE broadcast_deliveries SET status = 'interrupted', error = $1 WHERE status = 'sending'`, [error], manager);
    return { outbox_messages: outbox, broadcast_deliveries: broadcasts };
  });
}

/** Broadcasts with nothing pending or in flight move from `sending` to `done`. Returns how many finished. */
export function finishBroadcasts(db: Database, now = new Date()): Promise<number> {
  return db.write((manager) =>
    db.execute(
      `UPDATE broadcasts SET state = 'done', finished_at = $1 WHERE state = 'sending'
         AND NOT EXISTS (SELECT 1 FROM broadcast_deliveries d WHERE d.broadcast_id = broadcasts.id AND d.status IN ('pending', 'sending'))`,
      [db.date(now)],
      manager,
    ),
  );
}

/** An organizer resends interrupted notifications (they may arrive twice: the organizer decides). Returns how many. */
export function resendInterruptedNotifications(db: Database, actor: Actor, ids: number[]): Promise<number> {
  return db.write(async (manager) => {
    if (ids.length === 0) return 0;
    const changed = await db.execute(
      `UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = NULL, error = NULL WHERE status = 'interrupted' AND id IN (${placeholders(ids.length)})`,
      ids,
      manager,
    );
    if (changed === 0) throw new DomainError('outbox.not_interrupted');
    for (const id of ids) await logAdminAction(manager, actor, 'outbox.resent', 'outbox_messages', id, { status: { before: 'interrupted', after: 'pending' } });
    return changed;
  });
}
