import { describe, expect, it } from 'vitest';
import { adminEn } from '../../i18n/admin-en.js';
import { adminRu, type AdminCatalogue } from '../../i18n/admin-ru.js';
import { translateAdmin, TRANSLATIONS } from '../../admin/locale.js';

/** Every string leaf of a catalogue, by its dotted path. */
function leaves(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return [path];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => leaves(inner, path ? `${path}.${key}` : key));
}

describe('the admin catalogues', () => {
  it('English has every text Russian has (the type check refuses a catalogue missing one)', () => {
    const { passwordChanged: _dropped, ...withoutOne } = adminEn.messages;
    // @ts-expect-error — a catalogue without a message is not an AdminCatalogue: `npm run lint` fails.
    const broken: AdminCatalogue = { ...adminEn, messages: withoutOne };
    expect(broken.messages).not.toHaveProperty('passwordChanged');
    // What the type promises holds at run time too, but for the plural forms English does not have.
    const russianOnly = leaves(adminRu).filter((key) => /_(few|many)$/.test(key));
    expect(
      leaves(adminRu)
        .filter((key) => !russianOnly.includes(key))
        .sort(),
    ).toEqual(leaves(adminEn).sort());
  });

  it("server-made texts come from the organizer's language, never Russian for an English admin", () => {
    expect(translateAdmin('en', 'timeNoSuch', { value: '31.02.2027' })).toBe('No such date: 31.02.2027');
    expect(translateAdmin('ru', 'timeNoSuch', { value: '31.02.2027' })).toBe('Такой даты нет: 31.02.2027');
    // AdminJS gets both languages with the same sections.
    const registrationActions = (language: 'ru' | 'en') => (TRANSLATIONS[language].resources as Record<string, { actions: Record<string, string> }>).Registration.actions;
    expect(registrationActions('en').approve).toBe('Approve');
    expect(registrationActions('ru').list).toBe('Регистрации');
  });
});
