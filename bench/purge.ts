import { purgeCompetition } from '../domain/retention.js';
import { openBenchDatabase } from './bench-db.js';
import type { BenchSuite } from './suites.js';
import { printTable } from './table.js';

/**
 * The retention purge (domain/retention.ts) of one competition of BENCH_PURGE_REGISTRATIONS (100,000) people
 * on PostgreSQL, each with a rejection reason, an audit row holding a name and a delivered message. The
 * baseline, in the same run and database: one statement that rewrites the same users' rows once — the least
 * any purge of them costs; the purge's ratio to it is what compares across machines.
 */
const REGISTRATIONS = Number(process.env.BENCH_PURGE_REGISTRATIONS ?? 100_000);

async function run(): Promise<void> {
  const bench = await openBenchDatabase('postgres');
  const { db } = bench;
  try {
    await db.query(`INSERT INTO competitions (title, registration_open, requires_approval, starts_at, ends_at)
      VALUES ('Прошедшее', false, false, now() - interval '41 days', now() - interval '40 days')`);
    await db.query(`INSERT INTO users (telegram_id, username, first_name, full_name, phone)
      SELECT 1000000000 + i, 'user' || i, 'Имя' || i, 'Имя Фамилия' || i, '+7900' || lpad(i::text, 7, '0') FROM generate_series(1, ${REGISTRATIONS}) i`);
    await db.query(`INSERT INTO registrations (user_id, competition_id, role, status, consent_given, rejection_reason)
      SELECT id, 1, 'participant', 'rejected', true, 'причина ' || id FROM users`);
    await db.query(`INSERT INTO admin_audit (admin_user_id, action, resource, record_id, changes)
      SELECT NULL, 'registration.rejected', 'registrations', id::text, json_build_object('reason', json_build_object('before', NULL, 'after', 'причина ' || id))::text FROM registrations`);
    await db.query(`INSERT INTO outbox_messages (user_id, kind, payload, text, status)
      SELECT id, 'registration.rejected', json_build_object('name', full_name)::text, 'Здравствуйте, ' || full_name, 'sent' FROM users`);
    await db.query('ANALYZE');

    let started = performance.now();
    await db.query('UPDATE users SET full_name = full_name || $1', ['']);
    const baselineMs = performance.now() - started;

    started = performance.now();
    const result = await purgeCompetition(db, 1);
    const purgeMs = performance.now() - started;
    if (result?.people !== REGISTRATIONS) throw new Error(`the purge concerned ${result?.people} people, not ${REGISTRATIONS}`);

    printTable(
      ['PostgreSQL', 'time', 'ratio to the baseline'],
      [
        [`baseline: one UPDATE of ${REGISTRATIONS.toLocaleString('en')} users`, `${(baselineMs / 1000).toFixed(2)} s`, '1.0'],
        [`purge of ${REGISTRATIONS.toLocaleString('en')} registrations (batches of 500)`, `${(purgeMs / 1000).toFixed(2)} s`, (purgeMs / baselineMs).toFixed(1)],
      ],
    );
  } finally {
    await bench.close();
  }
}

export const purgeBench: BenchSuite = {
  name: 'purge',
  description: 'the retention purge of a 100,000-registration competition on PostgreSQL, against a one-statement baseline',
  run,
};
