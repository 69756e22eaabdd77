import { BaseEntity, Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CONSENT_PATHS, TIMESTAMP, oneOf, type ConsentPath } from './columns.js';
import { Competition } from './competition.js';
import { User } from './user.js';

/**
 * One consent given: the proof. It outlives the person's data — the user goes to NULL and the keyed hash of
 * the Telegram id stays — and the competition (SET NULL). Version 0 is "given before versioning".
 */
@Entity({ name: 'consents' })
@Check('CHK_consents_via', oneOf('via', CONSENT_PATHS))
export class Consent extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_consents_user_id')
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user: User | null;

  /** HMAC-SHA256 of the Telegram id (hex), keyed by config.consentHashKey; null for a person without Telegram. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  telegramIdHash: string | null;

  @Index('IDX_consents_competition_id')
  @Column({ type: 'integer', nullable: true })
  competitionId: number | null;

  @ManyToOne(() => Competition, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition | null;

  @Column({ type: 'integer' })
  documentVersion: number;

  @Column({ type: TIMESTAMP })
  givenAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'varchar', length: 8 })
  via: ConsentPath;
}
