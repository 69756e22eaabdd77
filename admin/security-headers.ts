import crypto from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

const NONCE = Symbol('admin script nonce');
type WithNonce = ServerResponse & { [NONCE]?: string };

/**
 * Security headers for the admin's pages (@fastify/helmet): no framing by other sites, no MIME sniffing, no
 * referrer leaving the site, and a content security policy the AdminJS bundle satisfies — its own scripts
 * only, plus AdminJS's inline boot scripts, which carry a per-response nonce (see `mendAdminPage`).
 * Styles may be inline: AdminJS's styled-components writes <style> tags at run time.
 */
export async function securityHeaders(scope: FastifyInstance): Promise<void> {
  scope.addHook('onRequest', async (_request, reply) => {
    (reply.raw as WithNonce)[NONCE] = crypto.randomBytes(16).toString('base64');
  });
  await scope.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${(res as WithNonce)[NONCE]}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // The admin is served over the TLS proxy's https; HSTS is that proxy's to set for the whole host.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}

/*
 * AdminJS's inline boot scripts, exactly as its page templates write them (adminjs/lib/frontend/layout-template.js
 * and login-template.js, 7.8): the state script (window.REDUX_STATE and window.THEME as JSON, on one line each:
 * JSON.stringify writes no raw newline), the login page's window.__APP_STATE__, and the script that renders the app.
 * AdminJS offers no hook into these templates (its AppController imports the layout directly), so the page is
 * mended here, in the one onSend that sees every admin page (see docs/decisions.md).
 */
const STATE_SCRIPT =
  /(<script>\s*window\.REDUX_STATE = )([^\n]*)(;\s*window\.THEME = )([^\n]*)(;\s*(?:window\.THEME_COMPONENTS = \{\};\s*)?window\.AdminJS = \{ Components: \{\} \};\s*<\/script>)/;
const APP_STATE_SCRIPT =
  /(<script>\s*try \{\s*window\.__APP_STATE__ = JSON\.parse\(')([^\n]*)('\);\s*\} catch \(e\) \{\s*console\.log\(e\)\s*window\.__APP_STATE__ = \{\};\s*\}\s*<\/script>)/;
const STATE_TEXT = /^window\.REDUX_STATE = ([^\n]*);\s*window\.THEME = ([^\n]*);\s*(?:window\.THEME_COMPONENTS = \{\};\s*)?window\.AdminJS = \{ Components: \{\} \};$/;
const APP_STATE_TEXT = /^try \{\s*window\.__APP_STATE__ = JSON\.parse\('[^\n]*'\);\s*\} catch \(e\) \{\s*console\.log\(e\)\s*window\.__APP_STATE__ = \{\};\s*\}$/;
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const RENDER_TEXTS = new Set([
  "var app = document.getElementById('app'); var root = createRoot(app) root.render(AdminJS.Application);",
  "var app = document.getElementById('app'); var root = createRoot(app); const CustomLoginApplication = AdminJS.UserComponents && AdminJS.UserComponents.LoginApplication; const LoginApplication = AdminJS.LoginApplication; root.render(LoginApplication);",
]);

/** JSON made safe inside a <script> element: no `<` (so no `</script>`, no `<!--`); the same value for JavaScript. */
export function scriptSafeJson(json: string): string {
  return json.replace(/</g, '\\u003c');
}

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

function isBootScript(text: string): boolean {
  const state = STATE_TEXT.exec(text);
  if (state) return parses(state[1]) && parses(state[2]);
  return APP_STATE_TEXT.test(text) || RENDER_TEXTS.has(squash(text));
}

/** AdminJS's layout links Google Fonts; the admin works offline with the system font (and the CSP refuses them). */
const FONT_LINK = /<link[^>]+fonts\.googleapis\.com[^>]*>/g;

/**
 * An AdminJS page made safe to send: the JSON its boot scripts embed has its `<` escaped (an e-mail like
 * `p</script><script>…` stays a string), this response's nonce goes on AdminJS's own boot scripts only —
 * recognised by their whole text — so that any other inline script, wherever it came from, is refused by the
 * content security policy; and the font links go. AdminJS 7 has no hook into its page templates (its
 * AppController imports them directly), hence text (docs/decisions.md).
 */
export function mendAdminPage(html: string, raw: ServerResponse): string {
  const nonce = (raw as WithNonce)[NONCE];
  const escaped = html
    .replace(FONT_LINK, '')
    .replace(
      STATE_SCRIPT,
      (_all, open: string, state: string, between: string, theme: string, close: string) => `${open}${scriptSafeJson(state)}${between}${scriptSafeJson(theme)}${close}`,
    )
    .replace(APP_STATE_SCRIPT, (_all, open: string, state: string, close: string) => `${open}${scriptSafeJson(state)}${close}`);
  if (!nonce) return escaped;
  return escaped.replace(/<script>([\s\S]*?)<\/script>/g, (whole, text: string) => (isBootScript(text.trim()) ? `<script nonce="${nonce}">${text}</script>` : whole));
}

/** The notices AdminJS answers a refused action with (its actionErrorHandler), with status 200. */
const FORBIDDEN_NOTICES = new Set(['forbiddenError', 'anyForbiddenError', 'ForbiddenError']);

/** True when an AdminJS API answer is its "forbidden" notice: read from the JSON, not matched in the text. */
export function isForbiddenAnswer(json: string): boolean {
  if (!json.includes('orbiddenError')) return false; // most answers: no parse
  try {
    const answer = JSON.parse(json) as { notice?: { message?: unknown; type?: unknown } };
    return answer.notice?.type === 'error' && FORBIDDEN_NOTICES.has(String(answer.notice.message));
  } catch {
    return false;
  }
}
