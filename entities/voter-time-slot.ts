import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Registration } from './registration.js';
import { TimeSlot } from './time-slot.js';

@Entity({ name: 'voter_time_slots' })
@Unique('UQ_voter_time_slots_pair', ['registrationId', 'timeSlotId'])
export class VoterTimeSlot extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_voter_time_slots_registration_id')
  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'registration_id' })
  registration: Registration;

  @Index('IDX_voter_time_slots_time_slot_id')
  @Column({ type: 'integer' })
  timeSlotId: number;

  @ManyToOne(() => TimeSlot, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'time_slot_id' })
  timeSlot: TimeSlot;
}
