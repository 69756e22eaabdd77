import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';

/** Failed admin logins counted per key and window (internal); shared by every process. */
@Entity({ name: 'admin_login_attempts' })
export class AdminLoginAttempt extends BaseEntity {
  /** `ip:<address>` or `email:<e-mail>|<address>`. */
  @PrimaryColumn({ type: 'varchar', length: 400 })
  key: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Index('IDX_admin_login_attempts_window_started_at')
  @Column({ type: TIMESTAMP })
  windowStartedAt: Date;
}
