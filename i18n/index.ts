import { en } from './en.js';
import { ru, type MessageKey } from './ru.js';

export type Language = 'ru' | 'en';
export type { MessageKey };

const catalogues: Record<Language, Record<MessageKey, string>> = { ru, en };

export function isMessageKey(key: string): key is MessageKey {
  return key in ru;
}

const pluralRules = {
  ru: new Intl.PluralRules('ru-RU'),
  en: new Intl.PluralRules('en-GB'),
} satisfies Record<Language, Intl.PluralRules>;

/**
 * `{n, plural, =1 {…} one {# место} few {# места} many {# мест} other {# места}}` (ICU's form, one level
 * deep): an exact `=N` branch first, else the one Intl.PluralRules picks for the language (ru: one/few/many/other
 * — 1, 21 and 101 are all `one`; en: one/other), `#` = the number. A missing branch falls back to `other`.
 */
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+ \{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=?\w+) \{([^{}]*)\}/g;

function pluralize(lang: Language, template: string, params: Record<string, string | number>): string {
  return template.replace(PLURAL, (match, name: string, branches: string) => {
    if (!(name in params)) return match;
    const count = Number(params[name]);
    const forms = new Map([...branches.matchAll(BRANCH)].map((b) => [b[1], b[2]]));
    const form = forms.get(`=${count}`) ?? forms.get(pluralRules[lang].select(count)) ?? forms.get('other') ?? '';
    return form.replace(/#/g, String(params[name]));
  });
}

/** Quotes inside quotes: within «…» a title's own «» become „“ (the Russian rule), within “…” its “” become ‘’. */
const INNER_QUOTES: Record<string, [RegExp, Record<string, string>]> = {
  '«': [/[«»]/g, { '«': '„', '»': '“' }],
  '“': [/[“”]/g, { '“': '‘', '”': '’' }],
};

/** A value put where a template quotes it (`«{competition}»`): its own quotes of the same kind become the inner pair. */
export function nestQuotes(value: string, outer: '«' | '“'): string {
  const [quotes, inner] = INNER_QUOTES[outer];
  return value.replace(quotes, (q) => inner[q]);
}

/** `{name}`, possibly right inside a pair of quotes (then the value's own quotes are nested, see nestQuotes). */
const PLACEHOLDER = /(«|“)?\{(\w+)\}(»|”)?/g;
const CLOSING: Record<string, string> = { '«': '»', '“': '”' };

/**
 * Renders a catalogue message: plural forms chosen by the count, then `{name}` placeholders filled from params —
 * a title quoted by the template keeps its own quotes readable («Кубок „Живое слово“»).
 */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[lang][key] ?? ru[key] ?? key;
  return pluralize(lang, template, params).replace(PLACEHOLDER, (match, open: string | undefined, name: string, close: string | undefined) => {
    if (!(name in params)) return match;
    const value = String(params[name]);
    if (open && close === CLOSING[open]) return `${open}${nestQuotes(value, open as '«' | '“')}${close}`;
    return `${open ?? ''}${value}${close ?? ''}`;
  });
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  return (key, params) => translate(lang, key, params);
}
