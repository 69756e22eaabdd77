import crypto from 'node:crypto';

/**
 * The webhook's turn on PostgreSQL, as server-side functions: the ONE source of their SQL. Not history: the
 * server installs this file on every boot after the migrations (installTurnFunctions, under the migrations'
 * advisory lock), so changing the turn is an edit here. Keep each function's arguments as they are (CREATE OR
 * REPLACE keeps the function's identity, so the statements prepared on pooled connections stay valid); a new
 * argument list is a new function, and the old one dropped here.
 *
 * Why functions: sent as text, the claim was parsed and planned afresh on every update, and that planning was
 * most of what an update cost the server (pgbench on this machine: claim and finish 0.72 ms a pair as text,
 * 0.31 ms as these functions called through prepared statements; PL/pgSQL keeps each statement's plan for the
 * connection's life). They decide what the turn writes on PostgreSQL; SQLite's side of the same contract is
 * domain/infrastructure/turn-sqlite.ts, and test/domain/turn-store.test.ts holds both to it.
 *
 * Snapshots: a PL/pgSQL function that is VOLATILE (the default) takes a new snapshot for each of its statements,
 * so the statements after `pg_advisory_lock` read the chat as the lock's previous holder committed it.
 */

/**
 * The claim: the chat's lock (when `lock_hi`/`lock_lo` are given), the lease on the update, the user and the
 * session. `taken` false: the update was done already (its lock is released again). A lease found not done is
 * taken over only under the chat's lock (see domain/infrastructure/turn-store.ts). No flush of its own: the
 * finish's commit, or the handler's, flushes it (DURABILITY in domain/infrastructure/turn-postgres.ts).
 *
 * The user row is written only when something Telegram told us changed (or the user had blocked the bot); most
 * updates only read it. It comes back as JSON (column names as stored).
 */
const CLAIM = `
CREATE OR REPLACE FUNCTION bot_claim_update(
  update_id_ bigint, owner_ text, lock_hi integer, lock_lo integer,
  telegram_id_ bigint, username_ text, first_name_ text, last_name_ text, language_code_ text,
  session_key_ text)
RETURNS TABLE (taken boolean, user_row json, session text)
LANGUAGE plpgsql AS $fn$
DECLARE
  locked constant boolean := lock_hi IS NOT NULL;
  found_user json;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  IF locked THEN
    PERFORM pg_advisory_lock(lock_hi, lock_lo);
  END IF;
  INSERT INTO processed_updates AS p (update_id, processed_at, lease_owner, lease_taken_at)
    VALUES (update_id_, now(), owner_, now())
    ON CONFLICT (update_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_taken_at = excluded.lease_taken_at
    WHERE locked AND p.lease_owner IS NOT NULL;
  IF NOT FOUND THEN
    IF locked THEN
      PERFORM pg_advisory_unlock(lock_hi, lock_lo);
    END IF;
    RETURN QUERY SELECT false, NULL::json, NULL::text;
    RETURN;
  END IF;

  IF telegram_id_ IS NOT NULL THEN
    SELECT row_to_json(u) INTO found_user FROM users u
      WHERE u.telegram_id = telegram_id_
        AND (u.username, u.first_name, u.last_name, u.language_code, u.is_blocked)
          IS NOT DISTINCT FROM (username_, first_name_, last_name_, language_code_, false);
    IF found_user IS NULL THEN
      INSERT INTO users AS u (telegram_id, username, first_name, last_name, language_code, is_blocked, updated_at)
        VALUES (telegram_id_, username_, first_name_, last_name_, language_code_, false, now())
        ON CONFLICT (telegram_id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name,
          last_name = excluded.last_name, language_code = excluded.language_code, is_blocked = false, updated_at = now()
        RETURNING row_to_json(u) INTO found_user;
    END IF;
  END IF;

  RETURN QUERY SELECT true, found_user, (SELECT s.value FROM bot_sessions s WHERE s.key = session_key_);
END
$fn$`;

/**
 * The finish: the session's change (`session_key_` null: none; `session_value_` null: delete it), the done mark,
 * and the chat's lock released AT COMMIT — the lock is re-taken for the transaction and its session hold let go,
 * so the next holder's snapshot sees this commit. Flushed before returning only when the session changed.
 */
const FINISH = `
CREATE OR REPLACE FUNCTION bot_finish_update(
  update_id_ bigint, owner_ text, lock_hi integer, lock_lo integer, session_key_ text, session_value_ text)
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF session_key_ IS NULL THEN
    PERFORM set_config('synchronous_commit', 'off', true);
  ELSIF session_value_ IS NULL THEN
    DELETE FROM bot_sessions WHERE key = session_key_;
  ELSE
    INSERT INTO bot_sessions (key, value, updated_at) VALUES (session_key_, session_value_, now())
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
  END IF;
  UPDATE processed_updates SET lease_owner = NULL WHERE update_id = update_id_ AND lease_owner = owner_;
  IF lock_hi IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(lock_hi, lock_lo);
    PERFORM pg_advisory_unlock(lock_hi, lock_lo);
  END IF;
END
$fn$`;

/** The function installed last carries the version. */
const FINISH_SIGNATURE = 'bot_finish_update(bigint, text, integer, integer, text, text)';

/** Changes whenever the SQL above does: the boot step compares it with the one installed. */
export const TURN_FUNCTIONS_VERSION = crypto.createHash('sha256').update(CLAIM).update(FINISH).digest('hex').slice(0, 16);

/** Runs one statement on the connection the caller holds (a TypeORM query runner's `query`). */
type Query = (sql: string, parameters?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * Installs the functions unless this version is installed already (one query when nothing changed). The caller
 * holds the migrations' advisory lock, so processes booting together install them one at a time.
 */
export async function installTurnFunctions(query: Query): Promise<'installed' | 'current'> {
  const [row] = await query(`SELECT obj_description(to_regprocedure($1), 'pg_proc') AS version`, [FINISH_SIGNATURE]);
  if (row?.version === TURN_FUNCTIONS_VERSION) return 'current';
  await query(CLAIM);
  await query(FINISH);
  // The version goes on the function installed last: if the boot dies in between, the next one installs again.
  await query(`COMMENT ON FUNCTION ${FINISH_SIGNATURE} IS '${TURN_FUNCTIONS_VERSION}'`);
  return 'installed';
}
