import { Broadcast } from '../entities/index.js';
import type { Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import type { Database } from './database.js';
import { DomainError } from './errors.js';
import { INACTIVE, sqlList } from './places.js';

/**
 * draft → sending: one delivery row per recipient, written with the state change in one transaction; the
 * broadcast sender then works through them at BROADCAST_RATE. The audience is the registrations of the
 * broadcast's competition (filtered by role and status when set), or every user; users who blocked the bot
 * are left out.
 */
export function startBroadcast(db: Database, actor: Actor, broadcastId: number): Promise<Broadcast> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'broadcasts', [broadcastId]);
    const broadcast = await manager.findOneBy(Broadcast, { id: broadcastId });
    if (!broadcast) throw new DomainError('broadcast.not_found');
    if (broadcast.state !== 'draft') throw new DomainError('broadcast.not_draft', { state: broadcast.state });
    if (!broadcast.text.trim()) throw new DomainError('broadcast.empty');

    const params: unknown[] = [broadcastId, false];
    let audience = 'SELECT u.id FROM users u WHERE u.is_blocked = $2';
    if (broadcast.competitionId !== null) {
      params.push(broadcast.competitionId);
      audience = `SELECT DISTINCT u.id FROM users u JOIN registrations r ON r.user_id = u.id WHERE u.is_blocked = $2 AND r.competition_id = $3`;
      if (broadcast.role) {
        params.push(broadcast.role);
        audience += ` AND r.role = $${params.length}`;
      }
      if (broadcast.status) {
        params.push(broadcast.status);
        audience += ` AND r.status = $${params.length}`;
      } else {
        audience += ` AND r.status NOT IN ${sqlList(INACTIVE)}`;
      }
    }
    const total = await db.execute(
      `INSERT INTO broadcast_deliveries (broadcast_id, user_id, status) SELECT $1, a.id, 'pending' FROM (${audience}) a WHERE 1 = 1 ON CONFLICT DO NOTHING`,
      params,
      manager,
    );
    await manager.update(Broadcast, { id: broadcastId }, { state: 'sending', totalCount: total, startedAt: new Date() });
    await logAdminAction(manager, actor, 'broadcast.started', 'broadcasts', broadcastId, { state: { before: 'draft', after: 'sending' }, totalCount: total });
    return manager.findOneByOrFail(Broadcast, { id: broadcastId });
  });
}
