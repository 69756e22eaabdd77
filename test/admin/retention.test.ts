import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { AdminAudit, Competition, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { loginCookie, SAME_ORIGIN } from './session.js';

const D = 86_400_000;

/** Retention in the admin, over real HTTP: the period per competition, the purge date, purging early after a confirmation. */
describe(`retention in the admin (${TEST_DB})`, () => {
  let harness: TestService;
  let cookie: string;
  const db = () => harness.service.db;

  beforeAll(async () => {
    harness = await startAdminService();
    await createAdminUser(db(), SYSTEM, { email: 'retention@example.org', password: 'organizer-password-1', role: 'organizer' });
    cookie = await loginCookie(harness.baseUrl, 'retention@example.org', 'organizer-password-1');
  });
  afterAll(async () => harness?.close());

  async function call(path: string, body?: Record<string, string>) {
    const response = await fetch(`${harness.baseUrl}/admin/api/resources/Competition/records/${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { cookie, ...SAME_ORIGIN, 'content-type': 'application/json', 'accept-language': 'ru' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.status, path).toBe(200);
    return (await response.json()) as {
      record: { params: Record<string, string>; errors: Record<string, { message: string }> };
      notice?: { message: string; type: string; options: Record<string, unknown> };
      confirm?: { messageKey: string; count: number; names: string[] };
    };
  }

  it('the page shows the purge date; the period is changed per competition; an early purge names the count, then the period is closed', async () => {
    const ends = new Date(Date.now() + 10 * D);
    const competition = await makeCompetition(db(), { title: 'Кубок хранения', startsAt: new Date(ends.getTime() - 3_600_000), endsAt: ends });
    for (const name of ['Анна Хранимая', 'Борис Хранимый']) {
      const user = await makeUser(db(), { fullName: name, phone: '+79161234567' });
      await db().manager.insert(Registration, { userId: user.id, competitionId: competition.id, role: 'participant', status: 'approved', consentGiven: true });
    }
    const purges = (days: number) => new Date(ends.getTime() + days * D);
    const shown = await call(`${competition.id}/show`);
    expect(shown.record.params.purgesAt).toBe(formatMoscow(purges(30)));

    const edited = await call(`${competition.id}/edit`, { retentionDays: '7' });
    expect(edited.record.errors).toEqual({});
    expect((await call(`${competition.id}/show`)).record.params.purgesAt).toBe(formatMoscow(purges(7)));
    // The dashboard says it too.
    const dashboard = await fetch(`${harness.baseUrl}/admin/api/dashboard`, { headers: { cookie, ...SAME_ORIGIN } });
    const summary = (await dashboard.json()) as { competitions: Array<{ id: number; purgesAt: string }> };
    expect(summary.competitions.find((c) => c.id === competition.id)?.purgesAt).toBe(formatMoscow(purges(7)));
    const refused = await call(`${competition.id}/edit`, { retentionDays: '-1' });
    expect(refused.record.errors.retentionDays.message).toBe('Срок хранения — целое число дней от 0 до 3650.');

    // GET only asks (naming how many people), changes nothing.
    const asked = await call(`${competition.id}/purgeNow`);
    expect(asked.confirm).toMatchObject({ messageKey: 'confirmPurgeNow', count: 2, names: ['Кубок хранения'] });
    expect((await db().manager.findOneByOrFail(Competition, { id: competition.id })).personalDataPurgedAt).toBeNull();

    const done = await call(`${competition.id}/purgeNow`, {});
    expect(done.notice).toMatchObject({ message: 'purgedNow', type: 'success', options: { count: 2 } });
    expect(await db().manager.countBy(User, { fullName: 'Анна Хранимая' })).toBe(0);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(2);
    const entry = await db().manager.findOneByOrFail(AdminAudit, { action: 'competitions.personal_data_purged', recordId: String(competition.id) });
    expect(entry.adminUserId).not.toBeNull();

    const after = await call(`${competition.id}/show`);
    expect(after.record.params.purgesAt).toBe('');
    expect(after.record.params.personalDataPurgedAt).not.toBe('');
    const late = await call(`${competition.id}/edit`, { retentionDays: '60' });
    expect(late.record.errors.retentionDays.message).toMatch(/уже удалены/);
  });

  it("the request log keeps no search's query string (a phone or a name typed), and still the path", async () => {
    const before = harness.logs.raw.length;
    for (const query of ['filters.search=%2B79161230005', 'filters.search=Alice&page=1', 'query=9161234567']) {
      const response = await fetch(`${harness.baseUrl}/admin/api/resources/Registration/actions/list?${query}`, { headers: { cookie, ...SAME_ORIGIN } });
      await response.arrayBuffer();
    }
    const response = await fetch(`${harness.baseUrl}/admin/api/resources/Competition/actions/list?page=2`, { headers: { cookie, ...SAME_ORIGIN } });
    await response.arrayBuffer();
    const logged = harness.logs.raw.slice(before).join('');
    expect(logged).toContain('/admin/api/resources/Registration/actions/list?[search left out]');
    expect(logged).toContain('/admin/api/resources/Competition/actions/list?page=2'); // a query without a search stays
    for (const typed of ['7916', 'Alice', '%2B7']) expect(logged).not.toContain(typed);
  });
});

function formatMoscow(date: Date): string {
  const p = new Date(date.getTime() + 3 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(p.getUTCDate())}.${pad(p.getUTCMonth() + 1)}.${p.getUTCFullYear()} ${pad(p.getUTCHours())}:${pad(p.getUTCMinutes())}`;
}
