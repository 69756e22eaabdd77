import { spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../admin/auth.js';
import { runAdminCli } from '../../server/cli/admin-command.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startAdminService } from './browser.js';

const root = path.resolve(import.meta.dirname, '..', '..');

async function loginCookie(harness: TestService, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.baseUrl}/admin/login`, {
    method: 'POST',
    // A browser's login form says where it comes from.
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    redirect: 'manual',
  });
}

describe(`the admin over HTTP (${TEST_DB})`, () => {
  let harness: TestService;
  beforeAll(async () => {
    harness = await startAdminService({ env: { PUBLIC_URL: 'https://bot.example.org', TRUST_PROXY: 'true' } });
  });
  afterAll(async () => harness?.close());

  it('serves the login page and the prebuilt bundles offline: no CDN, no Google Fonts, no runtime bundling', async () => {
    const page = await fetch(`${harness.baseUrl}/admin/login`);
    // The charset is in the header: the page's <meta charset> comes after a long inline script.
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).not.toContain('fonts.googleapis.com');
    expect(html).not.toMatch(/src="https?:\/\//);
    for (const name of ['components.bundle.js', 'app.bundle.js', 'global.bundle.js', 'design-system.bundle.js']) {
      const response = await fetch(`${harness.baseUrl}/admin/frontend/assets/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toContain('javascript');
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(fs.readFileSync(path.join(root, 'dist', 'admin-assets', name))), name).toBe(true);
    }
  });

  it('marks the session cookie Secure when PUBLIC_URL is https (behind a TLS proxy), httpOnly and SameSite=Lax', async () => {
    const response = await loginCookie(harness, { 'x-forwarded-proto': 'https' });
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('admin_session='))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/admin/);
  });

  it('counts failed logins only: successful ones never lock anybody out', async () => {
    for (let i = 0; i < 12; i++) expect((await loginCookie(harness, { 'x-forwarded-proto': 'https' })).status).toBe(302);
    const wrong = await fetch(`${harness.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ email: ADMIN_EMAIL, password: 'not-the-password' }),
    });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toContain('invalidCredentials');
  });

  it('refuses requests another site started (CSRF), and the export without a login', async () => {
    const login = await loginCookie(harness, { 'x-forwarded-proto': 'https' });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('admin_session='))!
      .split(';')[0];
    const headers = { cookie, 'x-forwarded-proto': 'https' };
    const app = await fetch(`${harness.baseUrl}/admin`, { headers });
    expect(app.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const same = await fetch(`${harness.baseUrl}/admin/api/resources/Competition/actions/list`, { headers: { ...headers, 'sec-fetch-site': 'same-origin' } });
    expect(same.status).toBe(200);
    const cross = await fetch(`${harness.baseUrl}/admin/api/resources/Registration/bulk/bulkApprove?recordIds=1`, { headers: { ...headers, 'sec-fetch-site': 'cross-site' } });
    expect(cross.status).toBe(403);
    const anonymous = await fetch(`${harness.baseUrl}/admin/export/competitions/1/registrations.csv`, { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/admin/login');
  });

  it('`npm run admin -- create` creates an account with the password read from stdin', async () => {
    const run = async (args: string[], input = '') => {
      let stdout = '';
      let stderr = '';
      const code = await runAdminCli(args, {
        stdin: Readable.from([input]),
        stdout: new Writable({
          write: (chunk, _e, done) => {
            stdout += chunk;
            done();
          },
        }),
        stderr: new Writable({
          write: (chunk, _e, done) => {
            stderr += chunk;
            done();
          },
        }),
        env: { DATABASE_URL: harness.database.url, NODE_ENV: 'test' },
      });
      return { code, stdout, stderr };
    };
    const created = await run(['create', '--email', 'CLI@example.org', '--role', 'organizer'], 'cli-password-123\n');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Created organizer cli@example.org');
    expect(await authenticate(harness.service.db, 'cli@example.org', 'cli-password-123')).toMatchObject({ role: 'organizer' });
    const again = await run(['create', '--email', 'cli@example.org', '--role', 'admin'], 'cli-password-123\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    const reset = await run(['reset-password', '--email', 'cli@example.org'], 'another-password-4\n');
    expect(reset.code).toBe(0);
    expect(await authenticate(harness.service.db, 'cli@example.org', 'another-password-4')).not.toBeNull();
    const html = await run(['create', '--email', 'p</script><script>alert(1)</script>@x.test', '--role', 'organizer'], 'cli-password-123\n');
    expect(html.code).toBe(1);
    expect(html.stderr).toContain('The e-mail address is not valid.');
    const usage = await run(['create']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('npm run admin -- create --email');
  });

  it('the built CLI runs (npm run admin)', () => {
    const cli = path.join(root, 'dist', 'server', 'cli', 'admin.js');
    const usage = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(usage.status).toBe(0);
    expect(usage.stderr).toContain('npm run admin -- create --email');
  });
});
