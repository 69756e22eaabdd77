import type { EventSource } from '../entities/index.js';

/**
 * Who asks the domain to do something: a bot user, an admin user, or the system itself (timers, cascades),
 * and through what (`source`: the bot, the admin, a reminder's answer, the door scanner…), which the
 * registration history keeps.
 */
export type Actor = { kind: 'user'; userId: number; source: EventSource } | { kind: 'admin'; adminUserId: number; source: EventSource } | { kind: 'system'; source: EventSource };

export const SYSTEM: Actor = { kind: 'system', source: 'system' };

export function userActor(userId: number, source: EventSource = 'bot'): Actor {
  return { kind: 'user', userId, source };
}

export function adminActor(adminUserId: number, source: EventSource = 'admin'): Actor {
  return { kind: 'admin', adminUserId, source };
}

/** True when the change is the user's own doing (the bot answers them directly; no notification needed). */
export function isSelf(actor: Actor, userId: number): boolean {
  return actor.kind === 'user' && actor.userId === userId;
}
