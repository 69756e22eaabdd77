import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { STAFF_TOKEN_KINDS, TIMESTAMP, oneOf, type StaffTokenKind } from './columns.js';
import { AdminUser } from './admin-user.js';

/**
 * Tokens given to staff, stored only as a SHA-256 hash: a one-time link token (`t.me/<bot>?start=staff_<token>`,
 * minutes-valid, used once) and a scanner token exchanged for verified Telegram initData (a door shift).
 */
@Entity({ name: 'staff_tokens' })
@Check('CHK_staff_tokens_kind', oneOf('kind', STAFF_TOKEN_KINDS))
export class StaffToken extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_staff_tokens_admin_user_id')
  @Column({ type: 'integer' })
  adminUserId: number;

  @ManyToOne(() => AdminUser, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'admin_user_id' })
  adminUser: AdminUser;

  @Column({ type: 'varchar', length: 16 })
  kind: StaffTokenKind;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ type: TIMESTAMP })
  expiresAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
