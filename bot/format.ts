import type { Language } from '../i18n/index.js';

const LOCALE: Record<Language, string> = { ru: 'ru-RU', en: 'en-GB' };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Language, tz: string, options: Intl.DateTimeFormatOptions, tag: string): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${tag}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE[lang], { timeZone: tz, ...options });
    formatters.set(key, f);
  }
  return f;
}

/** "15.01.2030, 13:00" / "15/01/2030, 13:00" in the display time zone. */
export function formatDateTime(date: Date, lang: Language, tz: string): string {
  return formatter(lang, tz, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'dt').format(date);
}

/** "15.01 13:00–14:00": a slot, both ends in the display time zone. */
export function formatSlot(startsAt: Date, endsAt: Date, lang: Language, tz: string): string {
  const day = formatter(lang, tz, { day: '2-digit', month: '2-digit' }, 'd').format(startsAt);
  const time = formatter(lang, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 't');
  return `${day} ${time.format(startsAt)}–${time.format(endsAt)}`;
}

/** "12.03" (the year too, "12.03.25", when it is not this year's) in the display time zone: a date where room is short. */
export function formatShortDate(date: Date, lang: Language, tz: string, now = new Date()): string {
  const year = formatter(lang, tz, { year: 'numeric' }, 'y');
  const sameYear = year.format(date) === year.format(now);
  return formatter(lang, tz, sameYear ? { day: '2-digit', month: '2-digit' } : { day: '2-digit', month: '2-digit', year: '2-digit' }, sameYear ? 'd' : 'dy').format(date);
}
