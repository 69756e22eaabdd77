import { describe, expect, it } from 'vitest';
import { pack } from '../../bot/callback-data.js';
import { Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { translate } from '../../i18n/index.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// The event's life in the chat: a yes/no step answered by typing, and a form left through an old menu.
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

const registrations = (competitionId: number) => db().manager.findBy(Registration, { competitionId });

/** A person with a complete profile at the consent summary of a new competition of their own. */
async function atConsent(title: string, name: string, lang: 'ru' | 'en' = 'ru') {
  const competition = await makeCompetition(db(), { title });
  const user = await known(name, lang);
  await user.send(`/start c_${competition.id}`);
  await user.press(translate(lang, 'competition.register_participant'));
  return { competition, user };
}

describe(`typed answers to the consent summary (${TEST_DB})`, () => {
  it('"Да" (any case) registers; the summary loses its buttons', async () => {
    const { competition, user: vera } = await atConsent('Кубок слова да', 'Вера');
    await vera.send('ДА');
    expect(vera.lastReply()?.text).toContain('Вы зарегистрированы на «Кубок слова да»');
    expect((await registrations(competition.id)).map((r) => r.status)).toEqual(['approved']);
    expect(vera.liveKeyboards().filter((m) => m.buttons.flat().includes('✅ Даю согласие'))).toEqual([]);
  });

  it('"согласна" and an English "Yes!" register too', async () => {
    for (const [word, lang] of [
      ['согласна', 'ru'],
      ['Yes!', 'en'],
    ] as const) {
      const { competition, user: someone } = await atConsent(`Кубок ${word}`, 'Галя', lang);
      await someone.send(word);
      expect(
        (await registrations(competition.id)).map((r) => r.status),
        word,
      ).toEqual(['approved']);
    }
  });

  it('"нет" declines like the button: nothing is registered', async () => {
    const { competition, user: oleg } = await atConsent('Кубок слова нет', 'Олег');
    await oleg.send('нет');
    expect(oleg.lastReply()?.text).toBe(translate('ru', 'reg.no_consent'));
    expect(await registrations(competition.id)).toEqual([]);
  });

  it('anything else asks again: the summary with its buttons at the bottom, the one above without them', async () => {
    const { competition, user: dina } = await atConsent('Кубок может быть', 'Дина');
    const summary = dina.lastReply()!;
    await dina.send('может быть');
    await dina.send('хм');
    const last = dina.lastReply()!;
    expect(last.text).toBe(`${translate('ru', 'form.answer_yes_no')}\n\n${summary.text}`);
    expect(last.buttons).toEqual(summary.buttons);
    expect(
      dina
        .replies()
        .map((r) => r.text)
        .join('\n'),
    ).not.toContain(translate('ru', 'fallback.in_form'));
    // Only the newest summary keeps its buttons.
    expect(dina.liveKeyboards().filter((m) => m.buttons.flat().includes('✅ Даю согласие'))).toHaveLength(1);
    await dina.press('✅ Даю согласие');
    expect((await registrations(competition.id)).map((r) => r.status)).toEqual(['approved']);
  });
});

describe(`a form left through an old menu (${TEST_DB})`, () => {
  it('at the phone step, another competition from an old menu: "you left the form", the contact button goes', async () => {
    const first = await makeCompetition(db(), { title: 'Кубок брошенной формы' });
    const other = await makeCompetition(db(), { title: 'Кубок другой' });
    const boris = person({ first_name: 'Борис', last_name: 'Петров' });
    await boris.send('/start');
    const menu = boris.screen().messages.at(-1)!;
    await boris.send(`/start c_${first.id}`);
    await boris.press('✍️ Участвовать');
    await boris.press('Борис Петров');
    expect(boris.screen().replyKeyboard).toEqual([['📱 Поделиться номером'], ['✖️ Отмена']]);
    // Up in the chat, the first menu's message, turned into another competition's details.
    await boris.pressData(pack('competition', other.id), menu.messageId);
    expect(boris.replies().map((r) => r.text)).toContain(translate('ru', 'form.left'));
    expect(boris.screen().replyKeyboard).toBeNull();
    expect(boris.screen().messages.find((m) => m.messageId === menu.messageId)?.text).toContain('Кубок другой');
    // The form is closed: a typed number is not taken as its answer.
    await boris.send('+7 912 345-67-89');
    expect(boris.lastReply()?.text).toContain(translate('ru', 'fallback.unknown'));
    expect(await registrations(first.id)).toEqual([]);
  });

  it('Register on another competition in the middle of a form says the first one was left', async () => {
    const first = await makeCompetition(db(), { title: 'Кубок первый' });
    const second = await makeCompetition(db(), { title: 'Кубок второй' });
    const gleb = person({ first_name: 'Глеб', last_name: 'Орлов' });
    await gleb.send(`/start c_${second.id}`);
    await gleb.send(`/start c_${first.id}`);
    await gleb.press('✍️ Участвовать');
    await gleb.press('Глеб Орлов');
    expect(gleb.screen().replyKeyboard).not.toBeNull();
    const before = gleb.replies().length;
    // The Register of the older details screen (the second competition).
    const secondDetails = gleb.screen().messages.find((m) => m.text.includes('Кубок второй'))!;
    await gleb.pressData(pack('register', second.id, 'participant'), secondDetails.messageId);
    expect(
      gleb
        .replies()
        .slice(before)
        .map((r) => r.text),
    ).toContain(translate('ru', 'form.left'));
  });
});
