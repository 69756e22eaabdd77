import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, adminActor, registerForCompetition, userActor } from '../../domain/index.js';
import { DOOR_UNDO_WINDOW_MS, scanTicket, ticketForUser } from '../../domain/checkin.js';
import { registrationHistories } from '../../domain/history.js';
import { createLinkToken } from '../../domain/staff-links.js';
import { AdminAudit, AdminUser, Registration } from '../../entities/index.js';
import { runAdminCli } from '../../server/cli/admin-command.js';
import { TEST_DB } from '../../devkit/database.js';
import { TestUser } from '../../devkit/conversation.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { SAME_ORIGIN, loginCookie } from './session.js';

const ANNA = { email: 'anna-door@example.org', password: 'anna-door-password-1', displayName: 'Анна' };
const NAMELESS = { email: 'nameless-door@example.org', password: 'nameless-password-1' };

/*
 * The door's rules of round 2 over real HTTP: undo of one's own recent check-in (and nobody else's), the
 * person's own name, staff named by name or by their role in words, the competitions the picker offers, and
 * the CLI's names.
 */
describe(`the door: undo, names, the picker (${TEST_DB})`, () => {
  let h: TestService;
  let base: string;
  let anna: string;
  let nameless: string;
  let competitionId: number;
  let nextTelegramId = 770_000 + (process.pid % 1000) * 10;
  const door = () => ({ ticketSecret: h.config.ticketSecret, timeZone: h.config.tzDisplay });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers }, body: JSON.stringify(body), redirect: 'manual' });

  const login = (email: string, password: string) => loginCookie(base, email, password);

  async function approved(name: string, competition = competitionId) {
    const user = await makeUser(h.service.db, { fullName: name });
    const { registration } = await registerForCompetition(h.service.db, userActor(user.id), {
      userId: user.id,
      competitionId: competition,
      role: 'participant',
      consentGiven: true,
    });
    return { registration, code: (await ticketForUser(h.service.db, h.config.ticketSecret, user.id, registration.id)).code };
  }

  const account = (email: string) => h.service.db.manager.findOneByOrFail(AdminUser, { email });

  beforeAll(async () => {
    h = await startAdminService(); // no PUBLIC_URL: the bot cannot offer the Mini App
    base = h.baseUrl;
    await createAdminUser(h.service.db, SYSTEM, { ...ANNA, role: 'checkin' });
    await createAdminUser(h.service.db, SYSTEM, { ...NAMELESS, role: 'checkin' });
    competitionId = (await makeCompetition(h.service.db, { title: 'Кубок отмен', startsAt: new Date(Date.now() + 3_600_000) })).id;
    anna = await login(ANNA.email, ANNA.password);
    nameless = await login(NAMELESS.email, NAMELESS.password);
  });
  afterAll(async () => h?.close());

  it('POST /admin/checkin/undo: 401 without a session, 403 cross-site, 400 without an id; one’s own check-in of a moment ago is undone, audited', async () => {
    const t = await approved('Вера Отменная');
    expect((await post('/admin/checkin/undo', { registrationId: t.registration.id })).status).toBe(401);
    expect((await post('/admin/checkin/undo', { registrationId: t.registration.id }, { cookie: anna, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/admin/checkin/undo', { registrationId: 'x' }, { cookie: anna })).status).toBe(400);

    const scanned = await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: anna })).json();
    expect(scanned).toMatchObject({ result: 'checked_in', registration: { checkedInBy: 'Анна', undoable: true } });
    const undone = await post('/admin/checkin/undo', { registrationId: t.registration.id }, { cookie: anna });
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({ result: 'undone', registration: { name: 'Вера Отменная', checkedIn: false, undoable: false } });
    expect(await h.service.db.manager.findOneByOrFail(Registration, { id: t.registration.id })).toMatchObject({ checkedIn: false, checkedInAt: null, checkedInByAdminId: null });
    const me = await account(ANNA.email);
    expect(await h.service.db.manager.countBy(AdminAudit, { action: 'registration.check_in_undone', recordId: String(t.registration.id), adminUserId: me.id })).toBe(1);
    const history = (await registrationHistories(h.service.db, [t.registration.id], h.config.tzDisplay, 'ru')).get(t.registration.id)!;
    expect(history.at(-1)).toMatch(/отметка прихода снята — Анна \(сканер\)/);
    // Checked in again afterwards: a fresh check-in, counted once.
    expect((await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: anna })).json()).result).toBe('checked_in');
  });

  it('refuses someone else’s check-in, one older than the window and one not made, each with a clear reason; the organizers’ undo stays', async () => {
    const t = await approved('Глеб Чужой');
    await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: anna });
    const theirs = await post('/admin/checkin/undo', { registrationId: t.registration.id }, { cookie: nameless });
    expect(theirs.status).toBe(409);
    expect(await theirs.json()).toMatchObject({ error: 'checkin.undo_not_yours', message: expect.stringContaining('другой сотрудник') });
    // What the other account sees: "already", by Anna, with no undo offered.
    const seen = await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: nameless })).json();
    expect(seen).toMatchObject({ result: 'already_checked_in', registration: { checkedInBy: 'Анна', undoable: false } });

    await h.service.db.manager.update(Registration, { id: t.registration.id }, { checkedInAt: new Date(Date.now() - DOOR_UNDO_WINDOW_MS - 1_000) });
    const late = await post('/admin/checkin/undo', { registrationId: t.registration.id }, { cookie: anna });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: 'checkin.undo_too_late', message: 'Свою отметку можно снять в течение 10 минут; позже — только организатор в админке.' });
    expect((await h.service.db.manager.findOneByOrFail(Registration, { id: t.registration.id })).checkedIn).toBe(true);

    const absent = await approved('Дина Неотмеченная');
    const nothing = await post('/admin/checkin/undo', { registrationId: absent.registration.id }, { cookie: anna });
    expect(nothing.status).toBe(409);
    expect((await nothing.json()).error).toBe('checkin.undo_not_checked_in');
    expect((await post('/admin/checkin/undo', { registrationId: 99_999_999 }, { cookie: anna })).status).toBe(409);
  });

  it('staff are named by their name, else by their role in words — never "checkin" — at the door, in the history and the journal', async () => {
    const t = await approved('Ефим Безымянный');
    const them = await account(NAMELESS.email);
    await scanTicket(h.service.db, adminActor(them.id, 'scan'), door(), { code: t.code, competitionId });
    const seen = await (await post('/admin/checkin/scan', { code: t.code, competitionId }, { cookie: anna })).json();
    expect(seen.registration.checkedInBy).toBe(`волонтёр на входе #${them.id}`);
    const history = (await registrationHistories(h.service.db, [t.registration.id], h.config.tzDisplay, 'ru')).get(t.registration.id)!.join('\n');
    expect(history).toContain(`волонтёр на входе #${them.id}`);
    expect(history).not.toMatch(/checkin|администратор #/);
  });

  it('the person names themselves: POST /admin/account/name (empty refused); the scanner page asks while there is none', async () => {
    const email = `renamed-${process.pid}@example.org`;
    await createAdminUser(h.service.db, SYSTEM, { email, password: 'renamed-password-1', role: 'checkin' });
    const cookie = await login(email, 'renamed-password-1');
    const page = async () => {
      const html = await (await fetch(`${base}/admin/checkin`, { headers: { cookie } })).text();
      return JSON.parse(/<script type="application\/json" id="door-data">(.*?)<\/script>/s.exec(html)![1]) as { me: { name: string | null; role: string } };
    };
    expect((await page()).me).toEqual({ name: null, role: 'checkin' });
    expect((await post('/admin/account/name', { name: 'Пётр' })).status).toBe(401);
    expect((await post('/admin/account/name', { name: 'Пётр' }, { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const empty = await post('/admin/account/name', { name: '   ' }, { cookie });
    expect(empty.status).toBe(400);
    expect((await empty.json()).message).toBe('Укажите имя.');
    const saved = await post('/admin/account/name', { name: '  Пётр   Сидоров ' }, { cookie });
    expect(await saved.json()).toEqual({ name: 'Пётр Сидоров' });
    expect((await page()).me.name).toBe('Пётр Сидоров');
    // The admin's own page (AdminJS) reads and sets the same name.
    expect(await (await fetch(`${base}/admin/api/pages/changePassword`, { headers: { cookie } })).json()).toMatchObject({ name: 'Пётр Сидоров' });
    const viaAdmin = await post('/admin/api/pages/changePassword', { displayName: 'Петя' }, { cookie });
    expect(await viaAdmin.json()).toMatchObject({ ok: true, messageKey: 'nameSaved', name: 'Петя' });
    expect((await account(email)).displayName).toBe('Петя');
  });

  it('the picker offers today’s and upcoming competitions, soonest first, and no past ones', async () => {
    const hour = 3_600_000;
    const past = await makeCompetition(h.service.db, { title: 'Прошлогодний кубок', startsAt: new Date(Date.now() - 400 * 24 * hour) });
    const ended = await makeCompetition(h.service.db, { title: 'Вчерашний кубок', startsAt: new Date(Date.now() - 30 * hour), endsAt: new Date(Date.now() - 26 * hour) });
    const later = await makeCompetition(h.service.db, { title: 'Кубок через неделю', startsAt: new Date(Date.now() + 7 * 24 * hour) });
    const running = await makeCompetition(h.service.db, { title: 'Идущий кубок', startsAt: new Date(Date.now() - hour), endsAt: new Date(Date.now() + hour) });
    const html = await (await fetch(`${base}/admin/checkin`, { headers: { cookie: anna } })).text();
    const ids = (JSON.parse(/id="door-data">(.*?)<\/script>/s.exec(html)![1]) as { competitions: Array<{ id: number }> }).competitions.map((c) => c.id);
    expect(ids).not.toContain(past.id);
    expect(ids).not.toContain(ended.id);
    expect(ids.indexOf(running.id)).toBeLessThan(ids.indexOf(competitionId));
    expect(ids.indexOf(competitionId)).toBeLessThan(ids.indexOf(later.id));
    expect(ids.indexOf(running.id)).toBe(0);
  });

  it('a volunteer who links Telegram where the Mini App cannot open is told plainly; the operator’s reason goes to the log', async () => {
    const me = await account(ANNA.email);
    const volunteer = new TestUser(() => h, { id: ++nextTelegramId, first_name: 'Анна', language_code: 'ru' });
    await volunteer.send(`/start staff_${await createLinkToken(h.service.db, me.id)}`);
    const text = String(h.api.messagesTo(volunteer.id).at(-1)!.params.text);
    expect(text).toContain('Telegram привязан');
    expect(text).toContain('в браузере');
    expect(text).not.toMatch(/HTTPS|PUBLIC_URL|https/i);
    expect(h.logs.text()).toContain('PUBLIC_URL is not an https:// address');
  });

  it('the CLI sets a name when it creates an account, and changes it (set-name)', async () => {
    const run = async (args: string[], input = '') => {
      let stdout = '';
      let stderr = '';
      const sink = (add: (text: string) => void) =>
        new Writable({
          write: (chunk, _e, done) => {
            add(String(chunk));
            done();
          },
        });
      const code = await runAdminCli(args, {
        stdin: Readable.from([input]),
        stdout: sink((text) => (stdout += text)),
        stderr: sink((text) => (stderr += text)),
        env: { DATABASE_URL: h.database.url, NODE_ENV: 'test' },
      });
      return { code, stdout, stderr };
    };
    const email = `cli-door-${process.pid}@example.org`;
    const created = await run(['create', '--email', email, '--role', 'checkin', '--name', 'Марина'], 'cli-door-password-1\n');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('named Марина');
    expect((await account(email)).displayName).toBe('Марина');
    expect(await run(['set-name', '--email', email, '--name', 'Марина Львовна'])).toMatchObject({ code: 0 });
    expect((await account(email)).displayName).toBe('Марина Львовна');
    expect((await run(['set-name', '--email', email])).code).toBe(2); // no --name: the usage
    expect((await run(['set-name', '--email', 'nobody@example.org', '--name', 'X'])).code).toBe(1);
  });
});
