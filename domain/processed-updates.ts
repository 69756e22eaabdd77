import type { Database } from './database.js';

/** Telegram keeps undelivered updates for 24 h but may reuse ids after a quiet week: keep marks 7 days. */
export const PROCESSED_UPDATE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Marks an update as taken. Returns false when it was already taken, also by a copy arriving at the same
 * moment: the primary key decides, inside the database, which copy wins.
 */
export async function claimUpdate(db: Database, updateId: number): Promise<boolean> {
  const inserted = await db.writeStatement(
    'INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING',
    [updateId, db.date(new Date())],
  );
  return inserted > 0;
}

/** Gives an update back, so Telegram's redelivery is processed (the handler could not reach the database). */
export async function releaseUpdate(db: Database, updateId: number): Promise<void> {
  await db.write((manager) => db.execute('DELETE FROM processed_updates WHERE update_id = $1', [updateId], manager));
}

export async function pruneProcessedUpdates(db: Database, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - PROCESSED_UPDATE_RETENTION_MS);
  await db.write((manager) => db.execute('DELETE FROM processed_updates WHERE processed_at < $1', [db.date(cutoff)], manager));
}
