import { describe, expect, it } from 'vitest';
import { In } from 'typeorm';
import { Registration, RegistrationEvent } from '../../entities/index.js';
import { acceptOffer, BusyError, cancelRegistration, declineOffer, DomainError, expireOffers, registerForCompetition, userActor } from '../../domain/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { makeCompetition, makeUsers, useDomainFixture } from './fixtures.js';

const f = useDomainFixture({ each: true });
const H = 3_600_000;
const PLACES = 50;
const WAITING = 200;

/** A refused answer (the offer expired or was answered meanwhile, the database busy) is a user's lost race, not a failure. */
let lost = 0;
const lostRace = (error: unknown) => {
  if (!(error instanceof DomainError || error instanceof BusyError)) throw error;
  lost++;
};

/** A small deterministic generator: the same mix of answers on every run and database. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe(`offers racing (${TEST_DB})`, () => {
  it(`${PLACES} freed places, ${WAITING} waiting, accepts, declines and expiries at once: every place taken once, nobody offered twice, the order kept`, async () => {
    const T0 = Date.now();
    const competition = await makeCompetition(f.db, { maxParticipants: PLACES, startsAt: new Date(T0 + 1000 * 24 * H) });
    const people = await makeUsers(f.db, PLACES + WAITING);
    const sign = (userId: number) =>
      registerForCompetition(f.db, userActor(userId), { userId, competitionId: competition.id, role: 'participant', consentGiven: true, joinWaitlist: true });
    const holders = [];
    for (const user of people.slice(0, PLACES)) holders.push((await sign(user.id)).registration);
    const queue = [];
    for (const user of people.slice(PLACES)) queue.push((await sign(user.id)).registration);
    expect(queue.every((r) => r.status === 'waitlisted')).toBe(true);

    // Everyone holding a place gives it up at once: fifty offers go out.
    await Promise.all(holders.map((r) => cancelRegistration(f.db, userActor(r.userId), r.id).catch(lostRace)));
    const next = random(20261204);
    let answers = 0;
    for (let round = 1; round <= 40; round++) {
      const open = await f.db.manager.find(Registration, { where: { competitionId: competition.id, status: 'offered' } });
      if (open.length === 0) break;
      // Round r happens at T0 + r·13 h: the answers come 11 h into the previous round's offers, the expiry job at 13 h.
      const at = T0 + round * 13 * H;
      const work: Array<Promise<unknown>> = [];
      for (const offer of open) {
        const roll = next();
        const actor = userActor(offer.userId);
        if (roll < 0.45) work.push(acceptOffer(f.db, actor, offer.id, new Date(at - 2 * H)).catch(lostRace));
        else if (roll < 0.75) work.push(declineOffer(f.db, actor, offer.id, new Date(at - 2 * H)).catch(lostRace));
        // else: no answer; the expiry takes it
      }
      work.push(expireOffers(f.db, new Date(at), 1000), expireOffers(f.db, new Date(at), 1000));
      answers += work.length;
      await Promise.all(work);
    }

    const all = await f.db.manager.find(Registration, { where: { competitionId: competition.id } });
    const holding = all.filter((r) => ['pending', 'approved', 'offered'].includes(r.status));
    const waiting = all.filter((r) => r.status === 'waitlisted');
    // Every place taken once: never more than the places, and no place left empty while someone waits.
    expect(holding.length).toBeLessThanOrEqual(PLACES);
    if (waiting.length > 0) expect(holding.length).toBe(PLACES);
    expect(all.filter((r) => r.status === 'offered')).toHaveLength(0);

    const offers = await f.db.manager.find(RegistrationEvent, {
      where: { registrationId: In(queue.map((r) => r.id)), event: 'offered' },
      order: { id: 'ASC' },
    });
    // Nobody was offered two places.
    expect(new Set(offers.map((e) => e.registrationId)).size).toBe(offers.length);
    // The order of the list is kept: the offers went out in the order people joined the waiting list.
    const position = new Map(queue.map((r, i) => [r.id, i]));
    const offeredOrder = offers.map((e) => position.get(e.registrationId)!);
    expect(offeredOrder).toEqual([...offeredOrder].sort((a, b) => a - b));
    expect(offeredOrder).toEqual(offeredOrder.map((_, i) => i)); // a prefix of the list: nobody skipped
    console.log(
      `offers race (${TEST_DB}): ${offers.length} offers, ${answers} concurrent calls (${lost} lost their race); ` +
        `${all.filter((r) => r.status === 'approved').length} approved, ${all.filter((r) => r.status === 'cancelled').length - PLACES} waiting-list people declined or expired, ${waiting.length} still waiting`,
    );
  }, 240_000);
});
