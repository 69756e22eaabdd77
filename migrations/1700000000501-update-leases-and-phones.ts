import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { alterSafely, col, columns } from './dialect.js';

/**
 * `processed_updates` marks become leases (issue 15): `lease_owner` is the process handling the update and
 * `lease_taken_at` when it took it; the mark is "done" once `lease_owner` is null again, set only after the
 * handler's work committed. Existing rows are done (null owner). A lease left by a process that died is
 * taken over by whoever next holds the chat's turn.
 *
 * And the phone numbers stored before they were parsed (issue 11): "89161234567" had become "+89161234567",
 * "912 345 67 89" "+9123456789". Each is re-read as typed (the digits; a leading 8 or a missing country code
 * in the PHONE_REGION of the deployment, RU by default) and stored as E.164 when valid; the users whose number
 * cannot be parsed keep it as it is and are listed in the log by id (not the number: it is personal data), for
 * the organizers to fix in the admin.
 */
export class UpdateLeasesAndPhones1700000000501 implements MigrationInterface {
  name = 'UpdateLeasesAndPhones1700000000501';
  transaction = false as const;

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await alterSafely(queryRunner, async () => {
      await queryRunner.addColumn('processed_updates', col(c.varchar('lease_owner', 64, { isNullable: true })));
      await queryRunner.addColumn('processed_updates', col(c.timestamp('lease_taken_at', { isNullable: true })));
    });
    await renormalizePhones(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await alterSafely(queryRunner, async () => {
      await queryRunner.dropColumn('processed_updates', 'lease_taken_at');
      await queryRunner.dropColumn('processed_updates', 'lease_owner');
    });
  }
}

/** The number as stored, re-read: the old code kept only the digits and put a + in front of them. */
export function renormalizedPhone(stored: string, regionCode: string): string | null {
  const region: CountryCode = isSupportedCountry(regionCode) ? regionCode : 'RU';
  const exact = parsePhoneNumberFromString(stored, region);
  if (exact?.isValid()) return exact.number;
  // "+89161234567": the + was ours, the digits were typed in the region's own format.
  const typed = parsePhoneNumberFromString(stored.replace(/^\+/, ''), region);
  return typed?.isValid() ? typed.number : null;
}

async function renormalizePhones(queryRunner: QueryRunner): Promise<void> {
  const isPostgres = queryRunner.connection.options.type === 'postgres';
  const p = (n: number) => (isPostgres ? `$${n}` : '?');
  const region = (process.env.PHONE_REGION ?? 'RU').trim().toUpperCase() || 'RU';
  const rows: Array<{ id: number; phone: string }> = await queryRunner.query('SELECT id, phone FROM users WHERE phone IS NOT NULL ORDER BY id');
  const unparsable: number[] = [];
  let changed = 0;
  for (const row of rows) {
    const phone = renormalizedPhone(row.phone, region);
    if (!phone) unparsable.push(Number(row.id));
    else if (phone !== row.phone) {
      await queryRunner.query(`UPDATE users SET phone = ${p(1)} WHERE id = ${p(2)}`, [phone, row.id]);
      changed++;
    }
  }
  if (changed || unparsable.length) {
    console.warn(`[migration ${UpdateLeasesAndPhones1700000000501.name}] phone numbers re-normalized: ${changed} changed, ${unparsable.length} could not be parsed${unparsable.length ? ` (users.id: ${unparsable.join(', ')}) — fix them in the admin` : ''}`);
  }
}
