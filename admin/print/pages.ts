import QRCode from 'qrcode';
import type { Ticket } from '../../domain/checkin.js';
import type { CompetitionHeader, ListRow } from '../../domain/read-models/printouts.js';
import { formatInZone } from '../../domain/time.js';
import type { Language } from '../../i18n/index.js';
import { ADMIN_CATALOGUES, valueLabel } from '../locale.js';

/*
 * The printable pages, as plain HTML (no AdminJS around them): each prints on its own — a sheet of A4 with only
 * what the door or the wall needs, the buttons hidden in print. Styles are inline (the CSP allows them); the one
 * script (the print button) is a file of our own (PRINT_SCRIPT).
 */

/** Served at {rootPath}/print/print.js; every page is at print/<kind>/<id>/<page>, two levels below. */
export const PRINT_SCRIPT = 'print.js';
export const PRINT_SCRIPT_TEXT = "document.getElementById('print').addEventListener('click', function () { window.print(); });\n";

type Texts = (typeof ADMIN_CATALOGUES)['ru']['print'];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A catalogue text with its `{{values}}` (plain text: escaped where it is written). */
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));

/** "03.12.2026, 18:00" in TZ_DISPLAY, as the bot writes it. */
export function printedDate(date: Date | null, timeZone: string): string {
  const text = formatInZone(date, timeZone);
  if (!text) return '';
  const [day, time] = text.split(' ');
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}, ${time}`;
}

/** A QR code as inline SVG: sharp at any size on paper. */
function qrSvg(text: string, testId: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((svg) =>
    svg.replace('<svg ', `<svg data-testid="${testId}" role="img" aria-label="QR" shape-rendering="crispEdges" `),
  );
}

const STYLE = `
  * { box-sizing: border-box; }
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 0; padding: 24px; color: #111; background: #fff; }
  .tools { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 24px; }
  .tools a, .tools button { font: inherit; font-size: 16px; padding: 10px 18px; border: 1px solid #3040d6; border-radius: 4px; background: #fff; color: #3040d6; text-decoration: none; cursor: pointer; }
  .tools button { background: #3040d6; color: #fff; }
  h1 { margin: 0 0 8px; line-height: 1.15; }
  .meta { font-size: 18px; margin: 0 0 4px; }
  .sheet { max-width: 190mm; margin: 0 auto; }
  .center { text-align: center; }
  .qr svg { display: block; margin: 16px auto; width: min(100%, 110mm); height: auto; }
  .code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 22px; letter-spacing: 1px; word-break: break-all; }
  .name { font-size: 32px; font-weight: 700; margin: 16px 0 4px; }
  table { width: 100%; border-collapse: collapse; font-size: 14px; }
  th, td { border: 1px solid #999; padding: 6px 8px; text-align: left; vertical-align: middle; }
  th { background: #eee; }
  td.n, th.n { width: 3em; text-align: right; }
  td.box { width: 4.5em; text-align: center; }
  .box span { display: inline-block; width: 20px; height: 20px; border: 2px solid #111; line-height: 16px; font-weight: 700; }
  tr { break-inside: avoid; }
  .wide { overflow-x: auto; }
  @page { size: A4; margin: 12mm; }
  @media print {
    body { padding: 0; }
    .tools { display: none; }
    a { color: inherit; text-decoration: none; }
  }
  @media (max-width: 600px) {
    body { padding: 12px; }
    .code { font-size: 16px; letter-spacing: 0; }
    table { font-size: 12px; }
    th, td { padding: 4px; }
  }`;

function page(lang: Language, title: string, back: string, body: string, extraStyle = ''): string {
  const t = ADMIN_CATALOGUES[lang].print;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}${extraStyle}</style></head>
<body><div class="tools"><a href="${escapeHtml(back)}" data-testid="print-back">${escapeHtml(t.back)}</a><button type="button" id="print" data-testid="print-button">${escapeHtml(t.print)}</button></div>
${body}
<script src="../../${PRINT_SCRIPT}"></script></body></html>`;
}

function meta(t: Texts, competition: CompetitionHeader, timeZone: string): string {
  const when = printedDate(competition.startsAt, timeZone);
  return [
    when && `<p class="meta">${escapeHtml(t.when)}: ${escapeHtml(when)}</p>`,
    competition.location && `<p class="meta">${escapeHtml(t.where)}: ${escapeHtml(competition.location)}</p>`,
  ]
    .filter(Boolean)
    .join('');
}

/** A message page (no ticket, not found), still with the way back. */
export function messagePage(lang: Language, back: string, message: string): string {
  return page(lang, message, back, `<main class="sheet"><p class="meta" data-testid="print-message">${escapeHtml(message)}</p></main>`);
}

export function noTicketPage(lang: Language, back: string, status: string): string {
  return messagePage(lang, back, fill(ADMIN_CATALOGUES[lang].print.noTicket, { status: valueLabel(lang, `status.${status}`) }));
}

/** One person's ticket: the competition, date and place, the name, a big QR code and the code as text. */
export async function ticketPage(lang: Language, back: string, ticket: Ticket, competition: CompetitionHeader, timeZone: string): Promise<string> {
  const t = ADMIN_CATALOGUES[lang].print;
  const body = `<main class="sheet center" data-testid="ticket">
  <p class="meta">${escapeHtml(t.ticket)} · ${escapeHtml(valueLabel(lang, `role.${ticket.role}`))}</p>
  <h1>${escapeHtml(competition.title)}</h1>
  ${meta(t, competition, timeZone)}
  <p class="name" data-testid="ticket-name">${escapeHtml(ticket.name)}</p>
  <div class="qr">${await qrSvg(ticket.code, 'ticket-qr')}</div>
  <p class="meta">${escapeHtml(t.ticketCode)}:</p>
  <p class="code" data-testid="ticket-code">${escapeHtml(ticket.code)}</p>
  <p>${escapeHtml(t.ticketHint)}</p>
</main>`;
  return page(lang, `${t.ticket}: ${ticket.name} — ${competition.title}`, back, body);
}

/** The door's list: number, name, phone, role, status and a box to tick (ticked already for those who came). */
export function listPage(lang: Language, back: string, competition: CompetitionHeader, rows: ListRow[], timeZone: string, now = new Date()): string {
  const t = ADMIN_CATALOGUES[lang].print;
  const head = `<th class="n">${escapeHtml(t.number)}</th>${[t.name, t.phone, t.role, t.status, t.came].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}`;
  const lines = rows
    .map(
      (r, i) =>
        `<tr data-testid="list-row"><td class="n">${i + 1}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.phone)}</td><td>${escapeHtml(
          valueLabel(lang, `role.${r.role}`),
        )}</td><td>${escapeHtml(valueLabel(lang, `status.${r.status}`))}</td><td class="box"><span>${r.checkedIn ? '✓' : ''}</span></td></tr>`,
    )
    .join('\n');
  const table = rows.length
    ? `<div class="wide"><table data-testid="print-list"><thead><tr>${head}</tr></thead><tbody>\n${lines}\n</tbody></table></div>`
    : `<p class="meta">${escapeHtml(t.listEmpty)}</p>`;
  const body = `<main>
  <h1>${escapeHtml(competition.title)} — ${escapeHtml(t.list)}</h1>
  ${meta(t, competition, timeZone)}
  <p class="meta">${escapeHtml(`${fill(t.listTotal, { count: rows.length })} · ${fill(t.listPrinted, { at: printedDate(now, timeZone) })}`)}</p>
  ${table}
</main>`;
  return page(lang, `${competition.title} — ${t.list}`, back, body);
}

/** The poster for the wall: the title, date and place, a big QR code of the bot's link, and the link. */
export async function posterPage(lang: Language, back: string, competition: CompetitionHeader, link: string | null, timeZone: string): Promise<string> {
  const t = ADMIN_CATALOGUES[lang].print;
  const code = link
    ? `<p class="meta">${escapeHtml(t.posterCall)}</p><div class="qr poster">${await qrSvg(link, 'poster-qr')}</div><p class="code" data-testid="poster-link">${escapeHtml(link)}</p>`
    : `<p class="meta" data-testid="print-message">${escapeHtml(t.posterNoLink)}</p>`;
  const body = `<main class="sheet center" data-testid="poster">
  <h1 style="font-size: 44px">${escapeHtml(competition.title)}</h1>
  ${meta(t, competition, timeZone)}
  ${code}
</main>`;
  return page(lang, competition.title, back, body, '.poster svg { width: min(100%, 150mm); } .sheet .meta { font-size: 22px; }');
}
