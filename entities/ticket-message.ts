import { BaseEntity, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, bigintAsNumber } from './columns.js';
import { Registration } from './registration.js';

/**
 * A ticket photo the bot sent: where it is (chat, message), so that its caption can say the ticket is no longer
 * valid once the registration is cancelled or rejected. Internal: never shown in the admin.
 */
@Entity({ name: 'ticket_messages' })
export class TicketMessage extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_ticket_messages_registration_id')
  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'registration_id' })
  registration: Registration;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  chatId: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  messageId: number;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
