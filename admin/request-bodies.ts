import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { routedPath } from './cross-site.js';
import './session-types.js';
import { loggableUrl } from '../domain/loggable-url.js';

/**
 * How big a request body the admin takes, by who sends it. Every number here is in docs/admin.md.
 *
 * - The login: `application/x-www-form-urlencoded` only (the login page's form), at most 4 KiB.
 * - Logged-in admins and organizers: JSON and urlencoded up to 256 KiB; multipart (AdminJS's record forms post
 *   FormData) up to 256 KiB in all, declared by Content-Length, with no file part, at most 200 parts and fields,
 *   each field at most 64 KiB.
 * - Anybody else — anonymous visitors, door staff (role `checkin`) — never multipart.
 */
export const LOGIN_BODY_LIMIT = 4 * 1024;
export const ADMIN_BODY_LIMIT = 256 * 1024;
export const MULTIPART_LIMITS = {
  files: 0,
  parts: 200,
  fields: 200,
  fieldSize: 64 * 1024,
  fieldNameSize: 200,
  headerPairs: 20,
} as const;

/** The roles that may post AdminJS's multipart forms. */
const MULTIPART_ROLES = new Set(['admin', 'organizer']);
const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\//i.test(String(request.headers['content-type'] ?? '').trim());
}

function declaredLength(request: FastifyRequest): number | null {
  const header = request.headers['content-length'];
  if (header === undefined) return null;
  const length = Number(header);
  return Number.isFinite(length) ? length : null;
}

function refuse(reply: FastifyReply, request: FastifyRequest, status: 411 | 413 | 415, reason: string) {
  request.log.warn({ url: loggableUrl(request.url), reason }, 'admin: request body refused');
  // The connection is closed after the answer: the rest of the body is not worth reading.
  return reply.code(status).header('connection', 'close').send({ error: reason });
}

/**
 * Sets every admin route's body limit and AdminJS's multipart limits, as routes are added to `scope`. Must be
 * called BEFORE the routes are registered (before `buildAuthenticatedRouter`): @adminjs/fastify registers
 * @fastify/multipart with its defaults (1,000 parts of 1 MiB, in memory) and no way to pass options, but the
 * plugin reads per-route limits from `config.multipartOptions` (see docs/decisions.md).
 */
export function limitRouteBodies(scope: FastifyInstance, loginPath: string): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    const isLogin = route.url === loginPath;
    const limit = isLogin ? LOGIN_BODY_LIMIT : ADMIN_BODY_LIMIT;
    route.bodyLimit = Math.min(route.bodyLimit ?? limit, limit);
    route.config = { ...(route.config as object | undefined), multipartOptions: { limits: { ...MULTIPART_LIMITS } } } as RouteOptions['config'];
  });
}

/**
 * Refuses, on request — after the session is read, before any body is parsed — every body the sender may not
 * send: the login takes a small form only (415 for any other type, 413 over 4 KiB); multipart only from a
 * logged-in admin or organizer (415 for anonymous visitors and door staff), declared by a Content-Length
 * within 256 KiB (411 without one, 413 over it). The answer goes out while the client is still sending.
 * Also, after the parse: a multipart field cut at its size limit is a 413, not a truncated value.
 */
export function refuseBodies(scope: FastifyInstance, options: { rootPath: string; loginPath: string }): void {
  const { rootPath, loginPath } = options;
  scope.addHook('onRequest', async (request, reply) => {
    if (NO_BODY.has(request.method)) return;
    const pathname = routedPath(request);
    if (pathname !== rootPath && !pathname.startsWith(`${rootPath}/`)) return;
    const length = declaredLength(request);
    if (pathname === loginPath) {
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') return refuse(reply, request, 415, 'The login takes a form (application/x-www-form-urlencoded) only');
      if (length !== null && length > LOGIN_BODY_LIMIT) return refuse(reply, request, 413, 'Request body is too large');
      return;
    }
    if (isMultipart(request)) {
      const role = (request.session as FastifyRequest['session'] | undefined)?.get('adminUser')?.role;
      if (!role || !MULTIPART_ROLES.has(String(role))) return refuse(reply, request, 415, 'Multipart bodies are not accepted here');
      if (length === null) return refuse(reply, request, 411, 'A multipart body needs a Content-Length');
    }
    if (length !== null && length > ADMIN_BODY_LIMIT) return refuse(reply, request, 413, 'Request body is too large');
  });
  scope.addHook('preHandler', async (request, reply) => {
    // Decorated by @fastify/multipart (registered by @adminjs/fastify).
    if (!(request as FastifyRequest & { isMultipart?: () => boolean }).isMultipart?.()) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parts = Object.values(body).flatMap((v) => (Array.isArray(v) ? v : [v])) as Array<{ valueTruncated?: boolean; fieldnameTruncated?: boolean }>;
    if (parts.some((p) => p?.valueTruncated || p?.fieldnameTruncated)) return refuse(reply, request, 413, 'A form field is too large');
  });
}
