import type { LocaleTranslations } from 'adminjs';
import { isMessageKey, translate, type Language } from '../i18n/index.js';
import { adminEn } from '../i18n/admin-en.js';
import { adminRu, type AdminCatalogue } from '../i18n/admin-ru.js';
import type { DomainError } from '../domain/errors.js';

/** The admin's texts live in i18n/admin-ru.ts and admin-en.ts; this file hands them to AdminJS. */
export const ADMIN_CATALOGUES: Record<Language, AdminCatalogue> = { ru: adminRu, en: adminEn };

type MessageId = keyof typeof adminRu.messages;
/** A message of the admin's catalogue, or the stem of its plural forms (`confirmSend` for `confirmSend_one` …). */
export type AdminMessageKey = MessageId | (MessageId extends infer K ? (K extends `${infer Stem}_${'one' | 'few' | 'many' | 'other' | 'plural'}` ? Stem : never) : never);
/** An enumeration's value as a label key (`status.pending`, `role.voter`). */
export type ValueKey = keyof typeof adminRu.values;

/** A domain error in the organizer's language, from the bot's message catalogue. */
export function translateDomainError(error: DomainError, language: Language = 'ru'): string {
  // A broadcast's state ("сейчас: done") in words of the admin's language.
  const state = error.params.state;
  const params = typeof state === 'string' ? { ...error.params, state: valueLabel(language, `state.${state}`) } : error.params;
  return isMessageKey(error.key) ? translate(language, error.key, params) : error.key;
}

/**
 * The organizer's language: the browser's, which the session's admin carries on each request (admin/index.ts
 * refreshes it); Russian when there is no one logged in.
 */
export function adminLanguage(context: { currentAdmin?: unknown } | undefined): Language {
  const current = context?.currentAdmin as { language?: string } | undefined;
  return current?.language === 'en' ? 'en' : 'ru';
}

/** A message of the admin's catalogue in `language`, `{{name}}` filled in: for texts made on the server. */
export function translateAdmin(language: Language, key: MessageId, values: Record<string, string | number> = {}): string {
  const messages = ADMIN_CATALOGUES[language].messages as Record<string, string>;
  return messages[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** An enumeration's value (`status.pending`) in `language`; a value the catalogue lacks is shown as it is. */
export function valueLabel(language: Language, key: string): string {
  return (ADMIN_CATALOGUES[language].values as Record<string, string>)[key] ?? key.split('.')[1] ?? key;
}

/** Each language by its own name, also as browsers report them (the switcher shows the detected one). */
const LANGUAGE_NAMES = { ru: 'Русский', 'ru-RU': 'Русский', en: 'English', 'en-US': 'English', 'en-GB': 'English' };

/** Yes/no columns shown in words of the admin's language (AdminJS would show "Yes"/"No"). */
const YES_NO_COLUMNS = ['registrationOpen', 'requiresApproval', 'consentGiven', 'isBlocked', 'remindersEnabled', 'disableLinkPreview', 'required', 'listColumn', 'forTeam'];

/** The catalogue in AdminJS's sections (its `locale.translations`). */
function forAdminJs(catalogue: AdminCatalogue): LocaleTranslations {
  const resources = Object.fromEntries(
    Object.entries(catalogue.resources).map(([id, texts]) => [
      id,
      {
        properties: { ...catalogue.commonProperties, ...texts.properties },
        // A list's page is titled by its section ("Регистрации"), not by the action ("Список").
        actions: { list: (catalogue.names as Record<string, string>)[id] ?? '', ...texts.actions },
        // A section's own messages (a field's hint), found before the common ones.
        ...('messages' in texts ? { messages: texts.messages } : {}),
      },
    ]),
  );
  // Our actions' names also at the top level: AdminJS's breadcrumbs translate the action without its resource.
  const ownActions = Object.assign({}, ...Object.values(catalogue.resources).map((texts) => texts.actions)) as Record<string, string>;
  const yesNo = Object.fromEntries(
    YES_NO_COLUMNS.flatMap((column) => [
      [`${column}.true`, catalogue.yesNo.yes],
      [`${column}.false`, catalogue.yesNo.no],
    ]),
  );
  const { welcomeHeader, welcomeMessage, email, password, loginButton } = catalogue.login;
  return {
    actions: { ...catalogue.actions, ...ownActions },
    buttons: catalogue.buttons,
    components: {
      LanguageSelector: { availableLanguages: LANGUAGE_NAMES },
      Login: { welcomeHeader, welcomeMessage, properties: { email, password }, loginButton },
    },
    labels: { ...yesNo, ...catalogue.names, ...catalogue.values, confirm: catalogue.buttons.confirm },
    properties: catalogue.properties,
    messages: catalogue.messages,
    pages: { changePassword: catalogue.names.changePassword },
    resources,
  };
}

export const TRANSLATIONS: Record<Language, LocaleTranslations> = { ru: forAdminJs(adminRu), en: forAdminJs(adminEn) };
