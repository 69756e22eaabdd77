import { BaseEntity, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';

/** Conversation state (internal): key → small JSON value. */
@Entity({ name: 'bot_sessions' })
export class BotSession extends BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
