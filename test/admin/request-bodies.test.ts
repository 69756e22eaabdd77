import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminUser } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/index.js';
import { Competition } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import type { TestService } from '../../devkit/service.js';
import { startAdminService } from './browser.js';

const MiB = 1024 * 1024;
const BOUNDARY = 'attack-boundary-7d1f';
const DOOR = { email: 'door@example.org', password: 'door-password-123' };
const ORGANIZER = { email: 'organizer@example.org', password: 'organizer-password-1' };

/** One multipart file part of `size` bytes. */
function filePart(i: number, size: number): Buffer {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"; filename="f${i}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size, 0x61), Buffer.from('\r\n')]);
}

function fieldPart(name: string, value: string): Buffer {
  return Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
}

const CLOSE = Buffer.from(`--${BOUNDARY}--\r\n`);

interface Early {
  status: number;
  location?: string;
  sentBytes: number;
  totalBytes: number;
}

/**
 * Sends a request whose body would be `parts` × `partSize` bytes, but writes only the headers and the first part,
 * then waits for the answer. A server that refuses before reading the body answers now; one that reads the body
 * first waits for the rest, which never comes (the test fails after `patienceMs`).
 */
function attack(
  base: string,
  path: string,
  headers: Record<string, string>,
  options: { parts: number; partSize: number; contentLength?: boolean; body?: (i: number) => Buffer },
): Promise<Early> {
  const { port } = new URL(base);
  const part = options.body ?? ((i: number) => filePart(i, options.partSize));
  const first = part(0);
  const totalBytes = first.length * options.parts + CLOSE.length;
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port: Number(port),
      path,
      method: 'POST',
      agent: false,
      headers: {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        ...(options.contentLength === false ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(totalBytes) }),
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer from ${path} while the body was still being sent (the server waits for the whole body)`));
    }, 8_000);
    request.on('response', (response) => {
      clearTimeout(timer);
      resolve({ status: response.statusCode!, location: response.headers.location, sentBytes: first.length, totalBytes });
      response.resume();
      request.destroy();
    });
    request.on('error', (error) => {
      // The server may close the connection after answering; an answer already resolved the promise.
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    request.flushHeaders();
    request.write(first);
  });
}

async function postLogin(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ email, password }),
  });
  await response.arrayBuffer();
  expect(response.status, `login of ${email}`).toBe(302);
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('admin_session='))!
    .split(';')[0];
}

describe(`request bodies are refused before they are read (${TEST_DB})`, () => {
  let harness: TestService;
  let base: string;

  beforeAll(async () => {
    harness = await startAdminService();
    base = harness.baseUrl;
    await createAdminUser(harness.service.db, SYSTEM, { ...DOOR, role: 'checkin' });
    await createAdminUser(harness.service.db, SYSTEM, { ...ORGANIZER, role: 'organizer' });
  });
  afterAll(async () => harness?.close());

  it('refuses a multipart login (400 parts of 1 MiB) with 415 while the client is still sending', async () => {
    for (const contentLength of [true, false]) {
      const answer = await attack(base, '/admin/login', { origin: base }, { parts: 400, partSize: MiB, contentLength });
      expect(answer.status, `content-length: ${contentLength}`).toBe(415);
    }
  });

  it('refuses a login body over the limit with 413 before reading it, and any other type than a form with 415', async () => {
    const big = await attack(
      base,
      '/admin/login',
      { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      {
        parts: 400,
        partSize: 0,
        body: () => Buffer.from(`email=x&password=${'a'.repeat(MiB)}`),
      },
    );
    expect(big.status).toBe(413);
    const json = await fetch(`${base}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'a@b.c', password: 'x' }),
    });
    expect(json.status).toBe(415);
  });

  it('refuses an anonymous multipart request to the API before reading it', async () => {
    const answer = await attack(base, '/admin/api/resources/Competition/actions/new', { origin: base }, { parts: 400, partSize: MiB });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe('/admin/login');
  });

  it('refuses door staff a multipart request (3 × 300 parts) with 403 before reading it, also where they may go', async () => {
    const cookie = await postLogin(base, DOOR.email, DOOR.password);
    const competitions = await harness.service.db.manager.countBy(Competition, {});
    const answers = await Promise.all([0, 1, 2].map(() => attack(base, '/admin/api/resources/Competition/actions/new', { origin: base, cookie }, { parts: 300, partSize: MiB })));
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    // Their own password page takes JSON, never an upload.
    const own = await attack(base, '/admin/api/pages/changePassword', { origin: base, cookie }, { parts: 300, partSize: MiB });
    expect(own.status).toBe(415);
    expect(await harness.service.db.manager.countBy(Competition, {})).toBe(competitions);
  });

  it("takes an organizer's multipart form within small limits: no files, few parts, a bounded size", async () => {
    const cookie = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    const url = '/admin/api/resources/Competition/actions/new';
    const competitions = await harness.service.db.manager.countBy(Competition, {});
    // A body over the limit is refused on its Content-Length, before it is read.
    const huge = await attack(base, url, { origin: base, cookie }, { parts: 300, partSize: MiB });
    expect(huge.status).toBe(413);
    // A file part is refused (nothing in the admin uploads).
    const withFile = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { origin: base, cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: Buffer.concat([fieldPart('title', 'Файл'), filePart(1, 10), CLOSE]),
    });
    expect(withFile.status).toBe(413);
    // Too many parts.
    const many = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { origin: base, cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: Buffer.concat([...Array.from({ length: 1000 }, (_, i) => fieldPart(`x${i}`, 'y')), CLOSE]),
    });
    expect(many.status).toBe(413);
    // A field over its size.
    const longField = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { origin: base, cookie, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: Buffer.concat([fieldPart('title', 'Длинное'), fieldPart('description', 'я'.repeat(100_000)), CLOSE]),
    });
    expect(longField.status).toBe(413);
    expect(await harness.service.db.manager.countBy(Competition, {})).toBe(competitions);
    // A real form, as AdminJS's record form posts it, still works.
    const form = new FormData();
    form.set('title', 'Кубок по загрузкам');
    form.set('description', 'Описание '.repeat(500));
    form.set('registrationOpen', 'true');
    const created = await fetch(`${base}${url}`, { method: 'POST', headers: { origin: base, cookie }, body: form });
    expect(created.status).toBe(200);
    expect((await created.json()).notice?.type).toBe('success');
    expect(await harness.service.db.manager.countBy(Competition, { title: 'Кубок по загрузкам' })).toBe(1);
  });

  it('bounds a logged-in JSON body', async () => {
    const cookie = await postLogin(base, ORGANIZER.email, ORGANIZER.password);
    const response = await fetch(`${base}/admin/api/pages/changePassword`, {
      method: 'POST',
      headers: { origin: base, cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ current: 'x'.repeat(600 * 1024), password: 'a', repeat: 'a' }),
    });
    expect(response.status).toBe(413);
  });
});
