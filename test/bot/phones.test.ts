import { describe, expect, it } from 'vitest';
import { User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { normalizePhone } from '../../domain/profile.js';
import { makeCompetition } from '../domain/fixtures.js';
import { people, useBotService } from './helpers.js';

// issue 11: phone numbers as Russians type them, parsed with libphonenumber (PHONE_REGION, default RU).
const svc = useBotService();
const db = () => svc.h.service.db;
const { person, known } = people(() => svc.h);

describe('reading phone numbers', () => {
  it.each([
    ['89161234567', '+79161234567'],
    ['8 (912) 333-00-00', '+79123330000'],
    ['912 345 67 89', '+79123456789'],
    ['+7 900 123-45-67', '+79001234567'],
    ['79161234567', '+79161234567'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('%s → %s', (typed, stored) => {
    expect(normalizePhone(typed, 'RU')).toBe(stored);
  });

  it.each(['12', '+7 000 000-00-00', '8 800', 'телефон'])('refuses %s', (typed) => {
    expect(normalizePhone(typed, 'RU')).toBeNull();
  });

  it('takes the region for numbers without a country code from PHONE_REGION', () => {
    expect(normalizePhone('030 901820', 'DE')).toBe('+4930901820');
  });
});

describe(`phone numbers in the conversation (${TEST_DB})`, () => {
  it('a typed 8-number is stored as E.164 and shown formatted', async () => {
    const user = await known('Олег');
    await user.press('👤 Профиль');
    await user.press('✏️ Телефон');
    await user.send('8 (912) 333-00-00');
    expect((await db().manager.findOneByOrFail(User, { telegramId: user.id })).phone).toBe('+79123330000');
    await user.press('👤 Профиль');
    expect(user.lastReply()?.text).toContain('Телефон: +7 912 333 00 00');
  });

  it('an impossible number gets a helpful example; a shared contact is normalized the same way', async () => {
    const competition = await makeCompetition(db(), { title: 'Кубок телефонов' });
    const user = person();
    await user.send(`/start c_${competition.id}`);
    await user.press('✍️ Участвовать');
    await user.send('Пётр Сидоров');
    await user.send('+7 000 000-00-00');
    expect(user.lastReply()?.text).toBe('Не похоже на номер телефона. Пример: +7 912 345-67-89.');
    await user.sendContact('79161234567');
    expect(user.lastReply()?.text).toContain('Телефон: +7 916 123 45 67');
    await user.press('✅ Даю согласие');
    expect((await db().manager.findOneByOrFail(User, { telegramId: user.id })).phone).toBe('+79161234567');
  });
});
