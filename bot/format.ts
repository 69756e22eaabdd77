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
  return `${dayOf(startsAt, lang, tz)} ${hours(startsAt, endsAt, lang, tz)}`;
}

function dayOf(date: Date, lang: Language, tz: string): string {
  return formatter(lang, tz, { day: '2-digit', month: '2-digit' }, 'd').format(date);
}

function hours(startsAt: Date, endsAt: Date, lang: Language, tz: string): string {
  const time = formatter(lang, tz, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 't');
  return `${time.format(startsAt)}–${time.format(endsAt)}`;
}

interface Span {
  startsAt: Date;
  endsAt: Date;
}

/**
 * A slot moved, for "было {was}, стало {now}": on the same day the day is said once, at the end
 * (was "10:00–11:00", now "11:00–12:00, 17.12"); moved to another day, each with its own ("16.12 10:00–11:00").
 */
export function formatSlotMove(was: Span, now: Span, lang: Language, tz: string): { was: string; now: string } {
  const day = dayOf(now.startsAt, lang, tz);
  const sameDay = [was.startsAt, was.endsAt, now.endsAt].every((date) => dayOf(date, lang, tz) === day);
  if (!sameDay) return { was: formatSlot(was.startsAt, was.endsAt, lang, tz), now: formatSlot(now.startsAt, now.endsAt, lang, tz) };
  return { was: hours(was.startsAt, was.endsAt, lang, tz), now: `${hours(now.startsAt, now.endsAt, lang, tz)}, ${day}` };
}

/** "12.03" (the year too, "12.03.25", when it is not this year's) in the display time zone: a date where room is short. */
export function formatShortDate(date: Date, lang: Language, tz: string, now = new Date()): string {
  const year = formatter(lang, tz, { year: 'numeric' }, 'y');
  const sameYear = year.format(date) === year.format(now);
  return formatter(lang, tz, sameYear ? { day: '2-digit', month: '2-digit' } : { day: '2-digit', month: '2-digit', year: '2-digit' }, sameYear ? 'd' : 'dy').format(date);
}
