import { In, type EntityManager } from 'typeorm';
import { translator, type Language } from '../i18n/index.js';
import { AdminUser, RegistrationEvent, type RegistrationEventKind, type RegistrationStatus } from '../entities/index.js';
import type { Actor } from './actor.js';
import type { Database } from './infrastructure/database.js';
import { formatForPeople } from './time.js';
import { staffName } from './read-models/staff-names.js';

/**
 * Adds a line to a registration's history, inside the caller's transaction (it exists exactly when the
 * change it records was committed). Only ids and statuses: no personal data.
 */
export async function recordEvent(
  manager: EntityManager,
  actor: Actor,
  registrationId: number,
  event: RegistrationEventKind,
  status: { from?: RegistrationStatus | null; to?: RegistrationStatus | null } = {},
): Promise<void> {
  await manager.insert(RegistrationEvent, {
    registrationId,
    event,
    actorKind: actor.kind,
    adminUserId: actor.kind === 'admin' ? actor.adminUserId : null,
    source: actor.source,
    fromStatus: status.from ?? null,
    toStatus: status.to ?? null,
  });
}

/**
 * The histories of a batch of registrations (one query), oldest first, as readable lines in `language`:
 * "2030-01-15 10:00 — status changed: pending → cancelled — participant (bot)", times in `timeZone`.
 */
export async function registrationHistories(
  db: Database,
  registrationIds: number[],
  timeZone: string,
  language: Language,
  /** The reason of a registration's current rejection: said on the line of that rejection. */
  rejectionReasons: ReadonlyMap<number, string> = new Map(),
): Promise<Map<number, string[]>> {
  const lines = new Map<number, string[]>(registrationIds.map((id) => [id, []]));
  if (registrationIds.length === 0) return lines;
  const events = await db.manager.find(RegistrationEvent, { where: { registrationId: In(registrationIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  const t = translator(language);
  // Staff by name ("Анна"), as everywhere in the admin; an account deleted since by its number.
  const staffIds = [...new Set(events.map((e) => e.adminUserId).filter((id): id is number => id !== null))];
  const staff = new Map((staffIds.length ? await db.manager.findBy(AdminUser, { id: In(staffIds) }) : []).map((a) => [a.id, staffName(a, language)]));
  const lastRejection = new Map<number, number>();
  for (const e of events) {
    const change = e.fromStatus || e.toStatus ? `: ${e.fromStatus ? t(`status.${e.fromStatus}`) : '—'} → ${e.toStatus ? t(`status.${e.toStatus}`) : '—'}` : '';
    const who =
      e.actorKind === 'admin' && e.adminUserId !== null ? (staff.get(e.adminUserId) ?? `${t('history.actor_admin')} #${e.adminUserId}`) : t(`history.actor_${e.actorKind}`);
    lines.get(e.registrationId)?.push(`${formatForPeople(e.createdAt, timeZone)} — ${t(`history.event_${e.event}`)}${change} — ${who} (${t(`history.source_${e.source}`)})`);
    if (e.toStatus === 'rejected') lastRejection.set(e.registrationId, (lines.get(e.registrationId)?.length ?? 0) - 1);
  }
  for (const [id, index] of lastRejection) {
    const reason = rejectionReasons.get(id);
    const list = lines.get(id);
    if (reason && list) list[index] += ` — ${t('history.reason', { reason })}`;
  }
  return lines;
}
