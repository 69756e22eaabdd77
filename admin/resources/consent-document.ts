import { DOCUMENT_LANGUAGES, publishConsentDocument } from '../../domain/consents.js';
import { ConsentDocument } from '../../entities/index.js';
import { defineResource } from './define.js';
import { access, isAdmin, look, NAVIGATION, never, type ResourceDeps } from './shared.js';

/**
 * The consent document's versions (admins only). "New" writes a new version: the language's text as typed, the
 * other language copied from the version now current (domain/consents.ts). Versions are never edited or deleted:
 * consents rest on them. Version 1, the built-in text, is not a row: it is read at /privacy/1.
 */
export function consentDocumentResource(deps: ResourceDeps) {
  const { readOnly } = look(deps);
  return defineResource(ConsentDocument, deps, {
    table: 'consent_documents',
    writes: {
      create: async ({ changes, ctx, actor }) => {
        const language = DOCUMENT_LANGUAGES.find((l) => l === changes.language) ?? 'ru';
        const version = await publishConsentDocument(ctx.db, actor, { [language]: String(changes.text ?? '') });
        return (await ctx.db.manager.findOneBy(ConsentDocument, { version, language })) ?? {};
      },
    },
    options: {
      navigation: NAVIGATION.access,
      sort: { sortBy: 'version', direction: 'desc' },
      titleProperty: 'version',
      listProperties: ['version', 'language', 'createdAt'],
      showProperties: ['version', 'language', 'createdAt', 'text'],
      editProperties: ['language', 'text'],
      filterProperties: ['version', 'language'],
      properties: {
        version: { type: 'number', ...readOnly({ list: true, show: true }) },
        // Shown as the language's name (labels `language.ru` / `language.en` in the admin's catalogues).
        language: { availableValues: DOCUMENT_LANGUAGES.map((l) => ({ value: l, label: l })), isRequired: true },
        text: { type: 'textarea', isRequired: true },
        createdAt: { type: 'string', ...readOnly({ list: true, show: true }) },
      },
    },
    actions: { ...access('admin-crud'), new: { isAccessible: isAdmin }, edit: { isAccessible: never, isVisible: false }, delete: { isAccessible: never, isVisible: false } },
  });
}
