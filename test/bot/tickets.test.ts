import { describe, expect, it } from 'vitest';
import { Registration, TicketMessage, User } from '../../entities/index.js';
import { adminActor } from '../../domain/index.js';
import { rejectRegistration } from '../../domain/registrations.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestUser } from '../../devkit/conversation.js';
import { translate } from '../../i18n/index.js';
import { makeAdmin, makeCompetition } from '../domain/fixtures.js';
import { deliverOutbox, people, useBotService } from './helpers.js';

// The event's life in the chat: a ticket is one photo, and a cancelled or rejected registration's ticket says it
// is no longer valid — on the photo the person keeps, and on the old 🎫 button.
const svc = useBotService();
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);

/** A person registered (approved at once) for a new competition, with the 🎫 button of the answer on screen. */
async function ticketHolder(title: string, name: string): Promise<{ user: TestUser; registration: Registration }> {
  const competition = await makeCompetition(db(), { title });
  const user = await known(name);
  await user.send(`/start c_${competition.id}`);
  await user.press('✍️ Участвовать');
  await user.press('✅ Даю согласие');
  expect(user.lastReply()?.buttons.flat()).toContain('🎫 Билет');
  const row = await db().manager.findOneByOrFail(User, { telegramId: user.id });
  return { user, registration: await db().manager.findOneByOrFail(Registration, { userId: row.id, competitionId: competition.id }) };
}

const photosTo = (user: TestUser) => svc.h.api.callsOf('sendPhoto').filter((c) => Number(c.params.chat_id) === user.id);

describe(`tickets (${TEST_DB})`, () => {
  it('a double tap on 🎫 sends one photo; the second tap gets a toast', async () => {
    const { user, registration } = await ticketHolder('Кубок билета', 'Анна');
    await user.tap('🎫 Билет');
    expect(photosTo(user)).toHaveLength(1);
    expect(user.callbackAnswers()).toContain(translate('ru', 'ticket.already_sent'));
    expect(await db().manager.countBy(TicketMessage, { registrationId: registration.id })).toBe(1);
  });

  it('cancelled: the photo’s caption says the ticket is not valid, and the old 🎫 says so instead of "once approved"', async () => {
    const { user } = await ticketHolder('Кубок отмены билета', 'Борис');
    await user.press('🎫 Билет');
    const photo = { ...user.screen().messages.at(-1)! }; // a copy: the chat's own entry changes with the edit
    expect(photo.text).toContain('Покажите этот QR-код на входе.');
    await user.press('📋 Мои регистрации');
    await user.press('Кубок отмены билета');
    await user.press('✖️ Отменить регистрацию');
    await user.press('Да, отменить');
    await deliverOutbox(svc.h);
    await svc.h.api.waitFor(() => user.screen().messages.find((m) => m.messageId === photo.messageId)?.text !== photo.text);
    expect(user.screen().messages.find((m) => m.messageId === photo.messageId)?.text).toBe('🚫 Билет недействителен: регистрация на «Кубок отмены билета» отменена.');
    await user.press('🎫 Билет');
    expect(user.lastReply()?.text).toBe('Регистрация отменена — билет недействителен.');
    expect(user.replies().map((r) => r.text)).not.toContain(translate('ru', 'ticket.not_approved'));
  });

  it('rejected by an organizer: the caption says so; the old 🎫 answers that there is no ticket', async () => {
    const { user, registration } = await ticketHolder('Кубок отказа', 'Вера');
    await user.press('🎫 Билет');
    const photo = { ...user.screen().messages.at(-1)! }; // a copy: the chat's own entry changes with the edit
    await rejectRegistration(db(), adminActor((await makeAdmin(db())).id), registration.id, 'нет мест');
    await deliverOutbox(svc.h);
    await svc.h.api.waitFor(() => user.screen().messages.find((m) => m.messageId === photo.messageId)?.text !== photo.text);
    expect(user.screen().messages.find((m) => m.messageId === photo.messageId)?.text).toBe('🚫 Билет недействителен: заявка на «Кубок отказа» отклонена.');
    await user.press('🎫 Билет');
    expect(user.lastReply()?.text).toBe(translate('ru', 'ticket.rejected'));
    expect(await db().manager.countBy(TicketMessage, { registrationId: registration.id })).toBe(0);
  });
});
