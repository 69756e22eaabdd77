import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { startAdminService } from './browser.js';

/** As the admin's own login page posts it, through one trusted proxy that reports the client in X-Forwarded-For. */
async function postLogin(base: string, email: string, password: string, client: string): Promise<{ status: number; retryAfter: number | null }> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': client },
    body: new URLSearchParams({ email, password }),
  });
  await response.arrayBuffer();
  const retry = response.headers.get('retry-after');
  return { status: response.status, retryAfter: retry === null ? null : Number(retry) };
}

describe(`login limits by client network and by account (${TEST_DB})`, () => {
  let harness: TestService;
  let base: string;
  // The defaults but a lower client limit (fewer slow argon2 checks) and a shorter account slow-down: after 10
  // failures, 2 s between tries, then at most 3 s.
  const limits = { perIp: 12, perEmail: 8, windowMs: 15 * 60 * 1000, slowAfter: 10, slowBaseMs: 2000, slowMaxMs: 3000 };

  beforeAll(async () => {
    harness = await startAdminService({ env: { TRUST_PROXY: 'true' }, serviceOptions: { loginLimits: limits } });
    base = harness.baseUrl;
  });
  afterAll(async () => harness?.close());

  it('counts the IPv6 addresses of one /64 network as one client', async () => {
    // 20 addresses of 2001:db8:1:2::/64, one wrong password each, against 20 different e-mails: the client's limit holds.
    const statuses: number[] = [];
    for (let i = 1; i <= 20; i++) statuses.push((await postLogin(base, `v6-${i}@example.org`, 'not-the-password', `2001:db8:1:2::${i.toString(16)}`)).status);
    // Spelled out in full, it is the same network.
    for (let i = 1; i <= 4; i++) statuses.push((await postLogin(base, `v6-more-${i}@example.org`, 'not-the-password', `2001:0db8:0001:0002:ffff:0:0:${i}`)).status);
    expect(statuses.filter((s) => s === 200).length).toBe(limits.perIp);
    expect(statuses.slice(limits.perIp).every((s) => s === 429)).toBe(true);
    // Another /64 is another client.
    expect((await postLogin(base, 'v6-other@example.org', 'not-the-password', '2001:db8:1:3::1')).status).toBe(200);
  });

  it("counts the e-mail per /64 network: 20 addresses of one network get the e-mail's 8 tries", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 20; i++) statuses.push((await postLogin(base, 'guessed@example.org', 'not-the-password', `2001:db8:aa:bb::${i.toString(16)}`)).status);
    expect(statuses.filter((s) => s === 200).length).toBe(limits.perEmail);
    expect(statuses.slice(limits.perEmail).every((s) => s === 429)).toBe(true);
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address', async () => {
    for (let i = 0; i < limits.perEmail; i++) expect((await postLogin(base, 'mapped@example.org', 'not-the-password', '198.51.100.77')).status).toBe(200);
    expect((await postLogin(base, 'mapped@example.org', 'not-the-password', '::ffff:198.51.100.77')).status).toBe(429);
  });

  it('slows down the tries on one account from many networks, but the right password still gets in after a short wait', async () => {
    const email = 'slowed@example.org';
    const password = 'slowed-password-1';
    await createAdminUser(harness.service.db, SYSTEM, { email, password, role: 'organizer' });
    // 30 networks, one wrong password each, as fast as they can: only the first few are checked.
    const answers = [];
    for (let i = 1; i <= 30; i++) answers.push(await postLogin(base, email, 'not-the-password', `2001:db8:${(0x100 + i).toString(16)}::1`));
    const checked = answers.filter((a) => a.status === 200).length;
    expect(checked).toBeGreaterThanOrEqual(limits.slowAfter);
    expect(checked).toBeLessThan(limits.slowAfter + 3);
    const last = answers.at(-1)!;
    expect(last.status).toBe(429);
    expect(last.retryAfter).toBeGreaterThanOrEqual(1);
    expect(last.retryAfter).toBeLessThanOrEqual(limits.slowMaxMs / 1000);

    // The owner, from a network of their own, is told to wait a moment (unless that moment just passed) — never
    // locked out: after the Retry-After the server gave, the right password logs in.
    const owner = '203.0.113.9';
    const first = await postLogin(base, email, password, owner);
    if (first.status === 429) {
      expect(first.retryAfter).toBeLessThanOrEqual(limits.slowMaxMs / 1000);
      await new Promise((resolve) => setTimeout(resolve, first.retryAfter! * 1000));
      expect((await postLogin(base, email, password, owner)).status).toBe(302);
    } else {
      expect(first.status).toBe(302);
    }
    // The success clears the account's count: the next try is checked at once.
    expect((await postLogin(base, email, 'not-the-password', '203.0.113.10')).status).toBe(200);
  });
});
