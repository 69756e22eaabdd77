import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { AdminAudit, OutboxMessage, Registration, RegistrationEvent, User } from '../../entities/index.js';
import { cancelRegistration, registerForCompetition, registerInTransaction, userActor, type RegisterInput } from '../../domain/index.js';
import { expectDomainError, makeCompetition, makeUser, useDomainFixture } from './fixtures.js';

/*
 * The common sign-up in one statement on PostgreSQL (domain/quick-sign-up.ts) must leave exactly what the full
 * transaction leaves, and hand every other case to it. On SQLite both sign-ups below take the full path: the
 * comparison still runs, and must hold trivially.
 */
const f = useDomainFixture();

/** Round trips to PostgreSQL made while `work` runs (every query a pg client sends is one). */
async function countRoundTrips<T>(work: () => Promise<T>): Promise<{ result: T; trips: number }> {
  const query = pg.Client.prototype.query;
  let trips = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    trips++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await work(), trips };
  } finally {
    pg.Client.prototype.query = query;
  }
}

/** What a sign-up left behind, without ids and times. */
async function footprint(registrationId: number, userId: number) {
  const registration = await f.db.manager.findOneByOrFail(Registration, { id: registrationId });
  const { id, userId: _user, competitionId, createdAt, statusChangedAt, ...rest } = registration;
  const events = await f.db.manager.find(RegistrationEvent, { where: { registrationId }, order: { id: 'ASC' } });
  const user = await f.db.manager.findOneByOrFail(User, { id: userId });
  return {
    registration: { ...rest, createdAt: createdAt instanceof Date, statusChangedAtIsCreatedAt: statusChangedAt?.getTime() === createdAt.getTime() },
    events: events.map(({ id: _id, registrationId: _r, createdAt: at, ...event }) => ({ ...event, at: at instanceof Date })),
    profile: { fullName: user.fullName, phone: user.phone },
    outbox: await f.db.manager.countBy(OutboxMessage, { userId }),
    audit: await f.db.manager.countBy(AdminAudit, { recordId: String(id) }),
  };
}

describe('the sign-up in one statement', () => {
  it.runIf(process.env.TEST_DB === 'postgres')("takes one round trip for the user's own first sign-up for unlimited places", async () => {
    const competition = await makeCompetition(f.db);
    const user = await makeUser(f.db);
    const input: RegisterInput = { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true, profile: { fullName: 'Анна Смирнова' } };
    const { result, trips } = await countRoundTrips(() => registerForCompetition(f.db, userActor(user.id), input));
    expect(trips).toBe(1);
    expect(result.registration).toMatchObject({ userId: user.id, competitionId: competition.id, status: 'approved', consentGiven: true });
    expect(result.registration.createdAt).toBeInstanceOf(Date);
    expect(result.competition).toMatchObject({ id: competition.id, title: competition.title, maxParticipants: null });
    expect(result.waitlistPosition).toBeNull();
  });

  for (const [role, requiresApproval] of [
    ['participant', false],
    ['participant', true],
    ['voter', false],
  ] as const) {
    it(`leaves the rows the full transaction leaves (${role}${requiresApproval ? ', with approval' : ''})`, async () => {
      const competition = await makeCompetition(f.db, { requiresApproval });
      const [quick, full] = [await makeUser(f.db), await makeUser(f.db)];
      const input = (userId: number): RegisterInput => ({
        userId,
        competitionId: competition.id,
        role,
        consentGiven: true,
        profile: { fullName: 'Иван Петров', phone: '+79001234567' },
      });
      const { result: a, trips } = await countRoundTrips(() => registerForCompetition(f.db, userActor(quick.id), input(quick.id)));
      // On PostgreSQL the quick path must have taken (one round trip), or the comparison compares the full path with itself.
      if (f.db.isPostgres) expect(trips).toBe(1);
      const b = await registerInTransaction(f.db, userActor(full.id), input(full.id));
      expect(a.registration.status).toBe(requiresApproval ? 'pending' : 'approved');
      expect(await footprint(a.registration.id, quick.id)).toEqual(await footprint(b.registration.id, full.id));
      // What a sign-up returns is the row it wrote (the full path's answer leaves the columns it did not set out).
      for (const result of [a, b]) {
        const defined = Object.fromEntries(Object.entries(result.registration).filter(([, value]) => value !== undefined));
        expect(await f.db.manager.findOneByOrFail(Registration, { id: result.registration.id })).toEqual(expect.objectContaining(defined));
      }
      expect(a.competition).toMatchObject({ id: competition.id, title: competition.title, requiresApproval });
    });
  }

  it('hands every other case to the full transaction, with its answers', async () => {
    const user = await makeUser(f.db);
    const sign = (competitionId: number, extra: Partial<RegisterInput> = {}) =>
      registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true, ...extra });
    await expectDomainError(sign((await makeCompetition(f.db, { registrationOpen: false })).id, { profile: { fullName: 'Не Сохранится' } }), 'registration.closed');
    expect((await f.db.manager.findOneByOrFail(User, { id: user.id })).fullName).toBeNull();
    await expectDomainError(sign((await makeCompetition(f.db, { registrationClosesAt: new Date(Date.now() - 1000) })).id), 'registration.closed');
    await expectDomainError(sign(999_999), 'competition.not_found');
    await expectDomainError(sign((await makeCompetition(f.db)).id, { consentGiven: false }), 'registration.consent_required');
    await expectDomainError(sign((await makeCompetition(f.db, { maxParticipants: 0 })).id), 'registration.full');

    // Registered already: refused; cancelled: the same row again, decided afresh, its history goes on.
    const competition = await makeCompetition(f.db);
    const first = await sign(competition.id);
    await expectDomainError(sign(competition.id), 'registration.already');
    await cancelRegistration(f.db, userActor(user.id), first.registration.id);
    const again = await sign(competition.id);
    expect(again.registration).toMatchObject({ id: first.registration.id, status: 'approved' });
    const events = await f.db.manager.find(RegistrationEvent, { where: { registrationId: first.registration.id }, order: { id: 'ASC' } });
    expect(events.map((e) => `${e.event}:${e.fromStatus}→${e.toStatus}`)).toEqual(['created:null→approved', 'status_changed:approved→cancelled', 'created:cancelled→approved']);
  });

  it('signs a double tap up once: the other sign-up is told it is registered already', async () => {
    const competition = await makeCompetition(f.db);
    const user = await makeUser(f.db);
    const sign = () => registerForCompetition(f.db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'voter', consentGiven: true });
    const results = await Promise.allSettled([sign(), sign(), sign()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { key?: string }).key).toBe('registration.already');
    const rows = await f.db.manager.findBy(Registration, { userId: user.id, competitionId: competition.id });
    expect(rows).toHaveLength(1);
    expect(await f.db.manager.countBy(RegistrationEvent, { registrationId: rows[0].id })).toBe(1);
  });
});
