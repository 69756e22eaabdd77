import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateAdmin, createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, approveRegistration, registerForCompetition, userActor } from '../../domain/index.js';
import { ticketForUser } from '../../domain/checkin.js';
import { createLinkToken, unlinkTelegram } from '../../domain/staff-links.js';
import { AdminUser, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { TEST_BOT_TOKEN, type TestService } from '../../devkit/service.js';
import { TestUser } from '../../devkit/conversation.js';
import { checkinRoutes } from '../../admin/checkin/index.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { deliverOutbox } from '../bot/helpers.js';
import { startAdminService } from './browser.js';
import { signInitData } from './init-data.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'x-forwarded-proto': 'https' };
const DOOR = { email: 'door@example.org', password: 'door-password-123', displayName: 'Вахтёр Петя' };
const ORGANIZER = { email: 'org@example.org', password: 'organizer-password-1' };

async function login(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('admin_session='))!
    .split(';')[0];
}

describe(`door check-in over HTTP and in the bot (${TEST_DB})`, () => {
  let h: TestService;
  let base: string;
  let doorCookie: string;
  let competitionId: number;
  let nextId = 880_000 + (process.pid % 1000) * 10;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers }, body: JSON.stringify(body), redirect: 'manual' });

  async function approvedTicket(name: string) {
    const user = await makeUser(h.service.db, { fullName: name, phone: '+79990001122' });
    const { registration } = await registerForCompetition(h.service.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
    return { user, registration, code: (await ticketForUser(h.service.db, h.config.ticketSecret, user.id, registration.id)).code };
  }

  beforeAll(async () => {
    h = await startAdminService({ env: { PUBLIC_URL: 'https://bot.example.org', TRUST_PROXY: 'true' } });
    base = h.baseUrl;
    await createAdminUser(h.service.db, SYSTEM, { ...DOOR, role: 'checkin' });
    await createAdminUser(h.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    competitionId = (await makeCompetition(h.service.db, { title: 'Кубок' })).id;
    doorCookie = await login(base, DOOR.email, DOOR.password);
  });
  afterAll(async () => h?.close());

  it('POST /admin/checkin/scan: 401 without a session, 403 cross-site, then checked_in and already_checked_in (by a display name)', async () => {
    const t = await approvedTicket('Анна Петрова');
    expect((await post('/admin/checkin/scan', { code: t.code })).status).toBe(401);
    expect((await post('/admin/checkin/scan', { code: t.code }, { cookie: doorCookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/admin/checkin/scan', { code: 42 }, { cookie: doorCookie })).status).toBe(400);

    const first = await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: doorCookie });
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ result: 'checked_in', registration: { name: 'Анна Петрова', role: 'participant', checkedInBy: DOOR.displayName } });
    expect(JSON.stringify(body)).not.toMatch(/phone|79990001122|@example\.org/);
    // The same ticket read again by the same account a moment later (held up to the camera): the first answer again.
    const repeat = await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: doorCookie })).json();
    expect(repeat).toMatchObject({ result: 'checked_in', registration: { name: 'Анна Петрова', checkedInBy: DOOR.displayName } });
    // Past the 10 s window (this test's own row, moved back): "already", with a time of day and a name.
    const at = new Date(Date.now() - 11_000);
    await h.service.db.manager.update(Registration, { id: t.registration.id }, { checkedInAt: at });
    const second = await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: doorCookie })).json();
    expect(second).toMatchObject({ result: 'already_checked_in', registration: { checkedInBy: DOOR.displayName } });
    expect(second.registration.checkedInAtText).toMatch(/^(\d\d\.\d\d\.\d{4} )?\d\d:\d\d$/);
    expect(await (await post('/admin/checkin/scan', { code: 'BAAA-BBBBBBBB-CCCCCCCCCCCCCCCC' }, { cookie: doorCookie })).json()).toEqual({ result: 'invalid', registration: null });
  });

  it('a ticket typed in lower case, with spaces or without dashes checks in; not even the shape of a ticket is "unreadable", not "invalid"', async () => {
    for (const typed of [
      (c: string) => c.toLowerCase(),
      (c: string) => c.replace(/-/g, ' '),
      (c: string) => c.replace(/-/g, ''),
      (c: string) => ` ${c.toLowerCase().replace(/(.{5})/g, '$1 ')} `,
    ]) {
      const t = await approvedTicket('Олег Ручной');
      const answer = await (await post('/admin/checkin/scan', { code: typed(t.code), competitionId }, { cookie: doorCookie })).json();
      expect(answer, typed(t.code)).toMatchObject({ result: 'checked_in', registration: { id: t.registration.id } });
    }
    for (const junk of ['hello', 'https://example.org/ticket', '+7 999 000-11-22', 'AAAA-BBBB']) {
      expect(await (await post('/admin/checkin/scan', { code: junk, competitionId }, { cookie: doorCookie })).json(), junk).toEqual({ result: 'unreadable', registration: null });
    }
    // The shape of a ticket with a wrong signature is still "invalid" (a forgery, or another event's ticket).
    const t = await approvedTicket('Олег Подделка');
    const forged = `${t.code.slice(0, -1)}${t.code.endsWith('A') ? 'B' : 'A'}`;
    expect(await (await post('/admin/checkin/scan', { code: forged.toLowerCase().replace(/-/g, ''), competitionId }, { cookie: doorCookie })).json()).toEqual({
      result: 'invalid',
      registration: null,
    });
  });

  it('"already checked in" by another account names it (its role in words and number when it has no display name, never "checkin" or the e-mail) and the time of day', async () => {
    const nameless = await createAdminUser(h.service.db, SYSTEM, { email: `vahta${nextId++}@example.org`, password: 'vahta-password-123', role: 'checkin' });
    const cookie = await login(base, nameless.email, 'vahta-password-123');
    const t = await approvedTicket('Нина Дважды');
    expect(await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie })).json()).toMatchObject({ result: 'checked_in' });
    const answer = await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: doorCookie })).json();
    expect(answer).toMatchObject({ result: 'already_checked_in', registration: { checkedInBy: `волонтёр на входе #${nameless.id}` } });
    expect(JSON.stringify(answer)).not.toMatch(/checkin|@example\.org/);
    const at = new Date(answer.registration.checkedInAt);
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: h.config.tzDisplay, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    expect(answer.registration.checkedInAtText).toMatch(new RegExp(`^(\\d{4}-\\d\\d-\\d\\d )?${clock}$`));
  });

  it('an organizer reissues a ticket (POST after confirmation): the old code is refused at the door', async () => {
    const t = await approvedTicket('Вера Старая');
    const organizer = await login(base, ORGANIZER.email, ORGANIZER.password);
    const url = `${base}/admin/api/resources/Registration/records/${t.registration.id}/reissueTicket`;
    expect((await fetch(url, { headers: { cookie: organizer, ...SAME_ORIGIN } })).status).toBe(200); // GET: a preview only
    expect((await (await post('/admin/checkin/scan', { code: t.code }, { cookie: doorCookie })).json()).result).toBe('checked_in');
    await h.service.db.manager.update(Registration, { id: t.registration.id }, { checkedIn: false });
    const reissued = await fetch(url, { method: 'POST', headers: { cookie: organizer, ...SAME_ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(reissued.status).toBe(200);
    expect(await (await post('/admin/checkin/scan', { code: t.code }, { cookie: doorCookie })).json()).toEqual({ result: 'invalid', registration: null });
    const fresh = await ticketForUser(h.service.db, h.config.ticketSecret, t.user.id, t.registration.id);
    expect((await (await post('/admin/checkin/scan', { code: fresh.code }, { cookie: doorCookie })).json()).result).toBe('checked_in');
  });

  it('the checkin role opens the scanner, its search and My account, and is refused everything else in the admin', async () => {
    const headers = { cookie: doorCookie, ...SAME_ORIGIN };
    const page = await fetch(`${base}/admin/checkin`, { headers });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('/admin/checkin/assets/door.js');
    expect(html).not.toMatch(/src="https?:\/\//); // no CDN
    expect(html).not.toMatch(/<script(?![^>]*\b(src|type="application\/json")=?)[^>]*>[^<]/); // no inline code
    expect((await fetch(`${base}/admin/checkin/assets/door.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${base}/admin/account`, { headers })).status).toBe(200);
    await approvedTicket('Зоя Искомая');
    const search = await post('/admin/checkin/search', { competitionId, q: 'Зоя Искомая' }, { cookie: doorCookie });
    expect(search.status).toBe(200);
    expect((await search.json()).people).toEqual([expect.objectContaining({ name: 'Зоя Искомая', phone: '•••• 11-22' })]);

    const home = await fetch(`${base}/admin`, { headers, redirect: 'manual' });
    expect([home.status, home.headers.get('location')]).toEqual([302, '/admin/checkin']);
    for (const url of [
      '/admin/api/dashboard',
      '/admin/api/resources/Registration/actions/list',
      '/admin/api/resources/AdminUser/actions/list',
      `/admin/export/competitions/${competitionId}/registrations.csv`,
    ]) {
      expect((await fetch(`${base}${url}`, { headers, redirect: 'manual' })).status, url).toBe(403);
    }
    const user = await makeUser(h.service.db);
    const { registration } = await registerForCompetition(h.service.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
    const action = await fetch(`${base}/admin/api/resources/Registration/records/${registration.id}/checkIn`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(action.status).toBe(403);
    expect((await h.service.db.manager.findOneByOrFail(Registration, { id: registration.id })).checkedIn).toBe(false);
  });

  it("door staff change their own password on the admin's page, and nothing else there", async () => {
    const staff = { email: 'door2@example.org', password: 'door2-password-123', displayName: 'Вахтёр Оля' };
    await createAdminUser(h.service.db, SYSTEM, { ...staff, role: 'checkin' });
    const cookie = await login(base, staff.email, staff.password);
    const account = await (await fetch(`${base}/admin/account`, { headers: { cookie } })).text();
    expect(account).toContain('"account.change_password":"Сменить пароль"');
    expect((await fetch(`${base}/admin/pages/changePassword`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
    const changed = await post('/admin/api/pages/changePassword', { current: staff.password, password: 'door2-new-password-45', repeat: 'door2-new-password-45' }, { cookie });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ ok: true, messageKey: 'passwordChanged' });
    expect(await authenticateAdmin(h.service.db, staff.email, staff.password)).toBeNull();
    expect(await authenticateAdmin(h.service.db, staff.email, 'door2-new-password-45')).not.toBeNull();
    // Other pages stay closed.
    expect((await fetch(`${base}/admin/api/pages/other`, { headers: { cookie } })).status).toBe(403);
  });

  it("403 for a role that may not check in (all of today's roles may: checked with an account of another role)", async () => {
    const app = Fastify();
    app.decorateRequest('session');
    app.addHook('onRequest', async (request) => {
      (request as { session: unknown }).session = { get: () => ({ id: '1', email: 'x', role: 'viewer', title: 'viewer' }) };
    });
    // The database answers an account whose role is none of the check-in roles (the CHECK forbids such a row).
    const db = { manager: { findOneBy: async () => ({ id: 1, role: 'viewer', displayName: null }) } } as unknown as Database;
    checkinRoutes(app, { db, ticketSecret: 'x'.repeat(32), botToken: TEST_BOT_TOKEN, timeZone: 'UTC', botUsername: () => null, secure: false });
    const answer = await app.inject({ method: 'POST', url: '/admin/checkin/scan', payload: { code: 'A-B-C' } });
    expect(answer.statusCode).toBe(403);
    await app.close();
  });

  it('the Mini App page may be framed by Telegram and load its script; initData signed the real way gets a scanner token, tampered gets 401', async () => {
    const page = await fetch(`${base}/admin/checkin/app`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBeNull();
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/web\.telegram\.org https:\/\/\*\.telegram\.org/);
    expect(csp).toMatch(/script-src [^;]*https:\/\/telegram\.org/);

    const door = await h.service.db.manager.findOneByOrFail(AdminUser, { email: DOOR.email });
    const tgId = ++nextId;
    await h.service.db.manager.update(AdminUser, { id: door.id }, { telegramId: tgId });
    const initData = signInitData(TEST_BOT_TOKEN, { auth_date: String(Math.floor(Date.now() / 1000)), user: JSON.stringify({ id: tgId, first_name: 'Петя' }) });
    expect((await post('/admin/checkin/app/session', { initData: initData.replace('auth_date=', 'auth_date=1') })).status).toBe(401);
    const session = await post('/admin/checkin/app/session', { initData });
    expect(session.status).toBe(200);
    const { token } = await session.json();
    const t = await approvedTicket('Борис');
    const scan = await post('/admin/checkin/scan', { code: t.code }, { authorization: `Bearer ${token}` });
    expect((await scan.json()).result).toBe('checked_in');
    expect((await post('/admin/checkin/scan', { code: t.code }, { authorization: 'Bearer forged' })).status).toBe(401);
  });

  it('in the bot: the approval offers 🎫, which sends the QR photo to its owner only; a staff deep link links Telegram and offers 📷', async () => {
    const approval = await makeCompetition(h.service.db, { title: 'Финал', requiresApproval: true });
    const owner = new TestUser(() => h, { id: ++nextId, first_name: 'Оля', language_code: 'ru' });
    await owner.send('/start');
    const ownerRow = await h.service.db.manager.findOneByOrFail(User, { telegramId: owner.id });
    await h.service.db.manager.update(User, { id: ownerRow.id }, { fullName: 'Ольга Котова' });
    const { registration } = await registerForCompetition(h.service.db, userActor(ownerRow.id), {
      userId: ownerRow.id,
      competitionId: approval.id,
      role: 'participant',
      consentGiven: true,
    });
    const organizer = await h.service.db.manager.findOneByOrFail(AdminUser, { email: ORGANIZER.email });
    await approveRegistration(h.service.db, adminActor(organizer.id), registration.id);
    await deliverOutbox(h);
    await h.api.waitFor(() => owner.replies().some((r) => r.buttons.flat().includes('🎫 Билет')));
    await owner.press('🎫 Билет');
    const photo = h.api.callsOf('sendPhoto').find((c) => Number(c.params.chat_id) === owner.id)!;
    expect(Buffer.isBuffer(photo.params.photo)).toBe(true);
    expect((photo.params.photo as Buffer).subarray(1, 4).toString()).toBe('PNG');
    expect(photo.params.caption).toContain('Финал');
    expect(photo.params.caption).toContain('Ольга Котова · участие');
    expect(photo.params.caption).toMatch(/Код: [A-Z2-7]+-[A-Z2-7]{8}-[A-Z2-7]{16}/);

    // Forged callback data: someone else's registration gives no ticket.
    const stranger = new TestUser(() => h, { id: ++nextId, first_name: 'Чужой', language_code: 'ru' });
    await stranger.send('/start');
    const before = h.api.callsOf('sendPhoto').length;
    await stranger.pressData(`tk:${registration.id}`);
    expect(h.api.callsOf('sendPhoto').length).toBe(before);

    // Staff link: one-time; the linked door volunteer gets the Mini App button (PUBLIC_URL is https).
    const door = await h.service.db.manager.findOneByOrFail(AdminUser, { email: DOOR.email });
    await h.service.db.manager.update(AdminUser, { id: door.id }, { telegramId: null });
    const volunteer = new TestUser(() => h, { id: ++nextId, first_name: 'Петя', language_code: 'ru' });
    const token = await createLinkToken(h.service.db, door.id);
    await volunteer.send(`/start staff_${token}`);
    const linked = h.api.messagesTo(volunteer.id).at(-1)!;
    expect(linked.params.text).toContain('Telegram привязан');
    expect(JSON.stringify(linked.params.reply_markup)).toContain('"web_app":{"url":"https://bot.example.org/admin/checkin/app"}');
    expect((await h.service.db.manager.findOneByOrFail(AdminUser, { id: door.id })).telegramId).toBe(volunteer.id);
    await volunteer.send(`/start staff_${token}`); // used once
    expect(h.api.messagesTo(volunteer.id).at(-1)!.params.text).toContain('недействительна');
    await volunteer.send('/scan');
    expect(JSON.stringify(h.api.messagesTo(volunteer.id).at(-1)!.params.reply_markup)).toContain('web_app');
    // Their own "/" menu has /scan, in their language, in their chat only.
    const chatScope = { type: 'chat', chat_id: volunteer.id };
    const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    const menu = h.api
      .callsOf('setMyCommands')
      .map((c) => ({ scope: parse(c.params.scope), commands: parse(c.params.commands) as Array<{ command: string; description: string }> }));
    expect(menu).toHaveLength(1);
    expect(menu[0].scope).toEqual(chatScope);
    expect(menu[0].commands.map((c) => c.command)).toEqual(['start', 'menu', 'help', 'cancel', 'language', 'scan']);
    expect(menu[0].commands.at(-1)!.description).toBe('Сканер билетов (сотрудникам на входе)');
    // Unlinked in the admin: the next /scan says so and gives the chat everyone's menu back.
    await unlinkTelegram(h.service.db, SYSTEM, door.id);
    await volunteer.send('/scan');
    expect(h.api.messagesTo(volunteer.id).at(-1)!.params.text).toContain('для сотрудников на входе');
    expect(h.api.callsOf('deleteMyCommands').map((c) => parse(c.params.scope))).toEqual([chatScope]);
  });
});
