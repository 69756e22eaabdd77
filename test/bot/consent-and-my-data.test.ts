import { SYSTEM } from '../../domain/actor.js';
import { describe, expect, it } from 'vitest';
import { Consent, Registration, User } from '../../entities/index.js';
import { publishConsentDocument, telegramIdHash } from '../../domain/consents.js';
import { cancelRegistration } from '../../domain/registrations.js';
import { userActor } from '../../domain/actor.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

const svc = useBotService({ PUBLIC_URL: 'https://bot.example.org' });
const db = () => svc.h.service.db;
const { known } = people(() => svc.h);

describe('consent as a document, and "📄 Мои данные"', () => {
  it('the consent step links to the document and says what the buttons do; each consent is a record of the version then current', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок согласия' });
    const anna = await known('Анна');
    await anna.send(`/start c_${competition.id}`);
    await anna.press('✍️ Участвовать');
    const step = anna.lastReply()!.text;
    expect(step).toContain('версия 1: https://bot.example.org/privacy?lang=ru');
    expect(step).toContain('«✅ Даю согласие» — зарегистрироваться на этих условиях; «✖️ Не даю» — выйти без регистрации');
    await anna.press('✅ Даю согласие');
    const user = await db().manager.findOneByOrFail(User, { telegramId: anna.id });
    expect(await db().manager.findBy(Consent, { userId: user.id })).toMatchObject([{ competitionId: competition.id, documentVersion: 1, via: 'bot', withdrawnAt: null }]);

    // The text changes; after cancelling, registering again consents to version 2.
    const version = await publishConsentDocument(db(), SYSTEM, { ru: 'Согласие (новая редакция)\n\nОператор: {operator}.' });
    const registration = await db().manager.findOneByOrFail(Registration, { userId: user.id, competitionId: competition.id });
    await cancelRegistration(db(), userActor(user.id), registration.id);
    await anna.send(`/start c_${competition.id}`);
    await anna.press('✍️ Участвовать');
    expect(anna.lastReply()!.text).toContain(`версия ${version}: https://bot.example.org/privacy?lang=ru`);
    await anna.press('✅ Даю согласие');
    const versions = (await db().manager.find(Consent, { where: { userId: user.id }, order: { id: 'ASC' } })).map((c) => c.documentVersion);
    expect(versions).toEqual([1, version]);
  });

  it('"📄 Мои данные" lists the profile, the registrations and the consents, sends the same as a file, and withdrawing is one step from it', async () => {
    // Spring keeps its data 10 days after its end (its own period), autumn the default RETENTION_DAYS.
    const [spring, autumn] = [
      await makeCompetition(db(), { title: 'Весенний кубок', startsAt: new Date('2030-03-20T08:00:00Z'), endsAt: new Date('2030-03-20T15:00:00Z'), retentionDays: 10 }),
      await makeCompetition(db(), { title: 'Осенний кубок', startsAt: new Date('2030-10-01T08:00:00Z'), endsAt: new Date('2030-10-01T15:00:00Z') }),
    ];
    const boris = await known('Борис');
    for (const competition of [spring, autumn]) {
      await boris.send(`/start c_${competition.id}`);
      await boris.press('✍️ Участвовать');
      await boris.press('✅ Даю согласие');
    }
    const user = await db().manager.findOneByOrFail(User, { telegramId: boris.id });
    await boris.send('/menu');
    await boris.press('👤 Профиль');
    await boris.press('📄 Мои данные');
    const screen = boris.lastReply()!;
    expect(screen.text).toContain('Имя: Борис Smith');
    expect(screen.text).toContain(`Telegram: id ${boris.id}`);
    expect(screen.text).toContain('2 регистрации');
    expect(screen.text).toContain('• «Весенний кубок» — участие, подтверждена');
    expect(screen.text).toContain('• «Осенний кубок» — участие, подтверждена');
    expect(screen.text).toContain('2 записи о согласии');
    expect(screen.text).toMatch(/• Весенний кубок: версия \d+, дано \d\d\.\d\d\.\d{4}/);
    // When each competition's personal data goes: its end plus its period (domain/calendar.ts purgeDate).
    expect(screen.text).toContain('🗓 Удаление данных:');
    expect(screen.text).toContain('• «Весенний кубок»: 30.03.2030');
    expect(screen.text).toContain('• «Осенний кубок»: 31.10.2030');
    expect(screen.buttons.flat()).toEqual(['📎 Получить файлом', '🗑 Отозвать согласие и удалить данные', '👤 Профиль']);

    await boris.press('📎 Получить файлом');
    const sent = svc.h.api.callsOf('sendDocument').filter((c) => Number(c.params.chat_id) === boris.id);
    expect(sent).toHaveLength(1);
    const file = JSON.parse(Buffer.from(sent[0].params.document as Buffer).toString('utf8'));
    expect(file.profile).toMatchObject({ telegramId: boris.id, fullName: 'Борис Smith', phone: user.phone });
    expect(file.registrations.map((r: { competition: string; status: string }) => [r.competition, r.status])).toEqual([
      ['Весенний кубок', 'approved'],
      ['Осенний кубок', 'approved'],
    ]);
    expect(file.consents).toHaveLength(2);

    await boris.press('🗑 Отозвать согласие и удалить данные');
    expect(boris.lastReply()!.text).toContain('останутся без персональных данных');
    await boris.press('Да, удалить всё');
    expect(boris.lastReply()!.text).toContain('Ваши данные удалены');
    const hash = telegramIdHash(svc.h.config.consentHashKey, boris.id);
    const records = await db().manager.findBy(Consent, { telegramIdHash: hash });
    expect(records.map((r) => [r.userId, r.withdrawnAt !== null])).toEqual([
      [null, true],
      [null, true],
    ]);
  });
});
