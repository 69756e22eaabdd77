import AdminJS, { ValidationError, type ActionContext, type BaseResource } from 'adminjs';
import { BaseEntity } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AdminAudit, Competition, OutboxMessage, TimeSlot, User, VoterTimeSlot } from '../../entities/index.js';
import { assignJuryPanel, cancelRegistration, chooseVoterSlots, registerForCompetition, userActor } from '../../domain/index.js';
import { createComponentLoader } from '../../admin/components.js';
import { buildResources } from '../../admin/resources/index.js';
import { defineResource } from '../../admin/resources/define.js';
import { access } from '../../admin/resources/shared.js';
import { TEST_DB } from '../../devkit/database.js';
import { makeAdmin, makeCompetition, makePanel, makeSlot, makeUser, useDomainFixture } from '../domain/fixtures.js';

const f = useDomainFixture();

/** The admin's resources as AdminJS serves them (no HTTP, no browser): what the forms and actions call. */
function resources() {
  BaseEntity.useDataSource(f.db.dataSource);
  const ctx = { db: f.db, timeZone: 'Europe/Moscow' };
  const { loader, components } = createComponentLoader();
  const admin = new AdminJS({ rootPath: '/admin', componentLoader: loader, resources: buildResources({ ctx, components, botUsername: () => null, rootPath: '/admin' }) });
  return (id: string): BaseResource => admin.findResource(id);
}

async function organizerContext(): Promise<ActionContext> {
  const admin = await makeAdmin(f.db);
  return { currentAdmin: { id: String(admin.id), email: admin.email, role: 'organizer' } } as unknown as ActionContext; // only currentAdmin is read
}

/** A voter of the competition who chose `slotId` and sits on `panelId`. */
async function voterIn(competitionId: number, slotId: number, panelId: number) {
  const user = await makeUser(f.db);
  const { registration } = await registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId, role: 'voter', consentGiven: true });
  await chooseVoterSlots(f.db, userActor(user.id), registration.id, [slotId]);
  await assignJuryPanel(f.db, userActor(user.id), registration.id, panelId);
  return user;
}

describe(`admin writes go through the domain (${TEST_DB})`, () => {
  it('refuses on create a time slot that does not end after it starts, as a form error', async () => {
    const resource = resources()('TimeSlot');
    const context = await organizerContext();
    const competition = await makeCompetition(f.db);
    const params = { competitionId: String(competition.id), startsAt: '2030-05-01 12:00', endsAt: '2030-05-01 11:00', capacity: '5' };
    const error = await resource.create(params, context).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).baseError?.message).toBe('Конец должен быть позже начала.');
    // Under the field it is about, not only at the top of the form.
    expect((error as ValidationError).propertyErrors.endsAt?.message).toBe('Конец должен быть позже начала.');
    await expect(resource.create({ ...params, endsAt: '2030-05-01 12:00' }, context)).rejects.toBeInstanceOf(ValidationError);
    expect(await f.db.manager.countBy(TimeSlot, { competitionId: competition.id })).toBe(0);

    const created = await resource.create({ ...params, endsAt: '2030-05-01 13:30' }, context);
    expect(await f.db.manager.countBy(TimeSlot, { competitionId: competition.id })).toBe(1);
    await f.db.manager.findOneByOrFail(AdminAudit, { action: 'time_slots.created', recordId: String(created.id) });
  });

  it('deleting a time slot tells the voters who chose it, in the same transaction, audited', async () => {
    const resource = resources()('TimeSlot');
    const context = await organizerContext();
    const competition = await makeCompetition(f.db, { title: 'Слоты' });
    const slot = await makeSlot(f.db, competition.id, 5);
    const panel = await makePanel(f.db, competition.id, null);
    const voter = await voterIn(competition.id, slot.id, panel.id);
    const bystander = await makeUser(f.db);

    await resource.delete(String(slot.id), context);
    expect(await f.db.manager.countBy(TimeSlot, { id: slot.id })).toBe(0);
    const [message] = await f.db.manager.find(OutboxMessage, { where: { userId: voter.id, kind: 'notify.slot_deleted' } });
    expect(message.payload).toMatchObject({ competition: 'Слоты', startsAt: slot.startsAt.toISOString() });
    expect(await f.db.manager.countBy(OutboxMessage, { userId: bystander.id })).toBe(0);
    await f.db.manager.findOneByOrFail(AdminAudit, { action: 'time_slots.deleted', recordId: String(slot.id) });
  });

  it('deleting a jury panel tells the voters on it, audited', async () => {
    const resource = resources()('JuryPanel');
    const context = await organizerContext();
    const competition = await makeCompetition(f.db, { title: 'Жюри' });
    const slot = await makeSlot(f.db, competition.id, 5);
    const panel = await makePanel(f.db, competition.id, 3, 'Жюри №2');
    const voter = await voterIn(competition.id, slot.id, panel.id);

    await resource.delete(String(panel.id), context);
    const [message] = await f.db.manager.find(OutboxMessage, { where: { userId: voter.id, kind: 'notify.panel_deleted' } });
    expect(message.payload).toMatchObject({ competition: 'Жюри', panel: 'Жюри №2' });
    await f.db.manager.findOneByOrFail(AdminAudit, { action: 'jury_panels.deleted', recordId: String(panel.id) });
  });

  it("shows a registration's history on its show page, in the organizer's language", async () => {
    const resource = resources()('Registration');
    const competition = await makeCompetition(f.db);
    const user = await makeUser(f.db);
    const { registration } = await registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true });
    await cancelRegistration(f.db, userActor(user.id), registration.id);
    const record = await resource.findOne(String(registration.id), await organizerContext());
    const lines = String(record?.params.history).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d — смена статуса: подтверждена → отменена — пользователь \(бот\)$/);
  });

  it('a resource whose actions allow a write it does not define stops the boot, naming it', () => {
    const { components } = createComponentLoader();
    const deps = { ctx: { db: f.db, timeZone: 'Europe/Moscow' }, components, botUsername: () => null, rootPath: '/admin' };
    BaseEntity.useDataSource(f.db.dataSource);
    // Organizers may create and edit slots here, but nothing says how: no generic write may stand in.
    const define = () => defineResource(TimeSlot, deps, { table: 'time_slots', writes: { delete: async () => undefined }, options: {}, actions: access('staff-crud') });
    expect(define).toThrow('the TimeSlot resource allows "new" but has no create write');
    expect(() => defineResource(TimeSlot, deps, { table: 'time_slots', writes: {}, options: {}, actions: access('staff-read') })).not.toThrow();
  });

  it('a read-only resource refuses a write sent straight to it, and writes nothing', async () => {
    const resource = resources()('VoterTimeSlot');
    const competition = await makeCompetition(f.db);
    const slot = await makeSlot(f.db, competition.id, 5);
    const user = await makeUser(f.db);
    const { registration } = await registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'voter', consentGiven: true });
    const error = await resource.create({ registrationId: String(registration.id), timeSlotId: String(slot.id) }, await organizerContext()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).baseError?.type).toBe('forbidden');
    expect(await f.db.manager.countBy(VoterTimeSlot, { registrationId: registration.id })).toBe(0);
  });

  it('sets the deadline, the end and the contact of a competition; a deadline after the start is an error on its field', async () => {
    const resource = resources()('Competition');
    const context = await organizerContext();
    const competition = await makeCompetition(f.db, { startsAt: new Date('2030-05-01T07:00:00Z') });
    const error = await resource.update(String(competition.id), { registrationClosesAt: '01.05.2030 12:00' }, context).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).propertyErrors)).toEqual(['registrationClosesAt']);
    await resource.update(String(competition.id), { registrationClosesAt: '30.04.2030 20:00', endsAt: '01.05.2030 19:00', contact: '@cup_help' }, context);
    const saved = await f.db.manager.findOneByOrFail(Competition, { id: competition.id });
    expect([saved.registrationClosesAt?.toISOString(), saved.endsAt?.toISOString(), saved.contact]).toEqual(['2030-04-30T17:00:00.000Z', '2030-05-01T16:00:00.000Z', '@cup_help']);
  });

  it('a phone typed in the admin is read as the bot reads it and stored E.164; one that is no number is an error on its field', async () => {
    const resource = resources()('User');
    const context = await organizerContext();
    const user = await makeUser(f.db, { phone: '+79990000001' });
    await resource.update(String(user.id), { phone: '8 (994) 435-07-45', fullName: '  Анна   Каренина ' }, context);
    const saved = await f.db.manager.findOneByOrFail(User, { id: user.id });
    expect([saved.phone, saved.fullName]).toEqual(['+79944350745', 'Анна Каренина']);
    const error = await resource.update(String(user.id), { phone: 'позвонить Ане' }, context).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).propertyErrors)).toEqual(['phone']);
    expect((await f.db.manager.findOneByOrFail(User, { id: user.id })).phone).toBe('+79944350745');
    await f.db.manager.findOneByOrFail(AdminAudit, { action: 'users.updated', recordId: String(user.id) });
  });
});
