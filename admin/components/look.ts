/** The admin's shared look: one colour per meaning (text, background), used by badges, the dashboard and the chart. */
export const STATUS_COLOURS: Record<string, [string, string]> = {
  pending: ['#7a4b00', '#ffe8b3'],
  approved: ['#0b5e2a', '#c9f0d6'],
  waitlisted: ['#1f3f8f', '#d6e2ff'],
  offered: ['#5b2a86', '#ecdcfb'],
  rejected: ['#8c1c1c', '#ffd6d6'],
  cancelled: ['#4a4a4a', '#e4e4e4'],
  checkedIn: ['#0b4f5e', '#c7eef5'],
  sent: ['#0b5e2a', '#c9f0d6'],
  done: ['#0b5e2a', '#c9f0d6'],
  failed: ['#8c1c1c', '#ffd6d6'],
  blocked: ['#4a4a4a', '#e4e4e4'],
  draft: ['#4a4a4a', '#e4e4e4'],
  sending: ['#1f3f8f', '#d6e2ff'],
  scheduled: ['#7a4b00', '#ffe8b3'],
  neutral: ['#4a4a4a', '#eeeeee'],
};

/** The admin's root path as AdminJS hands it to the page. */
export function rootPath(): string {
  return (window as Window & { REDUX_STATE?: { paths?: { rootPath?: string } } }).REDUX_STATE?.paths?.rootPath ?? '/admin';
}

/** True on a phone-width screen (the layout below AdminJS's second breakpoint). */
export function isNarrow(): boolean {
  return typeof window !== 'undefined' && window.innerWidth < 768;
}

/**
 * Where an action's dialog returns once done: the list it was opened from (a row's main action passes
 * `state.back`; a bulk action opens in a drawer over the list), with `refresh` so that AdminJS reloads the
 * rows and the count and clears the selection. Null: follow the server's redirect (the record's page).
 */
export function backToList(location: { pathname: string; search: string; state?: unknown }, inDrawer: boolean, resourceId: string, openedFromList?: string | null): string | null {
  const state = location.state as { back?: string } | null | undefined;
  const withRefresh = (url: string) => {
    const [path, query = ''] = url.split('?');
    const params = new URLSearchParams(query);
    params.delete('recordIds');
    params.set('refresh', 'true');
    return `${path}?${params.toString()}`;
  };
  if (state?.back) return withRefresh(state.back);
  if (openedFromList) return withRefresh(openedFromList);
  if (inDrawer) return withRefresh(`${rootPath()}/resources/${resourceId}${location.search}`);
  return null;
}

/**
 * A list row's "…" menu is AdminJS's: it opens an action without saying where from. The people list notes
 * the list (its filters and search) when a click lands in a row's actions, and the action's dialog, opened
 * by that click, takes it to come back there.
 */
let rowActionFrom: { resourceId: string; url: string; at: number } | null = null;
export function noteRowActionFrom(resourceId: string, url: string): void {
  rowActionFrom = { resourceId, url, at: Date.now() };
}
export function takeRowActionFrom(resourceId: string): string | null {
  const from = rowActionFrom;
  rowActionFrom = null;
  return from && from.resourceId === resourceId && Date.now() - from.at < 10_000 ? from.url : null;
}

/**
 * AdminJS opens a row's page on a click anywhere in the row but a link, a button or an svg: the "…" icon's own
 * path opened the page instead of the menu. Clicks go to the icon as a whole.
 */
export const ROW_ACTIONS_CSS = 'td.options svg * { pointer-events: none; }';
