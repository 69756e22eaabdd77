import crypto from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

const NONCE = Symbol('admin script nonce');
type WithNonce = ServerResponse & { [NONCE]?: string };

/**
 * Security headers for the admin's pages (@fastify/helmet): no framing by other sites, no MIME sniffing, no
 * referrer leaving the site, and a content security policy the AdminJS bundle satisfies — its own scripts
 * only, plus the page's inline boot scripts, which carry a per-response nonce (see `withScriptNonces`).
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

/** Gives the page's inline <script> tags this response's nonce, so the policy lets exactly them run. */
export function withScriptNonces(html: string, raw: ServerResponse): string {
  const nonce = (raw as WithNonce)[NONCE];
  if (!nonce) return html;
  return html.replace(/<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)/g, `<script nonce="${nonce}"`);
}
