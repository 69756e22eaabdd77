import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { languageOfHeader } from '../../admin/auth.js';
import { consentDocument, currentVersion, documentVersions, BUILT_IN_VERSION, type ShownDocument } from '../../domain/consents.js';
import type { Database } from '../../domain/infrastructure/database.js';
import { formatForPeople } from '../../domain/time.js';
import { translate, type Language } from '../../i18n/index.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Nothing runs, nothing loads, nothing frames it: the page is text and links. */
const CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The consent document, public: GET /privacy (the current version) and /privacy/<version> (any version, 0 = "given
 * before versioning"). Plain HTML in the reader's language (Accept-Language as the admin reads it; `?lang=` to
 * switch), no login, no script, no style.
 */
export async function privacyRoutes(app: FastifyInstance, { db, timeZone }: { db: Database; timeZone: string }) {
  app.get('/privacy', (request, reply) => show(request, reply, null));
  app.get<{ Params: { version: string } }>('/privacy/:version', (request, reply) => {
    const version = /^\d{1,6}$/.test(request.params.version) ? Number(request.params.version) : -1;
    return show(request, reply, version);
  });

  async function show(request: FastifyRequest, reply: FastifyReply, version: number | null) {
    const asked = (request.query as { lang?: unknown } | undefined)?.lang;
    const lang: Language = asked === 'en' || asked === 'ru' ? asked : languageOfHeader(request.headers['accept-language']);
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);
    const document = version === null || version >= 0 ? await consentDocument(db, version, lang) : null;
    const current = await currentVersion(db.manager);
    const versions = await documentVersions(db);
    reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('cache-control', 'no-cache').header('vary', 'accept-language');
    reply.type('text/html; charset=utf-8').code(document ? 200 : 404);
    const path = version === null ? '/privacy' : `/privacy/${version}`;
    const body = document ? documentHtml(document, t) : `<p>${escape(t('privacy.not_found'))}</p>`;
    const list = versions
      .map((v) => `<li><a href="/privacy/${v}?lang=${lang}">${escape(t('privacy.version', { version: v }))}</a>${v === current ? ` — ${escape(t('privacy.current'))}` : ''}</li>`)
      .join('');
    const other = lang === 'ru' ? 'en' : 'ru';
    return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(t('privacy.page_title'))}</title></head>
<body><main>
<p><a href="${path}?lang=${other}" hreflang="${other}">${escape(t('privacy.other_language'))}</a></p>
${body}
<h2>${escape(t('privacy.other_versions'))}</h2><ul>${list}</ul>
</main></body></html>
`;
  }

  function documentHtml(document: ShownDocument, t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => string): string {
    const heading =
      document.createdAt && document.version > BUILT_IN_VERSION
        ? t('privacy.version_dated', { version: document.version, date: formatForPeople(document.createdAt, timeZone) })
        : t(document.version === BUILT_IN_VERSION ? 'privacy.built_in' : 'privacy.version', { version: document.version });
    const [title, ...rest] = document.text.split(/\n\s*\n/);
    return `<h1>${escape(title.trim())}</h1>\n<p><small>${escape(heading)}</small></p>\n${rest.map(paragraphHtml).join('\n')}`;
  }
}

/** A paragraph; lines starting with "- " become a list. */
function paragraphHtml(paragraph: string): string {
  const lines = paragraph.trim().split('\n');
  const items = lines.filter((l) => l.startsWith('- '));
  if (items.length === 0) return `<p>${lines.map(escape).join('<br>')}</p>`;
  const lead = lines.filter((l) => !l.startsWith('- '));
  return `${lead.length ? `<p>${lead.map(escape).join('<br>')}</p>` : ''}<ul>${items.map((l) => `<li>${escape(l.slice(2))}</li>`).join('')}</ul>`;
}
