import { describe, expect, it } from 'vitest';
import { RegistrationEvent } from '../../entities/index.js';
import {
  adminActor,
  approveRegistration,
  assignJuryPanel,
  cancelRegistration,
  checkInRegistration,
  chooseVoterSlots,
  registerForCompetition,
  userActor,
} from '../../domain/index.js';
import { registrationHistories } from '../../domain/history.js';
import { makeAdmin, makeCompetition, makePanel, makeSlot, makeUsers, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

const events = (registrationId: number) => f.db.manager.find(RegistrationEvent, { where: { registrationId }, order: { id: 'ASC' } });

describe('the history of a registration', () => {
  it('records a user’s cancel and the system’s offer of the freed place, and reads them as lines in TZ_DISPLAY', async () => {
    const c = await makeCompetition(f.db, { maxParticipants: 1 });
    const [first, second] = await makeUsers(f.db, 2);
    const a = await registerForCompetition(f.db, userActor(first.id), { userId: first.id, competitionId: c.id, role: 'participant', consentGiven: true });
    const b = await registerForCompetition(f.db, userActor(second.id), { userId: second.id, competitionId: c.id, role: 'participant', consentGiven: true, joinWaitlist: true });
    await cancelRegistration(f.db, userActor(first.id), a.registration.id);

    expect((await events(a.registration.id)).map((e) => [e.event, e.actorKind, e.source, e.fromStatus, e.toStatus, e.adminUserId])).toEqual([
      ['created', 'user', 'bot', null, 'approved', null],
      ['status_changed', 'user', 'bot', 'approved', 'cancelled', null],
    ]);
    expect((await events(b.registration.id)).map((e) => [e.event, e.actorKind, e.source, e.fromStatus, e.toStatus])).toEqual([
      ['created', 'user', 'bot', null, 'waitlisted'],
      ['offered', 'system', 'system', 'waitlisted', 'offered'],
    ]);

    const lines = await registrationHistories(f.db, [a.registration.id, b.registration.id], 'Europe/Moscow', 'ru');
    expect(lines.get(a.registration.id)).toEqual([
      expect.stringMatching(/^\d\d\.\d\d\.\d{4} \d\d:\d\d — регистрация: — → подтверждена — пользователь \(бот\)$/),
      expect.stringMatching(/ — смена статуса: подтверждена → отменена — пользователь \(бот\)$/),
    ]);
    expect(lines.get(b.registration.id)?.[1]).toMatch(/ — предложено освободившееся место: .+ → .+ — система \(автоматически\)$/);
    const english = await registrationHistories(f.db, [b.registration.id], 'Europe/Moscow', 'en');
    expect(english.get(b.registration.id)?.[1]).toMatch(/ — offered a freed place: .+ — system \(automatic\)$/);
  });

  it('records an organizer’s approval, check-in, slots and panel with the admin user, and goes with the registration', async () => {
    const c = await makeCompetition(f.db, { requiresApproval: true });
    const slot = await makeSlot(f.db, c.id, 3);
    const panel = await makePanel(f.db, c.id, null);
    const admin = await makeAdmin(f.db);
    const [voter] = await makeUsers(f.db, 1);
    const { registration } = await registerForCompetition(f.db, userActor(voter.id), { userId: voter.id, competitionId: c.id, role: 'voter', consentGiven: true });
    const organizer = adminActor(admin.id);
    await approveRegistration(f.db, organizer, registration.id);
    await chooseVoterSlots(f.db, organizer, registration.id, [slot.id]);
    await assignJuryPanel(f.db, organizer, registration.id, panel.id);
    await checkInRegistration(f.db, organizer, registration.id, true);
    await checkInRegistration(f.db, organizer, registration.id, false);
    expect((await events(registration.id)).map((e) => [e.event, e.actorKind, e.source, e.adminUserId])).toEqual([
      ['created', 'user', 'bot', null],
      ['status_changed', 'admin', 'admin', admin.id],
      ['slots_changed', 'admin', 'admin', admin.id],
      ['panel_assigned', 'admin', 'admin', admin.id],
      ['checked_in', 'admin', 'admin', admin.id],
      ['check_in_undone', 'admin', 'admin', admin.id],
    ]);
    await f.db.write((m) => m.delete('registrations', { id: registration.id }));
    expect(await events(registration.id)).toEqual([]);
  });
});
