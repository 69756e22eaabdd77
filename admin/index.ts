import fs from 'node:fs';
import path from 'node:path';
import AdminJS, { type ActionRequest } from 'adminjs';
import { buildAuthenticatedRouter } from '@adminjs/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { BaseEntity } from 'typeorm';
import type { Database } from '../domain/infrastructure/database.js';
import { authenticate, languageOfHeader, toCurrentAdmin, type CurrentAdmin } from './auth.js';
import { changeOwnPassword, ensureFirstAdmin, findAdminUser, normalizeEmail } from '../domain/admin-accounts.js';
import { DomainError } from '../domain/errors.js';
import { assetsBuilt, assetsDir, createComponentLoader } from './components.js';
import { csvDisposition, registrationsCsv } from './csv.js';
import { dashboardData } from './dashboard.js';
import { domainBindings } from './domain-actions.js';
import { adminLanguage, translateDomainError, TRANSLATIONS } from './locale.js';
import { buildResources, isStaff } from './resources.js';
import type { ResourceContext } from './resource.js';
import { DatabaseSessionStore } from './session-store.js';
import { adminActor } from '../domain/index.js';
import { exportTitle, recordExport } from '../domain/read-models/registration-export.js';
import { formatInZone } from '../domain/time.js';
import { LoginThrottle } from '../domain/infrastructure/login-throttle.js';
import { renewSession, requireLogin } from './auth-gate.js';
import { refuseCrossSite } from './cross-site.js';
import { DEFAULT_LOGIN_LIMITS, PASSWORD_FORM_LIMIT, limitLogins, loginSucceeded, type LoginLimits } from './login-limits.js';
import { checkApiRequests } from './request-checks.js';
import { limitRouteBodies, refuseBodies } from './request-bodies.js';
import { hardenAdminPage, securityHeaders } from './security-headers.js';
import { checkinRoutes, confineDoorStaff, doorSessions } from './checkin/index.js';
import { logoutRoutes } from './logout.js';
import './session-types.js';

export const ADMIN_ROOT = '/admin';
/** A cup, as an inline SVG (the CSP allows data: images; nothing is fetched). */
const LOGO = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="40" height="40"><path d="M18 8h28v6h10v6c0 8-6 14-13 15-2 5-5 8-9 9v8h10v6H20v-6h10v-8c-4-1-7-4-9-9-7-1-13-7-13-15v-6h10z" fill="#e0a800"/><path d="M14 20h4v8c-3-1-4-4-4-8zm36 0h-4v8c3-1 4-4 4-8z" fill="#fff"/></svg>')}`;
const LOGIN_PATH = `${ADMIN_ROOT}/login`;
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const COOKIE_NAME = 'admin_session';

export { DEFAULT_LOGIN_LIMITS, type LoginLimits };

/** The slice of the configuration the admin reads; the composition root (server/) hands in the whole config. */
export interface AdminConfig {
  tzDisplay: string;
  sessionSecret: string;
  publicUrl: string;
  adminEmail: string;
  adminPassword: string;
  /** Door check-in: verifies the Mini App's initData (botToken) and signs tickets (ticketSecret). */
  botToken: string;
  ticketSecret: string;
}

export interface AdminDeps {
  config: AdminConfig;
  logger: Logger;
  db: Database;
  /** The bot's username for deep links (known once getMe answered), or null. */
  botUsername: () => string | null;
  loginLimits?: LoginLimits;
}

/** The browser bundles built by `npm run build` (dist/admin-assets), served instead of bundling at runtime. */
const PREBUILT = ['components.bundle.js', 'app.bundle.js', 'global.bundle.js', 'design-system.bundle.js'];

/**
 * The organizers' admin at /admin, as a plugin for buildApp's `extraPlugins`: AdminJS behind a login with
 * sessions in the database, login rate limits, roles, and the routes AdminJS lacks (CSV export).
 */
export function adminPlugin(deps: AdminDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    const { config, logger, db } = deps;
    await ensureFirstAdmin(db, config, logger);
    // @adminjs/typeorm reads entity metadata through BaseEntity; our reads and writes use `db` itself.
    BaseEntity.useDataSource(db.dataSource);
    // Never bundle at runtime: the bundle is built by `npm run build` (see scripts/build-steps/admin-bundle.mjs).
    process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
    if (!assetsBuilt()) logger.warn('The admin front-end bundle is missing (dist/admin-assets): run `npm run build`.');

    const ctx: ResourceContext = { db, timeZone: config.tzDisplay };
    const { loader, components } = createComponentLoader();
    const bindings = domainBindings({ ctx, components, rootPath: ADMIN_ROOT });
    const admin = new AdminJS({
      rootPath: ADMIN_ROOT,
      loginPath: LOGIN_PATH,
      logoutPath: `${ADMIN_ROOT}/logout`,
      componentLoader: loader,
      resources: buildResources({ ctx, components, botUsername: deps.botUsername, ...bindings }),
      // A picture rather than words in the corner: the same in Russian and English (the name is its alt text).
      branding: { companyName: 'Соревнования · админка', withMadeWithLove: false, logo: LOGO },
      // The browser's language picks Russian or English (en-US counts as en); Russian otherwise.
      locale: { language: 'ru', availableLanguages: ['ru', 'en'], localeDetection: true, translations: TRANSLATIONS, nonExplicitSupportedLngs: true, load: 'languageOnly' },
      dashboard: {
        component: components.Dashboard,
        handler: async () => dashboardData(ctx, ADMIN_ROOT),
      },
      pages: {
        changePassword: {
          component: components.ChangePassword,
          icon: 'Key',
          handler: async (request: ActionRequest, _response: unknown, context?: { currentAdmin?: unknown }) =>
            changeOwnPasswordPage(db, throttle, request, context?.currentAdmin as CurrentAdmin | undefined, adminLanguage(context)),
        },
      },
      settings: { defaultPerPage: 20 },
    });

    const throttle = new LoginThrottle(db);
    const limits = deps.loginLimits ?? DEFAULT_LOGIN_LIMITS;
    const secure = config.publicUrl.startsWith('https://');
    // On the root instance: every non-GET request under /admin, whichever scope serves it (the door scanner too).
    refuseCrossSite(app, { rootPath: ADMIN_ROOT, publicOrigin: config.publicUrl ? new URL(config.publicUrl).origin : null });

    const sessionOptions = {
      store: new DatabaseSessionStore(db, SESSION_TTL_MS),
      saveUninitialized: false,
      rolling: false,
      cookieName: COOKIE_NAME,
      secret: config.sessionSecret,
      cookie: { httpOnly: true, sameSite: 'lax' as const, secure, path: ADMIN_ROOT, maxAge: SESSION_TTL_MS },
    };

    await app.register(async (scope) => {
      await securityHeaders(scope);
      serveAssets(scope);
      limitLogins(scope, admin, throttle, limits, normalizeEmail);
      // Body limits of every route AdminJS adds below (its multipart parser's included).
      limitRouteBodies(scope, LOGIN_PATH);
      // Before AdminJS's routes: its GET logout is replaced as it is registered; logout is a POST.
      logoutRoutes(scope, { rootPath: ADMIN_ROOT, loginPath: LOGIN_PATH, logoutPath: `${ADMIN_ROOT}/logout` });

      await buildAuthenticatedRouter(
        admin,
        {
          authenticate: async (email: string, password: string, context?: { request: FastifyRequest }) => {
            const user = await authenticate(db, email, password);
            if (user && context) {
              // A new session id at login: a cookie planted before the login is worth nothing after it.
              await renewSession(context.request);
              await loginSucceeded(throttle, context.request, normalizeEmail(email), limits);
            }
            return user;
          },
          cookieName: COOKIE_NAME,
          cookiePassword: config.sessionSecret,
        },
        scope,
        sessionOptions,
      );
      // Each on request, after the session plugin has read the session and before any body is parsed, in this
      // order: the account as it is now, the login gate, the door staff's confinement, the body's type and size.
      refreshSessionAdmin(scope, db);
      requireLogin(scope, {
        rootPath: ADMIN_ROOT,
        loginPath: LOGIN_PATH,
        logoutPath: `${ADMIN_ROOT}/logout`,
        secure,
        isPublic: (pathname) => pathname.startsWith(`${ADMIN_ROOT}/frontend/`),
      });
      // Door staff (role checkin) see nothing of AdminJS but the way to the scanner.
      confineDoorStaff(scope, ADMIN_ROOT);
      refuseBodies(scope, { rootPath: ADMIN_ROOT, loginPath: LOGIN_PATH });
      checkApiRequests(scope, ADMIN_ROOT, admin);
      scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
        // AdminJS throws plain errors for a resource or record that does not exist: a 404, not an incident.
        if (error.name === 'NotFoundError' || /^There are no resources with given id/.test(error.message)) {
          request.log.warn({ url: request.url }, 'admin: not found');
          return reply.code(404).send({ error: 'Not found' });
        }
        const status = error.statusCode ?? 500;
        if (status >= 500) {
          request.log.error({ err: error }, 'admin request failed');
          return reply.code(status).send({ error: 'Internal Server Error' });
        }
        return reply.code(status).send({ error: error.message });
      });

      scope.get<{ Params: { id: string } }>(`${ADMIN_ROOT}/export/competitions/:id/registrations.csv`, async (request, reply) => {
        const current = request.session.get('adminUser');
        if (!current || !isStaff({ currentAdmin: current })) return reply.code(403).send({ error: 'Forbidden' });
        const id = Number(request.params.id);
        if (!Number.isInteger(id) || id <= 0) return reply.code(400).send({ error: 'Bad competition id' });
        const title = await exportTitle(db, id);
        if (title === null) return reply.code(404).send({ error: 'No such competition' });
        await recordExport(db, adminActor(Number(current.id), 'admin'), id);
        // The browser's first language decides, as for the pages (Russian unless it is English).
        const lang = languageOfHeader(request.headers['accept-language']);
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', csvDisposition(title, lang, formatInZone(new Date(), config.tzDisplay).slice(0, 10)))
          .header('cache-control', 'no-store');
        return reply.send(registrationsCsv(db, id, config.tzDisplay, lang));
      });
    });
    // Door check-in (admin/checkin/): a sibling of AdminJS's scope, so that the Mini App's token-authenticated
    // requests answer 401 rather than AdminJS's login redirect; same session store, cookie and headers.
    await app.register(async (door) => {
      await securityHeaders(door);
      await doorSessions(door, sessionOptions);
      limitRouteBodies(door, LOGIN_PATH);
      checkinRoutes(door, { db, ticketSecret: config.ticketSecret, botToken: config.botToken, timeZone: config.tzDisplay, botUsername: deps.botUsername, secure });
    });
    logger.info({ path: ADMIN_ROOT }, 'admin mounted');
  };
}

/** Serves the prebuilt bundles and drops the Google Fonts link: the admin works offline (system font). */
function serveAssets(scope: FastifyInstance): void {
  const dir = assetsDir();
  const files = new Map(PREBUILT.map((name) => [`${ADMIN_ROOT}/frontend/assets/${name}`, path.join(dir, name)]));
  scope.addHook('onRequest', async (request, reply) => {
    const file = files.get(request.url.split('?')[0]);
    if (!file || !fs.existsSync(file)) return;
    return reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(fs.createReadStream(file));
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      // AdminJS's pages put a large inline script before <meta charset>: without the charset in the header
      // a browser may guess another encoding and show the Russian labels as mojibake.
      reply.header('content-type', 'text/html; charset=utf-8');
      return hardenAdminPage(payload.replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, ''), reply.raw);
    }
    // AdminJS answers a refused action with 200 and an error notice; say 403 so that clients and logs see it.
    if (type.startsWith('application/json') && request.url.startsWith(`${ADMIN_ROOT}/api/`) && /"message":"(any)?[fF]orbiddenError"/.test(payload)) {
      reply.code(403);
    }
    return payload;
  });
}

/**
 * The session keeps who logged in; the row is re-read on each request — on request, before any body is read
 * and before the login gate — so a removed account or a changed role acts at once.
 */
function refreshSessionAdmin(scope: FastifyInstance, db: Database): void {
  scope.addHook('onRequest', async (request) => {
    // Requests outside AdminJS's routes (assets) may come without a session.
    const session = request.session as FastifyRequest['session'] | undefined;
    const current = session?.get('adminUser');
    if (!session || !current?.id) return;
    const user = await findAdminUser(db, Number(current.id));
    if (!user) {
      session.set('adminUser', undefined);
      return;
    }
    const fresh = toCurrentAdmin(user, languageOfHeader(request.headers['accept-language']));
    if (fresh.role !== current.role || fresh.email !== current.email || fresh.language !== current.language || fresh.title !== current.title) {
      session.set('adminUser', fresh);
    }
  });
}

/**
 * The "change password" page: current password, new one twice. Answers a message key for the browser.
 * Tries of the current password are limited like logins; the change ends the account's other sessions.
 */
async function changeOwnPasswordPage(db: Database, throttle: LoginThrottle, request: ActionRequest, currentAdmin: CurrentAdmin | undefined, language: 'ru' | 'en') {
  if (request.method !== 'post') return {};
  if (!currentAdmin) return { ok: false, messageKey: 'anyForbiddenError' };
  const { current = '', password = '', repeat = '' } = (request.payload ?? {}) as Record<string, string>;
  if (password !== repeat) return { ok: false, messageKey: 'passwordMismatch' };
  const key = `password:${currentAdmin.id}`;
  if (!(await throttle.attempt([{ key, limit: PASSWORD_FORM_LIMIT }])).allowed) return { ok: false, messageKey: 'tooManyLoginAttempts' };
  // AdminJS hands page handlers the Fastify request spread out, the session with it.
  const sid = (request as ActionRequest & { session?: { sessionId?: string } }).session?.sessionId ?? null;
  try {
    const changed = await changeOwnPassword(db, Number(currentAdmin.id), current, password, sid);
    if (changed) await throttle.reset(key);
    return changed ? { ok: true, messageKey: 'passwordChanged' } : { ok: false, messageKey: 'wrongCurrentPassword' };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: translateDomainError(error, language) };
    throw error;
  }
}
