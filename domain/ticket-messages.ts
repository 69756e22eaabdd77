import { MoreThan, type EntityManager } from 'typeorm';
import { TicketMessage } from '../entities/index.js';
import type { Database } from './infrastructure/database.js';
import { enqueueNotification } from './outbox.js';

/**
 * The ticket photos the bot sent, by registration. A double tap on 🎫 must not send a second photo: a ticket
 * sent to the same chat within this window answers "it is just above" instead.
 */
export const TICKET_RESEND_AFTER_MS = 60_000;

/** A ticket photo just sent (its message id, in the person's private chat). */
export async function recordTicketMessage(db: Database, registrationId: number, chatId: number, messageId: number): Promise<void> {
  await db.write((manager) => manager.insert(TicketMessage, { registrationId, chatId, messageId }));
}

/** Whether this registration's ticket went to this chat a moment ago (a double tap, or a press right after). */
export async function ticketJustSent(db: Database, registrationId: number, chatId: number, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - TICKET_RESEND_AFTER_MS);
  return (await db.manager.countBy(TicketMessage, { registrationId, chatId, createdAt: MoreThan(since) })) > 0;
}

/**
 * A cancelled or rejected registration's ticket photos say so where the person keeps them: one outbox row per
 * photo, delivered as an edit of its caption (bot/delivery.ts), in the caller's transaction. The rows go: those
 * photos are done with, and a ticket issued later is a new photo.
 */
export async function voidTicketMessages(manager: EntityManager, userId: number, registrationId: number, status: 'cancelled' | 'rejected', competition: string): Promise<void> {
  const sent = await manager.findBy(TicketMessage, { registrationId });
  for (const message of sent) {
    await enqueueNotification(manager, userId, status === 'cancelled' ? 'ticket.void_cancelled' : 'ticket.void_rejected', { competition, editMessageId: message.messageId });
  }
  if (sent.length) await manager.delete(TicketMessage, { registrationId });
}
