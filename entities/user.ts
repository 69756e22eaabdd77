import { BaseEntity, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP, bigintAsNumber } from './columns.js';

/** PostgreSQL's trigram index on the admin's search text is made by migration 1700000000201 (not synchronized). */
@Entity({ name: 'users' })
@Index('IDX_users_search_trgm', { synchronize: false })
export class User extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Null for a person an organizer added by hand without Telegram (domain/walk-ins.ts): the bot never writes to them. */
  @Column({ type: 'bigint', unique: true, nullable: true, transformer: bigintAsNumber })
  telegramId: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  lastName: string | null;

  /** From Telegram, refreshed on every update. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  languageCode: string | null;

  /** Chosen with /language; wins over languageCode. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  preferredLanguage: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  fullName: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** The user blocked the bot (Telegram answered 403); cleared when they write again. */
  @Column({ type: 'boolean', default: false })
  isBlocked: boolean;

  @Column({ type: 'boolean', default: true })
  remindersEnabled: boolean;

  /** When the row was emptied of personal data by the retention purge (domain/retention.ts); null: not. */
  @Column({ type: TIMESTAMP, nullable: true })
  anonymisedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
