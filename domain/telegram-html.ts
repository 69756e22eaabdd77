import type { MessageKey } from '../i18n/index.js';

/**
 * Checks a text against Telegram's HTML subset (https://core.telegram.org/bots/api#html-style) before it is
 * saved, so that a broadcast never fails at Telegram for every recipient: the tags Telegram knows, closed in
 * order, `<a>` with an href, and only the four named entities plus numeric ones. Returns the first problem,
 * as a catalogue key with its parameters, or null when Telegram will accept the text.
 */
export interface HtmlProblem {
  key: MessageKey;
  params: Record<string, string | number>;
}

const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji']);
const ENTITIES = new Set(['lt', 'gt', 'amp', 'quot']);
export const TELEGRAM_TEXT_LIMIT = 4096;

export function checkTelegramHtml(text: string): HtmlProblem | null {
  const open: string[] = [];
  const token = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>|<|&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g;
  let visible = 0;
  let last = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    visible += m.index - last;
    last = token.lastIndex;
    const whole = m[0];
    if (whole === '<') return { key: 'broadcast.html_bad_tag', params: { text: text.slice(m.index, m.index + 20) } };
    if (whole === '&') return { key: 'broadcast.html_bad_entity', params: { entity: text.slice(m.index + 1, m.index + 8).split(/\s/)[0] } };
    if (whole.startsWith('&')) {
      const name = m[4];
      if (!name.startsWith('#') && !ENTITIES.has(name)) return { key: 'broadcast.html_bad_entity', params: { entity: `${name};` } };
      visible += 1;
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attributes = m[3] ?? '';
    if (!TAGS.has(tag)) return { key: 'broadcast.html_unknown_tag', params: { tag } };
    if (closing) {
      if (open[open.length - 1] !== tag)
        return { key: open.includes(tag) ? 'broadcast.html_unclosed' : 'broadcast.html_unexpected_close', params: { tag: open.includes(tag) ? open[open.length - 1] : tag } };
      open.pop();
      continue;
    }
    if (tag === 'a' && !/\bhref\s*=\s*("[^"]+"|'[^']+'|[^\s>"']+)/.test(attributes)) return { key: 'broadcast.html_bad_href', params: {} };
    if (tag === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(attributes)) return { key: 'broadcast.html_unknown_tag', params: { tag: 'span' } };
    open.push(tag);
  }
  visible += text.length - last;
  if (open.length > 0) return { key: 'broadcast.html_unclosed', params: { tag: open[open.length - 1] } };
  if (visible > TELEGRAM_TEXT_LIMIT) return { key: 'broadcast.too_long', params: { length: visible } };
  return null;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The text as the user will see it, as safe HTML for the admin's preview: everything escaped, then only
 * Telegram's tags rebuilt (no attributes but an http(s)/tg link's href and the spoiler's class). Call it on
 * a text that passed `checkTelegramHtml`.
 */
export function telegramHtmlPreview(text: string): string {
  const token = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*>|&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot);/g;
  let out = '';
  let last = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    out += escapeHtml(text.slice(last, m.index));
    last = token.lastIndex;
    if (m[0].startsWith('&')) {
      out += m[0];
      continue;
    }
    const tag = m[2].toLowerCase();
    if (!TAGS.has(tag)) {
      out += escapeHtml(m[0]);
      continue;
    }
    const name = tag === 'tg-spoiler' || tag === 'tg-emoji' ? 'span' : tag;
    if (m[1] === '/') {
      out += `</${name}>`;
    } else if (tag === 'a') {
      const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/.exec(m[3] ?? '');
      const url = href ? (href[1] ?? href[2] ?? href[3] ?? '') : '';
      out += /^(https?:|tg:)/i.test(url) ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">` : '<a>';
    } else if (tag === 'tg-spoiler' || tag === 'span') {
      out += '<span class="tg-spoiler">';
    } else {
      out += `<${name}>`;
    }
  }
  return (out + escapeHtml(text.slice(last))).replace(/\n/g, '<br>');
}
