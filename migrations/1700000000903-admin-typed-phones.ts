import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** E.164 as the bot stores it: a +, then 8 to 15 digits. */
const E164 = /^\+\d{8,15}$/;

/**
 * Phone numbers typed in the admin were stored as typed ("8 (994) 435-07-45"), so a search for +79944350745
 * found nobody. Each stored number not in E.164 is read as the bot reads a typed one (libphonenumber, a number
 * without + in PHONE_REGION, RU by default) and stored as E.164 when valid; those that cannot be read stay as
 * they are and are listed in the log by users.id (never the number: personal data), to be fixed in the admin.
 * The admin reads phones as the bot does from now on (domain/profile.ts correctUserProfile).
 */
export class AdminTypedPhones1700000000903 implements MigrationInterface {
  name = 'AdminTypedPhones1700000000903';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.options.type === 'postgres';
    const p = (n: number) => (isPostgres ? `$${n}` : '?');
    const configured = (process.env.PHONE_REGION ?? 'RU').trim().toUpperCase();
    const region: CountryCode = isSupportedCountry(configured) ? configured : 'RU';
    const rows: Array<{ id: number; phone: string }> = await queryRunner.query('SELECT id, phone FROM users WHERE phone IS NOT NULL ORDER BY id');
    const unreadable: number[] = [];
    let changed = 0;
    for (const row of rows) {
      if (E164.test(row.phone)) continue;
      const parsed = /^\+?[\d\s\-().]+$/.test(row.phone.trim()) ? parsePhoneNumberFromString(row.phone.trim(), region) : undefined;
      if (!parsed?.isValid()) {
        unreadable.push(Number(row.id));
        continue;
      }
      await queryRunner.query(`UPDATE users SET phone = ${p(1)} WHERE id = ${p(2)}`, [parsed.number, row.id]);
      changed++;
    }
    if (changed || unreadable.length) {
      console.warn(
        `[migration ${this.name}] phone numbers typed in the admin normalized: ${changed} changed, ${unreadable.length} could not be read${unreadable.length ? ` (users.id: ${unreadable.join(', ')}) — fix them in the admin` : ''}`,
      );
    }
  }

  /** The typed forms are gone; E.164 is what every version reads. */
  async down(): Promise<void> {}
}
