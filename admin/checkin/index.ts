import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifySession, { type FastifySessionOptions } from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../domain/infrastructure/database.js';
import { adminActor, type Actor } from '../../domain/actor.js';
import { staffName } from '../../domain/read-models/staff-names.js';
import { DoorBudget, checkInCounts, checkInFromSearch, doorCompetitions, scanTicket, searchDoor, undoDoorCheckIn, type DoorOptions } from '../../domain/checkin.js';
import { DomainError } from '../../domain/errors.js';
import { canCheckIn, createLinkToken, exchangeInitData, scannerTokenAdmin, telegramLinkState, unlinkTelegram } from '../../domain/staff-links.js';
import { findAdminUser, setOwnDisplayName } from '../../domain/admin-accounts.js';
import { formatForPeople } from '../../domain/time.js';
import { translate, type Language } from '../../i18n/index.js';
import { assetsDir } from '../components.js';
import { routedPath } from '../cross-site.js';
import { doorPage, SCANNER_SCRIPT } from './pages.js';
import '../session-types.js';

export const CHECKIN_ROOT = '/admin/checkin';
export const ACCOUNT_PATH = '/admin/account';
export const DOOR_BUNDLE = 'door.bundle.js';
/** Telegram's web clients frame Mini Apps; only the Mini App page lets them. */
const TELEGRAM_FRAME_ANCESTORS = "'self' https://web.telegram.org https://*.telegram.org";

export interface CheckinDeps {
  db: Database;
  ticketSecret: string;
  botToken: string;
  timeZone: string;
  botUsername: () => string | null;
  /** Whether cookies are Secure (PUBLIC_URL is https). */
  secure: boolean;
}

/**
 * The admin's login sessions, read in the door's own scope (the same store, cookie and secret as AdminJS's):
 * the door's routes answer for themselves — 401/403 in JSON, the Mini App by its token — instead of
 * AdminJS's redirect to the login page.
 */
export async function doorSessions(scope: FastifyInstance, options: FastifySessionOptions & { cookieName: string; secret: string }): Promise<void> {
  await scope.register(fastifyCookie, { secret: options.secret });
  await scope.register(fastifySession, options);
}

/**
 * Door staff (role `checkin`) may open the scanner, its search, their own account and the page that changes
 * their own password, nothing else: every other admin page redirects to the scanner, every other request is a
 * 403. Runs after the session's role is re-read (a role changed a moment ago counts).
 */
export function confineDoorStaff(scope: FastifyInstance, rootPath: string): void {
  const ownPassword = [`${rootPath}/pages/changePassword`, `${rootPath}/api/pages/changePassword`];
  const allowed = (p: string) =>
    p === CHECKIN_ROOT ||
    p.startsWith(`${CHECKIN_ROOT}/`) ||
    p === ACCOUNT_PATH ||
    p.startsWith(`${ACCOUNT_PATH}/`) ||
    ownPassword.includes(p) ||
    p === `${rootPath}/logout` ||
    p === `${rootPath}/login` ||
    p.startsWith(`${rootPath}/frontend/`);
  // On request (the role was just re-read from the database): refused before any body is read.
  scope.addHook('onRequest', async (request, reply) => {
    const session = request.session as FastifyRequest['session'] | undefined;
    if (session?.get('adminUser')?.role !== 'checkin') return;
    const pathname = routedPath(request); // the route the router matched, not a decoding of the raw URL
    if (!pathname.startsWith(rootPath) || allowed(pathname)) return;
    const isData = pathname.startsWith(`${rootPath}/api/`) || pathname.startsWith(`${rootPath}/export/`);
    if (request.method === 'GET' && !isData) return reply.redirect(CHECKIN_ROOT);
    return reply.code(403).send({ error: 'Forbidden' });
  });
}

function language(request: FastifyRequest): Language {
  return /^en\b/i.test(String(request.headers['accept-language'] ?? '')) ? 'en' : 'ru';
}

type Staff = { adminUserId: number; via: 'session' | 'token' };

/**
 * Who is scanning: the login session (browser), or a scanner token from the Mini App (Authorization: Bearer).
 * 401 without either, 403 for a role that may not check in.
 */
async function doorStaff(db: Database, request: FastifyRequest, reply: FastifyReply): Promise<Staff | null> {
  const auth = String(request.headers.authorization ?? '');
  if (auth.startsWith('Bearer ')) {
    const admin = await scannerTokenAdmin(db, auth.slice(7).trim());
    if (!admin) {
      await reply.code(401).send({ error: 'Unauthorized' });
      return null;
    }
    return { adminUserId: admin.id, via: 'token' };
  }
  const current = request.session?.get('adminUser');
  // The account as it is now: removed → 401, role changed → that role decides.
  const user = current ? await findAdminUser(db, Number(current.id)) : null;
  if (!user) {
    await reply.code(401).send({ error: 'Unauthorized' });
    return null;
  }
  if (!canCheckIn(user.role)) {
    await reply.code(403).send({ error: 'Forbidden' });
    return null;
  }
  return { adminUserId: user.id, via: 'session' };
}

/**
 * Who is scanning, if their budget of door calls (domain/checkin.ts, DOOR_CALL_LIMIT: scans, check-ins by id and
 * searches together) is not spent: 429 with Retry-After when it is.
 */
async function doorCall(db: Database, budget: DoorBudget, request: FastifyRequest, reply: FastifyReply): Promise<Staff | null> {
  const staff = await doorStaff(db, request, reply);
  if (!staff) return null;
  const verdict = await budget.take(staff.adminUserId);
  if (verdict.allowed) return staff;
  await reply
    .code(429)
    .header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))))
    .send({ error: 'Too many requests' });
  return null;
}

/** To the login page, and back here after it (the same short-lived cookie admin/auth-gate.ts uses). */
function toLogin(reply: FastifyReply, back: string, secure: boolean) {
  reply.setCookie('admin_next', back, { path: '/admin', httpOnly: true, sameSite: 'lax', secure, maxAge: 600 });
  return reply.redirect('/admin/login');
}

const scanActor = (staff: Staff): Actor => adminActor(staff.adminUserId, 'scan');

function competitionIdOf(value: unknown): number | null | 'bad' {
  if (value === undefined || value === null || value === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : 'bad';
}

async function competitionList(db: Database, timeZone: string) {
  return (await doorCompetitions(db, timeZone)).map((c) => ({ id: c.id, title: c.title, startsAt: c.startsAt ? formatForPeople(c.startsAt, timeZone) : '' }));
}

/** The door scanner, its JSON routes, the Mini App and "My account" (registered inside the admin's scope). */
export function checkinRoutes(scope: FastifyInstance, deps: CheckinDeps): void {
  const { db } = deps;
  const door: DoorOptions = { ticketSecret: deps.ticketSecret, timeZone: deps.timeZone };
  const budget = new DoorBudget(db);

  scope.get(SCANNER_SCRIPT, async (_request, reply) => {
    const file = path.join(assetsDir(), DOOR_BUNDLE);
    if (!fs.existsSync(file)) return reply.code(404).send({ error: 'The door scanner bundle is missing: run `npm run build`.' });
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(file));
  });

  // The scanner page (the login gate sends strangers to the login page first).
  scope.get(CHECKIN_ROOT, async (request, reply) => {
    const current = request.session.get('adminUser');
    const user = current ? await findAdminUser(db, Number(current.id)) : null;
    if (!user) return toLogin(reply, CHECKIN_ROOT, deps.secure);
    if (!canCheckIn(user.role)) return reply.code(403).type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>403</p>');
    const html = doorPage({
      mode: 'web',
      lang: language(request),
      competitions: await competitionList(db, deps.timeZone),
      me: { name: user.displayName, role: user.role },
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  // The Mini App page: public (Telegram's initData authenticates its requests); framed by Telegram's web clients.
  scope.get(`${CHECKIN_ROOT}/app`, async (request, reply) => {
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') {
      reply.header(
        'content-security-policy',
        csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${TELEGRAM_FRAME_ANCESTORS}`).replace(/script-src ([^;]*)/, 'script-src $1 https://telegram.org'),
      );
    }
    reply.removeHeader('x-frame-options');
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(doorPage({ mode: 'telegram', lang: language(request) }));
  });

  // initData → a scanner-only token for the shift. Forged, stale or unlinked → 401.
  scope.post<{ Body: { initData?: unknown } }>(`${CHECKIN_ROOT}/app/session`, async (request, reply) => {
    const initData = typeof request.body?.initData === 'string' ? request.body.initData : '';
    const exchanged = await exchangeInitData(db, deps.botToken, initData);
    if (!exchanged) return reply.code(401).send({ error: 'Unauthorized' });
    return reply.header('cache-control', 'no-store').send({
      token: exchanged.token,
      staff: staffName(exchanged.admin, language(request)),
      competitions: await competitionList(db, deps.timeZone),
    });
  });

  /**
   * POST /admin/checkin/scan {"code", "competitionId"?} → 200 {"result", "registration"}: `checked_in`,
   * `already_checked_in` (with when and by whom, a display name), `not_approved`, `wrong_competition` (with
   * `competition`, nobody's name), `invalid` (registration null). 401 without a session or scanner token, 403
   * for a role that may not check in, 400 for a body that is not one, 429 when the account's door calls are
   * spent. Cross-site POSTs never get here (admin/cross-site.ts).
   */
  scope.post<{ Body: { code?: unknown; competitionId?: unknown } }>(`${CHECKIN_ROOT}/scan`, async (request, reply) => {
    const competitionId = competitionIdOf(request.body?.competitionId);
    const code = request.body?.code;
    if (typeof code !== 'string' || competitionId === 'bad') {
      return (await doorStaff(db, request, reply)) ? reply.code(400).send({ error: 'Expected {"code": string, "competitionId"?: number}' }) : reply;
    }
    const staff = await doorCall(db, budget, request, reply);
    if (!staff) return reply;
    return reply.header('cache-control', 'no-store').send(await scanTicket(db, scanActor(staff), door, { code, competitionId }));
  });

  // Check-in of someone found by the search, in the competition at the door (same answers as a scan).
  scope.post<{ Body: { registrationId?: unknown; competitionId?: unknown } }>(`${CHECKIN_ROOT}/checkin`, async (request, reply) => {
    const id = competitionIdOf(request.body?.registrationId);
    const competitionId = competitionIdOf(request.body?.competitionId);
    if (typeof id !== 'number' || typeof competitionId !== 'number') {
      return (await doorStaff(db, request, reply)) ? reply.code(400).send({ error: 'Expected {"registrationId": number, "competitionId": number}' }) : reply;
    }
    const staff = await doorCall(db, budget, request, reply);
    if (!staff) return reply;
    return reply.header('cache-control', 'no-store').send(await checkInFromSearch(db, scanActor(staff), door, id, competitionId));
  });

  /**
   * POST /admin/checkin/undo {"registrationId"} → 200 {"result": "undone", "registration"}: the account's own
   * check-in of the last minutes (domain/checkin.ts, DOOR_UNDO_WINDOW_MS); 409 {"error", "message"} when it is
   * someone else's, older or not there. The same checks and budget as a check-in.
   */
  scope.post<{ Body: { registrationId?: unknown } }>(`${CHECKIN_ROOT}/undo`, async (request, reply) => {
    const id = competitionIdOf(request.body?.registrationId);
    if (typeof id !== 'number') {
      return (await doorStaff(db, request, reply)) ? reply.code(400).send({ error: 'Expected {"registrationId": number}' }) : reply;
    }
    const staff = await doorCall(db, budget, request, reply);
    if (!staff) return reply;
    try {
      const registration = await undoDoorCheckIn(db, scanActor(staff), door, id);
      return reply.header('cache-control', 'no-store').send({ result: 'undone', registration });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return reply.code(409).send({ error: error.key, message: translate(language(request), error.key, error.params) });
    }
  });

  // The search among a competition's approved people (phones masked), on the same budget, audited.
  scope.post<{ Body: { competitionId?: unknown; q?: unknown } }>(`${CHECKIN_ROOT}/search`, async (request, reply) => {
    const competitionId = competitionIdOf(request.body?.competitionId);
    if (typeof competitionId !== 'number' || typeof request.body?.q !== 'string') {
      return (await doorStaff(db, request, reply)) ? reply.code(400).send({ error: 'Expected {"competitionId": number, "q": string}' }) : reply;
    }
    const staff = await doorCall(db, budget, request, reply);
    if (!staff) return reply;
    return reply.header('cache-control', 'no-store').send({ people: await searchDoor(db, scanActor(staff), competitionId, request.body.q) });
  });

  scope.get<{ Querystring: { competitionId?: string } }>(`${CHECKIN_ROOT}/counts`, async (request, reply) => {
    const staff = await doorStaff(db, request, reply);
    if (!staff) return reply;
    const id = competitionIdOf(request.query.competitionId);
    if (typeof id !== 'number') return reply.code(400).send({ error: 'Expected ?competitionId=' });
    return reply.header('cache-control', 'no-store').send((await checkInCounts(db, [id])).get(id));
  });

  // "My account", open to every role: link or unlink Telegram.
  scope.get(ACCOUNT_PATH, async (request, reply) => {
    const current = request.session.get('adminUser');
    const user = current ? await findAdminUser(db, Number(current.id)) : null;
    if (!user) return toLogin(reply, ACCOUNT_PATH, deps.secure);
    const state = await telegramLinkState(db, user.id);
    const html = doorPage({
      mode: 'account',
      lang: language(request),
      account: { ...state, role: user.role, name: staffName(user, language(request)) },
      me: { name: user.displayName, role: user.role },
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  scope.post(`${ACCOUNT_PATH}/telegram-link`, async (request, reply) => {
    const current = request.session.get('adminUser');
    if (!current) return reply.code(401).send({ error: 'Unauthorized' });
    const bot = deps.botUsername();
    if (!bot) return reply.code(503).send({ error: 'bot username unknown' });
    const token = await createLinkToken(db, Number(current.id));
    return reply.header('cache-control', 'no-store').send({ link: `https://t.me/${bot}?start=staff_${token}` });
  });

  // Their own name, as colleagues see it ("отметил(а) Анна"): JSON {"name"} → {"name"}, 400 with the reason.
  scope.post<{ Body: { name?: unknown } }>(`${ACCOUNT_PATH}/name`, async (request, reply) => {
    const current = request.session.get('adminUser');
    if (!current) return reply.code(401).send({ error: 'Unauthorized' });
    try {
      const user = await setOwnDisplayName(db, Number(current.id), typeof request.body?.name === 'string' ? request.body.name : '');
      return reply.header('cache-control', 'no-store').send({ name: user.displayName });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return reply.code(400).send({ error: error.key, message: translate(language(request), error.key, error.params) });
    }
  });

  scope.post(`${ACCOUNT_PATH}/telegram-unlink`, async (request, reply) => {
    const current = request.session.get('adminUser');
    if (!current) return reply.code(401).send({ error: 'Unauthorized' });
    try {
      await unlinkTelegram(db, adminActor(Number(current.id)), Number(current.id));
    } catch (error) {
      if (error instanceof DomainError) return reply.code(404).send({ error: error.key });
      throw error;
    }
    return reply.send({ ok: true });
  });
}
