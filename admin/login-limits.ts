import type AdminJS from 'adminjs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../domain/errors.js';
import type { LoginThrottle, ThrottleLimit } from '../domain/login-throttle.js';
import { normalizedPath } from './cross-site.js';

export interface LoginLimits {
  /** Failed logins per client address per window. */
  perIp: number;
  /** Failed logins per e-mail from one client address per window. */
  perEmail: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 30, perEmail: 8, windowMs: 15 * 60 * 1000 };

/** The password form of the logged-in admin ("current password"): a few tries per window. */
export const PASSWORD_FORM_LIMIT: ThrottleLimit = { max: 5, windowMs: 15 * 60 * 1000 };

/**
 * The keys of a login attempt. The e-mail is counted together with the client address: guessing one
 * account's password is limited, but nobody can lock an organizer out by failing logins with their e-mail
 * from somewhere else. The address is the client's as the trusted proxy reports it (TRUST_PROXY), never a
 * header the client wrote itself.
 */
export function loginKeys(request: FastifyRequest, email: string, limits: LoginLimits) {
  const limit = (max: number): ThrottleLimit => ({ max, windowMs: limits.windowMs });
  return [
    { key: `ip:${request.ip}`, limit: limit(limits.perIp) },
    { key: `email:${email}|${request.ip}`, limit: limit(limits.perEmail) },
  ];
}

/**
 * Every login attempt is counted in the database before the password is checked (argon2 is slow on
 * purpose): over the limit, the login page answers 429 with Retry-After at once.
 */
export function limitLogins(scope: FastifyInstance, admin: AdminJS, throttle: LoginThrottle, limits: LoginLimits, normalizeEmail: (e: string) => string): void {
  const loginPath = admin.options.loginPath;
  scope.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || normalizedPath(request.url) !== loginPath) return;
    const email = normalizeEmail(String((request.body as Record<string, unknown> | undefined)?.email ?? ''));
    let verdict;
    try {
      verdict = await throttle.attempt(loginKeys(request, email, limits));
    } catch (error) {
      // An attempt that could not be counted (the database busy: a burst, SQLite's write lock held by another
      // process past its busy timeout) is not checked either: 503, "try again in a moment", never a 500.
      if (!isDatabaseUnavailable(error)) throw error;
      request.log.warn({ err: error, ip: request.ip }, 'admin login not counted: database busy');
      const html = await admin.renderLogin({ action: loginPath, errorMessage: 'loginBusy' });
      return reply.code(503).header('retry-after', '5').type('text/html').send(html);
    }
    if (verdict.allowed) return;
    request.log.warn({ ip: request.ip }, 'admin login rate limit reached');
    const html = await admin.renderLogin({ action: loginPath, errorMessage: 'tooManyLoginAttempts' });
    return reply.code(429).header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)))).type('text/html').send(html);
  });
}
