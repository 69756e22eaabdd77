import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, registerForCompetition, userActor } from '../../domain/index.js';
import { Competition, JuryPanel } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makePanel, makeUser } from '../domain/fixtures.js';
import { startAdminService } from './browser.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
let accounts = 0;

/**
 * Bad input to the admin is answered as such — 400, 404, 405 or an error on the form's field — and never
 * as a 500 with an error-level stack in the log.
 */
describe(`the admin answers bad input as bad input (${TEST_DB})`, () => {
  let harness: TestService;
  let base: string;

  beforeAll(async () => {
    harness = await startAdminService();
    base = harness.baseUrl;
  });
  afterAll(async () => harness?.close());

  /** A fresh organizer of this test's own, logged in. */
  async function organizer(): Promise<string> {
    const email = `organizer-${process.pid}-${++accounts}@bad-input.test`;
    await createAdminUser(harness.service.db, SYSTEM, { email, password: 'organizer-password-1', role: 'organizer' });
    const response = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
      body: new URLSearchParams({ email, password: 'organizer-password-1' }),
    });
    await response.arrayBuffer();
    return response.headers
      .getSetCookie()
      .find((c) => c.startsWith('admin_session='))!
      .split(';')[0];
  }

  const errorsLogged = () => harness.logs.lines.filter((l) => l.level >= 50 || l.err?.stack);

  async function statusOf(cookie: string, url: string, init: RequestInit = {}): Promise<number> {
    const response = await fetch(`${base}${url}`, { ...init, headers: { cookie, ...SAME_ORIGIN, ...init.headers }, redirect: 'manual' });
    await response.arrayBuffer();
    return response.status;
  }

  it('a sort direction or sort property that does not exist: 400 on the list and the search', async () => {
    const cookie = await organizer();
    await makeCompetition(harness.service.db, { title: 'Кубок сортировки' });
    const before = errorsLogged().length;
    for (const url of [
      '/admin/api/resources/Competition/search/a?direction=foo',
      '/admin/api/resources/Competition/actions/search?direction=foo',
      '/admin/api/resources/Competition/actions/list?direction=foo',
      '/admin/api/resources/Competition/actions/list?sortBy=title&direction=DROP%20TABLE',
      '/admin/api/resources/Competition/actions/list?sortBy=nope',
      '/admin/api/resources/Competition/search/a?sortBy=nope',
      '/admin/api/resources/Registration/actions/list?sortBy=t.id%3B',
    ]) {
      expect(await statusOf(cookie, url), url).toBe(400);
    }
    // What the pages themselves ask still works: a column of the list (also a computed one), either way.
    for (const url of [
      '/admin/api/resources/Competition/actions/list?sortBy=title&direction=asc',
      '/admin/api/resources/Competition/actions/list?sortBy=startsAt&direction=desc',
      '/admin/api/resources/Registration/actions/list?sortBy=label&direction=asc',
      '/admin/api/resources/Competition/search/a',
    ]) {
      expect(await statusOf(cookie, url), url).toBe(200);
    }
    expect(errorsLogged().slice(before)).toEqual([]);
  });

  it('an action that does not exist, or GET of one that only takes a POST: 404 or 405', async () => {
    const cookie = await organizer();
    const competition = await makeCompetition(harness.service.db, { title: 'Кубок действий' });
    const user = await makeUser(harness.service.db);
    const { registration } = await registerForCompetition(harness.service.db, userActor(user.id), {
      userId: user.id,
      competitionId: competition.id,
      role: 'participant',
      consentGiven: true,
    });
    const before = errorsLogged().length;
    for (const url of [
      `/admin/api/resources/Registration/records/${registration.id}/retry`,
      `/admin/api/resources/Registration/records/${registration.id}/constructor`,
      '/admin/api/resources/Registration/actions/retry',
      `/admin/api/resources/Registration/bulk/retry?recordIds=${registration.id}`,
      // An action of another kind, asked for as this one.
      `/admin/api/resources/Registration/actions/approve`,
      `/admin/api/resources/Registration/records/${registration.id}/list`,
    ]) {
      expect(await statusOf(cookie, url), url).toBe(404);
      expect(await statusOf(cookie, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }), `POST ${url}`).toBe(404);
    }
    expect(await statusOf(cookie, '/admin/api/resources/Competition/actions/new')).toBe(405);
    expect(await statusOf(cookie, `/admin/api/resources/Registration/records/${registration.id}/show`)).toBe(200);
    expect(errorsLogged().slice(before)).toEqual([]);
  });

  it("text longer than its column: an error on the field, in the admin's language, and nothing written", async () => {
    const cookie = await organizer();
    const competition = await makeCompetition(harness.service.db, { title: 'Кубок длины' });
    const panel = await makePanel(harness.service.db, competition.id, 3, 'Жюри длины');
    const before = errorsLogged().length;
    const send = async (url: string, body: Record<string, string>, language = 'ru') => {
      const response = await fetch(`${base}${url}`, {
        method: 'POST',
        headers: { cookie, ...SAME_ORIGIN, 'content-type': 'application/json', 'accept-language': language },
        body: JSON.stringify(body),
      });
      expect(response.status, url).toBe(200);
      return (await response.json()) as { record: { errors: Record<string, { message: string }> }; notice: { type: string } };
    };
    const long = 'Я'.repeat(300);

    const created = await send('/admin/api/resources/Competition/actions/new', { title: long, registrationOpen: 'true', requiresApproval: 'false' });
    expect(created.record.errors.title.message).toBe('Не длиннее 255 символов (сейчас 300).');
    expect(created.notice.type).toBe('error');
    expect(await harness.service.db.manager.countBy(Competition, { title: long })).toBe(0);

    const edited = await send(`/admin/api/resources/Competition/records/${competition.id}/edit`, { title: long }, 'en');
    expect(edited.record.errors.title.message).toBe('At most 255 characters (this is 300).');
    expect((await harness.service.db.manager.findOneByOrFail(Competition, { id: competition.id })).title).toBe('Кубок длины');

    const renamed = await send(`/admin/api/resources/JuryPanel/records/${panel.id}/edit`, { name: long, competitionId: String(competition.id) });
    expect(renamed.record.errors.name.message).toMatch(/^Не длиннее \d+ символов \(сейчас 300\)\.$/);
    expect((await harness.service.db.manager.findOneByOrFail(JuryPanel, { id: panel.id })).name).toBe('Жюри длины');

    // Up to the limit is fine, counted in characters (not bytes) on both databases.
    const exact = await send(`/admin/api/resources/Competition/records/${competition.id}/edit`, { title: 'Я'.repeat(255) });
    expect(exact.record.errors).toEqual({});
    expect((await harness.service.db.manager.findOneByOrFail(Competition, { id: competition.id })).title).toBe('Я'.repeat(255));
    expect(errorsLogged().slice(before)).toEqual([]);
  });
});
