import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { nestQuotes, translate } from '../../i18n/index.js';
import { ru } from '../../i18n/ru.js';

describe('the bot catalogue', () => {
  it('a title with its own quotes, quoted by a message, gets the inner pair: «Кубок „Живое слово“»', () => {
    const competition = 'Кубок «Живое слово»';
    expect(translate('ru', 'my.cancelled', { competition })).toBe('Регистрация на «Кубок „Живое слово“» отменена.');
    expect(translate('en', 'my.cancelled', { competition: 'The “Live Word” Cup' })).toBe('Your registration for “The ‘Live Word’ Cup” is cancelled.');
    // Not quoted by the message: the title as written.
    expect(translate('ru', 'competition.heading', { title: competition })).toBe('🏆 Кубок «Живое слово»');
    expect(nestQuotes('«А» и «Б»', '«')).toBe('„А“ и „Б“');
    expect(translate('ru', 'my.cancelled', { competition: 'Кубок' })).toBe('Регистрация на «Кубок» отменена.');
  });

  it('says "список ожидания", never "лист ожидания", and no button of the bot runs past 20 characters', () => {
    for (const [key, text] of Object.entries(ru)) expect(`${key}: ${text}`).not.toMatch(/лист[аеу]? ожидания|листе ожидания|листом ожидания/i);
    // Buttons are the labels with an emoji in front (and the few plain answer labels of a confirmation).
    const buttons = [
      'competition.register_participant',
      'competition.register_voter',
      'reg.consent_yes',
      'reg.consent_no',
      'reg.waitlist_yes',
      'my.register_again',
      'offer.accept',
      'offer.decline',
    ] as const;
    for (const key of buttons) {
      expect(ru[key].length, `${key}: ${ru[key]}`).toBeLessThanOrEqual(20);
      expect(en[key].length, `${key}: ${en[key]}`).toBeLessThanOrEqual(20);
    }
  });

  it('no gendered forms about the person: no "(на)", no "голосующий" as a role', () => {
    for (const [key, text] of Object.entries(ru)) {
      if (key.startsWith('audit.') || key.startsWith('door.already_at')) continue; // the admin's log, about organizers
      expect(`${key}: ${text}`).not.toMatch(/\(на\)|голосующий|Согласен/);
    }
  });
});
