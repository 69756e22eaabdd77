import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DELIVERY_STATUSES, TIMESTAMP, oneOf, type DeliveryStatus } from './columns.js';
import { User } from './user.js';

/** A notification the domain wants delivered, written in the same transaction as the change it reports. */
@Entity({ name: 'outbox_messages' })
@Index('IDX_outbox_messages_status_next', ['status', 'nextAttemptAt'])
@Check('CHK_outbox_messages_status', oneOf('status', DELIVERY_STATUSES))
export class OutboxMessage extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_outbox_messages_user_id')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user: User;

  /** Catalogue key of the message, e.g. `registration.approved`; rendered in the user's language at send time. */
  @Column({ type: 'varchar', length: 64 })
  kind: string;

  @Column({ type: 'simple-json', nullable: true })
  payload: Record<string, unknown> | null;

  /** Literal text, when the message is not from the catalogue. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: TIMESTAMP, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  sentAt: Date | null;
}
