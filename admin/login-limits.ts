import net from 'node:net';
import type AdminJS from 'adminjs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../domain/errors.js';
import type { LoginThrottle, ThrottleLimit, ThrottleVerdict } from '../domain/infrastructure/login-throttle.js';
import { routedPath } from './cross-site.js';

export interface LoginLimits {
  /** Failed logins per client (an IPv4 address, an IPv6 /64 network) per window. */
  perIp: number;
  /** Failed logins per e-mail from one client per window. */
  perEmail: number;
  windowMs: number;
  /**
   * The account's slow-down, from every client together: after `slowAfter` failed logins on one e-mail in the
   * window, a try is checked only `slowBaseMs` × 2^(failures − slowAfter), at most `slowMaxMs`, after the account's
   * last checked try; one sooner is answered 429 with Retry-After, unchecked and uncounted (it never lengthens the
   * wait). A slow-down, never a lockout: the owner waits at most `slowMaxMs`. A successful login clears it.
   */
  slowAfter: number;
  slowBaseMs: number;
  slowMaxMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIp: 30,
  perEmail: 8,
  windowMs: 15 * 60 * 1000,
  slowAfter: 10,
  slowBaseMs: 1000,
  slowMaxMs: 30 * 1000,
};

/** An IPv6 address's eight 16-bit groups (the address was checked by net.isIPv6; a zone id is dropped). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%')[0].toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16));
}

/**
 * Who a login limit counts as one client: an IPv4 address as it is; an IPv6 address by its /64 network (one
 * home or one server gets a whole /64, so counting single addresses would give it 2^64 allowances); an
 * IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4 address.
 */
export function loginClient(address: string): string {
  if (net.isIPv4(address)) return address;
  if (!net.isIPv6(address.split('%')[0])) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

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
  const client = loginClient(request.ip);
  return [
    { key: `ip:${client}`, limit: limit(limits.perIp) },
    { key: `email:${email}|${client}`, limit: limit(limits.perEmail) },
  ];
}

const accountKey = (email: string) => `account:${email}`;
const accountTurnKey = (email: string) => `account-turn:${email}`;

/**
 * The account's slow-down (see LoginLimits): whether this try may be checked now. The turn is taken in one
 * atomic statement (a key allowing one try per delay), so of many tries at the same moment one is checked.
 */
export async function accountTurn(throttle: LoginThrottle, email: string, limits: LoginLimits, now = new Date()): Promise<ThrottleVerdict> {
  const failures = await throttle.count(accountKey(email), limits.windowMs, now);
  const delayMs = failures < limits.slowAfter ? 0 : Math.min(limits.slowMaxMs, limits.slowBaseMs * 2 ** (failures - limits.slowAfter));
  const turn = await throttle.attempt([{ key: accountTurnKey(email), limit: { max: 1, windowMs: delayMs } }], now);
  if (!turn.allowed) return turn;
  return throttle.attempt([{ key: accountKey(email), limit: { max: Number.MAX_SAFE_INTEGER, windowMs: limits.windowMs } }], now);
}

/** A successful login: its try on the client's key is given back, the e-mail's keys and the account's slow-down cleared. */
export async function loginSucceeded(throttle: LoginThrottle, request: FastifyRequest, email: string, limits: LoginLimits): Promise<void> {
  const [client, emailOfClient] = loginKeys(request, email, limits).map((k) => k.key);
  await throttle.forgive([client]);
  for (const key of [emailOfClient, accountKey(email), accountTurnKey(email)]) await throttle.reset(key);
}

/**
 * Every login attempt is counted in the database before the password is checked (argon2 is slow on
 * purpose): over the limit, the login page answers 429 with Retry-After at once.
 */
export function limitLogins(scope: FastifyInstance, admin: AdminJS, throttle: LoginThrottle, limits: LoginLimits, normalizeEmail: (e: string) => string): void {
  const loginPath = admin.options.loginPath;
  scope.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || routedPath(request) !== loginPath) return;
    const email = normalizeEmail(String((request.body as Record<string, unknown> | undefined)?.email ?? ''));
    let verdict;
    try {
      verdict = await throttle.attempt(loginKeys(request, email, limits));
      // The client may try: then the account's slow-down (tries on one account from many clients).
      if (verdict.allowed) verdict = await accountTurn(throttle, email, limits);
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
    return reply
      .code(429)
      .header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))))
      .type('text/html')
      .send(html);
  });
}
