import { BaseEntity, Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { DELIVERY_STATUSES, TIMESTAMP, oneOf, type DeliveryStatus } from './columns.js';
import { Broadcast } from './broadcast.js';
import { User } from './user.js';

@Entity({ name: 'broadcast_deliveries' })
@Unique('UQ_broadcast_deliveries_pair', ['broadcastId', 'userId'])
@Index('IDX_broadcast_deliveries_status', ['broadcastId', 'status'])
@Check('CHK_broadcast_deliveries_status', oneOf('status', DELIVERY_STATUSES))
export class BroadcastDelivery extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  broadcastId: number;

  @ManyToOne(() => Broadcast, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'broadcast_id' })
  broadcast: Broadcast;

  @Index('IDX_broadcast_deliveries_user_id')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: TIMESTAMP, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  sentAt: Date | null;
}
