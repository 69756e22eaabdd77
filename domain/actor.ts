/** Who asks the domain to do something: a bot user, an admin user, or the system itself (timers, cascades). */
export type Actor = { kind: 'user'; userId: number } | { kind: 'admin'; adminUserId: number } | { kind: 'system' };

export const SYSTEM: Actor = { kind: 'system' };

export function userActor(userId: number): Actor {
  return { kind: 'user', userId };
}

export function adminActor(adminUserId: number): Actor {
  return { kind: 'admin', adminUserId };
}

/** True when the change is the user's own doing (the bot answers them directly; no notification needed). */
export function isSelf(actor: Actor, userId: number): boolean {
  return actor.kind === 'user' && actor.userId === userId;
}
