import { Competition, JuryPanel, Registration, VoterJuryPanel } from '../entities/index.js';
import { isSelf, type Actor } from './actor.js';
import { logAdminAction } from './audit.js';
import type { Database } from './database.js';
import { DomainError } from './errors.js';
import { enqueueNotification } from './outbox.js';
import { INACTIVE } from './places.js';

/** Active members of a panel (voters whose registration is not cancelled or rejected). */
async function panelMembers(db: Database, manager: Parameters<Database['query']>[2], panelId: number, except: number): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    `SELECT COUNT(*) AS n FROM voter_jury_panels p JOIN registrations r ON r.id = p.registration_id
      WHERE p.jury_panel_id = $1 AND p.registration_id <> $2 AND r.status NOT IN ('cancelled', 'rejected')`,
    [panelId, except],
    manager,
  );
  return Number(row.n);
}

/**
 * Seats a voter on a jury panel (a voter sits on at most one), or takes them off it with null. The panel row
 * is locked and its members recounted (see domain/places.ts), so a full panel refuses with `panel.full`.
 * The voter is told.
 */
export function assignJuryPanel(db: Database, actor: Actor, registrationId: number, juryPanelId: number | null): Promise<void> {
  return db.write(async (manager) => {
    const registration = await manager.findOneBy(Registration, { id: registrationId });
    if (!registration) throw new DomainError('registration.not_found');
    if (registration.role !== 'voter') throw new DomainError('panel.voters_only');
    const current = await manager.findOneBy(VoterJuryPanel, { registrationId });
    if ((current?.juryPanelId ?? null) === juryPanelId) return;
    const competition = await manager.findOneByOrFail(Competition, { id: registration.competitionId });

    let panel: JuryPanel | null = null;
    if (juryPanelId !== null) {
      if (INACTIVE.includes(registration.status)) throw new DomainError('panel.registration_inactive');
      await db.lockForUpdate(manager, 'jury_panels', [juryPanelId]);
      panel = await manager.findOneBy(JuryPanel, { id: juryPanelId });
      if (!panel || panel.competitionId !== registration.competitionId) throw new DomainError('panel.not_found');
      if (panel.capacity !== null && (await panelMembers(db, manager, panel.id, registrationId)) >= panel.capacity) {
        throw new DomainError('panel.full', { panel: panel.name });
      }
    }
    if (current) await manager.delete(VoterJuryPanel, { registrationId });
    if (panel) await manager.insert(VoterJuryPanel, { registrationId, juryPanelId: panel.id });

    await logAdminAction(manager, actor, panel ? 'registration.panel_assigned' : 'registration.panel_removed', 'registrations', registrationId, {
      juryPanelId: { before: current?.juryPanelId ?? null, after: juryPanelId },
    });
    if (!isSelf(actor, registration.userId)) {
      await enqueueNotification(manager, registration.userId, panel ? 'notify.panel_assigned' : 'notify.panel_removed', {
        competition: competition.title,
        competitionId: competition.id,
        panel: panel?.name ?? null,
      });
    }
  });
}
