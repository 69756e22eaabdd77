import type { Actor } from '../actor.js';
import { logAdminAction } from '../audit.js';
import type { Database } from '../infrastructure/database.js';
import { slotsAndPanels } from './registration-details.js';
import { toDate } from '../time.js';
import { answersOfBatch, questionsOf } from './answers.js';
import type { Question, RegistrationRole } from '../../entities/index.js';

const BATCH = 1000;

/** The columns of the registrations export, in order; each row of `registrationExportBatches` follows them. */
export const EXPORT_COLUMNS = [
  'registration_id',
  'status',
  'waitlist_position',
  'role',
  'checked_in',
  'consent_given',
  'registered_at',
  'status_changed_at',
  'rejection_reason',
  'telegram_id',
  'username',
  'first_name',
  'last_name',
  'full_name',
  'phone',
  'language',
  'time_slots',
  'jury_panel',
  'attendance',
  'team',
  'team_role',
] as const;

/** A cell as the database has it: times are instants (each format shows them in TZ_DISPLAY), phones E.164. */
export type ExportCell = string | number | boolean | Date | null;

interface Row {
  id: number;
  status: string;
  role: string;
  checked_in: boolean | number;
  consent_given: boolean | number;
  created_at: Date | string;
  status_changed_at: Date | string | null;
  rejection_reason: string | null;
  telegram_id: number | string | null;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  full_name: string | null;
  phone: string | null;
  language_code: string | null;
  preferred_language: string | null;
  attendance_confirmed_at: Date | string | null;
  attendance_declined_at: Date | string | null;
  team_name: string | null;
  team_captain: number | null;
}

/**
 * A competition's registrations (or those of one role) as rows of `EXPORT_COLUMNS`, read in keyset batches
 * (by id) so that memory stays flat however many there are; slots and panel are fetched per batch, their
 * labels in `timeZone`. Then one cell per question of `questions` (the competition's own, in order): the stored
 * answer or null, the batch's answers read in one query.
 */
export async function* registrationExportBatches(
  db: Database,
  competitionId: number,
  timeZone: string,
  role?: RegistrationRole,
  questions: ReadonlyArray<{ id: number }> = [],
): AsyncGenerator<ExportCell[][]> {
  let lastId = 0;
  // The waiting list is short: its queue order once, for every batch.
  const queue = await db.query<{ id: number }>(
    `SELECT id FROM registrations WHERE competition_id = $1 AND role = 'participant' AND status = 'waitlisted' ORDER BY created_at, id`,
    [competitionId],
  );
  const positions = new Map(queue.map((r, i) => [Number(r.id), i + 1]));
  for (;;) {
    const rows = await db.query<Row>(
      `SELECT r.id, r.status, r.role, r.checked_in, r.consent_given, r.created_at, r.status_changed_at, r.rejection_reason,
              u.telegram_id, u.username, u.first_name, u.last_name, u.full_name, u.phone, u.language_code, u.preferred_language,
              r.attendance_confirmed_at, r.attendance_declined_at, t.name AS team_name, t.captain_registration_id AS team_captain
       FROM registrations r JOIN users u ON u.id = r.user_id LEFT JOIN teams t ON t.id = r.team_id
       WHERE r.competition_id = $1 AND r.id > $2${role ? ' AND r.role = $3' : ''} ORDER BY r.id LIMIT ${BATCH}`,
      role ? [competitionId, lastId, role] : [competitionId, lastId],
    );
    if (rows.length === 0) return;
    lastId = Number(rows[rows.length - 1].id);
    const { slots, panels } = await slotsAndPanels(
      db,
      rows.map((r) => Number(r.id)),
      timeZone,
    );
    const answers = questions.length
      ? await answersOfBatch(
          db,
          rows.map((r) => Number(r.id)),
        )
      : null;
    yield rows.map((r) => [
      Number(r.id),
      r.status,
      positions.get(Number(r.id)) ?? null,
      r.role,
      Boolean(r.checked_in),
      Boolean(r.consent_given),
      toDate(r.created_at),
      r.status_changed_at ? toDate(r.status_changed_at) : null,
      r.rejection_reason,
      r.telegram_id === null ? '' : String(r.telegram_id),
      r.username,
      r.first_name,
      r.last_name,
      r.full_name,
      r.phone,
      r.preferred_language ?? r.language_code,
      (slots.get(Number(r.id)) ?? []).join('; '),
      panels.get(Number(r.id)) ?? '',
      // The answer to the reminder: confirmed / declined / '' (no answer).
      r.attendance_declined_at ? 'declined' : r.attendance_confirmed_at ? 'confirmed' : '',
      // The team and the person's role in it: captain / member (issue 26); one row per person, as ever.
      r.team_name,
      r.team_name === null ? null : Number(r.team_captain) === Number(r.id) ? 'captain' : 'member',
      ...questions.map((q) => answers?.get(Number(r.id))?.get(q.id) ?? null),
    ]);
    if (rows.length < BATCH) return;
  }
}

/**
 * The questions whose answers are the export's columns: the members' own (a team question's answer is the team's:
 * the "Команды" sheet has it), and the team questions, for that sheet.
 */
export async function exportQuestions(db: Database, competitionId: number): Promise<{ members: Question[]; team: Question[] }> {
  const all = await questionsOf(db, competitionId);
  return { members: all.filter((q) => !q.forTeam), team: all.filter((q) => q.forTeam) };
}

/** Taking the list of personal data is recorded too (who took it, when). */
export async function recordExport(db: Database, actor: Actor, competitionId: number): Promise<void> {
  await db.write((manager) => logAdminAction(manager, actor, 'competitions.exported', 'competitions', competitionId, null));
}

/** The competition's title for the export's file name, or null when there is no such competition. */
export async function exportTitle(db: Database, competitionId: number): Promise<string | null> {
  const [row] = await db.query<{ title: string }>('SELECT title FROM competitions WHERE id = $1', [competitionId]);
  return row ? row.title : null;
}
