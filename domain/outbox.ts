import type { EntityManager } from 'typeorm';

/**
 * Queues a notification for a user, inside the caller's transaction (the transactional outbox): it exists
 * exactly when the change it reports was committed. `kind` is a catalogue key; the sender renders it in
 * the user's language at delivery time, with `payload` as its parameters. A person an organizer added by hand
 * without Telegram (no `telegram_id`: domain/walk-ins.ts) gets nothing: the row is not written at all, decided in
 * the same statement (no extra round trip for everyone else).
 */
export async function enqueueNotification(manager: EntityManager, userId: number, kind: string, payload: Record<string, string | number | null> = {}): Promise<void> {
  const p = manager.connection.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
  await manager.query(
    `INSERT INTO outbox_messages (user_id, kind, payload, status, attempts)
     SELECT id, ${p(1)}, ${p(2)}, 'pending', 0 FROM users WHERE id = ${p(3)} AND telegram_id IS NOT NULL`,
    [kind, JSON.stringify(payload), userId],
  );
}
