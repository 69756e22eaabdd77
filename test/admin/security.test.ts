import net from 'node:net';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM, registerForCompetition, userActor } from '../../domain/index.js';
import { AdminAudit, AdminUser, OutboxMessage, Registration } from '../../entities/index.js';
import { TEST_DB, createTestDatabase } from '../../devkit/database.js';
import { startTestService, type TestService } from '../../devkit/service.js';
import { makeCompetition, makeUser } from '../domain/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startAdminService } from './browser.js';

const ORGANIZER = { email: 'organizer@example.org', password: 'organizer-password-1' };
// As the browser sends it through the TLS proxy (x-forwarded-proto matters only where TRUST_PROXY is set).
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'x-forwarded-proto': 'https' };

interface Login {
  cookie: string;
  setCookie: string[];
  status: number;
}

async function postLogin(base: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Login> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN, ...headers },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  const setCookie = response.headers.getSetCookie();
  const session = setCookie.find((c) => c.startsWith('admin_session='));
  await response.arrayBuffer();
  return { cookie: session ? session.split(';')[0] : (headers.cookie ?? ''), setCookie, status: response.status };
}

async function loggedIn(base: string, cookie: string): Promise<boolean> {
  const response = await fetch(`${base}/admin/api/resources/Competition/actions/list`, { headers: { cookie, ...SAME_ORIGIN }, redirect: 'manual' });
  await response.arrayBuffer();
  return response.status === 200;
}

describe(`admin security over HTTP (${TEST_DB})`, () => {
  let harness: TestService;
  let base: string;

  beforeAll(async () => {
    harness = await startAdminService({ env: { PUBLIC_URL: 'https://bot.example.org', TRUST_PROXY: 'true' } });
    base = harness.baseUrl;
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
  });
  afterAll(async () => harness?.close());

  /** A pending registration of the test's own, in its own competition. */
  async function pendingRegistration() {
    const db = harness.service.db;
    const competition = await makeCompetition(db, { title: 'Весна', requiresApproval: true });
    const user = await makeUser(db);
    const { registration } = await registerForCompetition(db, userActor(user.id), { userId: user.id, competitionId: competition.id, role: 'participant', consentGiven: true });
    return registration;
  }

  const statusOf = async (id: number) => (await harness.service.db.manager.findOneByOrFail(Registration, { id })).status;

  it('changes nothing on GET: an action URL opened from anywhere only answers what would be done', async () => {
    const { cookie } = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    const { id: registrationId, userId } = await pendingRegistration();
    for (const url of [
      `/admin/api/resources/Registration/records/${registrationId}/approve`,
      `/admin/api/resources/Registration/bulk/bulkReject?recordIds=${registrationId}`,
      `/admin/api/resources/Registration/bulk/bulkApprove?recordIds=${registrationId}`,
      `/admin/api/resources/Registration/bulk/bulkCheckIn?recordIds=${registrationId}`,
    ]) {
      const response = await fetch(`${base}${url}`, { headers: { cookie, ...SAME_ORIGIN } });
      expect(response.status, url).toBe(200);
      expect((await response.json()).confirm, url).toMatchObject({ count: 1 });
    }
    expect(await statusOf(registrationId)).toBe('pending');
    expect(await harness.service.db.manager.countBy(OutboxMessage, { userId })).toBe(0);
    // The confirmed POST does it.
    const post = await fetch(`${base}/admin/api/resources/Registration/records/${registrationId}/reject`, {
      method: 'POST',
      headers: { cookie, ...SAME_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ confirmed: 'yes' }),
    });
    expect(post.status).toBe(200);
    expect(await statusOf(registrationId)).toBe('rejected');
  });

  it('refuses state-changing requests from other sites: encoded paths, foreign Origin, and no header at all', async () => {
    const { cookie } = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    const { id: registrationId, competitionId } = await pendingRegistration();
    const action = `records/${registrationId}/approve`;
    const cases: Array<[string, string, Record<string, string>]> = [
      ['POST', `/admin/api/resources/Registration/${action}`, { 'sec-fetch-site': 'cross-site' }],
      ['POST', `/admin/%61pi/resources/Registration/${action}`, { 'sec-fetch-site': 'cross-site' }],
      ['POST', `/admin/api/resources/Registration/${action}`, { 'sec-fetch-site': 'same-site' }],
      ['POST', `/admin/api/resources/Registration/${action}`, { origin: 'https://evil.example' }],
      ['POST', `/admin/%61pi/resources/Registration/${action}`, { origin: 'null' }],
      ['POST', `/admin/api/resources/Registration/${action}`, {}],
      ['POST', '/admin/login', { origin: 'https://evil.example' }],
      ['GET', `/admin/%61pi/resources/Registration/${action}`, { 'sec-fetch-site': 'cross-site' }],
      ['GET', `/admin/api/resources/Registration/bulk/bulkReject?recordIds=${registrationId}`, { 'sec-fetch-site': 'cross-site' }],
      ['GET', `/admin/export/competitions/${competitionId}/registrations.csv`, { 'sec-fetch-site': 'cross-site' }],
    ];
    for (const [method, url, headers] of cases) {
      const response = await fetch(`${base}${url}`, {
        method,
        headers: { cookie, ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        body: method === 'POST' ? JSON.stringify({ confirmed: 'yes' }) : undefined,
        redirect: 'manual',
      });
      expect(response.status, `${method} ${url} ${JSON.stringify(headers)}`).toBe(403);
    }
    expect(await statusOf(registrationId)).toBe('pending');
    // An older browser without Sec-Fetch-Site but with the admin's own Origin is let through.
    const own = await fetch(`${base}/admin/api/resources/Registration/${action}`, {
      method: 'POST',
      headers: { cookie, origin: 'https://bot.example.org', 'content-type': 'application/json' },
      body: JSON.stringify({ confirmed: 'yes' }),
    });
    expect(own.status).toBe(200);
    expect(await statusOf(registrationId)).toBe('approved');
  });

  it('gives a new session id at login: a cookie planted before it is worth nothing after', async () => {
    const planted = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    expect(await loggedIn(base, planted.cookie)).toBe(true);
    const victim = await postLogin(base, ADMIN_EMAIL, ADMIN_PASSWORD, { cookie: planted.cookie });
    expect(victim.status).toBe(302);
    expect(victim.cookie).not.toBe(planted.cookie);
    expect(await loggedIn(base, victim.cookie)).toBe(true);
    // The planted id is not the admin's session.
    const asPlanted = await fetch(`${base}/admin/api/resources/AdminUser/actions/list`, { headers: { cookie: planted.cookie, ...SAME_ORIGIN }, redirect: 'manual' });
    expect(asPlanted.status).not.toBe(200);
  });

  it('stores no session for anonymous visitors, and still returns them where they were going after login', async () => {
    const before = (await harness.service.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM admin_sessions'))[0].n;
    for (let i = 0; i < 50; i++) {
      const response = await fetch(`${base}/admin/resources/User?page=${i}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/admin/login');
    }
    const after = (await harness.service.db.query<{ n: string | number }>('SELECT COUNT(*) AS n FROM admin_sessions'))[0].n;
    expect(Number(after)).toBe(Number(before));
    const visit = await fetch(`${base}/admin/resources/Registration?filters.status=pending`, { redirect: 'manual' });
    const next = visit.headers
      .getSetCookie()
      .find((c) => c.startsWith('admin_next='))!
      .split(';')[0];
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN, cookie: next },
      body: new URLSearchParams({ email: ORGANIZER.email, password: ORGANIZER.password }),
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/admin/resources/Registration?filters.status=pending');
    // Nowhere else: a planted target outside the admin is ignored.
    const evil = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN, cookie: 'admin_next=//evil.example/admin' },
      body: new URLSearchParams({ email: ORGANIZER.email, password: ORGANIZER.password }),
    });
    expect(evil.headers.get('location')).toBe('/admin');
  });

  it('never parses an upload before the login is checked', async () => {
    const response = await fetch(`${base}/admin/api/resources/Competition/actions/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...SAME_ORIGIN, 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nbroken',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/admin/login');
  });

  it('does not show organizers the admin accounts through the audit', async () => {
    const { cookie: adminCookie } = await postLogin(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    // An admin deletes an account: the audit row has its e-mail.
    const doomed = await createAdminUser(harness.service.db, SYSTEM, { email: 'doomed@example.org', password: 'doomed-password-1', role: 'organizer' });
    const deleted = await fetch(`${base}/admin/api/resources/AdminUser/records/${doomed.id}/delete`, { method: 'POST', headers: { cookie: adminCookie, ...SAME_ORIGIN } });
    expect(deleted.status).toBe(200);
    const audit = await harness.service.db.manager.findOneByOrFail(AdminAudit, { resource: 'admin_users', recordId: String(doomed.id) });
    const { cookie } = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    const list = await fetch(`${base}/admin/api/resources/AdminAudit/actions/list?perPage=500`, { headers: { cookie, ...SAME_ORIGIN } });
    const text = await list.text();
    expect(list.status).toBe(200);
    expect(text).not.toContain('@example.org');
    expect(text).not.toContain('admin_users');
    const one = await fetch(`${base}/admin/api/resources/AdminAudit/records/${audit.id}/show`, { headers: { cookie, ...SAME_ORIGIN } });
    expect(await one.text()).not.toContain('doomed@example.org');
  });

  it('answers bad list parameters with 400 and an unknown resource with 404, without an error in the log', async () => {
    const logFrom = harness.logs.lines.length;
    const { cookie } = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    for (const query of ['perPage=-1', 'page=99999999999', 'filters.competitionId=1%20OR%201%3D1', 'page=abc']) {
      const response = await fetch(`${base}/admin/api/resources/Registration/actions/list?${query}`, { headers: { cookie, ...SAME_ORIGIN } });
      expect(response.status, query).toBe(400);
    }
    const bulk = await fetch(`${base}/admin/api/resources/Registration/bulk/bulkApprove?recordIds=abc`, { headers: { cookie, ...SAME_ORIGIN } });
    expect(bulk.status).toBe(400);
    const unknown = await fetch(`${base}/admin/api/resources/Nope/actions/list`, { headers: { cookie, ...SAME_ORIGIN } });
    expect(unknown.status).toBe(404);
    const missing = await fetch(`${base}/admin/api/resources/Registration/records/999999/show`, { headers: { cookie, ...SAME_ORIGIN } });
    expect(missing.status).not.toBe(500);
    expect(harness.logs.lines.slice(logFrom).filter((l) => l.level >= 50)).toEqual([]);
  });

  it('sends security headers: no framing, nosniff, a content security policy', async () => {
    const page = await fetch(`${base}/admin/login`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const html = await page.text();
    // Every inline script carries this response's nonce.
    expect(html.match(/<script(?![^>]*src=)[^>]*>/g)!.every((tag) => tag.includes(`nonce="${nonce}"`))).toBe(true);
  });
});

const UNLOCKED = { email: 'not-locked@example.org', password: 'not-locked-pass-1' };

describe(`admin login limits (${TEST_DB})`, () => {
  let first: TestService;
  let second: TestService;

  beforeAll(async () => {
    first = await startAdminService({ env: { TRUST_PROXY: 'true' } });
    // Made before the second service boots (its boot-time jobs write) and before the burst below (the tests are
    // shuffled): on SQLite the account could otherwise wait on the other connection's write lock past the busy
    // timeout on a loaded machine, and the test would fail on its set-up (seen in CI).
    await createAdminUser(first.service.db, SYSTEM, { ...UNLOCKED, role: 'organizer' });
    // A second process on the same database: the limits are shared through it.
    second = await startTestService({ database: first.database, api: first.api, env: { TRUST_PROXY: 'true' } });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.close();
  });

  const wrong = (service: TestService, email: string, forwardedFor: string) => postLogin(service.baseUrl, email, 'not-the-password', { 'x-forwarded-for': forwardedFor });

  it('counts a burst before checking passwords: of 200 parallel wrong logins only the allowance reaches argon2', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => wrong(i % 2 ? first : second, ADMIN_EMAIL, '198.51.100.1')));
    const checked = results.filter((r) => r.status === 200).length;
    expect(checked).toBeLessThanOrEqual(8);
    // The rest refused at once: 429, or 503 for an attempt the busy database could not count (SQLite's write lock
    // held by the other process past its busy timeout on a loaded machine) — never checked, never a 500.
    const refused = results.filter((r) => r.status === 429 || r.status === 503).length;
    expect({ refused, statuses: [...new Set(results.map((r) => r.status))].sort() }).toMatchObject({ refused: 200 - checked });
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThan(150);
  });

  it('takes the client address from the proxy in front only, not from what the client wrote', async () => {
    // The client makes up 40 addresses; the proxy appends the real one, which is what counts.
    const results = [];
    for (let i = 0; i < 40; i++) results.push(await wrong(first, 'someone@example.org', `10.9.8.${i}, 203.0.113.7`));
    expect(results.filter((r) => r.status === 200).length).toBe(8);
    expect(results.at(-1)!.status).toBe(429);
  });

  it('does not let anyone lock an account: the right password from another address still logs in', async () => {
    // Its own account (made in beforeAll), blocked by its own wrong tries (not the burst test's).
    const account = UNLOCKED;
    const tries = [];
    for (let i = 0; i < 9; i++) tries.push((await wrong(first, account.email, '198.51.100.9')).status);
    expect(tries.at(-1)).toBe(429);
    const owner = await postLogin(second.baseUrl, account.email, account.password, { 'x-forwarded-for': '192.0.2.55' });
    expect(owner.status).toBe(302);
  });
});

describe('admin login while the database is busy (SQLite, in both runs)', () => {
  let harness: TestService;
  beforeAll(async () => {
    harness = await startAdminService({ database: await createTestDatabase('sqlite') });
  });
  afterAll(async () => harness?.close());

  it('answers 503 with "try again" and Retry-After when the attempt cannot be counted, never a 500; then logs in', async () => {
    const target = harness.database.target;
    if (target.kind !== 'sqlite') throw new Error('expected a SQLite database');
    // Another process holds SQLite's write lock past the service's busy timeout (5 s).
    const other = new sqlite3.Database(target.path);
    const run = (sql: string) => new Promise<void>((resolve, reject) => other.run(sql, (error) => (error ? reject(error) : resolve())));
    await run('BEGIN IMMEDIATE');
    let answer: Response;
    try {
      answer = await fetch(`${harness.baseUrl}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
        body: new URLSearchParams({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
        redirect: 'manual',
      });
    } finally {
      await run('ROLLBACK');
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await answer.text()).toContain('Сервер сейчас занят');
    expect((await postLogin(harness.baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD)).status).toBe(302);
  }, 30_000);
});

describe(`admin sessions and passwords (${TEST_DB})`, () => {
  let harness: TestService;
  beforeAll(async () => {
    harness = await startAdminService();
  });
  afterAll(async () => harness?.close());

  const changePassword = (cookie: string, current: string, password: string) =>
    fetch(`${harness.baseUrl}/admin/api/pages/changePassword`, {
      method: 'POST',
      headers: { cookie, ...SAME_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ current, password, repeat: password }),
    }).then((r) => r.json() as Promise<{ ok?: boolean; messageKey?: string }>);

  it('ends the other sessions when the password changes, and limits tries of the current password', async () => {
    const base = harness.baseUrl;
    await createAdminUser(harness.service.db, SYSTEM, { email: 'changer@example.org', password: 'changer-password-1', role: 'organizer' });
    const laptop = await postLogin(base, 'changer@example.org', 'changer-password-1');
    const phone = await postLogin(base, 'changer@example.org', 'changer-password-1');
    expect(await loggedIn(base, phone.cookie)).toBe(true);
    expect(await changePassword(laptop.cookie, 'changer-password-1', 'changer-password-2')).toMatchObject({ ok: true });
    expect(await loggedIn(base, laptop.cookie)).toBe(true);
    expect(await loggedIn(base, phone.cookie)).toBe(false);

    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await changePassword(laptop.cookie, `wrong-${i}-password`, 'changer-password-3')).messageKey);
    expect(answers.slice(0, 5).every((k) => k === 'wrongCurrentPassword')).toBe(true);
    expect(answers[5]).toBe('tooManyLoginAttempts');
  });

  it('ends every session of an account whose password an admin resets, and never echoes the new password', async () => {
    const base = harness.baseUrl;
    const user = await createAdminUser(harness.service.db, SYSTEM, { email: 'reset@example.org', password: 'reset-password-1', role: 'organizer' });
    const theirs = await postLogin(base, 'reset@example.org', 'reset-password-1');
    const admin = await postLogin(base, ADMIN_EMAIL, ADMIN_PASSWORD);
    const edit = await fetch(`${base}/admin/api/resources/AdminUser/records/${user.id}/edit`, {
      method: 'POST',
      headers: { cookie: admin.cookie, ...SAME_ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'reset@example.org', role: 'organizer', newPassword: 'brand-new-secret-9' }),
    });
    const text = await edit.text();
    expect(edit.status).toBe(200);
    expect(text).not.toContain('brand-new-secret-9');
    expect(await loggedIn(base, theirs.cookie)).toBe(false);
    expect(await harness.service.db.manager.countBy(AdminUser, { email: 'reset@example.org' })).toBe(1);
  });
});

describe(`slow clients and big bodies (${TEST_DB})`, () => {
  let harness: TestService;
  beforeAll(async () => {
    harness = await startAdminService({ serviceOptions: { timeouts: { requestMs: 1500, headersMs: 1000, checkIntervalMs: 100 } } });
  });
  afterAll(async () => harness?.close());

  /** Sends the request's head, then one byte of body every 300 ms; resolves when the server closes the connection. */
  function trickle(path: string, extraHeaders: string): Promise<number> {
    const { port } = new URL(harness.baseUrl);
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n${extraHeaders}\r\n`);
      });
      const timer = setInterval(() => socket.writable && socket.write('a'), 300);
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearInterval(timer);
        resolve(Date.now() - started);
      });
      setTimeout(() => socket.destroy(), 20_000);
    });
  }

  it('cuts off a client that sends its request a byte at a time, on the login and on the webhook', async () => {
    const [login, webhook] = await Promise.all([
      trickle('/admin/login', 'Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n'),
      trickle('/telegram/webhook', 'Content-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: test-webhook-secret_0123456789\r\n'),
    ]);
    expect(login).toBeLessThan(5000);
    expect(webhook).toBeLessThan(5000);
  });

  it('answers a webhook body over the limit with 413', async () => {
    const response = await harness.postUpdate({ update_id: 1, message: { text: 'x'.repeat(1_100_000) } });
    expect(response.status).toBe(413);
  });
});

describe(`proxy settings at boot (${TEST_DB})`, () => {
  it('warns when PUBLIC_URL is https but TRUST_PROXY is not set, and says what TRUST_PROXY=true means', async () => {
    const plain = await startTestService({ env: { PUBLIC_URL: 'https://bot.example.org' } });
    expect(plain.logs.text()).toContain('PUBLIC_URL is https but TRUST_PROXY is not set');
    await plain.close();
    const proxied = await startTestService({ env: { PUBLIC_URL: 'https://bot.example.org', TRUST_PROXY: 'true' } });
    expect(proxied.logs.text()).toContain('trusting one proxy hop');
    await proxied.close();
  });
});
