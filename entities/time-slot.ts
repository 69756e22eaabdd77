import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';
import { Competition } from './competition.js';

@Entity({ name: 'time_slots' })
export class TimeSlot extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_time_slots_competition_id')
  @Column({ type: 'integer' })
  competitionId: number;

  @ManyToOne(() => Competition, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition;

  @Column({ type: TIMESTAMP })
  startsAt: Date;

  @Column({ type: TIMESTAMP })
  endsAt: Date;

  @Column({ type: 'integer' })
  capacity: number;
}
