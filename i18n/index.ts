import { en } from './en.js';
import { ru, type MessageKey } from './ru.js';

export type Language = 'ru' | 'en';
export type { MessageKey };

const catalogues: Record<Language, Record<MessageKey, string>> = { ru, en };

export function isMessageKey(key: string): key is MessageKey {
  return key in ru;
}

/** Renders a catalogue message; `{name}` placeholders are filled from params. */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[lang][key] ?? ru[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Language): Translate {
  return (key, params) => translate(lang, key, params);
}
