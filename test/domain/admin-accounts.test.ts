import { describe, expect, it } from 'vitest';
import { AdminAudit, AdminUser } from '../../entities/index.js';
import { adminActor, SYSTEM } from '../../domain/actor.js';
import { authenticateAdmin, changeOwnPassword, createAdminUser, deleteAdminUser, setAdminPassword, updateAdminUser } from '../../domain/admin-accounts.js';
import { expectDomainError, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

describe('admin accounts', () => {
  it('checks e-mail, role, password policy and unique e-mail on create', async () => {
    await expectDomainError(createAdminUser(f.db, SYSTEM, { email: 'no-at-sign', password: 'long-enough-1', role: 'admin' }), 'admin.bad_email');
    await expectDomainError(createAdminUser(f.db, SYSTEM, { email: 'r@example.org', password: 'long-enough-1', role: 'root' }), 'admin.bad_role');
    await expectDomainError(createAdminUser(f.db, SYSTEM, { email: 'r@example.org', password: 'short', role: 'admin' }), 'admin.password_too_short');
    const user = await createAdminUser(f.db, SYSTEM, { email: ' R@Example.org ', password: 'long-enough-1', role: 'organizer' });
    expect(user.email).toBe('r@example.org');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    await expectDomainError(createAdminUser(f.db, SYSTEM, { email: 'r@example.org', password: 'long-enough-2', role: 'admin' }), 'admin.email_taken');
    expect(await authenticateAdmin(f.db, 'R@example.org', 'long-enough-1')).toMatchObject({ id: user.id });
    expect(await authenticateAdmin(f.db, 'r@example.org', 'wrong-password')).toBeNull();
  });

  it('takes only a real e-mail address, on create and on edit: nothing that could be HTML', async () => {
    for (const email of [
      'p</script><script>alert(1)</script>@x.test',
      '"<script>"@example.org',
      '"a b"@example.org',
      'a b@example.org',
      'a@localhost',
      'a@example',
      'a@@example.org',
      'a.@example.org',
      `${'a'.repeat(250)}@example.org`,
    ]) {
      await expectDomainError(createAdminUser(f.db, SYSTEM, { email, password: 'long-enough-1', role: 'organizer' }), 'admin.bad_email');
    }
    for (const email of ['first.last+tag@sub.example.org', "o'neil@example.org", 'иван@пример.рф']) {
      expect((await createAdminUser(f.db, SYSTEM, { email, password: 'long-enough-1', role: 'organizer' })).email).toBe(email);
    }
    const user = await createAdminUser(f.db, SYSTEM, { email: 'edit-me@example.org', password: 'long-enough-1', role: 'organizer' });
    const error = await updateAdminUser(f.db, SYSTEM, user.id, { email: 'x</script>@x.test' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ key: 'admin.bad_email', field: 'email' });
    expect((await f.db.manager.findOneByOrFail(AdminUser, { id: user.id })).email).toBe('edit-me@example.org');
  });

  it('an admin cannot take the admin role from themselves, nor delete themselves; another admin can, audited', async () => {
    const me = await createAdminUser(f.db, SYSTEM, { email: 'me@example.org', password: 'long-enough-1', role: 'admin' });
    const other = await createAdminUser(f.db, SYSTEM, { email: 'other@example.org', password: 'long-enough-1', role: 'admin' });
    await expectDomainError(updateAdminUser(f.db, adminActor(me.id), me.id, { role: 'organizer' }), 'admin.cannot_demote_self');
    await expectDomainError(deleteAdminUser(f.db, adminActor(me.id), me.id), 'admin.cannot_delete_self');
    await expectDomainError(updateAdminUser(f.db, adminActor(me.id), me.id, { email: 'other@example.org' }), 'admin.email_taken');
    expect((await updateAdminUser(f.db, adminActor(me.id), me.id, { email: 'Me2@example.org' })).email).toBe('me2@example.org');

    await updateAdminUser(f.db, adminActor(other.id), me.id, { role: 'organizer' });
    await deleteAdminUser(f.db, adminActor(other.id), me.id);
    expect(await f.db.manager.countBy(AdminUser, { id: me.id })).toBe(0);
    const audit = await f.db.manager.find(AdminAudit, { where: { recordId: String(me.id), resource: 'admin_users' }, order: { id: 'ASC' } });
    expect(audit.map((a) => a.action)).toEqual(['admin_users.updated', 'admin_users.updated', 'admin_users.deleted']);
  });

  it('sets and changes passwords, audited without the secret', async () => {
    const user = await createAdminUser(f.db, SYSTEM, { email: 'pw@example.org', password: 'long-enough-1', role: 'organizer' });
    expect(await changeOwnPassword(f.db, user.id, 'wrong-current', 'long-enough-2')).toBe(false);
    await expectDomainError(changeOwnPassword(f.db, user.id, 'long-enough-1', 'short'), 'admin.password_too_short');
    expect(await changeOwnPassword(f.db, user.id, 'long-enough-1', 'long-enough-2')).toBe(true);
    await setAdminPassword(f.db, adminActor(user.id), user.id, 'long-enough-3');
    expect(await authenticateAdmin(f.db, 'pw@example.org', 'long-enough-3')).not.toBeNull();
    const audit = await f.db.manager.find(AdminAudit, { where: { recordId: String(user.id), resource: 'admin_users' } });
    expect(JSON.stringify(audit)).not.toMatch(/long-enough|argon2/);
  });
});
