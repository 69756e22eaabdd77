import type { EntityManager } from 'typeorm';
import { Competition, JuryPanel, Registration, VoterJuryPanel } from '../entities/index.js';
import { isSelf, type Actor } from './actor.js';
import { deletedChanges, diffChanges, logAdminAction } from './audit.js';
import type { Database } from './infrastructure/database.js';
import { DomainError } from './errors.js';
import { recordEvent } from './history.js';
import { enqueueNotification } from './outbox.js';
import { INACTIVE, activeVoters, sqlList } from './places.js';

/** Active members of a panel (voters whose registration is not cancelled or rejected). */
async function panelMembers(db: Database, manager: EntityManager, panelId: number, except: number): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    `SELECT COUNT(*) AS n FROM voter_jury_panels p JOIN registrations r ON r.id = p.registration_id
      WHERE p.jury_panel_id = $1 AND p.registration_id <> $2 AND r.status NOT IN ${sqlList(INACTIVE)}`,
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
    await recordEvent(manager, actor, registrationId, panel ? 'panel_assigned' : 'panel_removed');
    if (!isSelf(actor, registration.userId)) {
      await enqueueNotification(manager, registration.userId, panel ? 'notify.panel_assigned' : 'notify.panel_removed', {
        competition: competition.title,
        competitionId: competition.id,
        panel: panel?.name ?? null,
      });
    }
  });
}

export interface JuryPanelValues {
  name?: string;
  /** null = no limit. */
  capacity?: number | null;
}

/** A panel has a name and a whole, non-negative number of seats, or no limit. */
function checkPanel(values: JuryPanelValues): JuryPanelValues {
  const next: JuryPanelValues = {};
  if (values.name !== undefined) {
    next.name = String(values.name).trim();
    if (!next.name) throw new DomainError('panel.name_required', {}, 'name');
  }
  if (values.capacity !== undefined) {
    if (values.capacity !== null && (!Number.isInteger(values.capacity) || values.capacity < 0)) throw new DomainError('panel.bad_capacity');
    next.capacity = values.capacity;
  }
  return next;
}

/** An organizer adds a jury panel to a competition; audited. */
export function createJuryPanel(db: Database, actor: Actor, values: JuryPanelValues & { competitionId: number }): Promise<JuryPanel> {
  const next = { competitionId: values.competitionId, capacity: null, ...checkPanel(values) };
  if (!next.name) throw new DomainError('panel.name_required', {}, 'name');
  return db.write(async (manager) => {
    if (!(await manager.existsBy(Competition, { id: values.competitionId }))) throw new DomainError('competition.not_found');
    const panel = await manager.save(manager.create(JuryPanel, next));
    await logAdminAction(manager, actor, 'jury_panels.created', 'jury_panels', panel.id, diffChanges({}, next));
    return panel;
  });
}

/** An organizer renames a panel or changes its seats; audited. */
export function updateJuryPanel(db: Database, actor: Actor, panelId: number, values: JuryPanelValues): Promise<JuryPanel> {
  const next = checkPanel(values);
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'jury_panels', [panelId]);
    const panel = await manager.findOneBy(JuryPanel, { id: panelId });
    if (!panel) throw new DomainError('panel.not_found');
    const diff = diffChanges(panel, next);
    if (Object.keys(diff).length === 0) return panel;
    await manager.update(JuryPanel, { id: panelId }, next);
    await logAdminAction(manager, actor, 'jury_panels.updated', 'jury_panels', panelId, diff);
    return manager.findOneByOrFail(JuryPanel, { id: panelId });
  });
}

/**
 * An organizer deletes a panel: the voters' seats on it go with it (cascade), and every voter who sat on it
 * (registration still active) is told, in the same transaction.
 */
export function deleteJuryPanel(db: Database, actor: Actor, panelId: number): Promise<void> {
  return db.write(async (manager) => {
    await db.lockForUpdate(manager, 'jury_panels', [panelId]);
    const panel = await manager.findOneBy(JuryPanel, { id: panelId });
    if (!panel) throw new DomainError('panel.not_found');
    const competition = await manager.findOneByOrFail(Competition, { id: panel.competitionId });
    const members = await activeVoters(db, manager, 'panel', panelId);
    await manager.delete(JuryPanel, { id: panelId });
    await logAdminAction(manager, actor, 'jury_panels.deleted', 'jury_panels', panelId, deletedChanges(panel));
    for (const userId of members) {
      await enqueueNotification(manager, userId, 'notify.panel_deleted', { competition: competition.title, competitionId: competition.id, panel: panel.name });
    }
  });
}
