import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { TEAM_STATUSES, TIMESTAMP, oneOf, type TeamStatus } from './columns.js';
import { Competition } from './competition.js';
import { Registration } from './registration.js';

/**
 * A team of participants in a competition (domain/teams.ts). Members are the registrations whose `team_id` points
 * here; the captain is one of them. `name_key` is the name as compared for uniqueness (trimmed, spaces collapsed,
 * lower case); `invite_code` is the unguessable part of the invite link `?start=j_<code>`.
 */
@Entity({ name: 'teams' })
@Unique('UQ_teams_competition_name', ['competitionId', 'nameKey'])
@Unique('UQ_teams_invite_code', ['inviteCode'])
@Index('IDX_teams_competition_status', ['competitionId', 'status', 'id'])
@Check('CHK_teams_status', oneOf('status', TEAM_STATUSES))
export class Team extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  competitionId: number;

  @ManyToOne(() => Competition, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  nameKey: string;

  /** null only inside the transaction that hands a departing captain's team over (or dissolves it). */
  @Index('IDX_teams_captain_registration_id')
  @Column({ type: 'integer', nullable: true })
  captainRegistrationId: number | null;

  @ManyToOne(() => Registration, { onDelete: 'SET NULL', nullable: true, deferrable: 'INITIALLY IMMEDIATE' })
  @JoinColumn({ name: 'captain_registration_id' })
  captain: Registration | null;

  @Column({ type: 'varchar', length: 32 })
  inviteCode: string;

  @Column({ type: 'varchar', length: 16, default: 'forming' })
  status: TeamStatus;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
