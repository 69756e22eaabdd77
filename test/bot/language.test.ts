import { describe, expect, it } from 'vitest';
import { User } from '../../entities/index.js';
import { translate } from '../../i18n/index.js';
import { userLanguage } from '../../domain/users.js';
import { people, useBotService } from './helpers.js';

// DESIGN.md, Language: `preferred_language ?? language_code`; Russian for ru and the languages of the region where
// Russian is widely read (domain/users.ts keeps the list), English for every other.
const svc = useBotService();
const { person } = people(() => svc.h);

describe('the language the bot speaks', () => {
  it('a German-language Telegram user is answered in English', async () => {
    const hans = person({ first_name: 'Hans', language_code: 'de' });
    await hans.send('/start');
    expect(hans.lastReply()?.buttons.flat()).toContain(translate('en', 'menu.competitions'));
    expect(
      hans
        .replies()
        .map((r) => r.text)
        .join('\n'),
    ).not.toMatch(/[а-яё]/i);
  });

  it('Kazakh- and Ukrainian-language Telegram users are answered in Russian; Brazilian Portuguese in English', async () => {
    for (const [code, lang] of [
      ['kk', 'ru'],
      ['uk', 'ru'],
      ['pt-br', 'en'],
    ] as const) {
      const someone = person({ first_name: 'Test', language_code: code });
      await someone.send('/start');
      expect(someone.lastReply()?.buttons.flat(), code).toContain(translate(lang, 'menu.competitions'));
    }
  });

  it('the choice made with /language wins over Telegram’s language', async () => {
    const hans = person({ first_name: 'Hans', language_code: 'de' });
    await hans.send('/start');
    await svc.h.service.db.write((m) => m.update(User, { telegramId: hans.id }, { preferredLanguage: 'ru' }));
    await hans.send('/help');
    expect(hans.lastReply()?.text).toBe(translate('ru', 'help.text'));
  });

  it('the rule, case and region subtags included; no code at all is Russian', () => {
    const of = (languageCode: string | null, preferredLanguage: string | null = null) => userLanguage({ languageCode, preferredLanguage });
    expect([of('ru'), of('RU-ru'), of('be'), of('hy'), of('ka'), of('uz'), of('tt'), of(null), of('')]).toEqual(Array(9).fill('ru'));
    expect([of('en'), of('en-GB'), of('de'), of('pl'), of('ro'), of('lv'), of('fr'), of('zh-hans')]).toEqual(Array(8).fill('en'));
    expect(of('de', 'ru')).toBe('ru');
    expect(of('ru', 'en')).toBe('en');
  });
});
