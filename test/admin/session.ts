import { expect } from 'vitest';

/** What a browser sends with a request from the admin's own pages (the cross-site check wants it). */
export const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

/** Logs in over HTTP as the login form does and answers the session cookie (`admin_session=…`). */
export async function loginCookie(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
    body: new URLSearchParams({ email, password }),
  });
  await response.arrayBuffer();
  expect(response.status).toBe(302);
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('admin_session='))!
    .split(';')[0];
}
