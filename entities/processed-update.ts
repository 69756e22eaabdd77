import { BaseEntity, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, bigintAsNumber } from './columns.js';

/** Telegram update ids already handled (internal); pruned after 7 days. */
@Entity({ name: 'processed_updates' })
export class ProcessedUpdate extends BaseEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  updateId: number;

  @Index('IDX_processed_updates_processed_at')
  @Column({ type: TIMESTAMP })
  processedAt: Date;
}
