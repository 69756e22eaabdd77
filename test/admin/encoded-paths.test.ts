import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';
import { SAME_ORIGIN, loginCookie } from './session.js';

/** `../../../../checkin`, its slashes encoded: one path parameter for the router, `/admin/checkin` for a naive decode. */
const UP_TO_CHECKIN = '..%2F..%2F..%2F..%2Fcheckin';

describe(`the admin's guards decide on the route the router matched (${TEST_DB})`, () => {
  let harness: TestService;
  let base: string;

  beforeAll(async () => {
    harness = await startAdminService();
    base = harness.baseUrl;
  });
  afterAll(async () => harness?.close());

  const get = (url: string, headers: Record<string, string>) => fetch(`${base}${url}`, { headers, redirect: 'manual' });

  it('keeps door staff to the scanner whatever the encoding of the path', async () => {
    const door = { email: 'door-encoded@example.org', password: 'door-encoded-password-1' };
    await createAdminUser(harness.service.db, SYSTEM, { ...door, role: 'checkin' });
    const cookie = await loginCookie(base, door.email, door.password);
    // An AdminJS page whose last parameter "leads" to the scanner: the router serves AdminJS's layout.
    const page = await get(`/admin/resources/Registration/actions/${UP_TO_CHECKIN}`, { cookie, ...SAME_ORIGIN });
    await page.arrayBuffer();
    expect([page.status, page.headers.get('location')]).toEqual([302, '/admin/checkin']);
    // The API: refused by the confinement itself, not left to AdminJS's own access checks.
    for (const url of [
      `/admin/api/resources/Registration/search/${UP_TO_CHECKIN}`,
      `/admin/api/resources/Registration/actions/search/${UP_TO_CHECKIN}`,
      `/admin/api/resources/Registration/records/1/${UP_TO_CHECKIN}`,
    ]) {
      const response = await get(url, { cookie, ...SAME_ORIGIN });
      expect(response.status, url).toBe(403);
      expect(await response.json(), url).toEqual({ error: 'Forbidden' });
    }
    // What they may open still opens.
    expect((await get('/admin/checkin', { cookie, ...SAME_ORIGIN })).status).toBe(200);
    expect((await get('/admin/%63heckin', { cookie, ...SAME_ORIGIN })).status).toBe(200);
  });

  it('refuses a cross-site read of the API under an encoded path, and still finds "2026/27" from the admin itself', async () => {
    const organizer = { email: 'organizer-encoded@example.org', password: 'organizer-encoded-password-1' };
    await createAdminUser(harness.service.db, SYSTEM, { ...organizer, role: 'organizer' });
    const competition = await makeCompetition(harness.service.db, { title: `Кубок 2026/27 ${TEST_DB}-encoded` });
    const cookie = await loginCookie(base, organizer.email, organizer.password);
    for (const url of [
      `/admin/api/resources/Registration/search/${UP_TO_CHECKIN}`,
      `/admin/api/resources/Registration/actions/search/${UP_TO_CHECKIN}`,
      `/admin/api/resources/Competition/actions/search/2026%2F27`,
    ]) {
      const response = await get(url, { cookie, 'sec-fetch-site': 'cross-site' });
      await response.arrayBuffer();
      expect(response.status, url).toBe(403);
    }
    // AdminJS's reference picker searches with encodeURIComponent(query): a slash in the query is legitimate.
    for (const url of [`/admin/api/resources/Competition/actions/search/2026%2F27`, `/admin/api/resources/Competition/search/2026%2F27`]) {
      const response = await get(url, { cookie, ...SAME_ORIGIN });
      expect(response.status, url).toBe(200);
      const body = (await response.json()) as { records: Array<{ id: string | number }> };
      expect(
        body.records.map((r) => Number(r.id)),
        url,
      ).toContain(competition.id);
    }
  });
});
