import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, bigintAsNumber } from './columns.js';

/** Telegram update ids taken (a lease while handled, done after): internal; pruned after 7 days. */
@Entity({ name: 'processed_updates' })
export class ProcessedUpdate extends BaseEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  updateId: number;

  @Index('IDX_processed_updates_processed_at')
  @Column({ type: TIMESTAMP })
  processedAt: Date;

  /** The process handling the update; null once its work committed ("done"). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  leaseTakenAt: Date | null;
}
