import { describe, expect, it } from 'vitest';
import { SYSTEM } from '../../domain/actor.js';
import { AdminAudit, Consent } from '../../entities/index.js';
import { adminActor, deleteUserData, registerForCompetition, userActor } from '../../domain/index.js';
import { consentDocument, currentVersion, publishConsentDocument, sealConsents, telegramIdHash } from '../../domain/consents.js';
import { cancelRegistration } from '../../domain/registrations.js';
import { addWalkIn } from '../../domain/walk-ins.js';
import { DEFAULT_SETTINGS } from '../../domain/settings.js';
import { makeAdmin, makeCompetition, makeUser, useDomainFixture } from './fixtures.js';
import { auditSentences } from '../../domain/read-models/audit-sentences.js';
import { createAdminUser } from '../../domain/admin-accounts.js';

const f = useDomainFixture({ each: true });
const signUp = (userId: number, competitionId: number) => registerForCompetition(f.db, userActor(userId), { userId, competitionId, role: 'participant', consentGiven: true });
const recordsOf = (competitionId: number) => f.db.manager.find(Consent, { where: { competitionId }, order: { id: 'ASC' } });

describe('each consent is a record', () => {
  it('a sign-up in the bot records the current version, now, via bot (the quick path on PostgreSQL and the transaction alike)', async () => {
    const user = await makeUser(f.db);
    const open = await makeCompetition(f.db);
    const limited = await makeCompetition(f.db, { maxParticipants: 5 });
    const before = Date.now() - 1000;
    await signUp(user.id, open.id);
    await signUp(user.id, limited.id);
    for (const competition of [open, limited]) {
      const [record] = await recordsOf(competition.id);
      expect(record).toMatchObject({ userId: user.id, documentVersion: 1, via: 'bot', withdrawnAt: null });
      expect(record.givenAt.getTime()).toBeGreaterThanOrEqual(before);
    }
  });

  it('a walk-in added by an organizer records the consent via admin', async () => {
    const admin = await makeAdmin(f.db);
    const competition = await makeCompetition(f.db);
    const { user } = await addWalkIn(f.db, adminActor(admin.id), { competitionId: competition.id, fullName: 'Анна Петрова', phone: '+79161112233', role: 'participant' });
    expect(await recordsOf(competition.id)).toMatchObject([{ userId: user.id, documentVersion: 1, via: 'admin', telegramIdHash: null }]);
  });

  it('re-registering after a text change consents to the new version; old versions stay readable', async () => {
    const user = await makeUser(f.db);
    const competition = await makeCompetition(f.db);
    const { registration } = await signUp(user.id, competition.id);
    const admin = await createAdminUser(f.db, SYSTEM, { email: `consent-${Date.now()}@example.org`, password: 'long-enough-password', role: 'admin', displayName: 'Ирина' });
    const v2 = await publishConsentDocument(f.db, adminActor(admin.id), { ru: 'Новый текст, оператор {operator}, связь {contact}.' });
    expect(v2).toBe(2);
    // Unchanged text: no new version.
    expect(await publishConsentDocument(f.db, SYSTEM, { ru: 'Новый текст, оператор {operator}, связь {contact}.' })).toBe(2);
    // Who published which version is in the journal, once, said in words.
    const published = await f.db.manager.findBy(AdminAudit, { action: 'consent_documents.published' });
    expect(published.map((a) => a.recordId)).toEqual(['2']);
    expect(await auditSentences(f.db, published, 'Europe/Moscow', 'ru')).toEqual(['Ирина опубликовал(а) текст согласия, версия 2']);
    await cancelRegistration(f.db, userActor(user.id), registration.id);
    await signUp(user.id, competition.id);
    expect((await recordsOf(competition.id)).map((r) => r.documentVersion)).toEqual([1, 2]);
    expect(await currentVersion(f.db.manager)).toBe(2);
    expect((await consentDocument(f.db, 2, 'ru'))?.text).toBe(`Новый текст, оператор ${DEFAULT_SETTINGS.privacyOperator}, связь ${DEFAULT_SETTINGS.privacyContact}.`);
    // The English text was copied into version 2, so the version reads in both languages.
    expect((await consentDocument(f.db, 2, 'en'))?.text).toContain('Consent to the processing of personal data');
    expect((await consentDocument(f.db, 1, 'ru'))?.text).toContain(DEFAULT_SETTINGS.privacyOperator);
    expect(await consentDocument(f.db, 3, 'ru')).toBeNull();
  });

  it('deleting my data withdraws every consent and keeps the records with the hash, without the person', async () => {
    const user = await makeUser(f.db);
    const other = await makeUser(f.db);
    const [a, b] = [await makeCompetition(f.db), await makeCompetition(f.db)];
    await signUp(user.id, a.id);
    await signUp(user.id, b.id);
    await signUp(other.id, a.id);
    expect(await deleteUserData(f.db, user.id)).toBe(true);
    const records = await f.db.manager.find(Consent, { order: { id: 'ASC' } });
    const hash = telegramIdHash(DEFAULT_SETTINGS.consentHashKey, user.telegramId!);
    expect(records.map((r) => [r.userId, r.telegramIdHash, r.withdrawnAt !== null])).toEqual([
      [null, hash, true],
      [null, hash, true],
      [other.id, null, false],
    ]);
    // The other person's record is sealed by the background pass, not withdrawn.
    expect(await f.db.write((m) => sealConsents(m, DEFAULT_SETTINGS.consentHashKey, null))).toBe(1);
    expect((await f.db.manager.findOneByOrFail(Consent, { userId: other.id })).telegramIdHash).toBe(telegramIdHash(DEFAULT_SETTINGS.consentHashKey, other.telegramId!));
  });
});
