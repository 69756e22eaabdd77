// The door scanner in the browser (bundled by scripts/build-steps/door-bundle.mjs with jsQR into
// dist/admin-assets/door.bundle.js; no CDN, no inline code). Three modes: the web scanner (camera, typed code,
// search), the Telegram Mini App (the client's native QR popup), and "My account" (link Telegram).
import jsQRModule from 'jsqr';

// jsQR is CommonJS typed as an ES default export: under NodeNext the default import is the module object,
// while the bundler hands over the function itself. Accept either.
type Decode = (typeof jsQRModule)['default'];
const jsQR: Decode = typeof jsQRModule === 'function' ? (jsQRModule as Decode) : jsQRModule.default;

type Texts = Record<string, string>;
interface Competition {
  id: number;
  title: string;
  startsAt: string;
}
interface DoorRegistration {
  id: number;
  name: string;
  role: string;
  status: string;
  competition: { id: number; title: string };
  panel: string | null;
  slots: string[];
  /** The person's team, "капитан" for its captain (issue 26). */
  team: { name: string; captain: boolean } | null;
  checkedIn: boolean;
  checkedInAtText: string | null;
  checkedInBy: string | null;
  /** This account checked the person in a few minutes ago: it may undo that (POST /admin/checkin/undo). */
  undoable: boolean;
}
/** `registration` only for checked_in / already_checked_in; `competition` only for wrong_competition. */
interface ScanAnswer {
  result: string;
  registration: DoorRegistration | null;
  competition?: { id: number; title: string };
}
interface PageData {
  mode: 'web' | 'telegram' | 'account';
  texts: Texts;
  competitions?: Competition[];
  account?: { linked: boolean; telegramId: number | null; role: string; name: string };
  me?: { name: string | null; role: string };
}
interface TelegramWebApp {
  initData: string;
  ready(): void;
  expand?(): void;
  showScanQrPopup(params: { text?: string }, callback?: (text: string) => boolean | void): void;
  closeScanQrPopup?(): void;
}
declare global {
  interface Window {
    Telegram?: { WebApp?: TelegramWebApp };
    /** Scan-to-answer timings (ms from the decode to the answer painted), read by the browser test. */
    doorTimings?: Array<{ decodeMs: number; answerMs: number }>;
  }
}

const data = JSON.parse(document.getElementById('door-data')!.textContent ?? '{}') as PageData;
const T = data.texts;
const t = (key: string, params: Record<string, string | number> = {}) => (T[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
const app = document.getElementById('app')!;
let token: string | null = null;
let competitionId: number | null = null;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: T | null }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  // Same-origin, with the session cookie: the cross-site guard sees Sec-Fetch-Site: same-origin.
  const response = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const parsed = response.headers.get('content-type')?.includes('json') ? ((await response.json()) as T) : null;
  return { status: response.status, body: parsed };
}

// ---------- feedback: a sound and a vibration per kind, where the browser allows ----------
let audio: AudioContext | null = null;
function feedback(kind: 'ok' | 'warn' | 'bad'): void {
  try {
    navigator.vibrate?.(kind === 'ok' ? 80 : kind === 'warn' ? [80, 60, 80] : [250, 80, 250]);
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = kind === 'ok' ? 880 : kind === 'warn' ? 520 : 220;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + (kind === 'ok' ? 0.12 : 0.35));
  } catch {
    // no sound: the answer on screen is what counts
  }
}

// ---------- the answer ----------
const KIND: Record<string, 'ok' | 'warn' | 'bad'> = {
  checked_in: 'ok',
  already_checked_in: 'warn',
  not_approved: 'bad',
  wrong_competition: 'bad',
  invalid: 'bad',
  unreadable: 'bad',
};

/** What the card offers under an answer: "Отменить отметку" for this account's own recent check-in. */
let onUndo: ((registration: DoorRegistration) => void) | null = null;

function showAnswer(box: HTMLElement, answer: ScanAnswer, repeated = false): void {
  const kind = KIND[answer.result] ?? 'bad';
  const r = answer.registration;
  const lines: Array<string> = [];
  if (answer.result === 'wrong_competition' && answer.competition) lines.push(answer.competition.title);
  if (r) {
    lines.push(`${r.name} — ${t(`role.${r.role}`)}`);
    if (r.team) lines.push(t(r.team.captain ? 'door.team_captain' : 'door.team', { team: r.team.name }));
    if (r.panel) lines.push(t('door.panel', { panel: r.panel }));
    if (r.slots.length) lines.push(t('door.slots', { slots: r.slots.join(', ') }));
    if (answer.result === 'already_checked_in' && r.checkedInAtText) lines.push(t('door.already_at', { time: r.checkedInAtText, by: r.checkedInBy ?? '—' }));
  }
  box.className = kind;
  box.dataset.result = answer.result;
  box.replaceChildren(el('h2', { textContent: t(`door.result_${answer.result}`) }), ...lines.map((line) => el('div', { textContent: line })));
  if (r?.undoable && onUndo) {
    const undo = onUndo;
    const button = el('button', { type: 'button', id: 'undo', textContent: t('door.undo_button') });
    button.addEventListener('click', () => {
      button.disabled = true;
      undo(r);
    });
    box.append(button);
  }
  if (repeated) box.dataset.repeats = String(Number(box.dataset.repeats ?? 0) + 1);
  else delete box.dataset.repeats;
  feedback(kind);
}

function showError(box: HTMLElement, status: number, message?: string): void {
  box.className = 'bad';
  box.dataset.result = 'error';
  box.replaceChildren(el('h2', { textContent: message ?? (status === 401 ? t('door.session_expired') : status === 429 ? t('door.search_limited') : t('door.error')) }));
}

/** "Выйти": a POST to the admin's logout (a GET of it ends nothing, admin/logout.ts). */
function logoutForm(): HTMLFormElement {
  return el('form', { method: 'post', action: '/admin/logout', id: 'logout' }, el('button', { type: 'submit', className: 'secondary', textContent: t('door.logout') }));
}

/** Asks for the person's own name while they have none (it is how colleagues see their check-ins). */
function nameForm(onSaved?: (name: string) => void): HTMLFormElement {
  const input = el('input', { id: 'display-name', placeholder: t('door.name_placeholder'), autocomplete: 'name', maxLength: 100 });
  const note = el('p', { className: 'hint', id: 'name-note' });
  const form = el(
    'form',
    { id: 'name-form' },
    el('label', { htmlFor: 'display-name', textContent: t('door.name_ask') }),
    el('div', { className: 'row' }, input, el('button', { type: 'submit', textContent: t('door.name_save') })),
    note,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      const answer = await api<{ name?: string; message?: string }>('POST', '/admin/account/name', { name: input.value }).catch(() => ({ status: 0, body: null }));
      if (answer.status === 200 && answer.body?.name) {
        note.textContent = t('door.name_saved', { name: answer.body.name });
        form.dataset.saved = 'true';
        onSaved?.(answer.body.name);
      } else note.textContent = answer.body?.message ?? t('door.error');
    })();
  });
  return form;
}

// ---------- the scanner ----------
function scanner(competitions: Competition[]): void {
  const stored = Number(sessionStorage.getItem('door.competition'));
  const select = el(
    'select',
    { id: 'competition' },
    el('option', { value: '', textContent: t('door.choose_competition') }),
    ...competitions.map((c) => el('option', { value: String(c.id), textContent: c.startsAt ? `${c.title} · ${c.startsAt}` : c.title })),
  );
  if (competitions.some((c) => c.id === stored)) select.value = String(stored);
  const counts = el('div', { className: 'counts', id: 'counts' });
  const result = el('div', { id: 'result', className: 'idle' });
  const video = el('video', { id: 'camera', muted: true, playsInline: true, autoplay: true, hidden: true });
  const cameraButton = el('button', { id: 'camera-start', type: 'button', textContent: data.mode === 'telegram' ? t('door.scan_qr') : t('door.camera_start') });
  const cameraHint = el('p', { className: 'hint', id: 'camera-hint', hidden: true, textContent: t('door.camera_unavailable') });
  const codeInput = el('input', { id: 'code', placeholder: t('door.code_placeholder'), autocomplete: 'off', autocapitalize: 'characters' });
  const codeForm = el('form', { id: 'code-form', className: 'row' }, codeInput, el('button', { type: 'submit', textContent: t('door.code_submit') }));
  const searchInput = el('input', { id: 'search', placeholder: t('door.search_placeholder'), autocomplete: 'off' });
  const searchForm = el(
    'form',
    { id: 'search-form', className: 'row' },
    searchInput,
    el('button', { type: 'submit', className: 'secondary', textContent: t('door.search_submit') }),
  );
  const people = el('div', { id: 'people' });
  const work = el('section', { id: 'work', hidden: true }, counts, result, cameraButton, cameraHint, video, codeForm, searchForm, people);
  app.querySelector('#boot')?.remove();
  if (data.mode === 'web' && data.me && !data.me.name) {
    const ask = nameForm(() => setTimeout(() => ask.remove(), 1500));
    app.append(ask);
  }
  app.append(select, work);
  if (data.mode === 'web') {
    // Organizers come here from the admin and go back to it; door staff have only the scanner and their account.
    const links = [el('a', { href: '/admin/account', id: 'account-link', textContent: t('account.title') })];
    if (data.me && data.me.role !== 'checkin') links.push(el('a', { href: '/admin', textContent: t('door.organizer_admin') }));
    app.append(el('div', { className: 'bar hint' }, ...links, logoutForm()));
  }

  async function refreshCounts(): Promise<void> {
    if (!competitionId) return;
    const answer = await api<{ checkedIn: number; expected: number }>('GET', `/admin/checkin/counts?competitionId=${competitionId}`).catch(() => null);
    if (answer?.body) counts.textContent = t('door.counts', answer.body);
  }

  function choose(): void {
    competitionId = Number(select.value) || null;
    work.hidden = !competitionId;
    if (competitionId) sessionStorage.setItem('door.competition', String(competitionId));
    void refreshCounts();
  }
  select.addEventListener('change', choose);
  choose();
  setInterval(() => void refreshCounts(), 10_000);

  // Codes this device checked in a moment ago: read again within SAME_ANSWER_MS (the ticket still held up to
  // the camera), the first answer is shown again without asking the server — which would answer the same
  // (domain/checkin.ts, REPEAT_WINDOW_MS), at the cost of a call from the account's budget.
  const SAME_ANSWER_MS = 10_000;
  const succeeded = new Map<string, { answer: ScanAnswer; at: number; competitionId: number | null }>();

  // The search's rows by registration: a check-in or an undo, from wherever it came, shows on the row too.
  const rows = new Map<number, HTMLButtonElement>();
  function markRow(registration: DoorRegistration | null): void {
    const button = registration ? rows.get(registration.id) : undefined;
    if (button && registration) button.textContent = registration.checkedIn ? '✓' : t('door.checkin_button');
  }

  // The card belongs to the latest answer. A code the camera keeps seeing after a typed or searched answer
  // (the invalid one still in view) is not read again until it leaves the view: it would cover the answer
  // the volunteer just asked for.
  let heldCode: string | null = null;
  function answeredByHand(): void {
    heldCode = lastCode && performance.now() - lastSeenAt <= GONE_MS ? lastCode : null;
  }

  onUndo = (registration) =>
    void (async () => {
      const done = await api<{ result: string; registration: DoorRegistration; message?: string }>('POST', '/admin/checkin/undo', { registrationId: registration.id }).catch(
        () => ({
          status: 0,
          body: null,
        }),
      );
      answeredByHand();
      if (done.status === 200 && done.body) {
        for (const [code, entry] of succeeded) if (entry.answer.registration?.id === registration.id) succeeded.delete(code);
        const r = done.body.registration;
        result.className = 'idle';
        result.dataset.result = 'undone';
        delete result.dataset.repeats;
        result.replaceChildren(el('h2', { textContent: t('door.result_undone') }), el('div', { textContent: `${r.name} — ${t(`role.${r.role}`)}` }));
        markRow(r);
      } else showError(result, done.status, done.body?.message);
      void refreshCounts();
    })();

  async function submit(code: string, decodedAt: number | null): Promise<void> {
    const recent = succeeded.get(code);
    if (recent && recent.competitionId === competitionId && performance.now() - recent.at <= SAME_ANSWER_MS) {
      showAnswer(result, recent.answer, true);
      return;
    }
    const answer = await api<ScanAnswer>('POST', '/admin/checkin/scan', { code, competitionId }).catch(() => ({ status: 0, body: null }));
    if (answer.status === 200 && answer.body) {
      showAnswer(result, answer.body);
      markRow(answer.body.registration);
      if (answer.body.result === 'checked_in') succeeded.set(code, { answer: answer.body, at: performance.now(), competitionId });
    } else showError(result, answer.status);
    if (decodedAt !== null) {
      // The answer is on screen once the next frame is painted.
      requestAnimationFrame(() =>
        setTimeout(() => {
          const answerMs = performance.now() - decodedAt;
          (window.doorTimings ??= []).push({ decodeMs: lastDecodeMs, answerMs });
          result.dataset.ms = answerMs.toFixed(0);
        }, 0),
      );
    }
    void refreshCounts();
  }

  codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = codeInput.value.trim();
    if (code)
      void submit(code, null).then(() => {
        answeredByHand();
        codeInput.value = '';
      });
  });

  searchForm.addEventListener(
    'submit',
    (event) =>
      void (async () => {
        event.preventDefault();
        const answer = await api<{
          people: Array<{ id: number; name: string; role: string; phone: string | null; team: { name: string; captain: boolean } | null; checkedIn: boolean }>;
        }>('POST', '/admin/checkin/search', {
          competitionId,
          q: searchInput.value,
        }).catch(() => ({ status: 0, body: null }));
        if (answer.status === 429) return people.replaceChildren(el('p', { className: 'hint', textContent: t('door.search_limited') }));
        if (!answer.body) return showError(result, answer.status);
        if (answer.body.people.length === 0) return people.replaceChildren(el('p', { className: 'hint', textContent: t('door.search_none') }));
        rows.clear();
        people.replaceChildren(
          ...answer.body.people.map((p) => {
            const button = el('button', { type: 'button', textContent: p.checkedIn ? '✓' : t('door.checkin_button') });
            rows.set(p.id, button);
            button.addEventListener(
              'click',
              () =>
                void (async () => {
                  const done = await api<ScanAnswer>('POST', '/admin/checkin/checkin', { registrationId: p.id, competitionId }).catch(() => ({ status: 0, body: null }));
                  answeredByHand();
                  if (done.status === 200 && done.body) {
                    showAnswer(result, done.body);
                    markRow(done.body.registration);
                  } else showError(result, done.status);
                  void refreshCounts();
                })(),
            );
            return el(
              'div',
              { className: 'person', dataset: { registration: String(p.id) } },
              el('span', {
                textContent: `${p.name} · ${t(`role.${p.role}`)}${p.team ? ` · ${t(p.team.captain ? 'door.team_captain' : 'door.team', { team: p.team.name })}` : ''}${p.phone ? ` · ${p.phone}` : ''}`,
              }),
              button,
            );
          }),
        );
      })(),
  );

  // Camera: continuous decoding; the same code is read again only after a pause (a second scan on purpose).
  let lastDecodeMs = 0;
  let lastCode = '';
  let lastAt = 0;
  /** When the camera last saw lastCode: a code unseen for GONE_MS has left the view. */
  let lastSeenAt = 0;
  let busy = false;
  const REPEAT_MS = 2500;
  const GONE_MS = 1500;
  const canvas = document.createElement('canvas');
  const context2d = canvas.getContext('2d', { willReadFrequently: true });

  function tick(): void {
    if (!video.hidden && video.readyState >= 2 && context2d && competitionId && !busy) {
      const scale = Math.min(1, 640 / (video.videoWidth || 640));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      const started = performance.now();
      context2d.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context2d.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      const decodedAt = performance.now();
      if (found?.data) {
        if (found.data === lastCode) lastSeenAt = decodedAt;
      }
      if (heldCode !== null && (found?.data ? found.data !== heldCode : decodedAt - lastSeenAt > GONE_MS)) heldCode = null;
      if (found?.data && found.data !== heldCode && (found.data !== lastCode || decodedAt - lastAt > REPEAT_MS)) {
        lastDecodeMs = decodedAt - started;
        lastCode = found.data;
        lastSeenAt = decodedAt;
        busy = true;
        void submit(found.data, decodedAt).finally(() => {
          lastAt = performance.now();
          busy = false;
        });
      }
    }
    requestAnimationFrame(tick);
  }

  async function startCamera(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      cameraHint.hidden = false;
      return;
    }
    try {
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.hidden = false;
      cameraButton.hidden = true;
      await video.play().catch(() => undefined);
      requestAnimationFrame(tick);
    } catch {
      cameraHint.hidden = false;
    }
  }

  if (data.mode === 'telegram') {
    cameraButton.addEventListener('click', () => {
      const tg = window.Telegram?.WebApp;
      tg?.showScanQrPopup({ text: t('door.title') }, (text) => {
        tg.closeScanQrPopup?.();
        void submit(text, performance.now());
        return true;
      });
    });
  } else {
    cameraButton.addEventListener('click', () => void startCamera());
    if (!window.isSecureContext) cameraHint.hidden = false;
  }
}

// ---------- the Mini App: initData → a scanner token ----------
async function miniApp(): Promise<void> {
  const tg = window.Telegram?.WebApp;
  if (!tg?.initData) {
    app.querySelector('#boot')!.textContent = t('door.not_in_telegram');
    return;
  }
  tg.ready();
  tg.expand?.();
  const answer = await api<{ token: string; competitions: Competition[] }>('POST', '/admin/checkin/app/session', { initData: tg.initData }).catch(() => ({
    status: 0,
    body: null,
  }));
  if (answer.status !== 200 || !answer.body) {
    const boot = app.querySelector('#boot')!;
    boot.id = 'refused';
    boot.textContent = answer.status === 401 ? t('door.telegram_refused') : t('door.error');
    return;
  }
  token = answer.body.token;
  scanner(answer.body.competitions);
}

// ---------- My account: link / unlink Telegram ----------
function account(): void {
  const a = data.account!;
  app.querySelector('#boot')?.remove();
  const status = el('p', { id: 'telegram-status', textContent: a.linked ? t('account.linked_to', { id: a.telegramId ?? '' }) : t('account.not_linked') });
  const out = el('p', { id: 'telegram-link' });
  const link = el('button', { id: 'link', type: 'button', textContent: t('account.link') });
  const unlink = el('button', { id: 'unlink', type: 'button', className: 'secondary', textContent: t('account.unlink'), hidden: !a.linked });
  link.addEventListener(
    'click',
    () =>
      void (async () => {
        const answer = await api<{ link: string }>('POST', '/admin/account/telegram-link', {});
        if (answer.status !== 200 || !answer.body) return void (out.textContent = answer.status === 503 ? t('account.no_bot') : t('door.error'));
        out.replaceChildren(t('account.link_ready'), el('br'), el('a', { href: answer.body.link, textContent: answer.body.link, target: '_blank', rel: 'noopener' }));
      })(),
  );
  unlink.addEventListener(
    'click',
    () =>
      void (async () => {
        const answer = await api('POST', '/admin/account/telegram-unlink', {});
        if (answer.status === 200) {
          status.textContent = t('account.unlinked');
          unlink.hidden = true;
        }
      })(),
  );
  const name = el('p', { id: 'account-name', textContent: a.name });
  // Their own name: asked for while there is none, changeable any time.
  const ask = nameForm((saved) => {
    name.textContent = saved;
  });
  const input = ask.querySelector('input')!;
  input.value = data.me?.name ?? '';
  if (data.me?.name) ask.classList.add('plain');
  app.append(
    name,
    ask,
    status,
    link,
    unlink,
    out,
    el('p', {}, el('a', { id: 'change-password', href: '/admin/pages/changePassword', textContent: t('account.change_password') })),
    el(
      'div',
      { className: 'bar' },
      el('a', { href: '/admin/checkin', id: 'scanner-link', textContent: t('door.title') }),
      ...(a.role === 'checkin' ? [] : [el('a', { href: '/admin', textContent: t('door.organizer_admin') })]),
      logoutForm(),
    ),
  );
}

if (data.mode === 'account') account();
else if (data.mode === 'telegram') void miniApp();
else scanner(data.competitions ?? []);
