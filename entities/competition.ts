import { BaseEntity, Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PLACES_COUNTS, TEAM_MODES, TIMESTAMP, oneOf, type PlacesCount, type TeamMode } from './columns.js';

@Entity({ name: 'competitions' })
@Check('CHK_competitions_team_mode', oneOf('team_mode', TEAM_MODES))
@Check('CHK_competitions_places_count', oneOf('places_count', PLACES_COUNTS))
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

  /** When it ends; null: at the end of the start's day in TZ_DISPLAY (domain/calendar.ts). */
  @Column({ type: TIMESTAMP, nullable: true })
  endsAt: Date | null;

  /** The registration deadline; null: the start. After it nobody registers, joins the waiting list or gets an offer. */
  @Column({ type: TIMESTAMP, nullable: true })
  registrationClosesAt: Date | null;

  /** How people reach the organizers: a Telegram @username, a phone or an e-mail, shown in the bot. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  contact: string | null;

  @Column({ type: 'boolean', default: false })
  requiresApproval: boolean;

  /** null = unlimited. Counts participant registrations that are pending, approved or offered. */
  @Column({ type: 'integer', nullable: true })
  maxParticipants: number | null;

  /** Days after the end that its personal data is kept; null: RETENTION_DAYS (domain/calendar.ts purgeDate). */
  @Column({ type: 'integer', nullable: true })
  retentionDays: number | null;

  /** When the purge of its personal data finished (domain/retention.ts); null: not yet. */
  @Column({ type: TIMESTAMP, nullable: true })
  personalDataPurgedAt: Date | null;

  /** Teams (domain/teams.ts): off, optional (solo or in a team) or required; sizes `team_min`–`team_max`. */
  @Column({ type: 'varchar', length: 16, default: 'off' })
  teamMode: TeamMode;

  @Column({ type: 'integer', default: 2 })
  teamMin: number;

  @Column({ type: 'integer', default: 5 })
  teamMax: number;

  /** What `max_participants` counts: people, or teams (domain/places.ts). */
  @Column({ type: 'varchar', length: 16, default: 'people' })
  placesCount: PlacesCount;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
