import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { loggableUrl } from '../domain/loggable-url.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A path as a browser would resolve it: percent-decoded and normalized (`/admin/%61pi/../api` → `/admin/api`). For
 * a redirect target; a request's guards use `routedPath` (the router reads `%2F` inside a parameter as data).
 */
export function normalizedPath(url: string): string {
  const raw = url.split('?')[0];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: compare the raw path; the router refuses it anyway.
  }
  return path.posix.normalize(decoded.replace(/\/{2,}/g, '/'));
}

/**
 * The path of the route the router matched for this request, for the admin's guards to decide on: the route's
 * pattern with each parameter filled in as the router decoded it, re-encoded so that it stays one segment
 * (`/admin/api/resources/Registration/search/..%2Fcheckin` is the search route with the query `../checkin`,
 * never `/admin/checkin`). A wildcard keeps its slashes. A request no route matched (a 404 to come) gives its raw
 * path. Available from onRequest on: Fastify routes a request before its first hook.
 */
export function routedPath(request: FastifyRequest): string {
  const pattern = request.routeOptions.url;
  if (pattern === undefined) return request.url.split('?')[0];
  const params = (request.params ?? {}) as Record<string, string | undefined>;
  const value = (name: string) => params[name] ?? '';
  return pattern
    .replace(/:(\w+)(\([^)]*\))?/g, (_all, name: string) => encodeURIComponent(value(name)))
    .replace(/\*$/, () => value('*').split('/').map(encodeURIComponent).join('/'));
}

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export interface CrossSiteOptions {
  /** Where the admin is mounted (/admin). */
  rootPath: string;
  /** The origin the admin is served from publicly (PUBLIC_URL's), if known. */
  publicOrigin: string | null;
}

/** The origin this request was made to, as the browser saw it (protocol and host, behind the trusted proxy). */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * CSRF, for every request under the admin's root, judged on the route the router matched (`routedPath`):
 * - a request that changes something (any method but GET/HEAD/OPTIONS) must come from the admin's own
 *   pages: `Sec-Fetch-Site: same-origin`, or — from a browser that does not send it — an `Origin` equal to
 *   the admin's; one with neither header is refused too (no browser sends a form or fetch without both);
 * - the API and the export, even read-only, refuse what another site started (a GET navigation with the
 *   session cookie, SameSite=Lax lets it through).
 * The session cookie is SameSite=Lax as a second line; actions that change data also run on POST only.
 */
export function refuseCrossSite(app: FastifyInstance, options: CrossSiteOptions): void {
  const { rootPath } = options;
  app.addHook('onRequest', async (request, reply) => {
    const pathname = routedPath(request);
    if (!isUnder(pathname, rootPath)) return;
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    if (!SAFE_METHODS.has(request.method)) {
      if (site !== undefined) {
        if (site === 'same-origin') return;
        return refuse(reply, `cross-site ${request.method} (Sec-Fetch-Site: ${site})`, request);
      }
      if (origin && (origin === ownOrigin(request) || origin === options.publicOrigin)) return;
      return refuse(reply, origin ? `foreign Origin ${origin}` : `${request.method} without Sec-Fetch-Site or Origin`, request);
    }
    const readsData = isUnder(pathname, `${rootPath}/api`) || isUnder(pathname, `${rootPath}/export`);
    if (readsData && (site === 'cross-site' || site === 'same-site')) return refuse(reply, `cross-site read of ${pathname}`, request);
    if (readsData && site === undefined && origin && origin !== ownOrigin(request) && origin !== options.publicOrigin) {
      return refuse(reply, `foreign Origin ${origin}`, request);
    }
  });
}

function refuse(reply: { code(status: number): { send(body: unknown): unknown } }, reason: string, request: FastifyRequest) {
  request.log.warn({ reason, url: loggableUrl(request.url) }, 'admin: cross-site request refused');
  return reply.code(403).send({ error: 'Cross-site request refused' });
}
