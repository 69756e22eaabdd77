import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';

/** Admin login sessions (internal), so they survive restarts and work across processes. */
@Entity({ name: 'admin_sessions' })
export class AdminSession extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  sid: string;

  @Column({ type: 'text' })
  data: string;

  @Index('IDX_admin_sessions_expires_at')
  @Column({ type: TIMESTAMP })
  expiresAt: Date;
}
