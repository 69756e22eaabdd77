import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, registerForCompetition, userActor } from '../../domain/index.js';
import { ticketForUser } from '../../domain/checkin.js';
import { createLinkToken } from '../../domain/staff-links.js';
import { AdminAudit, AdminUser, Registration, StaffToken } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { TEST_BOT_TOKEN, type TestService } from '../../devkit/service.js';
import { TestUser } from '../../devkit/conversation.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { signInitData } from './init-data.js';

/*
 * Issue 20, door findings: what the door's answers give away, the one budget and audit of every door call,
 * the phone digits the search matches, and the scanner tokens of a re-linked Telegram account.
 * Each test makes its own door account, competitions and people, and reads only those.
 */

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'x-forwarded-proto': 'https' };
const PASSWORD = 'door-security-password-1';

describe(`door security over HTTP (${TEST_DB})`, () => {
  let h: TestService;
  let base: string;
  let accounts = 0;
  let nextTelegramId = 920_000_000 + (process.pid % 1000) * 1000;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers }, body: JSON.stringify(body), redirect: 'manual' });

  /** A fresh door account (role checkin) and its session cookie. */
  async function doorAccount(): Promise<{ admin: AdminUser; cookie: string }> {
    const email = `door-sec-${++accounts}-${process.pid}@example.org`;
    const admin = await createAdminUser(h.service.db, SYSTEM, { email, password: PASSWORD, role: 'checkin', displayName: `Door ${accounts}` });
    const response = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      body: new URLSearchParams({ email, password: PASSWORD }),
      redirect: 'manual',
    });
    await response.arrayBuffer();
    const cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith('admin_session='))!
      .split(';')[0];
    return { admin, cookie };
  }

  async function person(competitionId: number, fullName: string, phone: string, status: 'approved' | 'pending' | 'waitlisted' = 'approved') {
    const user = await makeUser(h.service.db, { fullName, phone });
    const { registration } = await registerForCompetition(h.service.db, userActor(user.id), { userId: user.id, competitionId, role: 'voter', consentGiven: true });
    const code = (await ticketForUser(h.service.db, h.config.ticketSecret, user.id, registration.id)).code;
    if (status !== 'approved') await h.service.db.manager.update(Registration, { id: registration.id }, { status });
    return { user, registration, code };
  }

  /** Links a Telegram account through the bot's staff link (the real flow) and returns a fresh, signed initData for it. */
  async function linkThroughBot(adminId: number): Promise<{ telegramId: number; initData: (authDate?: number) => string }> {
    const telegramId = ++nextTelegramId;
    const volunteer = new TestUser(() => h, { id: telegramId, first_name: 'Петя', language_code: 'ru' });
    await volunteer.send(`/start staff_${await createLinkToken(h.service.db, adminId)}`);
    expect((await h.service.db.manager.findOneByOrFail(AdminUser, { id: adminId })).telegramId).toBe(telegramId);
    return {
      telegramId,
      initData: (authDate = Math.floor(Date.now() / 1000)) =>
        signInitData(TEST_BOT_TOKEN, { auth_date: String(authDate), user: JSON.stringify({ id: telegramId, first_name: 'Петя' }) }),
    };
  }

  beforeAll(async () => {
    h = await startAdminService({ env: { PUBLIC_URL: 'https://bot.example.org', TRUST_PROXY: 'true' } });
    base = h.baseUrl;
  });
  afterAll(async () => h?.close());

  it('wrong_competition, not_approved and invalid say which competition at most — by id, by scan, with a session or a Mini App token', async () => {
    const { admin, cookie } = await doorAccount();
    const door = await makeCompetition(h.service.db, { title: 'Дверь-1' });
    const elsewhere = await makeCompetition(h.service.db, { title: 'Чужой кубок' });
    const stranger = await person(elsewhere.id, 'Тайна Чужая', '+79160000001', 'pending');
    const waiting = await person(door.id, 'Ожидающий Лист', '+79160000002', 'waitlisted');
    const approvedElsewhere = await person(elsewhere.id, 'Гость Другой', '+79160000003');
    const { initData } = await linkThroughBot(admin.id);
    const session = await post('/admin/checkin/app/session', { initData: initData() });
    expect(session.status).toBe(200);
    const { token } = await session.json();

    for (const auth of [{ cookie }, { authorization: `Bearer ${token}` }] as Array<Record<string, string>>) {
      const answers = [
        await post('/admin/checkin/checkin', { registrationId: stranger.registration.id, competitionId: door.id }, auth),
        await post('/admin/checkin/checkin', { registrationId: stranger.registration.id, competitionId: 999_999 }, auth),
        await post('/admin/checkin/checkin', { registrationId: waiting.registration.id, competitionId: door.id }, auth),
        await post('/admin/checkin/checkin', { registrationId: 999_999_999, competitionId: door.id }, auth),
        await post('/admin/checkin/scan', { code: approvedElsewhere.code, competitionId: door.id }, auth),
        await post('/admin/checkin/scan', { code: stranger.code, competitionId: door.id }, auth),
        await post('/admin/checkin/scan', { code: waiting.code, competitionId: door.id }, auth),
      ];
      const bodies = await Promise.all(answers.map(async (a) => [a.status, await a.json()]));
      expect(bodies).toEqual([
        [200, { result: 'wrong_competition', registration: null, competition: { id: elsewhere.id, title: 'Чужой кубок' } }],
        [200, { result: 'wrong_competition', registration: null, competition: { id: elsewhere.id, title: 'Чужой кубок' } }],
        [200, { result: 'not_approved', registration: null }],
        [200, { result: 'invalid', registration: null }],
        [200, { result: 'wrong_competition', registration: null, competition: { id: elsewhere.id, title: 'Чужой кубок' } }],
        [200, { result: 'wrong_competition', registration: null, competition: { id: elsewhere.id, title: 'Чужой кубок' } }],
        [200, { result: 'not_approved', registration: null }],
      ]);
      expect(JSON.stringify(bodies)).not.toMatch(/Тайна|Ожидающий|Гость|pending|waitlisted|voter/);
    }
    // Nothing was checked in.
    for (const r of [stranger, waiting, approvedElsewhere]) {
      expect((await h.service.db.manager.findOneByOrFail(Registration, { id: r.registration.id })).checkedIn).toBe(false);
    }
  });

  it('every scan, check-in by id and search is audited (no personal data) and counts against one budget of 30 a minute per account', async () => {
    const { admin, cookie } = await doorAccount();
    const door = await makeCompetition(h.service.db, { title: 'Дверь-2' });
    const guest = await person(door.id, 'Зоя Счётная', '+79161112233');
    const auth = { cookie };

    // 10 check-ins by id (ids that exist or not), 10 scans, 10 searches: 30 calls, then any of them is a 429.
    for (let i = 0; i < 10; i++) {
      expect((await post('/admin/checkin/checkin', { registrationId: guest.registration.id + 1_000_000 + i, competitionId: door.id }, auth)).status).toBe(200);
    }
    for (let i = 0; i < 10; i++) expect((await post('/admin/checkin/scan', { code: i === 0 ? guest.code : `AAAA-BBBBBBBB-${i}`, competitionId: door.id }, auth)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await post('/admin/checkin/search', { competitionId: door.id, q: 'Зоя' }, auth)).status).toBe(200);
    for (const [path, body] of [
      ['/admin/checkin/checkin', { registrationId: guest.registration.id, competitionId: door.id }],
      ['/admin/checkin/scan', { code: guest.code, competitionId: door.id }],
      ['/admin/checkin/search', { competitionId: door.id, q: 'Зоя' }],
    ] as const) {
      const refused = await post(path, body, auth);
      expect(refused.status, path).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    // Another account has its own budget.
    expect((await post('/admin/checkin/search', { competitionId: door.id, q: 'Зоя' }, { cookie: (await doorAccount()).cookie })).status).toBe(200);

    // One audit row per answered call, by this account; none names or phones anybody.
    const rows = await h.service.db.manager.find(AdminAudit, { where: { adminUserId: admin.id }, order: { id: 'ASC' } });
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.action === 'checkin.search')).toHaveLength(10);
    expect(rows.filter((r) => r.action === 'registration.checked_in').map((r) => r.recordId)).toEqual([String(guest.registration.id)]);
    expect(rows.filter((r) => r.action === 'checkin.attempt')).toHaveLength(19);
    expect(JSON.stringify(rows.map((r) => [r.recordId, r.changes]))).not.toMatch(/Зоя|Счётная|1112233|•|example\.org/);
    const probe = rows.find((r) => r.action === 'checkin.attempt' && r.recordId === String(guest.registration.id + 1_000_000));
    expect(probe?.changes).toMatchObject({ via: { after: 'search' }, result: { after: 'invalid' }, competitionId: { after: door.id } });
  });

  it('the search matches phone digits only against the last four that the answer shows', async () => {
    const { cookie } = await doorAccount();
    const door = await makeCompetition(h.service.db, { title: 'Дверь-3' });
    await person(door.id, 'Алла Первая', '+79161230001');
    await person(door.id, 'Бэла Вторая', '+79161230005');
    const names = async (q: string) => {
      const answer = await post('/admin/checkin/search', { competitionId: door.id, q }, { cookie });
      expect(answer.status, q).toBe(200);
      return ((await answer.json()).people as Array<{ name: string; phone: string }>).map((p) => `${p.name} ${p.phone}`).sort();
    };
    // Longer than what is shown: nothing, whatever the number.
    for (const q of ['+7916123000', '+79161230005', '79161230005', '9161230005', '1230005', '916', '+7', '+7 916', '16123']) {
      expect(await names(q), q).toEqual([]);
    }
    // What the answer shows finds them.
    expect(await names('0005')).toEqual(['Бэла Вторая •••• 00-05']);
    expect(await names('00-05')).toEqual(['Бэла Вторая •••• 00-05']);
    expect(await names('000')).toEqual(['Алла Первая •••• 00-01', 'Бэла Вторая •••• 00-05']);
    expect(await names('Бэла')).toEqual(['Бэла Вторая •••• 00-05']);
  });

  it('a replayed initData gives the same one token, not a new one each time', async () => {
    const { admin } = await doorAccount();
    const door = await makeCompetition(h.service.db, { title: 'Дверь-4' });
    const initData = (await linkThroughBot(admin.id)).initData();
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      const session = await post('/admin/checkin/app/session', { initData });
      expect(session.status).toBe(200);
      tokens.push((await session.json()).token);
    }
    expect(new Set(tokens).size).toBe(1);
    expect(await h.service.db.manager.countBy(StaffToken, { adminUserId: admin.id, kind: 'scanner' })).toBe(1);
    const guest = await person(door.id, 'Первый Гость', '+79162220001');
    const scan = await post('/admin/checkin/scan', { code: guest.code, competitionId: door.id }, { authorization: `Bearer ${tokens[0]}` });
    expect((await scan.json()).result).toBe('checked_in');
  });

  it('an auth_date in the future beyond 60 s of clock skew is refused', async () => {
    const { admin } = await doorAccount();
    const linked = await linkThroughBot(admin.id);
    const now = Math.floor(Date.now() / 1000);
    expect((await post('/admin/checkin/app/session', { initData: linked.initData(now + 30) })).status).toBe(200);
    for (const ahead of [120, 3600, 86_400 * 365]) {
      expect((await post('/admin/checkin/app/session', { initData: linked.initData(now + ahead) })).status, `+${ahead}s`).toBe(401);
    }
  });

  it('linking the account to another Telegram account (the bot’s staff link) ends the scanner tokens of the old one', async () => {
    const { admin } = await doorAccount();
    const door = await makeCompetition(h.service.db, { title: 'Дверь-5' });
    const first = await linkThroughBot(admin.id);
    const initData = first.initData();
    const session = await post('/admin/checkin/app/session', { initData });
    expect(session.status).toBe(200);
    const { token } = await session.json();
    const scan = (bearer: string, code: string) => post('/admin/checkin/scan', { code, competitionId: door.id }, { authorization: `Bearer ${bearer}` });
    const a = await person(door.id, 'Первый Гость', '+79162220001');
    expect((await (await scan(token, a.code)).json()).result).toBe('checked_in');

    const second = await linkThroughBot(admin.id);
    const b = await person(door.id, 'Второй Гость', '+79162220002');
    expect((await scan(token, b.code)).status).toBe(401);
    expect(await h.service.db.manager.countBy(StaffToken, { adminUserId: admin.id, kind: 'scanner' })).toBe(0);
    // The old Telegram account's initData is no good any more; the new one's is.
    expect((await post('/admin/checkin/app/session', { initData })).status).toBe(401);
    const fresh = await post('/admin/checkin/app/session', { initData: second.initData() });
    expect(fresh.status).toBe(200);
    expect((await (await scan((await fresh.json()).token, b.code)).json()).result).toBe('checked_in');
    expect((await h.service.db.manager.findOneByOrFail(Registration, { id: b.registration.id })).checkedIn).toBe(true);
  });
});
