import type { Browser, BrowserContext, Page } from 'playwright-core';
import { In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, registerForCompetition, userActor } from '../../domain/index.js';
import { Broadcast, OutboxMessage, Registration } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { attackerSite, launchBrowser, login, newPage, startAdminService } from './browser.js';

const ORGANIZER = { email: 'victim@example.org', password: 'victim-password-1' };

describe(`cross-site requests from a real browser (${TEST_DB})`, { timeout: 180_000 }, () => {
  let harness: TestService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let site: Awaited<ReturnType<typeof attackerSite>>;
  let ids: number[];
  let userIds: number[];
  let competitionId: number;
  let broadcastId: number;

  beforeAll(async () => {
    harness = await startAdminService();
    const db = harness.service.db;
    await createAdminUser(db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
    const competition = await makeCompetition(db, { title: 'Весна-2027', requiresApproval: true });
    competitionId = competition.id;
    ids = [];
    userIds = [];
    for (let i = 0; i < 2; i++) {
      const user = await makeUser(db);
      userIds.push(user.id);
      const { registration } = await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true });
      ids.push(registration.id);
    }
    const broadcast = await db.write((m) => m.save(m.create(Broadcast, { text: 'Привет всем', competitionId: competition.id, state: 'draft' })));
    broadcastId = broadcast.id;
    site = await attackerSite();
    browser = await launchBrowser();
    ({ context, page } = await newPage(browser));
    await login(page, harness.baseUrl, ORGANIZER.email, ORGANIZER.password);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await site?.close();
    await harness?.close();
  });

  async function nothingChanged(): Promise<void> {
    const db = harness.service.db;
    for (const id of ids) expect((await db.manager.findOneByOrFail(Registration, { id })).status).toBe('pending');
    expect((await db.manager.findOneByOrFail(Registration, { id: ids[0] })).checkedIn).toBe(false);
    expect((await db.manager.findOneByOrFail(Broadcast, { id: broadcastId })).state).toBe('draft');
    expect(await db.manager.countBy(OutboxMessage, { userId: In(userIds) })).toBe(0);
  }

  /** The victim, logged in to the admin, follows a link on the other site (a top-level navigation). */
  async function followLink(target: string): Promise<void> {
    site.show(`<a id="go" href="${target}">win a prize</a>`);
    await page.goto(site.origin);
    await Promise.all([page.waitForLoadState('load'), page.click('#go')]);
    // Let the admin's single-page app, if it opened, make every call it makes on its own.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(500);
  }

  it('follows links to every form of action URL and finds nothing changed', async () => {
    const base = harness.baseUrl;
    const all = ids.join(',');
    for (const target of [
      `${base}/admin/resources/Registration/bulk/bulkReject?recordIds=${all}`,
      `${base}/admin/resources/Registration/bulk/bulkApprove?recordIds=${all}`,
      `${base}/admin/resources/Registration/bulk/bulkCheckIn?recordIds=${all}`,
      `${base}/admin/resources/Registration/records/${ids[0]}/approve`,
      `${base}/admin/resources/Registration/records/${ids[0]}/reject`,
      `${base}/admin/resources/Broadcast/records/${broadcastId}/send`,
      `${base}/admin/api/resources/Registration/bulk/bulkReject?recordIds=${all}`,
      `${base}/admin/api/resources/Registration/records/${ids[0]}/approve`,
      `${base}/admin/%61pi/resources/Registration/records/${ids[0]}/approve`,
      `${base}/admin/%61pi/resources/Broadcast/records/${broadcastId}/send`,
      `${base}/admin/%61pi/resources/Registration/bulk/bulkApprove?recordIds=${all}`,
    ]) {
      await followLink(target);
      await nothingChanged();
    }
    // The SPA page of a bulk action shows the confirmation, naming who would be affected — and waits.
    await followLink(`${base}/admin/resources/Registration/bulk/bulkReject?recordIds=${all}`);
    await page.getByTestId('confirm-action').waitFor();
    await nothingChanged();
  });

  it('refuses forms and scripts on the other site that POST to the admin', async () => {
    const base = harness.baseUrl;
    for (const target of [
      `${base}/admin/api/resources/Registration/records/${ids[0]}/approve`,
      `${base}/admin/%61pi/resources/Registration/bulk/bulkApprove?recordIds=${ids.join(',')}`,
      `${base}/admin/api/resources/Broadcast/records/${broadcastId}/send`,
    ]) {
      // Each forged POST reaches the server, and the server refuses it (403): not a request that never left.
      const refused = () => page.waitForResponse((r) => r.url() === new URL(target).href && r.request().method() === 'POST');
      site.show(`<form id="f" method="POST" action="${target}"><input name="confirmed" value="yes"></form><script>document.getElementById('f').submit()</script>`);
      let response = refused();
      await page.goto(site.origin);
      expect((await response).status(), `form POST to ${target}`).toBe(403);
      await nothingChanged();
      site.show(`<script>fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'confirmed=yes' })</script>`);
      response = refused();
      await page.goto(site.origin);
      expect((await response).status(), `fetch POST to ${target}`).toBe(403);
      await nothingChanged();
    }
  });

  it('still lets the organizer do it from the admin itself, after the confirmation, with no content policy violation', async () => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${harness.baseUrl}/admin`);
    await page.getByRole('heading').first().waitFor();
    // A registration of its own: the other tests' registrations stay untouched whatever the order.
    const user = await makeUser(harness.service.db);
    const { registration } = await registerForCompetition(harness.service.db, userActor(user.id), { userId: user.id, competitionId, role: 'participant', consentGiven: true });
    await page.goto(`${harness.baseUrl}/admin/resources/Registration/records/${registration.id}/approve`);
    await page
      .getByText(/^Подтвердить заявку — .+\?$/)
      .first()
      .waitFor(); // the dialog names the person
    await page.getByTestId('confirm-action-submit').click();
    await page.getByText('Подтверждено: 1').first().waitFor();
    expect((await harness.service.db.manager.findOneByOrFail(Registration, { id: registration.id })).status).toBe('approved');
    expect(violations).toEqual([]);
  });
});
