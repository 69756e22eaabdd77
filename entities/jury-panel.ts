import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Competition } from './competition.js';

@Entity({ name: 'jury_panels' })
export class JuryPanel extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_jury_panels_competition_id')
  @Column({ type: 'integer' })
  competitionId: number;

  @ManyToOne(() => Competition, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** null = no limit. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;
}
