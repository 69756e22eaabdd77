import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { translator } from '../i18n/index.js';
import { languageOfHeader } from './auth.js';
import './session-types.js';

export interface LogoutOptions {
  rootPath: string;
  loginPath: string;
  logoutPath: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "Log out of the admin?" with a button that POSTs: what an old bookmark or a link to the logout URL shows. */
function logoutPage(request: FastifyRequest, options: LogoutOptions): string {
  const lang = languageOfHeader(request.headers['accept-language']);
  const t = translator(lang);
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(t('admin.logout_title'))}</title>
<style>body{margin:0;font:16px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#111}
main{max-width:420px;margin:15vh auto;padding:24px;background:#fff;border-radius:12px}h1{font-size:22px;margin:0 0 16px}
button{font:inherit;padding:10px 24px;border:0;border-radius:8px;background:#1f4fd1;color:#fff;cursor:pointer}a{color:#1f4fd1}</style></head>
<body><main><h1>${escapeHtml(t('admin.logout_title'))}</h1>
<form method="post" action="${options.logoutPath}"><button type="submit">${escapeHtml(t('admin.logout_button'))}</button></form>
<p><a href="${options.rootPath}">${escapeHtml(t('admin.logout_back'))}</a></p></main></body></html>`;
}

/**
 * Logout ends the session on POST only — a POST under /admin passes the cross-site check (admin/cross-site.ts)
 * only from the admin's own pages — so another site can no longer log an organizer out with a link or
 * `location = …/admin/logout`. GET (and HEAD) of the logout URL end nothing: they show a page whose button
 * POSTs (or send a visitor without a session to the login page).
 *
 * @adminjs/fastify registers its own GET handler that destroys the session; this replaces that handler as the
 * route is registered (an onRoute hook), so call it BEFORE buildAuthenticatedRouter. AdminJS's top-bar logout
 * is replaced by admin/components/logged-in.tsx, which POSTs.
 */
export function logoutRoutes(scope: FastifyInstance, options: LogoutOptions): void {
  const { loginPath, logoutPath } = options;
  const onGet: RouteHandlerMethod = async (request, reply) => {
    if (!request.session?.get('adminUser')) return reply.redirect(loginPath);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(logoutPage(request, options));
  };
  scope.addHook('onRoute', (route) => {
    if (route.url !== logoutPath) return;
    const methods = [route.method].flat();
    if (methods.includes('GET') || methods.includes('HEAD')) route.handler = onGet;
  });
  scope.post(logoutPath, async (request, reply) => {
    await request.session.destroy();
    return reply.redirect(loginPath);
  });
}
