import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { ru } from '../../i18n/ru.js';
import { DEFAULT_PHONE_REGION, normalizeFullName, normalizePhone } from '../../domain/profile.js';

// Every example the catalogue shows a person must pass the check their answer goes through: a phone example
// the phone parser refuses teaches people to type something we then refuse ("+44 7700 900123" did).
const PHONE = /\+\d[\d ()-]{5,}\d/g;
/** A quoted example after "например" / "e.g." / "Example": «Иван Петров», “Jane Smith”. */
const QUOTED = /(?:например|пример|e\.g\.|for example|example)[:,]?\s*[«“"]([^»”"]+)[»”"]/giu;

function examples(pattern: RegExp, group = 0): Array<{ lang: string; key: string; example: string }> {
  const found: Array<{ lang: string; key: string; example: string }> = [];
  for (const [lang, catalogue] of [
    ['ru', ru],
    ['en', en],
  ] as const) {
    for (const [key, text] of Object.entries(catalogue)) {
      for (const match of String(text).matchAll(pattern)) found.push({ lang, key, example: match[group] });
    }
  }
  return found;
}

describe('the examples in the message catalogue', () => {
  it('every phone example passes the phone check (with and without PHONE_REGION)', () => {
    const phones = examples(PHONE);
    expect(phones.map((p) => `${p.lang}:${p.key}`)).toEqual(expect.arrayContaining(['ru:reg.ask_phone', 'en:reg.ask_phone', 'ru:profile.bad_phone', 'en:profile.bad_phone']));
    const refused = phones.filter((p) => normalizePhone(p.example, DEFAULT_PHONE_REGION) === null || normalizePhone(p.example, 'US') === null);
    expect(refused).toEqual([]);
  });

  it('every quoted example in a name message passes the name check', () => {
    const names = examples(QUOTED, 1).filter((e) => /name/.test(e.key));
    expect(names.filter((n) => normalizeFullName(n.example) === null)).toEqual([]);
  });
});
