import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizedPath, routedPath } from './cross-site.js';
import './session-types.js';

const NEXT_COOKIE = 'admin_next';
const NEXT_TTL_S = 10 * 60;

export interface AuthGateOptions {
  rootPath: string;
  loginPath: string;
  logoutPath: string;
  /** Paths anyone may load (the front-end bundles and assets). */
  isPublic: (pathname: string) => boolean;
  /** Whether the cookie is Secure (https). */
  secure: boolean;
}

/**
 * Everything under the admin but the login page and the public assets needs a login. Checked on request,
 * right after the session is read and before any body is parsed (the upload parser never runs for a stranger).
 * A visitor who is not logged in is sent to the login page WITHOUT a session being stored: where they were
 * going rides in a short-lived cookie of its own, so anonymous traffic writes nothing to the database.
 */
export function requireLogin(scope: FastifyInstance, options: AuthGateOptions): void {
  const { rootPath, loginPath, logoutPath } = options;
  scope.addHook('onRequest', async (request, reply) => {
    const pathname = routedPath(request);
    if (pathname !== rootPath && !pathname.startsWith(`${rootPath}/`)) return;
    if (pathname === loginPath || pathname === logoutPath || options.isPublic(pathname)) return;
    if (request.session.get('adminUser')) return;
    if (request.method === 'GET' && !pathname.startsWith(`${rootPath}/api/`)) {
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      reply.setCookie(NEXT_COOKIE, `${pathname}${search}`, { path: rootPath, httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: NEXT_TTL_S });
    }
    return reply.redirect(loginPath);
  });

  // After a successful login, back to where they were going (only ever a page of the admin).
  scope.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'POST' || routedPath(request) !== loginPath || reply.statusCode !== 302) return payload;
    const next = request.cookies[NEXT_COOKIE];
    if (next) {
      reply.clearCookie(NEXT_COOKIE, { path: rootPath });
      if (isAdminPage(next, rootPath, loginPath)) reply.header('location', next);
    }
    return payload;
  });
}

/** A same-site path under the admin (no scheme, no `//host`, no backslash tricks), not the login page. */
function isAdminPage(target: string, rootPath: string, loginPath: string): boolean {
  if (!target.startsWith(`${rootPath}`) || /[\\\s]|\/\//.test(target)) return false;
  const pathname = normalizedPath(target);
  return (pathname === rootPath || pathname.startsWith(`${rootPath}/`)) && pathname !== loginPath;
}

/** Gives the session a new id (keeping nothing but what is named): at login, against session fixation. */
export async function renewSession(request: FastifyRequest): Promise<void> {
  await request.session.regenerate();
}

export type { FastifyReply };
