import { describe, expect, it } from 'vitest';
import { Registration, User } from '../../entities/index.js';
import { adminActor, approveRegistration, deleteUserData, rejectRegistration } from '../../domain/index.js';
import { makeAdmin, makeCompetition } from '../domain/fixtures.js';
import { translate } from '../../i18n/index.js';
import { BOT_INFO } from '../../devkit/fake-bot-api.js';
import { deliverOutbox, people, waitForMessage, useBotService } from './helpers.js';

const svc = useBotService();

const db = () => svc.h.service.db;
const { known } = people(() => svc.h);

describe('full competition, waiting list, a freed place offered', () => {
  it('in Russian: offered the waiting list with a position; after a cancel the first in line is offered the place and takes it with one tap', async () => {
    const c = await makeCompetition(db(), { title: 'Малый зал', maxParticipants: 1 });
    const first = await known('Ира');
    await first.send(`/start c_${c.id}`);
    await first.press('✍️ Участвовать');
    await first.press('✅ Даю согласие');
    expect(first.lastReply()?.text).toContain('Вы зарегистрированы');

    const second = await known('Олег');
    await second.send(`/start c_${c.id}`);
    expect(second.lastReply()?.text).toContain('Единственное место занято');
    await second.press('✍️ Участвовать');
    await second.press('✅ Даю согласие');
    expect(second.lastReply()?.text).toContain('Все места на «Малый зал» уже заняты. Встать в список ожидания?');
    await second.press('⏳ Встать в очередь');
    expect(second.lastReply()?.text).toContain('номер в очереди: 1');

    const third = await known('Петя');
    await third.send(`/start c_${c.id}`);
    await third.press('✍️ Участвовать');
    await third.press('✅ Даю согласие');
    await third.press('⏳ Встать в очередь');
    expect(third.lastReply()?.text).toContain('номер в очереди: 2');
    await third.press('📋 Мои регистрации');
    expect(third.lastReply()?.text).toContain('Малый зал — участие: в списке ожидания (номер в очереди: 2)');

    await first.press('📋 Мои регистрации');
    await first.press('Малый зал');
    await first.press('✖️ Отменить регистрацию');
    await first.press('Да, отменить');
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, second, 'Освободилось место');
    expect(second.lastReply()?.text).toMatch(/^Освободилось место на «Малый зал» — берёте\? Ответьте до \d\d\.\d\d\.\d{4}, \d\d:\d\d/);
    const offered = await db().manager.find(Registration, { where: { competitionId: c.id }, order: { id: 'ASC' } });
    expect(offered.map((r) => r.status)).toEqual(['cancelled', 'offered', 'waitlisted']);
    await second.press('✅ Беру');
    expect(second.lastReply()?.text).toBe('Место ваше: регистрация на «Малый зал» подтверждена.');
    expect(second.lastReply()?.buttons.flat()).toContain('🎫 Билет');
    const statuses = await db().manager.find(Registration, { where: { competitionId: c.id }, order: { id: 'ASC' } });
    expect(statuses.map((r) => r.status)).toEqual(['cancelled', 'approved', 'waitlisted']);
    // The button again (a double tap, an old message): the offer is answered.
    await second.pressData(`of:${offered[1].id}:take`);
    expect(second.lastReply()?.text).toContain('Это предложение уже неактуально');
  });

  it('in English: declining the waiting list registers nothing; a rejection offers the place to the next one, who declines it', async () => {
    const c = await makeCompetition(db(), { title: 'Small hall', maxParticipants: 1, requiresApproval: true });
    const first = await known('Ann', 'en');
    await first.send(`/start c_${c.id}`);
    await first.press('✍️ Take part');
    await first.press('✅ I consent');
    expect(first.lastReply()?.text).toContain('is waiting for the organizers’ approval');
    const second = await known('Ben', 'en');
    await second.send(`/start c_${c.id}`);
    await second.press('✍️ Take part');
    await second.press('✅ I consent');
    await second.press('No, thanks');
    expect(second.lastReply()?.text).toContain('I have not signed you up');
    expect(await db().manager.countBy(Registration, { competitionId: c.id })).toBe(1);
    await second.send(`/start c_${c.id}`);
    await second.press('✍️ Take part');
    await second.press('✅ I consent');
    await second.press('⏳ Join the queue');
    expect(second.lastReply()?.text).toContain('number 1 in the queue');

    const firstRegistration = await db().manager.findOneByOrFail(Registration, { competitionId: c.id, status: 'pending' });
    await rejectRegistration(db(), adminActor((await makeAdmin(db())).id), firstRegistration.id);
    await deliverOutbox(svc.h);
    await waitForMessage(svc.h, first, 'was rejected');
    await waitForMessage(svc.h, second, 'A place has freed up');
    expect(second.lastReply()?.text).toContain('will you take it?');
    await second.press('✖️ No, thanks');
    expect(second.lastReply()?.text).toBe(translate('en', 'offer.declined', { competition: 'Small hall' }));
    expect((await db().manager.findBy(Registration, { competitionId: c.id })).map((r) => r.status).sort()).toEqual(['cancelled', 'rejected']);
    // Rejected: cannot register again.
    await first.send(`/start c_${c.id}`);
    await first.press('✍️ Take part');
    expect(first.lastReply()?.text).toContain('was rejected; you cannot register again');
  });
});

describe('rules the form respects', () => {
  it('no consent, no registration; twice is refused; after a cancel re-registering works', async () => {
    const c = await makeCompetition(db(), { title: 'Открытый турнир' });
    const user = await known('Вера');
    await user.send(`/start c_${c.id}`);
    await user.press('✍️ Участвовать');
    await user.press('✖️ Не даю');
    expect(user.lastReply()?.text).toContain('Без согласия зарегистрировать вас нельзя');
    expect(await db().manager.countBy(Registration, { competitionId: c.id })).toBe(0);
    // The consent buttons of the finished form are stale now.
    await user.press('✅ Даю согласие');
    expect(user.callbackAnswers().at(-1)).toBe('Уже сделано ✓'); // the answer to this press: a toast, no second message
    expect(await db().manager.countBy(Registration, { competitionId: c.id })).toBe(0);

    await user.send(`/start c_${c.id}`);
    await user.press('✍️ Участвовать');
    await user.press('✅ Даю согласие');
    await user.send(`/start c_${c.id}`);
    await user.press('🗳 Голосовать');
    expect(user.lastReply()?.text).toContain('Вы уже зарегистрированы на «Открытый турнир»');

    await user.press('📋 Мои регистрации');
    await user.press('Открытый турнир');
    await user.press('✖️ Отменить регистрацию');
    await user.press('Да, отменить');
    await user.press('📋 Мои регистрации');
    await user.press('Открытый турнир');
    await user.press('↩️ Записаться снова');
    await user.press('✅ Даю согласие');
    expect(user.lastReply()?.text).toContain('Вы зарегистрированы на «Открытый турнир»');
    const rows = await db().manager.findBy(Registration, { competitionId: c.id });
    expect(rows.map((r) => r.status)).toEqual(['approved']);
  });

  it('a closed competition, or one past its closing time, takes no registration', async () => {
    const closed = await makeCompetition(db(), { title: 'Закрытый', registrationOpen: false });
    const late = await makeCompetition(db(), { title: 'Поздно', registrationClosesAt: new Date(Date.now() - 1000) });
    const user = await known('Гена');
    await user.send(`/start c_${closed.id}`);
    expect(user.lastReply()?.text).toContain('Регистрация закрыта');
    expect(user.lastReply()?.buttons.flat()).not.toContain('✍️ Участвовать');
    // A Register button from before it closed.
    await user.pressData(`rg:${late.id}:participant`);
    expect(user.lastReply()?.text).toContain('Регистрация на «Поздно» закрыта');
    expect(await db().manager.countBy(Registration, { competitionId: late.id })).toBe(0);
  });

  it('a user who blocked the bot is marked, and cleared when they write again', async () => {
    const c = await makeCompetition(db(), { title: 'Кубок', requiresApproval: true });
    const user = await known('Дима');
    await user.send(`/start c_${c.id}`);
    await user.press('✍️ Участвовать');
    await user.press('✅ Даю согласие');
    const registration = await db().manager.findOneByOrFail(Registration, { competitionId: c.id });
    svc.h.api.failNext('sendMessage', { status: 403, chatId: user.id });
    const admin = adminActor((await makeAdmin(db())).id);
    await approveRegistration(db(), admin, registration.id);
    await deliverOutbox(svc.h);
    await svc.h.api.waitFor(() => svc.h.api.callsOf('sendMessage').some((c) => Number(c.params.chat_id) === user.id && c.params.text.includes('подтверждена')));
    await expect.poll(async () => (await db().manager.findOneByOrFail(User, { telegramId: user.id })).isBlocked).toBe(true);
    await user.send('/start');
    expect((await db().manager.findOneByOrFail(User, { telegramId: user.id })).isBlocked).toBe(false);
  });

  it('Telegram telling us the user blocked the bot marks them; unblocking clears it', async () => {
    const user = await known('Женя');
    const memberUpdate = (status: 'kicked' | 'member') => ({
      my_chat_member: {
        chat: { id: user.id, type: 'private', first_name: 'Женя' },
        from: { id: user.id, is_bot: false, first_name: 'Женя', language_code: 'ru' },
        date: 1,
        old_chat_member: { user: BOT_INFO, status: status === 'kicked' ? 'member' : 'kicked' },
        new_chat_member: { user: BOT_INFO, status },
      },
    });
    const blocked = async () => (await db().manager.findOneByOrFail(User, { telegramId: user.id })).isBlocked;
    expect(await user.post(memberUpdate('kicked'))).toBe(200);
    expect(await blocked()).toBe(true);
    await user.post(memberUpdate('member'));
    expect(await blocked()).toBe(false);

    // After "delete my data", blocking the bot brings back no row, no username and no names.
    const row = await db().manager.findOneByOrFail(User, { telegramId: user.id });
    await deleteUserData(db(), row.id);
    expect(await user.post(memberUpdate('kicked'))).toBe(200);
    expect(await user.post(memberUpdate('member'))).toBe(200);
    expect(await db().manager.countBy(User, { telegramId: user.id })).toBe(0);
    expect(await db().manager.countBy(User, { firstName: 'Женя' })).toBe(0);
  });
});
