import fs from 'node:fs';
import path from 'node:path';
import AdminJS, { type ActionRequest } from 'adminjs';
import { buildAuthenticatedRouter } from '@adminjs/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { BaseEntity } from 'typeorm';
import type { Database } from '../domain/infrastructure/database.js';
import { authenticate, languageOfHeader, toCurrentAdmin, type CurrentAdmin } from './auth.js';
import { ensureFirstAdmin, findAdminUser, normalizeEmail } from '../domain/admin-accounts.js';
import { assetsBuilt, assetsDir, createComponentLoader } from './components.js';
import { exportRoutes } from './export-route.js';
import { answerFileRoutes } from './answer-files.js';
import { printRoutes } from './print/index.js';
import { changeOwnPasswordPage } from './change-password.js';
import { dashboardData } from './dashboard.js';
import { adminLanguage, TRANSLATIONS } from './locale.js';
import { buildResources, type ResourceContext } from './resources/index.js';
import { DatabaseSessionStore } from './session-store.js';
import { LoginThrottle } from '../domain/infrastructure/login-throttle.js';
import { renewSession, requireLogin } from './auth-gate.js';
import { refuseCrossSite } from './cross-site.js';
import { DEFAULT_LOGIN_LIMITS, limitLogins, loginSucceeded, type LoginLimits } from './login-limits.js';
import { checkApiRequests } from './request-checks.js';
import { limitRouteBodies, refuseBodies } from './request-bodies.js';
import { isForbiddenAnswer, mendAdminPage, securityHeaders } from './security-headers.js';
import { checkinRoutes, confineDoorStaff, doorSessions } from './checkin/index.js';
import { logoutRoutes } from './logout.js';
import './session-types.js';
import { loggableUrl } from '../domain/loggable-url.js';

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
  /** Files people sent as answers are fetched through the Bot API (admin/answer-files.ts). */
  telegramApiRoot: string;
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
    if (!assetsBuilt()) logger.warn('The admin front-end bundle is missing (dist/admin-assets): run `npm run build`.');

    const ctx: ResourceContext = { db, timeZone: config.tzDisplay };
    const { loader, components } = createComponentLoader();
    const admin = new AdminJS({
      rootPath: ADMIN_ROOT,
      loginPath: LOGIN_PATH,
      logoutPath: `${ADMIN_ROOT}/logout`,
      componentLoader: loader,
      resources: buildResources({ ctx, components, botUsername: deps.botUsername, rootPath: ADMIN_ROOT }),
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

    // The front-end is never bundled at run time: `npm run build` bundles it (scripts/build-steps/admin-bundle.mjs)
    // and serveAssets() serves it. AdminJS's initialize() would bundle in production unless an environment
    // variable said not to; replacing it on this instance leaves the process's environment as the operator set
    // it. (Not a subclass: @adminjs/fastify accepts only an instance whose constructor is named AdminJS.)
    admin.initialize = async () => {};

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
          request.log.warn({ url: loggableUrl(request.url) }, 'admin: not found');
          return reply.code(404).send({ error: 'Not found' });
        }
        const status = error.statusCode ?? 500;
        if (status >= 500) {
          request.log.error({ err: error }, 'admin request failed');
          return reply.code(status).send({ error: 'Internal Server Error' });
        }
        return reply.code(status).send({ error: error.message });
      });

      exportRoutes(scope, { rootPath: ADMIN_ROOT, db, timeZone: config.tzDisplay });
      answerFileRoutes(scope, { rootPath: ADMIN_ROOT, db, botToken: config.botToken, telegramApiRoot: config.telegramApiRoot });
      printRoutes(scope, { rootPath: ADMIN_ROOT, db, timeZone: config.tzDisplay, ticketSecret: config.ticketSecret, botUsername: deps.botUsername });
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
    return reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(fs.createReadStream(file));
  });
  // The one hook that looks at AdminJS's answers (no hook of AdminJS reaches its page template or the status
  // of a refused action: docs/decisions.md, "What the admin mends in AdminJS's answers").
  scope.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      // AdminJS's pages put a large inline script before <meta charset>: without the charset in the header
      // a browser may guess another encoding and show the Russian labels as mojibake.
      reply.header('content-type', 'text/html; charset=utf-8');
      return mendAdminPage(payload, reply.raw);
    }
    // AdminJS answers a refused action with 200 and an error notice; say 403 so that clients and logs see it.
    if (type.startsWith('application/json') && request.url.startsWith(`${ADMIN_ROOT}/api/`) && isForbiddenAnswer(payload)) reply.code(403);
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
