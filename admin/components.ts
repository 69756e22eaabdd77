import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/**
 * Our front-end components: every file in admin/components/ is registered under its PascalCase name
 * (date-time-input.tsx → DateTimeInput). The build step (scripts/build-steps/admin-bundle.mjs) bundles
 * the same files by the same rule, so the names the server hands the browser exist in the bundle.
 */
export const COMPONENT_NAMES = [
  'Dashboard',
  'DeepLink',
  'JsonView',
  'DateTimeInput',
  'ExportCsv',
  'ChangePassword',
  'RegistrationChoice',
  'HistoryView',
  'ConfirmAction',
  'StatusBadge',
  'PersonCell',
  'PeopleList',
  'ShareLink',
  'DefaultOn',
  'RegistrationsChart',
  'BroadcastProgress',
  'CompetitionProgramme',
  'WalkInForm',
  'PersonRegistrations',
  'DeliveryList',
  'QuestionField',
  'CompetitionQuestions',
  'AnswerList',
  'AnswerFilter',
  'TeamRoster',
  'TeamMemberAction',
] as const;
/** AdminJS's built-in components replaced by files of admin/components/ (see filter-select.tsx, edit-select.tsx, logged-in.tsx). */
const OVERRIDES: Record<string, string> = {
  DefaultEditProperty: 'default-edit-property',
  DefaultReferenceEditProperty: 'reference-edit-property',
  DefaultFilterProperty: 'default-filter-property',
  DefaultBooleanFilterProperty: 'boolean-filter-property',
  DefaultReferenceFilterProperty: 'reference-filter-property',
  LoggedIn: 'logged-in', // the top bar's logout POSTs (admin/logout.ts)
  Login: 'login', // a wrong password keeps the e-mail typed
};

export type AdminComponents = Record<(typeof COMPONENT_NAMES)[number], string>;

const componentsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'components');

export function fileNameOf(name: string): string {
  return name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());
}

export function createComponentLoader(): { loader: ComponentLoader; components: AdminComponents } {
  const loader = new ComponentLoader();
  const components = {} as AdminComponents;
  for (const name of COMPONENT_NAMES) {
    components[name] = loader.add(name, path.join(componentsDir, fileNameOf(name)));
  }
  // AdminJS's own form and filter fields, replaced by ours under the same names (texts in the admin's language).
  for (const [name, file] of Object.entries(OVERRIDES)) loader.override(name, path.join(componentsDir, file));
  return { loader, components };
}

/** Where `npm run build` puts the browser bundles (dist/admin-assets), found from sources or from dist. */
export function assetsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
  return path.join(root, 'dist', 'admin-assets');
}

export function assetsBuilt(): boolean {
  return fs.existsSync(path.join(assetsDir(), 'components.bundle.js'));
}
