import { describe, expect, it } from 'vitest';
import { Competition, Registration, User } from '../../entities/index.js';
import { adminActor, checkInRegistration, registerForCompetition, rejectRegistration, userActor } from '../../domain/index.js';
import { translate, type MessageKey } from '../../i18n/index.js';
import { makeAdmin, makeCompetition } from '../domain/fixtures.js';
import { eventually } from '../../devkit/eventually.js';
import { deliverOutbox, people, useBotService, waitForMessage } from './helpers.js';

const svc = useBotService();
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);
const H = 3_600_000;
/** Texts through the catalogue: the test is about what the bot does, not about its wording. */
const ru = (key: MessageKey, params: Record<string, string | number> = {}) => translate('ru', key, params);

async function signUp(userTelegramId: number, competitionId: number) {
  const user = await db().manager.findOneByOrFail(User, { telegramId: userTelegramId });
  const { registration } = await registerForCompetition(db(), userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
  return registration;
}

describe('the bot knows the event has started or ended', () => {
  it('lists upcoming competitions with Register, and started ones only under "past", without Register', async () => {
    const tag = `${Date.now() % 100_000}`;
    const upcoming = await makeCompetition(db(), { title: `Завтрашний ${tag}`, startsAt: new Date(Date.now() + 24 * H) });
    const over = await makeCompetition(db(), { title: `Вчера, го ${tag}`, startsAt: new Date(Date.now() - 30 * H) });
    const user = await known('Гоша');
    await user.press(ru('menu.competitions'));
    const list = user.lastReply()!;
    expect(list.buttons.flat().some((b) => b.includes(`Завтрашний ${tag}`))).toBe(true);
    expect(list.buttons.flat().some((b) => b.includes(`Вчера, го ${tag}`))).toBe(false);

    await user.press(ru('competitions.past'));
    expect(
      user
        .lastReply()!
        .buttons.flat()
        .some((b) => b.includes(`Вчера, го ${tag}`)),
    ).toBe(true);
    await user.pressData(`cd:${over.id}`);
    const screen = user.lastReply()!;
    expect(screen.text).toContain(ru('competition.ended', { competition: over.title }));
    expect(screen.buttons.flat()).not.toContain(ru('competition.register_participant'));
    expect(screen.buttons.flat()).not.toContain(ru('competition.register_voter'));
    // A Register button kept from before the start registers nobody.
    await user.pressData(`rg:${over.id}:participant`);
    expect(user.lastReply()!.text).toContain(ru('registration.closed', { competition: over.title }));
    expect(await db().manager.countBy(Registration, { competitionId: over.id })).toBe(0);
    expect(upcoming.id).toBeGreaterThan(0);
  });

  it('a reminder answered after the start, or by someone checked in, cancels nothing', async () => {
    const started = await makeCompetition(db(), { title: 'Уже идёт', startsAt: new Date(Date.now() + 2 * H) });
    const late = await known('Лёва');
    const present = await known('Поля');
    const mine = await signUp(late.id, started.id);
    const theirs = await signUp(present.id, started.id);
    await checkInRegistration(db(), adminActor((await makeAdmin(db())).id), theirs.id);
    // Checked in at the door: "❌ Не смогу" under an old reminder is refused at once, no "are you sure?".
    await present.pressData(`at:${theirs.id}:0:no`);
    // A spent reminder answers with a toast (and loses its buttons), not a new message.
    expect(present.callbackAnswers().at(-1)).toContain(ru('attendance.checked_in', { competition: 'Уже идёт' }));
    await present.pressData(`at:${theirs.id}:0:sure`);
    expect((await db().manager.findOneByOrFail(Registration, { id: theirs.id })).status).toBe('approved');

    // The competition has started: no answer acts.
    await db().manager.update(Competition, { id: started.id }, { startsAt: new Date(Date.now() - 60_000) });
    await late.pressData(`at:${mine.id}:0:no`);
    expect(late.callbackAnswers().at(-1)).toContain(ru('competition.started', { competition: 'Уже идёт' }));
    await late.pressData(`at:${mine.id}:0:sure`);
    expect((await db().manager.findOneByOrFail(Registration, { id: mine.id })).status).toBe('approved');
  });
});

describe('a rejected person sees why, and whom to ask', () => {
  it('shows the rejection reason and the organizers’ contact on the registration', async () => {
    const c = await makeCompetition(db(), { title: 'Отбор', requiresApproval: true, contact: '@otbor_help' });
    const user = await known('Рита');
    const registration = await signUp(user.id, c.id);
    await rejectRegistration(db(), adminActor((await makeAdmin(db())).id), registration.id, 'Нужен разряд не ниже второго');
    expect((await db().manager.findOneByOrFail(Registration, { id: registration.id })).rejectionReason).toBe('Нужен разряд не ниже второго');
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, user, 'Нужен разряд не ниже второго');
    await user.press(ru('menu.back'));
    await user.press(ru('menu.my'));
    await user.pressData(`mr:${registration.id}`);
    const text = user.lastReply()!.text;
    expect(text).toContain(ru('my.rejection_reason', { reason: 'Нужен разряд не ниже второго' }));
    expect(text).toContain(ru('my.contact', { contact: '@otbor_help' }));
  });
});

describe('offers expire by themselves', () => {
  it('an offer past its time when the service boots is expired at once, and the place offered to the next in line', async () => {
    const c = await makeCompetition(db(), { title: 'Истёкшее предложение', maxParticipants: 1 });
    const [late, next] = [await known('Ася'), await known('Боря')];
    const userId = async (telegramId: number) => (await db().manager.findOneByOrFail(User, { telegramId })).id;
    const [lateId, nextId] = [await userId(late.id), await userId(next.id)];
    const base = { competitionId: c.id, role: 'participant' as const, consentGiven: true };
    // Offered while the service was down, and the time to answer ran out meanwhile.
    const offered = await db().write(
      async (m) =>
        (
          await m.insert(Registration, {
            ...base,
            userId: lateId,
            status: 'offered',
            offerExpiresAt: new Date(Date.now() - 60_000),
            createdAt: new Date(Date.now() - 2 * H),
          })
        ).identifiers[0].id as number,
    );
    const waiting = await db().write(
      async (m) => (await m.insert(Registration, { ...base, userId: nextId, status: 'waitlisted', createdAt: new Date(Date.now() - H) })).identifiers[0].id as number,
    );

    svc.h = await svc.h.restart();
    const statusOf = async (id: number) => (await db().manager.findOneByOrFail(Registration, { id })).status;
    await eventually(async () => (await statusOf(offered)) === 'cancelled' && (await statusOf(waiting)) === 'offered', { what: 'the expiry run at boot' });
    await waitForMessage(svc.h, next, 'Истёкшее предложение');
  });
});
