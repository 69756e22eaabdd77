import { AdminAudit, AdminUser, Broadcast, Competition, JuryPanel, Question, Registration, Team, TimeSlot, User } from '../../entities/index.js';
import { isMessageKey, translate, type Language, type MessageKey } from '../../i18n/index.js';
import { byIds, userDisplayName } from './admin-views.js';
import { staffName } from './staff-names.js';
import type { Database } from '../infrastructure/database.js';
import { formatForPeople, slotLabel } from '../time.js';

type Changes = Record<string, { before?: unknown; after?: unknown } | unknown>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** A changed value as people read it: instants in the event's time zone, yes/no, statuses in words. */
function readable(value: unknown, field: string, timeZone: string, lang: Language): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return translate(lang, value ? 'audit.yes' : 'audit.no');
  if (value instanceof Date) return formatForPeople(value, timeZone);
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatForPeople(new Date(value), timeZone);
  if (field === 'status' && typeof value === 'string' && isMessageKey(`status.${value}`)) return translate(lang, `status.${value}` as MessageKey);
  // A broadcast's state, a registration's role: words, not the stored values.
  const word = `audit.${field}_${String(value)}`;
  if ((field === 'state' || field === 'role') && isMessageKey(word)) return translate(lang, word);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** "начало: 20.03 15:00 → 14:00"-style list of what changed (fields the catalogue names; the rest by their key). */
function changeList(changes: Changes | null, timeZone: string, lang: Language): string {
  if (!changes) return '';
  const parts: string[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (!change || typeof change !== 'object' || !('before' in change || 'after' in change)) continue;
    const { before, after } = change as { before?: unknown; after?: unknown };
    const key = `audit.field_${field}`;
    const name = isMessageKey(key) ? translate(lang, key) : field;
    parts.push(`${name}: ${readable(before, field, timeZone, lang)} → ${readable(after, field, timeZone, lang)}`);
  }
  return parts.join('; ');
}

const beforeOrAfter = (changes: Changes | null, field: string): unknown => {
  const c = changes?.[field] as { before?: unknown; after?: unknown } | undefined;
  return c && typeof c === 'object' ? (c.after ?? c.before) : undefined;
};

/**
 * The audit log as sentences in the admin's language — "Мария отклонил(а) заявку: Иванов Иван (Весна-2027)"
 * — naming people, competitions, slots and panels instead of record numbers, with changed times in
 * `timeZone`. For a page of rows at a time (a few queries per page). A record deleted since is named from
 * the values the audit kept, else by its number.
 */
export async function auditSentences(db: Database, rows: AdminAudit[], timeZone: string, lang: Language): Promise<string[]> {
  const ids = (resource: string) => rows.filter((r) => r.resource === resource && r.recordId).map((r) => Number(r.recordId));
  const registrations = await byIds(db, Registration, ids('registrations'));
  const [users, competitions, slots, panels, broadcasts, admins] = await Promise.all([
    byIds(db, User, [...ids('users'), ...[...registrations.values()].map((r) => r.userId)]),
    byIds(db, Competition, [...ids('competitions'), ...[...registrations.values()].map((r) => r.competitionId)]),
    byIds(db, TimeSlot, ids('time_slots')),
    byIds(db, JuryPanel, ids('jury_panels')),
    byIds(db, Broadcast, ids('broadcasts')),
    byIds(
      db,
      AdminUser,
      rows.map((r) => r.adminUserId).filter((id): id is number => typeof id === 'number'),
    ),
  ]);
  // In the admin's language: "Мария", else "организатор #2".
  const adminName = (id: number) => {
    const a = admins.get(id);
    return a ? staffName(a, lang) : `#${id}`;
  };
  const questions = await byIds(db, Question, ids('questions'));
  const teams = await byIds(db, Team, ids('teams'));
  const slotCompetitions = await byIds(db, Competition, [
    ...[...slots.values()].map((s) => s.competitionId),
    ...[...questions.values()].map((q) => q.competitionId),
    ...[...teams.values()].map((t) => t.competitionId),
  ]);

  const nameOf = (row: AdminAudit): string => {
    const id = Number(row.recordId);
    const changes = row.changes as Changes | null;
    switch (row.resource) {
      case 'registrations': {
        const r = registrations.get(id);
        const user = r ? users.get(r.userId) : undefined;
        return r ? `${user ? userDisplayName(user) : `#${r.userId}`} (${competitions.get(r.competitionId)?.title ?? r.competitionId})` : `#${row.recordId}`;
      }
      case 'competitions':
        return competitions.get(id)?.title ?? String(beforeOrAfter(changes, 'title') ?? `#${row.recordId}`);
      case 'time_slots': {
        const s = slots.get(id);
        return s ? slotLabel(s, timeZone, slotCompetitions.get(s.competitionId)?.title) : `#${row.recordId}`;
      }
      case 'jury_panels':
        return panels.get(id)?.name ?? String(beforeOrAfter(changes, 'name') ?? `#${row.recordId}`);
      case 'broadcasts': {
        const text = broadcasts.get(id)?.text ?? String(beforeOrAfter(changes, 'text') ?? '');
        return text ? `«${text.length > 40 ? `${text.slice(0, 39)}…` : text}»` : `#${row.recordId}`;
      }
      case 'users': {
        const u = users.get(id);
        return u ? userDisplayName(u) : `#${row.recordId}`;
      }
      case 'consent_documents':
        return row.recordId ?? '';
      case 'questions': {
        // A deleted question is named by the title its entry kept.
        const q = questions.get(id);
        const title = q ? (lang === 'ru' ? q.titleRu : q.titleEn) : String(beforeOrAfter(changes, 'title') ?? beforeOrAfter(changes, 'titleRu') ?? `#${row.recordId}`);
        return q ? `«${title}» (${slotCompetitions.get(q.competitionId)?.title ?? q.competitionId})` : `«${title}»`;
      }
      case 'teams': {
        // A team keeps its row when dissolved; its name as the entry kept it otherwise.
        const t = teams.get(id);
        return t ? `«${t.name}» (${slotCompetitions.get(t.competitionId)?.title ?? t.competitionId})` : `«${String(beforeOrAfter(changes, 'name') ?? `#${row.recordId}`)}»`;
      }
      default:
        return row.recordId ? `#${row.recordId}` : '';
    }
  };

  return rows.map((row) => {
    const named = row.adminUserId ? adminName(row.adminUserId) : translate(lang, 'audit.system');
    const who = named.charAt(0).toUpperCase() + named.slice(1); // it opens the sentence ("Организатор #2 отклонил(а) …")
    const key = `audit.${row.action}`;
    const what = nameOf(row);
    // A purge's entry says how many people it concerned (domain/retention.ts).
    const people = Number((row.changes?.people as { after?: unknown } | undefined)?.after ?? 0);
    const sentence = isMessageKey(key) ? translate(lang, key, { who, what, people }) : translate(lang, 'audit.other', { who, what, action: row.action });
    // Status changes are said by the verb; other updates list what changed, a schedule its time.
    const changes = row.changes as Changes | null;
    // A question's definition (options, rules as JSON) is read on its own page, not in a sentence.
    const details =
      /\.(updated|created)$/.test(row.action) && row.resource !== 'questions'
        ? changeList(changes, timeZone, lang)
        : row.action === 'broadcast.scheduled' && changes
          ? changeList({ scheduledAt: changes.scheduledAt }, timeZone, lang)
          : '';
    return details ? `${sentence} — ${details}` : sentence;
  });
}
