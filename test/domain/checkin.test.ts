import { describe, expect, it } from 'vitest';
import { AdminAudit, AdminUser, OutboxMessage, Registration, RegistrationEvent } from '../../entities/index.js';
import { adminActor, approveRegistration, cancelRegistration, checkInRegistration, registerForCompetition, setRegistrationStatus, userActor } from '../../domain/index.js';
import { checkInCounts, maskPhone, reissueTicket, scanTicket, searchDoor, ticketForUser } from '../../domain/checkin.js';
import { createAdminUser, setAdminPassword, updateAdminUser } from '../../domain/admin-accounts.js';
import { createLinkToken, exchangeInitData, linkTelegram, scannerTokenAdmin, verifyInitData } from '../../domain/staff-links.js';
import { readTicketCode, ticketCode, verifyTicketCode } from '../../domain/tickets.js';
import { dashboardSummary } from '../../domain/read-models/dashboard.js';
import { signInitData } from '../admin/init-data.js';
import { expectDomainError, makeCompetition, makePanel, makeUser, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();
const SECRET = 'a-ticket-secret-of-at-least-32-characters!!';
const TZ = 'Europe/Moscow';
const door = { ticketSecret: SECRET, timeZone: TZ };
const BOT_TOKEN = '123456:TEST-token';

let adminSeq = 0;
async function staff(role: 'admin' | 'organizer' | 'checkin', displayName: string | null = null): Promise<AdminUser> {
  return createAdminUser(f.db, { kind: 'system', source: 'system' }, { email: `door${++adminSeq}-${Date.now()}@example.org`, password: 'long-enough-password', role, displayName });
}

/** An approved participant with a ticket: the registration id and the code. */
async function ticketHolder(competitionId: number, name = 'Анна Петрова') {
  const user = await makeUser(f.db, { fullName: name, phone: '+79991234567' });
  const { registration } = await registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
  const ticket = await ticketForUser(f.db, SECRET, user.id, registration.id);
  return { user, registrationId: registration.id, code: ticket.code };
}

describe('ticket codes', () => {
  it('verify only with the right secret, whole and unaltered', () => {
    const code = ticketCode(SECRET, 12345, 'ABCDEFGH');
    expect(code).toMatch(/^[A-Z2-7]+-ABCDEFGH-[A-Z2-7]{16}$/);
    expect(code.length).toBeLessThanOrEqual(30);
    expect(verifyTicketCode(SECRET, code)).toEqual({ registrationId: 12345, nonce: 'ABCDEFGH' });
    expect(verifyTicketCode(SECRET, code.toLowerCase())).toEqual({ registrationId: 12345, nonce: 'ABCDEFGH' }); // typed by hand
    // Typed with spaces, other separators or none at all: the parts have fixed lengths, cut from the end.
    for (const typed of [code.replace(/-/g, ''), code.replace(/-/g, ' '), ` ${code.toLowerCase().replace(/-/g, ' - ')} `, code.replace(/(.{4})/g, '$1 ')]) {
      expect(verifyTicketCode(SECRET, typed), typed).toEqual({ registrationId: 12345, nonce: 'ABCDEFGH' });
    }
    expect(readTicketCode(code.replace(/-/g, ''))).not.toBeNull();
    for (const junk of ['', 'NOT-A-TICKET', 'https://example.org/', '+7 999 123-45-67', code.slice(0, -1), 'x'.repeat(500)]) {
      expect(readTicketCode(junk), junk).toBeNull();
    }
    expect(verifyTicketCode('another-secret-of-at-least-32-characters!!', code)).toBeNull();
    expect(verifyTicketCode(SECRET, code.slice(0, -1))).toBeNull(); // truncated
    const [id, nonce, mac] = code.split('-');
    expect(verifyTicketCode(SECRET, `${id}-${nonce}-${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`)).toBeNull(); // forged mac
    expect(verifyTicketCode(SECRET, `${id}B-${nonce}-${mac}`)).toBeNull(); // another registration
    expect(verifyTicketCode(SECRET, `${id}-ABCDEFGI-${mac}`)).toBeNull(); // another nonce
    expect(verifyTicketCode(SECRET, '')).toBeNull();
    expect(verifyTicketCode(SECRET, 'x'.repeat(500))).toBeNull();
  });
});

describe('the door scan', () => {
  it('checks in once; the same account again within 10 s gets checked_in again, later already_checked_in with the time and a display name; audited as "scan"', async () => {
    const c = await makeCompetition(f.db);
    const panel = await makePanel(f.db, c.id, null, 'Жюри Б');
    const volunteer = await staff('checkin', 'Маша на входе');
    const { registrationId, code, user } = await ticketHolder(c.id);
    void panel;

    const first = await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code, competitionId: c.id });
    expect(first.result).toBe('checked_in');
    expect(first.registration).toMatchObject({ id: registrationId, name: 'Анна Петрова', role: 'participant', status: 'approved', checkedIn: true, checkedInBy: 'Маша на входе' });
    expect(JSON.stringify(first.registration)).not.toMatch(/phone|\+7999|@example\.org/);

    // The ticket still held up to the camera: the door keeps its first answer (and checks in nobody twice).
    const repeat = await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code, competitionId: c.id });
    expect(repeat.result).toBe('checked_in');
    expect(repeat.registration?.checkedInAt).toBe(first.registration?.checkedInAt);

    // Eleven seconds later (this test's own row, moved back): "already", at what time and by whom.
    const at = new Date(Date.now() - 11_000);
    await f.db.manager.update(Registration, { id: registrationId }, { checkedInAt: at });
    const second = await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code, competitionId: c.id });
    expect(second.result).toBe('already_checked_in');
    expect(second.registration?.checkedInAt).toBe(at.toISOString());
    const clock = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    expect(second.registration?.checkedInAtText).toMatch(new RegExp(`^(\\d{4}-\\d\\d-\\d\\d )?${clock}$`)); // the date only when it was another day
    expect(second.registration?.checkedInBy).toBe('Маша на входе');

    const row = await f.db.manager.findOneByOrFail(Registration, { id: registrationId });
    expect(row.checkedInByAdminId).toBe(volunteer.id);
    expect(row.checkedInAt).toBeInstanceOf(Date);
    const events = await f.db.manager.find(RegistrationEvent, { where: { registrationId, event: 'checked_in' } });
    expect(events.map((e) => [e.actorKind, e.adminUserId, e.source])).toEqual([['admin', volunteer.id, 'scan']]);
    expect(await f.db.manager.countBy(AdminAudit, { action: 'registration.checked_in', recordId: String(registrationId) })).toBe(1);
    expect(await f.db.manager.countBy(OutboxMessage, { userId: user.id, kind: 'notify.checked_in' })).toBe(1);

    // Without a display name the door names the role in words and the account's number, never an e-mail
    // (domain/read-models/staff-names.ts; the door and "Мой аккаунт" ask for a name).
    const nameless = await staff('checkin');
    const other = await ticketHolder(c.id, 'Борис');
    await scanTicket(f.db, adminActor(nameless.id, 'scan'), door, { code: other.code });
    const again = await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code: other.code });
    expect(again.result).toBe('already_checked_in'); // another account: no repeat rule
    expect(again.registration?.checkedInBy).toBe(`волонтёр на входе #${nameless.id}`);
  });

  it('answers not_approved, wrong_competition, unreadable and invalid (registration null)', async () => {
    const c = await makeCompetition(f.db);
    const elsewhere = await makeCompetition(f.db);
    const volunteer = await staff('checkin');
    const actor = adminActor(volunteer.id, 'scan');
    const a = await ticketHolder(c.id, 'Вера');

    expect(await scanTicket(f.db, actor, door, { code: a.code, competitionId: elsewhere.id })).toEqual({
      result: 'wrong_competition',
      registration: null,
      competition: { id: c.id, title: c.title },
    });
    expect(await scanTicket(f.db, actor, door, { code: 'NOT-A-TICKET', competitionId: c.id })).toEqual({ result: 'unreadable', registration: null });
    const forged = ticketCode('some-other-secret-of-at-least-32-chars!!', a.registrationId, a.code.split('-')[1]);
    expect(await scanTicket(f.db, actor, door, { code: forged, competitionId: c.id })).toEqual({ result: 'invalid', registration: null });

    // Cancelled: the signature still holds but the ticket is refused; re-registering makes a new ticket, the old one is invalid.
    await cancelRegistration(f.db, userActor(a.user.id), a.registrationId);
    expect(await scanTicket(f.db, actor, door, { code: a.code, competitionId: c.id })).toEqual({ result: 'invalid', registration: null });
    await registerForCompetition(f.db, userActor(a.user.id), { userId: a.user.id, competitionId: c.id, role: 'participant', consentGiven: true });
    const fresh = await ticketForUser(f.db, SECRET, a.user.id, a.registrationId);
    expect(fresh.code).not.toBe(a.code);
    expect((await scanTicket(f.db, actor, door, { code: a.code })).result).toBe('invalid');

    // Pending (an organizer moved it back): not_approved, and nothing about the person.
    const organizer = await staff('organizer');
    await setRegistrationStatus(f.db, adminActor(organizer.id), a.registrationId, 'pending');
    const pending = await ticketHolder(c.id, 'Галя'); // another, to keep one approved around
    void pending;
    // The nonce survives pending (only cancel/reject/reissue replace it).
    const answer = await scanTicket(f.db, actor, door, { code: fresh.code, competitionId: c.id });
    expect(answer).toEqual({ result: 'not_approved', registration: null });

    // An organizer reissues the ticket: the old code is refused, the new one works.
    await approveRegistration(f.db, adminActor(organizer.id), a.registrationId);
    await reissueTicket(f.db, adminActor(organizer.id), a.registrationId);
    expect((await scanTicket(f.db, actor, door, { code: fresh.code })).result).toBe('invalid');
    const reissued = await ticketForUser(f.db, SECRET, a.user.id, a.registrationId);
    expect((await scanTicket(f.db, actor, door, { code: reissued.code })).result).toBe('checked_in');
  });

  it('two concurrent scans of one ticket: one checked_in, one already_checked_in, counted once', async () => {
    const c = await makeCompetition(f.db);
    const [x, y] = [await staff('checkin', 'X'), await staff('checkin', 'Y')];
    for (let round = 0; round < 5; round++) {
      const t = await ticketHolder(c.id, `Гость ${round}`);
      const answers = await Promise.all([
        scanTicket(f.db, adminActor(x.id, 'scan'), door, { code: t.code, competitionId: c.id }),
        scanTicket(f.db, adminActor(y.id, 'scan'), door, { code: t.code, competitionId: c.id }),
      ]);
      expect(answers.map((a) => a.result).sort()).toEqual(['already_checked_in', 'checked_in']);
      expect(await f.db.manager.countBy(RegistrationEvent, { registrationId: t.registrationId, event: 'checked_in' })).toBe(1);
      expect(await f.db.manager.countBy(OutboxMessage, { userId: t.user.id, kind: 'notify.checked_in' })).toBe(1);
    }
    expect((await checkInCounts(f.db, [c.id])).get(c.id)).toEqual({ checkedIn: 5, expected: 5 });
  });

  it('an organizer undoes a wrong scan, recorded in the history; the ticket then checks in again', async () => {
    const c = await makeCompetition(f.db);
    const volunteer = await staff('checkin');
    const organizer = await staff('organizer', 'Оля');
    const t = await ticketHolder(c.id);
    await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code: t.code });
    await checkInRegistration(f.db, adminActor(organizer.id), t.registrationId, false);
    const row = await f.db.manager.findOneByOrFail(Registration, { id: t.registrationId });
    expect([row.checkedIn, row.checkedInAt, row.checkedInByAdminId]).toEqual([false, null, null]);
    const events = await f.db.manager.find(RegistrationEvent, { where: { registrationId: t.registrationId }, order: { id: 'ASC' } });
    expect(events.filter((e) => e.event !== 'created').map((e) => [e.event, e.adminUserId, e.source])).toEqual([
      ['checked_in', volunteer.id, 'scan'],
      ['check_in_undone', organizer.id, 'admin'],
    ]);
    expect((await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code: t.code })).result).toBe('checked_in');
  });

  it('the ticket is the owner’s alone, and only once approved', async () => {
    const c = await makeCompetition(f.db, { requiresApproval: true });
    const owner = await makeUser(f.db);
    const stranger = await makeUser(f.db);
    const { registration } = await registerForCompetition(f.db, userActor(owner.id), { userId: owner.id, competitionId: c.id, role: 'participant', consentGiven: true });
    await expectDomainError(ticketForUser(f.db, SECRET, owner.id, registration.id), 'ticket.not_approved');
    await approveRegistration(f.db, adminActor((await staff('organizer')).id), registration.id);
    await expectDomainError(ticketForUser(f.db, SECRET, stranger.id, registration.id), 'registration.not_found');
    const ticket = await ticketForUser(f.db, SECRET, owner.id, registration.id);
    expect(ticket.code).toBe((await ticketForUser(f.db, SECRET, owner.id, registration.id)).code); // stable until reissued
    // The approval notification carries the ticket button's registration.
    const note = await f.db.manager.findOneByOrFail(OutboxMessage, { userId: owner.id, kind: 'notify.status_approved' });
    expect(note.payload).toMatchObject({ ticketRegistrationId: registration.id });
  });

  it('searches a competition’s approved people with masked phones, audited; the dashboard counts the door on its day', async () => {
    const c = await makeCompetition(f.db, { startsAt: new Date(Date.now() + 60_000) });
    const volunteer = await staff('checkin');
    const t = await ticketHolder(c.id, 'Дарья Смирнова');
    const rows = await searchDoor(f.db, adminActor(volunteer.id, 'scan'), c.id, 'Дарья');
    expect(rows).toEqual([{ id: t.registrationId, name: 'Дарья Смирнова', role: 'participant', phone: '•••• 45-67', team: null, checkedIn: false }]);
    expect(await searchDoor(f.db, adminActor(volunteer.id, 'scan'), c.id, '4567')).toHaveLength(1);
    expect(maskPhone('+7 999 123-45-67')).toBe('•••• 45-67');
    expect(await f.db.manager.countBy(AdminAudit, { action: 'checkin.search', adminUserId: volunteer.id })).toBe(2);
    await scanTicket(f.db, adminActor(volunteer.id, 'scan'), door, { code: t.code });
    const summary = (await dashboardSummary(f.db, TZ)).find((s) => s.id === c.id);
    expect(summary?.door).toEqual({ checkedIn: 1, expected: 1 });
  });
});

describe('the dashboard chart', () => {
  it("counts a registration on its day in TZ_DISPLAY, not UTC's: 01:15 in Moscow (22:15 UTC) is Moscow's day", async () => {
    const c = await makeCompetition(f.db, { title: 'Поздние записи' });
    const user = await makeUser(f.db, { fullName: 'Полуночник' });
    const { registration } = await registerForCompetition(f.db, userActor(user.id, 'bot'), { userId: user.id, competitionId: c.id, role: 'participant', consentGiven: true });
    // 20:30 UTC is 23:30 in Moscow (UTC+3), the same date; 22:15 UTC is 01:15 in Moscow, the next date.
    const now = new Date();
    const late = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 3, 20, 30));
    const early = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 2, 22, 15)); // 01:15 in Moscow, the day after
    const other = await makeUser(f.db, { fullName: 'Ранняя пташка' });
    const second = await registerForCompetition(f.db, userActor(other.id, 'bot'), { userId: other.id, competitionId: c.id, role: 'participant', consentGiven: true });
    await f.db.manager.update(Registration, { id: registration.id }, { createdAt: late });
    await f.db.manager.update(Registration, { id: second.registration.id }, { createdAt: early });
    const moscowDay = (d: Date) => new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
    const chart = (await dashboardSummary(f.db, TZ)).find((s) => s.id === c.id)!.perDay;
    expect(chart).toHaveLength(14);
    expect(chart.at(-1)!.day).toBe(moscowDay(now));
    const count = (day: string) => chart.find((d) => d.day === day)?.count;
    expect(count(moscowDay(late))).toBe(1);
    expect(count(moscowDay(early))).toBe(1);
    expect(count(early.toISOString().slice(0, 10))).toBe(0); // by UTC days it would count here
    expect(chart.reduce((n, d) => n + d.count, 0)).toBe(2);
  });
});

describe('staff links and the Mini App', () => {
  it('a link token works once, within minutes, and one Telegram account links to one admin user; a password reset or role change unlinks', async () => {
    const a = await staff('checkin');
    const b = await staff('organizer');
    const token = await createLinkToken(f.db, a.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(await f.db.manager.find(AdminUser))).not.toContain(token);
    expect((await linkTelegram(f.db, token, 555_001)).telegramId).toBe(555_001);
    await expectDomainError(linkTelegram(f.db, token, 555_001), 'staff.link_invalid'); // used
    await expectDomainError(linkTelegram(f.db, await createLinkToken(f.db, b.id), 555_001), 'staff.telegram_taken');
    const stale = await createLinkToken(f.db, b.id, new Date(Date.now() - 11 * 60_000));
    await expectDomainError(linkTelegram(f.db, stale, 555_002), 'staff.link_invalid');
    expect(await f.db.manager.countBy(AdminAudit, { action: 'admin_users.telegram_linked', recordId: String(a.id) })).toBe(1);

    await setAdminPassword(f.db, adminActor(a.id), a.id, 'another-long-password');
    expect((await f.db.manager.findOneByOrFail(AdminUser, { id: a.id })).telegramId).toBeNull();
    await linkTelegram(f.db, await createLinkToken(f.db, b.id), 555_003);
    await updateAdminUser(f.db, { kind: 'system', source: 'system' }, b.id, { role: 'checkin' });
    expect((await f.db.manager.findOneByOrFail(AdminUser, { id: b.id })).telegramId).toBeNull();
  });

  it('verifies initData the way Telegram signs it: forged, tampered or stale → refused; a linked door volunteer gets a scanner token', async () => {
    const volunteer = await staff('checkin', 'Ира');
    await linkTelegram(f.db, await createLinkToken(f.db, volunteer.id), 777_001);
    const now = Math.floor(Date.now() / 1000);
    const good = signInitData(BOT_TOKEN, { auth_date: String(now), query_id: 'AAH', user: JSON.stringify({ id: 777_001, first_name: 'Ира' }) });
    expect(verifyInitData(BOT_TOKEN, good)?.id).toBe(777_001);
    expect(verifyInitData('999:other-token', good)).toBeNull();
    expect(verifyInitData(BOT_TOKEN, good.replace('777001', '777002'))).toBeNull(); // tampered user
    const stale = signInitData(BOT_TOKEN, { auth_date: String(now - 11 * 60), user: JSON.stringify({ id: 777_001 }) });
    expect(verifyInitData(BOT_TOKEN, stale)).toBeNull();

    const exchanged = await exchangeInitData(f.db, BOT_TOKEN, good);
    expect(exchanged?.admin.id).toBe(volunteer.id);
    expect((await scannerTokenAdmin(f.db, exchanged!.token))?.id).toBe(volunteer.id);
    expect(await scannerTokenAdmin(f.db, 'made-up')).toBeNull();
    const unlinked = signInitData(BOT_TOKEN, { auth_date: String(now), user: JSON.stringify({ id: 777_999 }) });
    expect(await exchangeInitData(f.db, BOT_TOKEN, unlinked)).toBeNull();
  });
});
