import { BaseEntity, Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { REMINDER_TARGETS, TIMESTAMP, oneOf, type ReminderTarget } from './columns.js';
import { Registration } from './registration.js';

/**
 * One row per reminder sent: the unique key (registration, target, the target's time, offset) is what makes a
 * reminder go once, across restarts and processes. A moved competition or slot has a new time, so its
 * reminders are due again for the new time.
 */
@Entity({ name: 'reminders_sent' })
@Unique('UQ_reminders_sent_key', ['registrationId', 'target', 'targetId', 'targetAt', 'offsetMinutes'])
@Check('CHK_reminders_sent_target', oneOf('target', REMINDER_TARGETS))
export class ReminderSent extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'registration_id' })
  registration: Registration;

  @Column({ type: 'varchar', length: 16 })
  target: ReminderTarget;

  /** The competition's or the time slot's id. */
  @Column({ type: 'integer' })
  targetId: number;

  @Column({ type: TIMESTAMP })
  targetAt: Date;

  @Column({ type: 'integer' })
  offsetMinutes: number;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
