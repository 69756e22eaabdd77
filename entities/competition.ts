import { BaseEntity, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from './columns.js';

@Entity({ name: 'competitions' })
export class Competition extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  location: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  startsAt: Date | null;

  @Column({ type: 'boolean', default: false })
  registrationOpen: boolean;

  @Column({ type: TIMESTAMP, nullable: true })
  registrationClosesAt: Date | null;

  @Column({ type: 'boolean', default: false })
  requiresApproval: boolean;

  /** null = unlimited. Counts participant registrations that are pending or approved. */
  @Column({ type: 'integer', nullable: true })
  maxParticipants: number | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
