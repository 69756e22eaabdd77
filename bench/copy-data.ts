import { createDataSource } from '../db/data-source.js';
import { sqliteHandle } from '../ops/connection.js';

/** Rows per table for a 1,000,000-row database; `generateSqliteDatabase` scales them. */
const SHARES = {
  users: 200_000,
  competitions: 1_000,
  time_slots: 10_000,
  jury_panels: 5_000,
  registrations: 300_000,
  voter_time_slots: 100_000,
  voter_jury_panels: 50_000,
  outbox_messages: 100_000,
  broadcasts: 100,
  broadcast_deliveries: 100_000,
  admin_users: 10,
  admin_audit: 20_000,
  bot_sessions: 50_000,
  admin_sessions: 1_000,
  processed_updates: 62_890,
};

export type TableCounts = Record<keyof typeof SHARES, number>;

/** `strftime` giving the 'YYYY-MM-DD HH:MM:SS.SSS' UTC text the application stores, from a seconds offset. */
const at = (seconds: string) => `strftime('%Y-%m-%d %H:%M:%f', 1767225600 + (${seconds}), 'unixepoch')`;
const numbers = (count: number) => `WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < ${count})`;

/**
 * A migrated SQLite database with about `totalRows` rows spread over every table like a busy season (users,
 * registrations, slots, deliveries, sessions …), with Cyrillic, emoji, NULLs, big Telegram ids, both booleans
 * and millisecond timestamps. Generated in SQL, in one transaction: ~1 M rows in a few seconds.
 */
export async function generateSqliteDatabase(file: string, totalRows: number): Promise<TableCounts> {
  const scale = totalRows / 1_000_000;
  const c = Object.fromEntries(Object.entries(SHARES).map(([t, n]) => [t, Math.max(2, Math.round(n * scale))])) as TableCounts;
  c.registrations = Math.min(c.registrations, c.users * c.competitions);
  c.voter_time_slots = Math.min(c.voter_time_slots, c.registrations);
  c.voter_jury_panels = Math.min(c.voter_jury_panels, c.registrations);
  c.broadcast_deliveries = Math.min(c.broadcast_deliveries, c.users * c.broadcasts);

  const dataSource = createDataSource({ database: { kind: 'sqlite', path: file } });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const sqlite = sqliteHandle(dataSource);
    await sqlite.exec('BEGIN');
    const statements = [
      `${numbers(c.users)} INSERT INTO users (id, telegram_id, username, first_name, last_name, language_code, preferred_language, full_name, phone, is_blocked, reminders_enabled, created_at, updated_at)
        SELECT k + 1, 5000000000 + k * 7, CASE WHEN k % 3 = 0 THEN NULL ELSE 'user_' || k END,
          CASE k % 4 WHEN 0 THEN 'Анна' WHEN 1 THEN 'Пётр 🚀' WHEN 2 THEN 'John' ELSE 'Zoë "Q" \\ tab' || char(9) || 'x' END,
          CASE WHEN k % 2 = 0 THEN NULL ELSE 'Иванов-' || k END, CASE WHEN k % 5 = 0 THEN 'en' ELSE 'ru' END,
          CASE WHEN k % 7 = 0 THEN 'en' ELSE NULL END, 'Полное Имя ' || k, CASE WHEN k % 2 = 0 THEN '+7999' || (1000000 + k) ELSE NULL END,
          k % 11 = 0, k % 13 <> 0, ${at('k * 13')}, ${at('k * 13 + 0.123')} FROM n`,
      `${numbers(c.competitions)} INSERT INTO competitions (id, title, description, location, starts_at, registration_open, registration_closes_at, requires_approval, max_participants, created_at)
        SELECT k + 1, 'Соревнование №' || k || ' 🏆', CASE WHEN k % 2 = 0 THEN NULL ELSE 'Описание' || char(10) || 'строка 2' END, 'Москва',
          ${at('86400 * 30 + k * 3600')}, k % 2 = 0, CASE WHEN k % 3 = 0 THEN NULL ELSE ${at('86400 * 20 + k')} END, k % 4 = 0,
          CASE WHEN k % 5 = 0 THEN NULL ELSE 100 + k END, ${at('k')} FROM n`,
      `${numbers(c.time_slots)} INSERT INTO time_slots (id, competition_id, starts_at, ends_at, capacity)
        SELECT k + 1, k % ${c.competitions} + 1, ${at('86400 * 30 + k * 60')}, ${at('86400 * 30 + k * 60 + 5400.5')}, 10 + k % 50 FROM n`,
      `${numbers(c.jury_panels)} INSERT INTO jury_panels (id, competition_id, name, capacity)
        SELECT k + 1, k % ${c.competitions} + 1, 'Жюри ' || k, CASE WHEN k % 2 = 0 THEN NULL ELSE 5 END FROM n`,
      `${numbers(c.registrations)} INSERT INTO registrations (id, user_id, competition_id, role, status, status_changed_at, consent_given, checked_in, created_at)
        SELECT k + 1, k % ${c.users} + 1, (k % ${c.users} + k / ${c.users}) % ${c.competitions} + 1, CASE WHEN k % 3 = 0 THEN 'voter' ELSE 'participant' END,
          CASE k % 5 WHEN 0 THEN 'pending' WHEN 1 THEN 'approved' WHEN 2 THEN 'waitlisted' WHEN 3 THEN 'rejected' ELSE 'cancelled' END,
          CASE WHEN k % 2 = 0 THEN NULL ELSE ${at('k * 5 + 0.5')} END, k % 2 = 1, k % 7 = 0, ${at('k * 5')} FROM n`,
      `${numbers(c.voter_time_slots)} INSERT INTO voter_time_slots (id, registration_id, time_slot_id)
        SELECT k + 1, k + 1, k % ${c.time_slots} + 1 FROM n`,
      `${numbers(c.voter_jury_panels)} INSERT INTO voter_jury_panels (id, registration_id, jury_panel_id)
        SELECT k + 1, k + 1, k % ${c.jury_panels} + 1 FROM n`,
      `${numbers(c.outbox_messages)} INSERT INTO outbox_messages (id, user_id, kind, payload, text, status, attempts, next_attempt_at, error, created_at, sent_at)
        SELECT k + 1, k % ${c.users} + 1, 'status_changed', '{"status":"approved","title":"Кубок 🏆","n":' || k || '}',
          'Ваша заявка одобрена ✅' || char(10) || 'До встречи!', CASE WHEN k % 4 = 0 THEN 'pending' ELSE 'sent' END, k % 3,
          NULL, CASE WHEN k % 10 = 0 THEN '403: Forbidden: bot was blocked by the user' ELSE NULL END, ${at('k * 2')},
          CASE WHEN k % 4 = 0 THEN NULL ELSE ${at('k * 2 + 1.25')} END FROM n`,
      `${numbers(c.broadcasts)} INSERT INTO broadcasts (id, text, competition_id, role, status, state, total_count, sent_count, failed_count, blocked_count, created_at, started_at, finished_at)
        SELECT k + 1, 'Рассылка ' || k || ' 👋', CASE WHEN k % 2 = 0 THEN NULL ELSE k % ${c.competitions} + 1 END, NULL, NULL, 'done', 1000, 990, 5, 5,
          ${at('k * 100')}, ${at('k * 100 + 1')}, ${at('k * 100 + 60.5')} FROM n`,
      `${numbers(c.broadcast_deliveries)} INSERT INTO broadcast_deliveries (id, broadcast_id, user_id, status, error, sent_at)
        SELECT k + 1, k / ${c.users} % ${c.broadcasts} + 1, k % ${c.users} + 1, CASE WHEN k % 20 = 0 THEN 'blocked' ELSE 'sent' END,
          NULL, CASE WHEN k % 20 = 0 THEN NULL ELSE ${at('k')} END FROM n`,
      `${numbers(c.admin_users)} INSERT INTO admin_users (id, email, password_hash, role, created_at)
        SELECT k + 1, 'admin' || k || '@example.org', '$argon2id$v=19$m=65536,t=3,p=4$' || k, CASE WHEN k = 0 THEN 'admin' ELSE 'organizer' END, ${at('k')} FROM n`,
      `${numbers(c.admin_audit)} INSERT INTO admin_audit (id, admin_user_id, action, resource, record_id, changes, created_at)
        SELECT k + 1, CASE WHEN k % 10 = 0 THEN NULL ELSE k % ${c.admin_users} + 1 END, 'registration.approved', 'registrations', '' || k,
          '{"status":{"before":"pending","after":"approved"}}', ${at('k * 3')} FROM n`,
      `${numbers(c.bot_sessions)} INSERT INTO bot_sessions (key, value, updated_at)
        SELECT (5000000000 + k * 7) || ':' || (5000000000 + k * 7), '{"scene":"registration","draft":{"fullName":"Анна 😀","step":' || (k % 5) || '}}', ${at('k')} FROM n`,
      `${numbers(c.admin_sessions)} INSERT INTO admin_sessions (sid, data, expires_at)
        SELECT 'sid-' || k, '{"adminUser":{"id":1}}', ${at('86400 * 60 + k')} FROM n`,
      `${numbers(c.processed_updates)} INSERT INTO processed_updates (update_id, processed_at)
        SELECT 800000000000 + k, ${at('k')} FROM n`,
    ];
    for (const sql of statements) await sqlite.exec(sql);
    await sqlite.exec('COMMIT');
    return c;
  } finally {
    await dataSource.destroy();
  }
}
