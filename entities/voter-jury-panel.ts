import { BaseEntity, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JuryPanel } from './jury-panel.js';
import { Registration } from './registration.js';

/** A voter sits on at most one panel: registration_id is unique. */
@Entity({ name: 'voter_jury_panels' })
export class VoterJuryPanel extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('UQ_voter_jury_panels_registration_id', { unique: true })
  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'registration_id' })
  registration: Registration;

  @Index('IDX_voter_jury_panels_jury_panel_id')
  @Column({ type: 'integer' })
  juryPanelId: number;

  @ManyToOne(() => JuryPanel, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'jury_panel_id' })
  juryPanel: JuryPanel;
}
