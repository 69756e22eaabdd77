import type { EntityManager } from 'typeorm';
import { OutboxMessage } from '../entities/index.js';

/**
 * Queues a notification for a user, inside the caller's transaction (the transactional outbox): it exists
 * exactly when the change it reports was committed. `kind` is a catalogue key; the sender renders it in
 * the user's language at delivery time, with `payload` as its parameters.
 */
export async function enqueueNotification(manager: EntityManager, userId: number, kind: string, payload: Record<string, string | number | null> = {}): Promise<void> {
  await manager.insert(OutboxMessage, { userId, kind, payload: payload as never, status: 'pending', attempts: 0 });
}
