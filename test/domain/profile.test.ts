import { In } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AdminAudit, User } from '../../entities/index.js';
import { adminActor, deleteUserData } from '../../domain/index.js';
import { updateRecord } from '../../domain/records.js';
import { makeAdmin, makeUser, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();

describe('deleting my data', () => {
  it('also scrubs my name, phone and Telegram names from the admin audit of my record', async () => {
    const admin = await makeAdmin(f.db);
    const user = await makeUser(f.db, { fullName: 'Анна Щукина', phone: '+79991234567', username: 'anna_sch', firstName: 'Анна', lastName: 'Щукина' });
    const other = await makeUser(f.db, { fullName: 'Пётр Иванов', phone: '+79990000000' });
    // An organizer corrects the name and phone in the admin (users.updated, with before → after).
    await updateRecord(f.db, adminActor(admin.id), User, 'users', user.id, { fullName: 'Анна Щукина-Петрова', phone: '+79997654321' });
    await updateRecord(f.db, adminActor(admin.id), User, 'users', other.id, { phone: '+79990000001' });
    const audit = () => f.db.manager.find(AdminAudit, { where: { resource: 'users', recordId: In([String(user.id), String(other.id)]) }, order: { id: 'ASC' } });
    expect(JSON.stringify(await audit())).toContain('Щукина');

    expect(await deleteUserData(f.db, user.id)).toBe(true);
    const [mine, theirs] = await audit();
    expect(mine).toMatchObject({ action: 'users.updated', recordId: String(user.id), adminUserId: admin.id });
    expect(mine.changes).toEqual({ fullName: { before: '[deleted]', after: '[deleted]' }, phone: { before: '[deleted]', after: '[deleted]' } });
    expect(JSON.stringify(await audit())).not.toMatch(/Щукина|Анна|7999123|7999765|anna_sch/);
    // Someone else's record is left alone.
    expect(theirs.changes).toEqual({ phone: { before: '+79990000000', after: '+79990000001' } });
  });
});
