import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { AdminAudit, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { loginCookie, SAME_ORIGIN } from './session.js';

const ORGANIZER = { email: 'walk-in-org@example.org', password: 'organizer-password-1' };
const DOOR = { email: 'walk-in-door@example.org', password: 'door-password-12' };

/** A phone of the test's own: as typed, and as stored. */
function newPhone() {
  const rest = String(1_000_000 + Math.floor(Math.random() * 8_999_999));
  return { typed: `8 912 ${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`, stored: `+7912${rest}` };
}

describe(`adding a walk-in over HTTP: POST only, from the admin's own pages (${TEST_DB})`, { timeout: 120_000 }, () => {
  let harness: TestService;
  let base: string;
  let cookie: string;

  beforeAll(async () => {
    harness = await startAdminService();
    base = harness.baseUrl;
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    await createAdminUser(harness.service.db, SYSTEM, { ...DOOR, role: 'checkin' });
    cookie = await loginCookie(base, ORGANIZER.email, ORGANIZER.password);
  });
  afterAll(async () => harness?.close());

  const post = (competitionId: number, body: Record<string, unknown>, headers: Record<string, string>, as = cookie) =>
    fetch(`${base}/admin/api/resources/Competition/records/${competitionId}/addParticipant`, {
      method: 'POST',
      headers: { cookie: as, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
    });
  const people = (phone: string) => harness.service.db.manager.countBy(User, { phone });

  it('a GET only shows the form; cross-site POSTs, a foreign Origin and a POST with neither header are refused; nothing is added', async () => {
    const competition = await makeCompetition(harness.service.db, { title: 'Дверь-1' });
    const phone = newPhone();
    const body = { fullName: 'Анна Петрова', phone: phone.typed, role: 'participant' };
    const get = await fetch(`${base}/admin/api/resources/Competition/records/${competition.id}/addParticipant?${new URLSearchParams(body)}`, {
      headers: { cookie, ...SAME_ORIGIN },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ record: { id: competition.id } });
    const foreign: Array<Record<string, string>> = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, {}];
    for (const headers of foreign) {
      const response = await post(competition.id, body, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await people(phone.stored)).toBe(0);
    expect(await harness.service.db.manager.countBy(Registration, { competitionId: competition.id })).toBe(0);
    // The admin's own origin, from a browser without Sec-Fetch-Site, is let through.
    const own = await post(competition.id, body, { origin: new URL(base).origin });
    expect(own.status).toBe(200);
    expect(await people(phone.stored)).toBe(1);
  });

  it('answers a bad phone or name on its field and adds nothing; a good form lands on the new registration, audited with the organizer', async () => {
    const db = harness.service.db;
    const competition = await makeCompetition(db, { title: 'Дверь-2', requiresApproval: true });
    const phone = newPhone();
    const bad = await post(competition.id, { fullName: 'Анна Петрова', phone: '12-34', role: 'participant' }, SAME_ORIGIN);
    expect(bad.status).toBe(200);
    const badAnswer = await bad.json();
    expect(badAnswer.errors).toEqual({ phone: 'Не похоже на номер телефона. Пример: +7 912 345-67-89.' });
    expect(badAnswer.redirectUrl).toBeUndefined();
    const badName = await (await post(competition.id, { fullName: '1', phone: phone.typed, role: 'participant' }, SAME_ORIGIN)).json();
    expect(Object.keys(badName.errors)).toEqual(['fullName']);
    expect(await db.manager.countBy(Registration, { competitionId: competition.id })).toBe(0);

    const good = await (await post(competition.id, { fullName: 'Анна Петрова', phone: phone.typed, role: 'participant' }, SAME_ORIGIN)).json();
    const registration = await db.manager.findOneByOrFail(Registration, { competitionId: competition.id });
    expect(good.redirectUrl).toBe(`/admin/resources/Registration/records/${registration.id}/show`);
    expect(good.notice).toMatchObject({ type: 'success', message: 'doneWalkIn', options: { name: 'Анна Петрова', status: 'подтверждена' } });
    expect(registration).toMatchObject({ status: 'approved', consentGiven: true });
    const user = await db.manager.findOneByOrFail(User, { id: registration.userId });
    expect(user).toMatchObject({ telegramId: null, phone: phone.stored });
    const organizer = await db.manager.findOneByOrFail(AdminAudit, { action: 'registration.added_by_hand', recordId: String(registration.id) });
    expect(organizer.changes).toMatchObject({ consent: { after: 'admin' } });
  });

  it('the printed ticket of a walk-in checks them in at the door; a registration not approved has none', async () => {
    const db = harness.service.db;
    const competition = await makeCompetition(db, { title: 'Дверь-4', maxParticipants: 1 });
    const first = await (await post(competition.id, { fullName: 'Анна Петрова', phone: newPhone().typed, role: 'participant' }, SAME_ORIGIN)).json();
    const queued = await (await post(competition.id, { fullName: 'Борис Орлов', phone: newPhone().typed, role: 'participant', joinWaitlist: true }, SAME_ORIGIN)).json();
    const idOf = (answer: { redirectUrl: string }) => Number(/records\/(\d+)\/show/.exec(answer.redirectUrl)![1]);

    const ticket = await fetch(`${base}/admin/print/registrations/${idOf(first)}/ticket`, { headers: { cookie } });
    expect(ticket.status).toBe(200);
    expect(ticket.headers.get('cache-control')).toBe('no-store');
    const html = await ticket.text();
    expect(html).toContain('Анна Петрова');
    const code = /data-testid="ticket-code">([^<]+)</.exec(html)![1];
    const door = await loginCookie(base, DOOR.email, DOOR.password);
    const scan = await fetch(`${base}/admin/checkin/scan`, {
      method: 'POST',
      headers: { cookie: door, 'content-type': 'application/json', ...SAME_ORIGIN },
      body: JSON.stringify({ code, competitionId: competition.id }),
    });
    expect(await scan.json()).toMatchObject({ result: 'checked_in', registration: { name: 'Анна Петрова' } });

    const none = await fetch(`${base}/admin/print/registrations/${idOf(queued)}/ticket`, { headers: { cookie } });
    expect(none.status).toBe(409);
    expect(await none.text()).toContain('Билета нет: заявка «список ожидания»');
    expect((await fetch(`${base}/admin/print/competitions/99999999/poster`, { headers: { cookie } })).status).toBe(404);
  });

  it('door staff may not add anyone, nor open the printouts', async () => {
    const competition = await makeCompetition(harness.service.db, { title: 'Дверь-3' });
    const door = await loginCookie(base, DOOR.email, DOOR.password);
    const phone = newPhone();
    const response = await post(competition.id, { fullName: 'Анна Петрова', phone: phone.typed, role: 'participant' }, SAME_ORIGIN, door);
    expect(response.status).toBe(403);
    expect(await people(phone.stored)).toBe(0);
    for (const page of ['list', 'poster']) {
      const printed = await fetch(`${base}/admin/print/competitions/${competition.id}/${page}`, { headers: { cookie: door }, redirect: 'manual' });
      expect([302, 403], page).toContain(printed.status);
    }
  });
});
