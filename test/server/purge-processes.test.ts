import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminAudit, Competition } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { eventually } from '../../devkit/eventually.js';
import { FakeBotApi } from '../../devkit/fake-bot-api.js';
import { startServiceProcess, type ServiceProcess } from '../../devkit/processes.js';
import { testServiceEnv } from '../../devkit/service.js';
import { makeCompetition, useDomainFixture } from '../domain/fixtures.js';
import { ensureBuilt } from '../helpers/build.js';

/**
 * The purge as real processes: the service purges at boot by itself; killed with SIGKILL mid-way and started
 * again, it finishes, and what the first run did is not done again (the rows it anonymised keep their time,
 * one audit entry).
 */
const f = useDomainFixture();
let api: FakeBotApi;
const running: ServiceProcess[] = [];
const PEOPLE = 20_000;
const D = 86_400_000;

beforeAll(async () => {
  ensureBuilt();
  api = await new FakeBotApi().start();
});
afterAll(async () => {
  for (const p of running) await p.kill('SIGKILL');
  await api?.stop();
});

async function start(): Promise<ServiceProcess> {
  const p = await startServiceProcess(testServiceEnv(f.database, api));
  running.push(p);
  return p;
}

const anonymised = async () => Number((await f.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM users WHERE anonymised_at IS NOT NULL'))[0].n);

describe(`the purge killed mid-way resumes without double work (${TEST_DB})`, { timeout: 300_000 }, () => {
  it('SIGKILL during the purge, restart: it finishes, the first run’s rows untouched, one audit entry', async () => {
    const competition = await makeCompetition(f.db, { title: 'Давно прошло', startsAt: new Date(Date.now() - 41 * D), endsAt: new Date(Date.now() - 40 * D) });
    for (let from = 0; from < PEOPLE; from += 1000) {
      const rows = Array.from({ length: 1000 }, (_, i) => from + i);
      await f.db.write(async (m) => {
        await f.db.execute(
          `INSERT INTO users (telegram_id, first_name, full_name, phone) VALUES ${rows.map((i) => `(${5_000_000_000 + i}, 'Имя${i}', 'Полное Имя ${i}', '+7916${String(i).padStart(7, '0')}')`).join(', ')}`,
          [],
          m,
        );
        await f.db.execute(
          `INSERT INTO registrations (user_id, competition_id, role, status, consent_given, rejection_reason)
           SELECT id, $1, 'participant', 'rejected', $2, 'причина' FROM users WHERE telegram_id >= $3 AND telegram_id < $4`,
          [competition.id, f.db.isPostgres ? true : 1, 5_000_000_000 + from, 5_000_000_000 + from + 1000],
          m,
        );
      });
    }

    const first = await start();
    // Mid-way: some people anonymised, the competition not yet marked.
    await eventually(async () => (await anonymised()) > 0, { what: () => `the purge to start:\n${first.output()}`, timeoutMs: 120_000, everyMs: 5 });
    await first.kill('SIGKILL');
    const doneBefore = await f.db.query<{ id: number | string; anonymised_at: Date | string }>('SELECT id, anonymised_at FROM users WHERE anonymised_at IS NOT NULL ORDER BY id');
    expect(doneBefore.length).toBeGreaterThan(0);
    expect(doneBefore.length).toBeLessThan(PEOPLE);
    expect((await f.db.manager.findOneByOrFail(Competition, { id: competition.id })).personalDataPurgedAt).toBeNull();

    const second = await start();
    await eventually(async () => (await f.db.manager.findOneByOrFail(Competition, { id: competition.id })).personalDataPurgedAt !== null, {
      what: () => `the purge to finish:\n${second.output()}`,
      timeoutMs: 120_000,
      everyMs: 100,
    });
    await second.kill('SIGTERM');

    expect(await anonymised()).toBe(PEOPLE);
    const left = await f.db.query<{ n: string | number }>(
      `SELECT COUNT(*) AS n FROM users WHERE phone IS NOT NULL OR full_name IS NOT NULL OR first_name IS NOT NULL OR telegram_id IS NOT NULL`,
    );
    expect(Number(left[0].n)).toBe(0);
    expect(Number((await f.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM registrations WHERE rejection_reason IS NOT NULL'))[0].n)).toBe(0);
    // The first run's rows were not done again: their time is the first run's.
    const again = await f.db.query<{ id: number | string; anonymised_at: Date | string }>(
      `SELECT id, anonymised_at FROM users WHERE id IN (${doneBefore.map((r) => Number(r.id)).join(',')}) ORDER BY id`,
    );
    expect(again.map((r) => String(r.anonymised_at))).toEqual(doneBefore.map((r) => String(r.anonymised_at)));
    const entries = await f.db.manager.findBy(AdminAudit, { action: 'competitions.personal_data_purged', recordId: String(competition.id) });
    expect(entries.map((e) => e.changes)).toEqual([{ people: { before: null, after: PEOPLE } }]);
    expect(Number((await f.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM registrations'))[0].n)).toBe(PEOPLE);
  });
});
