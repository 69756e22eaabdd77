import type { Database } from './database.js';

/**
 * The database side of message delivery, shared by the notification outbox and broadcasts: claim a batch of
 * due rows, then record each outcome. A claim is a lease: the rows' `next_attempt_at` moves LEASE_MS ahead,
 * so no other sender (another process, or the next timer tick) takes them while they are being sent. On
 * PostgreSQL the claiming SELECT uses `FOR UPDATE SKIP LOCKED`, so concurrent senders split the work instead
 * of queueing on each other; on SQLite write transactions are serialized anyway.
 */
export type DeliveryQueue = 'outbox_messages' | 'broadcast_deliveries';

/** Longer than any one send can take (Telegraf gives up on a request after 500 s). */
const LEASE_MS = 10 * 60_000;
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
}

/** A claimed row as the drivers return it: bigint as text on PostgreSQL, booleans as 0/1 and JSON as text on SQLite. */
interface ClaimedRow {
  id: number; user_id: number; attempts: number; telegram_id: number | string; is_blocked: boolean | number;
  preferred_language: string | null; language_code: string | null; kind: string | null;
  payload: Record<string, unknown> | string | null; text: string | null; broadcast_id: number | null;
}

const DUE = `x.status = 'pending' AND (x.next_attempt_at IS NULL OR x.next_attempt_at <= $1)`;

export async function claimDue(db: Database, queue: DeliveryQueue, limit: number, now = new Date()): Promise<ClaimedMessage[]> {
  return db.write(async (manager) => {
    const skipLocked = db.isPostgres ? ' FOR UPDATE OF x SKIP LOCKED' : '';
    const select = queue === 'outbox_messages'
      ? `SELECT x.id FROM outbox_messages x WHERE ${DUE} ORDER BY x.id LIMIT $2${skipLocked}`
      : `SELECT x.id FROM broadcast_deliveries x JOIN broadcasts b ON b.id = x.broadcast_id
          WHERE b.state = 'sending' AND ${DUE} ORDER BY x.id LIMIT $2${skipLocked}`;
    const ids = (await db.query<{ id: number }>(select, [db.date(now), limit], manager)).map((r) => Number(r.id));
    if (ids.length === 0) return [];
    const list = ids.map((_, i) => `$${i + 2}`).join(', ');
    await db.execute(
      `UPDATE ${queue} SET next_attempt_at = $1, attempts = attempts + 1 WHERE id IN (${list})`,
      [db.date(new Date(now.getTime() + LEASE_MS)), ...ids],
      manager,
    );
    const columns = queue === 'outbox_messages'
      ? 'x.kind, x.payload, x.text, NULL AS broadcast_id'
      : 'NULL AS kind, NULL AS payload, b.text, x.broadcast_id';
    const join = queue === 'outbox_messages' ? '' : 'JOIN broadcasts b ON b.id = x.broadcast_id';
    const rows = await db.query<ClaimedRow>(
      `SELECT x.id, x.user_id, x.attempts, u.telegram_id, u.is_blocked, u.preferred_language, u.language_code, ${columns}
         FROM ${queue} x JOIN users u ON u.id = x.user_id ${join} WHERE x.id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY x.id`,
      ids,
      manager,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      userId: Number(r.user_id),
      telegramId: Number(r.telegram_id),
      attempts: Number(r.attempts),
      isBlocked: r.is_blocked === true || r.is_blocked === 1,
      preferredLanguage: r.preferred_language,
      languageCode: r.language_code,
      kind: r.kind,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
      text: r.text,
      broadcastId: r.broadcast_id === null ? null : Number(r.broadcast_id),
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

/** Records what happened to one claimed message; a 403 also marks the user as having blocked the bot. */
export async function recordOutcome(db: Database, queue: DeliveryQueue, message: ClaimedMessage, outcome: DeliveryOutcome, now = new Date()): Promise<void> {
  await db.write(async (manager) => {
    if (outcome.kind === 'retry') {
      await db.execute(
        `UPDATE ${queue} SET next_attempt_at = $1, error = $2${outcome.countsAsAttempt ? '' : ', attempts = attempts - 1'} WHERE id = $3`,
        [db.date(outcome.at), outcome.error.slice(0, 500), message.id],
        manager,
      );
      return;
    }
    await db.execute(
      `UPDATE ${queue} SET status = $1, error = $2, sent_at = $3, next_attempt_at = NULL WHERE id = $4`,
      [outcome.kind, outcome.kind === 'sent' ? null : outcome.error.slice(0, 500), outcome.kind === 'sent' ? db.date(now) : null, message.id],
      manager,
    );
    if (outcome.kind === 'blocked') {
      await db.execute('UPDATE users SET is_blocked = $1 WHERE id = $2', [true, message.userId], manager);
    }
    if (queue === 'broadcast_deliveries' && message.broadcastId !== null) {
      const counter = BROADCAST_COUNTER[outcome.kind];
      await db.execute(`UPDATE broadcasts SET ${counter} = ${counter} + 1 WHERE id = $1`, [message.broadcastId], manager);
    }
  });
}

/** Broadcasts whose every delivery is settled move from `sending` to `done`. Returns how many finished. */
export function finishBroadcasts(db: Database, now = new Date()): Promise<number> {
  return db.write((manager) =>
    db.execute(
      `UPDATE broadcasts SET state = 'done', finished_at = $1 WHERE state = 'sending'
         AND NOT EXISTS (SELECT 1 FROM broadcast_deliveries d WHERE d.broadcast_id = broadcasts.id AND d.status = 'pending')`,
      [db.date(now)],
      manager,
    ),
  );
}
