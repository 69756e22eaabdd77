import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../admin/auth.js';
import { createAdminUser, ensureFirstAdmin } from '../../domain/admin-accounts.js';
import { SYSTEM } from '../../domain/actor.js';
import { registrationsCsv } from '../../admin/csv.js';
import { DatabaseSessionStore } from '../../admin/session-store.js';
import { AdminUser, Registration, User } from '../../entities/index.js';
import { TEST_DB } from '../../devkit/database.js';
import { expectDomainError, makeCompetition, openDomainFixture, type DomainFixture } from '../domain/fixtures.js';
import pino from 'pino';
import type { Session } from 'fastify';

function call<T>(fn: (cb: (error?: unknown, value?: T) => void) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

describe(`admin storage on ${TEST_DB}: sessions, accounts, CSV`, () => {
  let f: DomainFixture;
  beforeAll(async () => {
    f = await openDomainFixture();
  });
  afterAll(async () => f?.close());

  it('keeps sessions in admin_sessions: another store (another process) reads them; expired and destroyed ones are gone', async () => {
    const store = new DatabaseSessionStore(f.db, 60_000);
    const owner = await createAdminUser(f.db, SYSTEM, { email: 'sessions@example.org', password: 'a-long-password-1', role: 'organizer' });
    const adminUser = { id: String(owner.id), email: 'a@example.org', role: 'organizer' as const, title: 'organizer' };
    const session = { adminUser, cookie: { expires: new Date(Date.now() + 60_000) } } as unknown as Session;
    await call((cb) => store.set('sid-1', session, cb));
    await call((cb) => store.set('sid-1', { ...session, redirectTo: '/admin/x' } as Session, cb)); // an update, not a second row
    const other = new DatabaseSessionStore(f.db, 60_000);
    expect(await call<any>((cb) => other.get('sid-1', cb))).toMatchObject({ adminUser: { email: 'a@example.org' }, redirectTo: '/admin/x' });
    expect(await f.db.query('SELECT sid FROM admin_sessions')).toHaveLength(1);

    await call((cb) => store.set('sid-old', { cookie: { expires: new Date(Date.now() - 1000) } } as unknown as Session, cb));
    expect(await call((cb) => other.get('sid-old', cb))).toBeNull();
    await call((cb) => other.destroy('sid-1', cb));
    expect(await call((cb) => store.get('sid-1', cb))).toBeNull();
    await f.db.manager.delete(AdminUser, { id: owner.id });
  });

  it('creates the first admin only when none exists, and says how to create one when not configured', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    await ensureFirstAdmin(f.db, { adminEmail: '', adminPassword: '' }, logger);
    expect(lines.join('')).toContain('npm run admin -- create');
    await ensureFirstAdmin(f.db, { adminEmail: 'First@Example.org', adminPassword: 'first-admin-pass' }, logger);
    await ensureFirstAdmin(f.db, { adminEmail: 'second@example.org', adminPassword: 'second-admin-pass' }, logger);
    expect((await f.db.manager.find(AdminUser)).map((u) => u.email)).toEqual(['first@example.org']);
    expect(await authenticate(f.db, 'FIRST@example.org', 'first-admin-pass')).toMatchObject({ email: 'first@example.org', role: 'admin' });
    expect(await authenticate(f.db, 'first@example.org', 'wrong-password')).toBeNull();
    expect(await authenticate(f.db, 'nobody@example.org', 'first-admin-pass')).toBeNull();
    await expectDomainError(createAdminUser(f.db, SYSTEM, { email: 'x@example.org', password: 'short', role: 'organizer' }), 'admin.password_too_short');
  });

  it('streams the CSV in batches: BOM, header, every row once, Cyrillic intact, formulas neutralised', async () => {
    const competition = await makeCompetition(f.db, { title: 'Турнир' });
    const count = 2345; // more than two batches
    await f.db.write(async (m) => {
      for (let i = 0; i < count; i += 500) {
        await m.insert(
          User,
          Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
            telegramId: 5_000_000 + i + j,
            fullName: i + j === 0 ? '=HYPERLINK("http://evil")' : `Участник ${i + j}`,
            phone: `+7 900 ${String(i + j).padStart(7, '0')}`,
          })),
        );
      }
    });
    // Rows as the domain leaves them; inserted in bulk (the export is under test here, not the sign-up rules).
    const users = (await f.db.manager.find(User, { order: { id: 'ASC' } })).filter((u) => (u.telegramId ?? 0) >= 5_000_000);
    await f.db.write(async (m) => {
      for (let i = 0; i < users.length; i += 500) {
        await m.insert(
          Registration,
          users.slice(i, i + 500).map((u) => ({
            userId: u.id,
            competitionId: competition.id,
            role: 'participant' as const,
            status: 'approved' as const,
            consentGiven: true,
          })),
        );
      }
    });
    // In English (comma-separated); Russian uses ';' (test/admin/organizer-jobs.test.ts).
    const csv = await text(registrationsCsv(f.db, competition.id, 'Europe/Moscow', 'en'));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0].startsWith('Registration,Status,Waiting list position,Role,')).toBe(true);
    expect(lines).toHaveLength(count + 1);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(count);
    expect(csv).toContain('Участник 2344');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(',+7 900 000 00 01,'); // a phone number is not a formula, and in its display form
  });
});
