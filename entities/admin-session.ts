import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AdminUser } from './admin-user.js';
import { TIMESTAMP } from './columns.js';

/** Admin login sessions (internal), so they survive restarts and work across processes. */
@Entity({ name: 'admin_sessions' })
export class AdminSession extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  @Column({ type: 'text' })
  data: string;

  /** Whose session (null until someone logs in); a password change ends the others, deleting the account ends all. */
  @Index('IDX_admin_sessions_admin_user_id')
  @Column({ type: 'integer', nullable: true })
  adminUserId: number | null;

  @ManyToOne(() => AdminUser, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'admin_user_id' })
  adminUser?: AdminUser;

  @Index('IDX_admin_sessions_expires_at')
  @Column({ type: TIMESTAMP })
  expiresAt: Date;
}
