import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { ConsentDocument } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startAdminService } from './browser.js';
import { SAME_ORIGIN, loginCookie } from './session.js';

const ORGANIZER = { email: 'consent-doc-org@example.org', password: 'organizer-password-1' };

describe(`an admin edits the consent text: a new version (${TEST_DB})`, { timeout: 120_000 }, () => {
  let harness: TestService;
  beforeAll(async () => {
    harness = await startAdminService();
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
  });
  afterAll(async () => harness?.close());

  const post = (cookie: string, body: Record<string, string>) =>
    fetch(`${harness.baseUrl}/admin/api/resources/ConsentDocument/actions/new`, {
      method: 'POST',
      headers: { cookie, ...SAME_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('a new Russian text makes version 2 in both languages, shown at /privacy; an organizer can neither read nor write it', async () => {
    const organizer = await loginCookie(harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
    expect((await post(organizer, { language: 'ru', text: 'Чужой текст' })).status).toBe(403);
    const list = await fetch(`${harness.baseUrl}/admin/api/resources/ConsentDocument/actions/list`, { headers: { cookie: organizer, ...SAME_ORIGIN } });
    expect(list.status).toBe(403);
    expect(await harness.service.db.manager.count(ConsentDocument)).toBe(0);

    const admin = await loginCookie(harness.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
    const response = await post(admin, { language: 'ru', text: 'Согласие, редакция администратора\n\nОператор: {operator}.' });
    expect(response.status).toBe(200);
    const rows = await harness.service.db.manager.find(ConsentDocument, { order: { language: 'ASC' } });
    expect(rows.map((r) => [r.version, r.language])).toEqual([
      [2, 'en'],
      [2, 'ru'],
    ]);
    const page = await (await fetch(`${harness.baseUrl}/privacy`)).text();
    expect(page).toContain('Согласие, редакция администратора');
    expect(await (await fetch(`${harness.baseUrl}/privacy/1`)).text()).toContain('номер телефона');
  });
});
