import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  ATTENDANCE_FILTERS,
  BROADCAST_STATES,
  TEAM_AUDIENCES,
  TIMESTAMP,
  oneOf,
  type TeamAudience,
  type AttendanceFilter,
  type BroadcastState,
  type RegistrationRole,
  type RegistrationStatus,
} from './columns.js';
import { Competition } from './competition.js';

@Entity({ name: 'broadcasts' })
@Check('CHK_broadcasts_state', oneOf('state', BROADCAST_STATES))
@Check('CHK_broadcasts_attendance', oneOf('attendance', ATTENDANCE_FILTERS))
@Check('CHK_broadcasts_team_audience', oneOf('team_audience', TEAM_AUDIENCES))
export class Broadcast extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  text: string;

  /** Audience: registrations of this competition (null = every user who has not blocked the bot). */
  @Index('IDX_broadcasts_competition_id')
  @Column({ type: 'integer', nullable: true })
  competitionId: number | null;

  @ManyToOne(() => Competition, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role: RegistrationRole | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  status: RegistrationStatus | null;

  /** Audience: checked in (true), not checked in (false), either (null). */
  @Column({ type: 'boolean', nullable: true })
  checkedIn: boolean | null;

  /** Audience: by the answer to the reminder (null = any). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  attendance: AttendanceFilter | null;

  /** Audience: captains only, whole teams, or people in no team (null = any). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  teamAudience: TeamAudience | null;

  /** Text in Telegram's HTML subset; sent with the link preview off when set. */
  @Column({ type: 'boolean', default: false })
  disableLinkPreview: boolean;

  /** When a `scheduled` broadcast starts sending (it takes its audience then). */
  @Column({ type: TIMESTAMP, nullable: true })
  scheduledAt: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  state: BroadcastState;

  @Column({ type: 'integer', default: 0 })
  totalCount: number;

  @Column({ type: 'integer', default: 0 })
  sentCount: number;

  @Column({ type: 'integer', default: 0 })
  failedCount: number;

  @Column({ type: 'integer', default: 0 })
  blockedCount: number;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  startedAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  finishedAt: Date | null;
}
