import { describe, expect, it } from 'vitest';
import { Registration, VoterTimeSlot } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { makeCompetition, makeSlot } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue 15 §1–2: two updates of one chat at the same moment run one after the other, and a button whose action
// already happened answers the second press with a toast, never a second message.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

/** The bot's messages to this user since `from` (sends and edits), as texts. */
function messagesSince(user: ReturnType<typeof person>, from: number): string[] {
  return user
    .replies()
    .slice(from)
    .map((r) => r.text);
}

describe(`double taps on ${TEST_DB}`, () => {
  it('"Register" twice: one name prompt', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок двойного нажатия' });
    const anna = person();
    await anna.send(`/start c_${competition.id}`);
    const before = anna.replies().length;
    expect(await anna.tap('✍️ Участвовать')).toEqual([200, 200]);
    expect(messagesSince(anna, before).filter((t) => t.includes('Как вас зовут'))).toHaveLength(1);
    expect(anna.replies().length - before).toBe(1);
    expect(anna.callbackAnswers()).toContain('Форма уже открыта — ответьте на вопрос выше.');
  });

  it('"consent" twice: one "Готово", no "уже зарегистрированы"', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок согласия' });
    const boris = await known('Борис');
    await boris.send(`/start c_${competition.id}`);
    await boris.press('✍️ Участвовать');
    const before = boris.replies().length;
    await boris.tap('✅ Даю согласие');
    const texts = messagesSince(boris, before);
    expect(texts.filter((t) => t.includes('Готово'))).toHaveLength(1);
    expect(texts.join('\n')).not.toContain('уже зарегистрированы');
    expect(texts).toHaveLength(1);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
  });

  it('"join the waiting list" twice: one answer, one waitlisted row', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок очереди', maxParticipants: 1 });
    const first = await known('Вера');
    await first.send(`/start c_${competition.id}`);
    await first.press('✍️ Участвовать');
    await first.press('✅ Даю согласие');
    const gleb = await known('Глеб');
    await gleb.send(`/start c_${competition.id}`);
    await gleb.press('✍️ Участвовать');
    await gleb.press('✅ Даю согласие');
    const before = gleb.replies().length;
    await gleb.tap('⏳ Встать в очередь');
    expect(messagesSince(gleb, before)).toHaveLength(1);
    expect(messagesSince(gleb, before)[0]).toContain('списке ожидания');
    expect(await db().manager.countBy(Registration, { competitionId: competition.id, status: 'waitlisted' })).toBe(1);
  });

  it('"cancel" twice: one "отменена", no "уже отменена"', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок отмены' });
    const dina = await known('Дина');
    await dina.send(`/start c_${competition.id}`);
    await dina.press('✍️ Участвовать');
    await dina.press('✅ Даю согласие');
    await dina.press('📋 Мои регистрации');
    await dina.press('Кубок отмены');
    await dina.press('✖️ Отменить регистрацию');
    const before = dina.replies().length;
    await dina.tap('Да, отменить');
    const texts = messagesSince(dina, before);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('отменена');
    expect(texts.join('\n')).not.toContain('уже отменена');
    expect(dina.callbackAnswers()).toContain('Эта регистрация уже отменена.');
  });

  it('a slot pressed twice quickly stays ticked, as the user saw it last', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок слотов' });
    const slot = await makeSlot(db(), competition.id, 2, 7);
    const egor = await known('Егор');
    await egor.send(`/start c_${competition.id}`);
    await egor.press('🗳 Голосовать');
    await egor.press('✅ Даю согласие');
    await egor.tap(/^▫️/);
    expect(await db().manager.countBy(VoterTimeSlot, { timeSlotId: slot.id })).toBe(1);
    expect(
      egor
        .lastReply()
        ?.buttons.flat()
        .some((b) => b.startsWith('✅')),
    ).toBe(true);
  });

  it('the same update delivered twice at once is processed once; both answered after it is done', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок копий' });
    const fedor = await known('Фёдор');
    await fedor.send(`/start c_${competition.id}`);
    await fedor.press('✍️ Участвовать');
    const consent = fedor.lastReply()!.call;
    const data = (consent.params.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0][0].callback_data;
    const update = {
      update_id: 900_000_000 + fedor.id,
      callback_query: {
        id: 'dup',
        from: { id: fedor.id, is_bot: false, first_name: 'Фёдор' },
        chat_instance: 'ci',
        data,
        message: { message_id: Number(consent.result?.message_id ?? 1), date: 1, chat: { id: fedor.id, type: 'private' }, text: '…' },
      },
    };
    const before = fedor.replies().length;
    const answers = await Promise.all([svc.h.postUpdate(update), svc.h.postUpdate(update)]);
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(bodies.filter((b) => b.duplicate)).toHaveLength(1);
    // Whichever answer came back, the registration was already there: the copy waited for the original.
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(1);
    expect(messagesSince(fedor, before)).toHaveLength(1);
  });
});
