import { translator, type Language, type MessageKey } from '../../i18n/index.js';

/** The door pages' texts, handed to the bundled script as JSON (no inline code: the CSP runs none). */
const DOOR_KEYS = [
  'door.title',
  'door.choose_competition',
  'door.start',
  'door.change',
  'door.counts',
  'door.camera_start',
  'door.camera_unavailable',
  'door.code_placeholder',
  'door.code_submit',
  'door.search_placeholder',
  'door.search_submit',
  'door.search_none',
  'door.search_limited',
  'door.checkin_button',
  'door.result_checked_in',
  'door.result_already_checked_in',
  'door.result_not_approved',
  'door.result_wrong_competition',
  'door.result_invalid',
  'door.result_unreadable',
  'door.already_at',
  'door.error',
  'door.session_expired',
  'door.panel',
  'door.slots',
  'door.team',
  'door.team_captain',
  'door.telegram_refused',
  'door.not_in_telegram',
  'door.scan_qr',
  'door.undo_button',
  'door.result_undone',
  'door.logout',
  'door.name_ask',
  'door.name_placeholder',
  'door.name_save',
  'door.name_saved',
  'door.organizer_admin',
  'role.participant',
  'role.voter',
  'account.title',
  'account.linked_to',
  'account.not_linked',
  'account.link',
  'account.link_ready',
  'account.unlink',
  'account.unlinked',
  'account.no_bot',
  'account.change_password',
] as const satisfies readonly MessageKey[];

export const SCANNER_SCRIPT = '/admin/checkin/assets/door.js';
export const TELEGRAM_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function jsonBlock(data: unknown): string {
  // Inside <script type="application/json">: nothing may close the tag early.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** Phone-first: one column, big type, big buttons, the answer filling the screen's width. */
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:18px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#111}
main{max-width:560px;margin:0 auto;padding:12px}h1{font-size:22px;margin:4px 0 12px}
select,input,button{font:inherit;width:100%;padding:14px;border-radius:10px;border:1px solid #bbb;margin:4px 0}
button{background:#1f4fd1;color:#fff;border:0;font-weight:600;cursor:pointer}button.secondary{background:#e4e7ee;color:#111}
.row{display:flex;gap:8px}.row>*{flex:1}.counts{font-size:20px;font-weight:700;margin:8px 0}
video{width:100%;border-radius:12px;background:#000;max-height:50vh;object-fit:cover}
#result{border-radius:14px;padding:18px;margin:10px 0;min-height:40px;font-size:20px}
#result{overflow-wrap:break-word}#result h2{font-size:clamp(22px,7vw,32px);margin:0 0 6px}#result button{margin-top:12px;background:#fff;color:#111}#result.ok{background:#1e9e4a;color:#fff}#result.warn{background:#f2b01e;color:#111}
#result.bad{background:#d33;color:#fff}#result.idle{background:#fff;border:1px dashed #aaa}
.hint{color:#555;font-size:15px}.person{display:flex;justify-content:space-between;align-items:center;background:#fff;border-radius:10px;padding:8px 12px;margin:6px 0}
.person button{width:auto}.person span{overflow-wrap:anywhere}.bar{display:flex;gap:12px;justify-content:space-between;align-items:center;flex-wrap:wrap}.bar form button{width:auto;padding:8px 16px}
#name-form{background:#fff3cd;border-radius:10px;padding:10px 12px;margin:8px 0}#name-form.plain{background:#fff}[hidden]{display:none!important}a{color:#1f4fd1}
`;

export interface DoorPageData {
  mode: 'web' | 'telegram' | 'account';
  lang: Language;
  competitions?: Array<{ id: number; title: string; startsAt: string }>;
  account?: { linked: boolean; telegramId: number | null; role: string; name: string };
  /** The signed-in person (web pages): their own name, null until they give one (the page asks for it). */
  me?: { name: string | null; role: string };
}

export function doorPage(data: DoorPageData): string {
  const t = translator(data.lang);
  const texts = Object.fromEntries(DOOR_KEYS.map((k) => [k, t(k)]));
  const title = data.mode === 'account' ? t('account.title') : t('door.title');
  const telegramScript = data.mode === 'telegram' ? `<script src="${TELEGRAM_SCRIPT}"></script>` : '';
  return `<!doctype html>
<html lang="${data.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style>${telegramScript}</head>
<body><main id="app" data-mode="${data.mode}"><h1>${escapeHtml(title)}</h1><p class="hint" id="boot">…</p></main>
<script type="application/json" id="door-data">${jsonBlock({ ...data, texts })}</script>
<script src="${SCANNER_SCRIPT}" defer></script></body></html>`;
}
