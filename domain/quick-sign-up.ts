import { Competition, Registration, REGISTRATION_ROLES } from '../entities/index.js';
import { isSelf, type Actor } from './actor.js';
import { CURRENT_VERSION_SQL } from './consents.js';
import type { Database } from './infrastructure/database.js';
import { RETRYABLE_PG_CODES } from './errors.js';
import type { RegisterInput, RegisterResult } from './registrations.js';

/**
 * The sign-up almost every consent is, in ONE round trip on PostgreSQL: the bot's user signs themselves up for a
 * competition that is open, has no limit on places (or as a voter, who takes none) and where they have no
 * registration yet. `registerForCompetition`'s transaction takes seven round trips for it (BEGIN, the lock, the
 * existing registration, the profile, the registration, its history line, COMMIT), and this runs on the webhook's
 * hot path, where a round trip costs an update about as much as the rest of its handling (docs/architecture.md).
 *
 * One statement does what that transaction does in this case, under the same lock (FOR SHARE on the
 * competition, re-checked on its latest version once granted) and the same unique key. Its every write is
 * conditional: when anything else holds — a limit on places, registration closed, a registration already there
 * (cancelled, rejected, or a concurrent double tap that won the unique key), the competition gone — it writes
 * nothing and returns null, and the full transaction decides, with its errors, its waiting list and its reuse of
 * a cancelled row. The rules stay in registrations.ts; this is only their common case, written once more in SQL:
 * keep the two in step (test/domain/quick-sign-up.test.ts compares their rows).
 */
export async function quickSignUp(db: Database, actor: Actor, input: RegisterInput): Promise<RegisterResult | null> {
  // Answers to the competition's own questions take the full transaction (their checks and option limits).
  if (
    !db.isPostgres ||
    input.answers !== undefined ||
    input.teamCode !== undefined ||
    !input.consentGiven ||
    !isSelf(actor, input.userId) ||
    !REGISTRATION_ROLES.includes(input.role)
  )
    return null;
  const lit = (value: string | number | null | undefined) => db.literal(value);
  const user = lit(input.userId);
  const competition = lit(input.competitionId);
  const role = lit(input.role);
  const { fullName, phone } = input.profile ?? {};
  // Only what the form typed is written, and only with the registration (see RegisterInput.profile).
  const profile =
    fullName || phone
      ? `, profile AS (
        UPDATE users SET full_name = COALESCE(${lit(fullName || null)}, full_name), phone = COALESCE(${lit(phone || null)}, phone), updated_at = now()
        WHERE id = ${user} AND EXISTS (SELECT 1 FROM reg))`
      : '';
  const rows = await db
    .sendInOneMessage<{ competition: Record<string, unknown> | null; registration: Record<string, unknown> | null }>(
      `WITH c AS (
         SELECT * FROM competitions WHERE id = ${competition} AND (max_participants IS NULL OR ${role} = 'voter') FOR SHARE
       ), ok AS (
         -- isRegistrationOpen, and admittedStatus for a place that is not counted
         SELECT c.id, CASE WHEN c.requires_approval THEN 'pending' ELSE 'approved' END AS status FROM c
         WHERE c.registration_open AND (COALESCE(c.registration_closes_at, c.starts_at) IS NULL OR COALESCE(c.registration_closes_at, c.starts_at) > now())
           AND NOT EXISTS (SELECT 1 FROM registrations WHERE user_id = ${user} AND competition_id = c.id)
       ), reg AS (
         INSERT INTO registrations (user_id, competition_id, role, status, status_changed_at, consent_given, checked_in, created_at)
         SELECT ${user}, ok.id, ${role}, ok.status, now(), true, false, now() FROM ok
         ON CONFLICT (user_id, competition_id) DO NOTHING
         RETURNING *
       ), history AS (
         INSERT INTO registration_events (registration_id, event, actor_kind, admin_user_id, source, from_status, to_status)
         SELECT reg.id, 'created', 'user', NULL, ${lit(actor.source)}, NULL, reg.status FROM reg
       ), consent AS (
         INSERT INTO consents (user_id, competition_id, document_version, given_at, via)
         SELECT reg.user_id, reg.competition_id, ${CURRENT_VERSION_SQL}, now(), 'bot' FROM reg
       )${profile}
       SELECT (SELECT row_to_json(c) FROM c) AS competition, (SELECT row_to_json(reg) FROM reg) AS registration`,
    )
    .catch((error: { code?: string }) => {
      // A lock not granted in time (or the like): the full transaction retries it.
      if (error.code && RETRYABLE_PG_CODES.has(error.code)) return [];
      throw error;
    });
  const row = rows[0];
  if (!row?.competition || !row.registration) return null;
  return {
    registration: db.entityFromJsonRow(Registration, row.registration),
    competition: db.entityFromJsonRow(Competition, row.competition),
    waitlistPosition: null,
  };
}
