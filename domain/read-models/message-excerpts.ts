import { isMessageKey, translate, type Language } from '../../i18n/index.js';
import { formatForPeople } from '../time.js';

/** How long a one-line excerpt in a list may be (a row stays one line on a phone's list too). */
export const EXCERPT_LENGTH = 60;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** A message in Telegram's HTML as one line of plain text: tags dropped, entities decoded, cut at `max` with "…". */
export function plainExcerpt(html: string, max = EXCERPT_LENGTH): string {
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot);/g, (_, entity: string) =>
      entity.startsWith('#') ? String.fromCodePoint(Number(entity.startsWith('#x') ? `0x${entity.slice(2)}` : entity.slice(1))) : ENTITIES[entity],
    )
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * A queued notification as the organizer reads it in the list: the catalogue's text in the admin's language with
 * its values (times in TZ_DISPLAY), one line; a literal text as it is; an unknown kind by its key.
 */
export function notificationExcerpt(row: { kind: string; payload: Record<string, unknown> | null; text: string | null }, lang: Language, timeZone: string): string {
  if (row.text) return plainExcerpt(row.text);
  if (!isMessageKey(row.kind)) return row.kind;
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(row.payload ?? {})) {
    if (typeof value === 'string' && key.endsWith('At')) params[key] = formatForPeople(new Date(value), timeZone);
    else if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  if (params.startsAt && params.endsAt) params.slot = params.now = `${params.startsAt}–${String(params.endsAt).slice(-5)}`;
  return plainExcerpt(translate(lang, row.kind, params));
}
