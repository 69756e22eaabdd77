import type { Database } from './database.js';

/** Telegram keeps undelivered updates for 24 h but may reuse ids after a quiet week: keep marks 7 days. */
export const PROCESSED_UPDATE_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function pruneProcessedUpdates(db: Database, now = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - PROCESSED_UPDATE_RETENTION_MS);
  await db.write((manager) => db.execute('DELETE FROM processed_updates WHERE processed_at < $1 AND lease_owner IS NULL', [db.date(cutoff)], manager));
}

/** The bench's "minimal pipeline": a bare dedupe mark, the floor under any bot on this stack. */
export async function claimUpdate(db: Database, updateId: number): Promise<boolean> {
  const inserted = await db.writeStatement('INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING', [
    updateId,
    db.date(new Date()),
  ]);
  return inserted > 0;
}
