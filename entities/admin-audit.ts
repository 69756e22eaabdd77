import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';
import { AdminUser } from './admin-user.js';

/**
 * Who changed what in the admin. The admin user is SET NULL on delete (the record outlives the account);
 * the changed record is named by (resource, record_id) with no foreign key (the audit outlives the record).
 */
@Entity({ name: 'admin_audit' })
@Index('IDX_admin_audit_record', ['resource', 'recordId'])
export class AdminAudit extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_admin_audit_admin_user_id')
  @Column({ type: 'integer', nullable: true })
  adminUserId: number | null;

  @ManyToOne(() => AdminUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'admin_user_id' })
  adminUser: AdminUser | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 64 })
  resource: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  recordId: string | null;

  /** `{ field: { before, after } }`, secrets masked. */
  @Column({ type: 'simple-json', nullable: true })
  changes: Record<string, unknown> | null;

  @Index('IDX_admin_audit_created_at')
  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
