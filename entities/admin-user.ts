import { BaseEntity, Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ADMIN_ROLES, TIMESTAMP, bigintAsNumber, oneOf, type AdminRole } from './columns.js';

@Entity({ name: 'admin_users' })
@Check('CHK_admin_users_role', oneOf('role', ADMIN_ROLES))
export class AdminUser extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  email: string;

  /** argon2id; never plain, never sent to the browser. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** How door staff and the audit name this person (never by e-mail); their role in words when empty. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  displayName: string | null;

  @Column({ type: 'varchar', length: 16, default: 'organizer' })
  role: AdminRole;

  /** The Telegram account linked for scanning from the bot (one account, one admin user). */
  @Column({ type: 'bigint', nullable: true, unique: true, transformer: bigintAsNumber })
  telegramId: number | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
