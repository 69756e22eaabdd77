/** Query keys that carry what someone typed to find a person (the admin's search box, its filters, the door). */
const SEARCH_KEY = /search|filters\.|query|^q$|phone|name/i;

/**
 * A URL as the log may keep it: a query string holding a search (`…/actions/list?filters.search=%2B7916…`)
 * is left out, since what was typed is a name or a phone; other query strings stay (sort, page).
 */
export function loggableUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const keys = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return keys.some((key) => SEARCH_KEY.test(key)) ? `${url.slice(0, at)}?[search left out]` : url;
}
