import { describe, expect, it } from 'vitest';
import { Registration, User } from '../../entities/index.js';
import { makeCompetition, makeSlot } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

const svc = useBotService({ TZ_DISPLAY: 'Europe/Moscow' });

const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);
const knownUser = (name: string) => known(name, 'en');

describe('a participant, in Russian', () => {
  it('keeps nothing typed in a form whose consent was declined', async () => {
    const competition = await makeCompetition(db(), { title: 'Осенний кубок' });
    const boris = person();
    await boris.send(`/start c_${competition.id}`);
    await boris.press('✍️ Участвовать');
    await boris.send('Борис Петров');
    await boris.sendContact('+7 900 111-22-33');
    expect(boris.lastReply()?.text).toContain('Имя: Борис Петров');
    await boris.press('✖️ Не даю');
    expect(boris.lastReply()?.text).toContain('введённые данные не сохранены');
    const profile = await db().manager.findOneByOrFail(User, { telegramId: boris.id });
    expect([profile.fullName, profile.phone]).toEqual([null, null]);
    expect(await db().manager.countBy(Registration, { competitionId: competition.id })).toBe(0);
  });

  it('goes from /start to a confirmed registration, sees it and cancels it', async () => {
    const competition = await makeCompetition(db(), {
      title: 'Кубок весны',
      location: 'Дворец спорта',
      maxParticipants: 10,
      startsAt: new Date(Date.UTC(2030, 2, 1, 9, 0)),
    });
    const anna = person();
    await anna.send('/start');
    expect(anna.lastReply()?.text).toContain('Здравствуйте, Анна');
    await anna.press('🏆 Соревнования');
    expect(anna.lastReply()?.text).toContain('Предстоящие соревнования');
    await anna.press(/^Кубок весны/);
    const details = anna.lastReply()!;
    expect(details.text).toContain('Дворец спорта');
    expect(details.text).toContain('01.03.2030, 12:00'); // 09:00 UTC in Moscow
    expect(details.text).toContain('Свободных мест: 10 из 10');
    await anna.press('✍️ Участвовать');
    expect(anna.lastReply()?.text).toContain('Как вас зовут');
    await anna.send('Я');
    expect(anna.lastReply()?.text).toContain('Введите имя и фамилию');
    await anna.send('Анна Иванова');
    expect(anna.lastReply()?.text).toContain('Поделитесь номером');
    expect(anna.lastReply()?.keyboard).toEqual([['📱 Поделиться номером'], ['✖️ Отмена']]);
    await anna.send('12');
    expect(anna.lastReply()?.text).toContain('Не похоже на номер телефона');
    await anna.sendContact('+7 912 345-67-89', false);
    expect(anna.lastReply()?.text).toContain('только свой контакт');
    await anna.sendContact('+7 912 345-67-89');
    const consent = anna.lastReply()!;
    expect(consent.text).toContain('Имя: Анна Иванова');
    expect(consent.text).toContain('Телефон: +7 912 345 67 89'); // stored as E.164, shown formatted
    await anna.press('✅ Даю согласие');
    expect(anna.lastReply()?.text).toContain('Вы зарегистрированы на «Кубок весны»');

    const registration = await db().manager.findOneByOrFail(Registration, { competitionId: competition.id });
    expect([registration.status, registration.consentGiven]).toEqual(['approved', true]);
    const profile = await db().manager.findOneByOrFail(User, { telegramId: anna.id });
    expect([profile.fullName, profile.phone]).toEqual(['Анна Иванова', '+79123456789']);

    await anna.press('📋 Мои регистрации');
    expect(anna.lastReply()?.text).toContain('Кубок весны — участие: подтверждена');
    await anna.press('Кубок весны');
    await anna.press('✖️ Отменить регистрацию');
    expect(anna.lastReply()?.text).toContain('Точно отменить');
    await anna.press('Да, отменить');
    expect(anna.lastReply()?.text).toContain('Регистрация на «Кубок весны» отменена');
    expect((await db().manager.findOneByOrFail(Registration, { id: registration.id })).status).toBe('cancelled');
  });
});

describe('a voter, in English', () => {
  it('registers with a known profile, picks slots with their fill, and changes them later', async () => {
    const competition = await makeCompetition(db(), { title: 'Spring Cup' });
    await makeSlot(db(), competition.id, 2, 7); // 07:00 UTC = 10:00 Moscow
    await makeSlot(db(), competition.id, 10, 9);
    const bob = await knownUser('Bob');
    await bob.send(`/start c_${competition.id}`);
    expect(bob.lastReply()?.text).toContain('Spring Cup');
    await bob.press('🗳 Vote');
    expect(bob.lastReply()?.text).toContain('Name: Bob Smith');
    await bob.press('✅ I consent');
    expect(bob.lastReply()?.text).toContain('Choose your voting time');
    expect(bob.lastReply()?.buttons.slice(0, 2)).toEqual([['▫️ 15/01 10:00–11:00 · 0/2'], ['▫️ 15/01 12:00–13:00 · 0/10']]);
    await bob.press(/10:00–11:00/);
    await bob.press(/12:00–13:00/);
    expect(bob.lastReply()?.buttons.slice(0, 2)).toEqual([['✅ 15/01 10:00–11:00 · 1/2'], ['✅ 15/01 12:00–13:00 · 1/10']]);
    await bob.press(/12:00–13:00/);
    await bob.press('✔️ Done');
    expect(bob.lastReply()?.text).toContain('Your voting time for “Spring Cup”: 15/01 10:00–11:00.');

    // Another voter fills the early slot; it shows as full to Bob's neighbour.
    const carol = await knownUser('Carol');
    await carol.send(`/start c_${competition.id}`);
    await carol.press('🗳 Vote');
    await carol.press('✅ I consent');
    await carol.press(/10:00–11:00/);
    const dave = await knownUser('Dave');
    await dave.send(`/start c_${competition.id}`);
    await dave.press('🗳 Vote');
    await dave.press('✅ I consent');
    expect(dave.lastReply()?.buttons[0]).toEqual(['⛔ 15/01 10:00–11:00 · 2/2']);
    await dave.press(/10:00–11:00/);
    expect(dave.callbackAnswers()).toContain('This time is full. Please choose another one.');
    expect(dave.lastReply()?.buttons[0]).toEqual(['⛔ 15/01 10:00–11:00 · 2/2']);

    await bob.press('📋 My registrations');
    await bob.press('Spring Cup');
    expect(bob.lastReply()?.text).toContain('Voting time: 15/01 10:00–11:00');
    await bob.press('🕒 Choose time');
    await bob.press(/10:00–11:00/);
    expect(bob.lastReply()?.buttons[0]).toEqual(['▫️ 15/01 10:00–11:00 · 1/2']);
  });
});
