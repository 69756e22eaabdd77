import fs from 'node:fs';
import path from 'node:path';
import AdminJS, { type ActionRequest } from 'adminjs';
import { buildAuthenticatedRouter } from '@adminjs/fastify';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { BaseEntity } from 'typeorm';
import type { Database } from '../domain/database.js';
import { authenticate, toCurrentAdmin, type CurrentAdmin } from './auth.js';
import { changeOwnPassword, ensureFirstAdmin, findAdminUser, normalizeEmail } from '../domain/admin-accounts.js';
import { DomainError } from '../domain/errors.js';
import { assetsBuilt, assetsDir, createComponentLoader } from './components.js';
import { registrationsCsv } from './csv.js';
import { dashboardData } from './dashboard.js';
import { domainBindings } from './domain-actions.js';
import { adminLanguage, translateDomainError, TRANSLATIONS } from './locale.js';
import { buildResources, isStaff } from './resources.js';
import type { ResourceContext } from './resource.js';
import { DatabaseSessionStore } from './session-store.js';
import { adminActor, competitionExists } from '../domain/index.js';
import { recordExport } from '../domain/registration-export.js';

export const ADMIN_ROOT = '/admin';
const LOGIN_PATH = `${ADMIN_ROOT}/login`;
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const COOKIE_NAME = 'admin_session';

export interface LoginLimits {
  /** Failed logins per client IP per window. */
  perIp: number;
  /** Failed logins per e-mail per window (whichever IP they come from). */
  perEmail: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 30, perEmail: 8, windowMs: 15 * 60 * 1000 };

/** The slice of the configuration the admin reads; the composition root (server/) hands in the whole config. */
export interface AdminConfig {
  tzDisplay: string;
  sessionSecret: string;
  publicUrl: string;
  adminEmail: string;
  adminPassword: string;
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
      branding: { companyName: 'Соревнования · админка', withMadeWithLove: false, logo: false },
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
            changeOwnPasswordPage(db, request, context?.currentAdmin as CurrentAdmin | undefined, adminLanguage(context)),
        },
      },
      settings: { defaultPerPage: 20 },
    });

    await app.register(async (scope) => {
      await scope.register(rateLimit, { global: false });
      refuseCrossSite(scope);
      serveAssets(scope);
      const countFailure = limitLogins(scope, admin, deps.loginLimits ?? DEFAULT_LOGIN_LIMITS);
      refreshSessionAdmin(scope, db);

      await buildAuthenticatedRouter(
        admin,
        {
          authenticate: async (email: string, password: string, context?: { request: FastifyRequest }) => {
            const user = await authenticate(db, email, password);
            if (!user && context) await countFailure(context.request);
            return user;
          },
          cookieName: COOKIE_NAME,
          cookiePassword: config.sessionSecret,
        },
        scope,
        {
          store: new DatabaseSessionStore(db, SESSION_TTL_MS),
          saveUninitialized: false,
          rolling: false,
          cookieName: COOKIE_NAME,
          secret: config.sessionSecret,
          cookie: {
            httpOnly: true,
            sameSite: 'lax',
            secure: config.publicUrl.startsWith('https://'),
            path: ADMIN_ROOT,
            maxAge: SESSION_TTL_MS,
          },
        },
      );

      scope.get<{ Params: { id: string } }>(`${ADMIN_ROOT}/export/competitions/:id/registrations.csv`, async (request, reply) => {
        const current = request.session.get('adminUser');
        if (!current || !isStaff({ currentAdmin: current })) return reply.code(403).send({ error: 'Forbidden' });
        const id = Number(request.params.id);
        if (!Number.isInteger(id) || id <= 0) return reply.code(400).send({ error: 'Bad competition id' });
        if (!(await competitionExists(db, id))) return reply.code(404).send({ error: 'No such competition' });
        await recordExport(db, adminActor(Number(current.id), 'admin'), id);
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="registrations-${id}.csv"`)
          .header('cache-control', 'no-store');
        return reply.send(registrationsCsv(db, id, config.tzDisplay));
      });
    });
    logger.info({ path: ADMIN_ROOT }, 'admin mounted');
  };
}

/**
 * CSRF: the session cookie is SameSite=Lax, which still rides along on a top-level GET from another site,
 * and AdminJS runs form-less actions (approve, check in…) with GET. Browsers say where a request comes
 * from (Sec-Fetch-Site): API calls, exports and logins that another site started are refused.
 */
function refuseCrossSite(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request, reply) => {
    const site = request.headers['sec-fetch-site'];
    if (site !== 'cross-site' && site !== 'same-site') return;
    const url = request.url;
    if (url.startsWith(`${ADMIN_ROOT}/api/`) || url.startsWith(`${ADMIN_ROOT}/export/`) || (request.method === 'POST' && url.startsWith(LOGIN_PATH))) {
      return reply.code(403).send({ error: 'Cross-site request refused' });
    }
  });
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
      return payload.replace(/<link[^>]+fonts\.googleapis\.com[^>]*>/g, '');
    }
    // AdminJS answers a refused action with 200 and an error notice; say 403 so that clients and logs see it.
    if (type.startsWith('application/json') && request.url.startsWith(`${ADMIN_ROOT}/api/`) && /"message":"(any)?[fF]orbiddenError"/.test(payload)) {
      reply.code(403);
    }
    return payload;
  });
}

/**
 * Failed logins are limited per IP and per e-mail. @fastify/rate-limit's limiters count each failure in
 * their window; a key over its limit is refused (429, with a clear message on the login page) until its
 * window ends, before the password is even checked. Successful logins count for nothing.
 */
function limitLogins(scope: FastifyInstance, admin: AdminJS, limits: LoginLimits) {
  const ipKey = (req: FastifyRequest) => `ip:${req.ip}`;
  const emailKey = (req: FastifyRequest) => `email:${normalizeEmail(String((req.body as Record<string, unknown> | undefined)?.email ?? ''))}`;
  const perIp = scope.createRateLimit({ max: limits.perIp, timeWindow: limits.windowMs, keyGenerator: ipKey });
  const perEmail = scope.createRateLimit({ max: limits.perEmail, timeWindow: limits.windowMs, keyGenerator: emailKey });
  /** Keys over their limit → when their window ends. */
  const blocked = new Map<string, number>();

  scope.addHook('preHandler', async (request: FastifyRequest, reply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== LOGIN_PATH) return;
    const now = Date.now();
    const until = Math.max(...[ipKey(request), emailKey(request)].map((key) => {
      const end = blocked.get(key) ?? 0;
      if (end && end <= now) blocked.delete(key);
      return end;
    }));
    if (until <= now) return;
    request.log.warn({ ip: request.ip }, 'admin login rate limit reached');
    const html = await admin.renderLogin({ action: LOGIN_PATH, errorMessage: 'tooManyLoginAttempts' });
    return reply.code(429).header('retry-after', String(Math.ceil((until - now) / 1000))).type('text/html').send(html);
  });

  /** Counts a failed login; keys that went over their limit are refused until their window ends. */
  return async function countFailure(request: FastifyRequest): Promise<void> {
    for (const limiter of [perIp, perEmail]) {
      const result = await limiter(request);
      // The failure that uses up the allowance blocks the key: the next attempt is refused.
      if (!result.isAllowed && result.remaining === 0) blocked.set(result.key, Date.now() + result.ttl);
    }
    if (blocked.size > 10_000) for (const [key, end] of blocked) if (end <= Date.now()) blocked.delete(key);
  };
}

/** The session keeps who logged in; the row is re-read on each request so a removed account or a changed role acts at once. */
function refreshSessionAdmin(scope: FastifyInstance, db: Database): void {
  scope.addHook('preHandler', async (request) => {
    // Requests outside AdminJS's routes (assets) may come without a session.
    const session = request.session as FastifyRequest['session'] | undefined;
    const current = session?.get('adminUser');
    if (!session || !current?.id) return;
    const user = await findAdminUser(db, Number(current.id));
    if (!user) {
      session.set('adminUser', undefined);
      return;
    }
    const fresh = toCurrentAdmin(user);
    if (fresh.role !== current.role || fresh.email !== current.email) session.set('adminUser', fresh);
  });
}

/** The "change password" page: current password, new one twice. Answers a message key for the browser. */
async function changeOwnPasswordPage(db: Database, request: ActionRequest, currentAdmin: CurrentAdmin | undefined, language: 'ru' | 'en') {
  if (request.method !== 'post') return {};
  if (!currentAdmin) return { ok: false, messageKey: 'anyForbiddenError' };
  const { current = '', password = '', repeat = '' } = (request.payload ?? {}) as Record<string, string>;
  if (password !== repeat) return { ok: false, messageKey: 'passwordMismatch' };
  try {
    const changed = await changeOwnPassword(db, Number(currentAdmin.id), current, password);
    return changed ? { ok: true, messageKey: 'passwordChanged' } : { ok: false, messageKey: 'wrongCurrentPassword' };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, message: translateDomainError(error, language) };
    throw error;
  }
}
