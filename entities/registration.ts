import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { REGISTRATION_ROLES, REGISTRATION_STATUSES, TIMESTAMP, oneOf, type RegistrationRole, type RegistrationStatus } from './columns.js';
import { AdminUser } from './admin-user.js';
import { Competition } from './competition.js';
import { Team } from './team.js';
import { User } from './user.js';

@Entity({ name: 'registrations' })
@Unique('UQ_registrations_user_competition', ['userId', 'competitionId'])
@Index('IDX_registrations_competition_status', ['competitionId', 'status', 'createdAt'])
@Index('IDX_registrations_competition_id_id', ['competitionId', 'id'])
@Index('IDX_registrations_offer_expires_at', ['offerExpiresAt'])
@Index('IDX_registrations_team_id', ['teamId', 'status'])
@Check('CHK_registrations_role', oneOf('role', REGISTRATION_ROLES))
@Check('CHK_registrations_status', oneOf('status', REGISTRATION_STATUSES))
export class Registration extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_registrations_user_id')
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'user_id' })
  user: User;

  @Index('IDX_registrations_competition_id')
  @Column({ type: 'integer' })
  competitionId: number;

  @ManyToOne(() => Competition, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'competition_id' })
  competition: Competition;

  @Column({ type: 'varchar', length: 16 })
  role: RegistrationRole;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: RegistrationStatus;

  @Column({ type: TIMESTAMP, nullable: true })
  statusChangedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  consentGiven: boolean;

  @Column({ type: 'boolean', default: false })
  checkedIn: boolean;

  /** When and by whom the person was checked in at the door (null when not, or undone). */
  @Column({ type: TIMESTAMP, nullable: true })
  checkedInAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  checkedInByAdminId: number | null;

  @ManyToOne(() => AdminUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'checked_in_by_admin_id' })
  checkedInBy: AdminUser | null;

  /** The ticket's nonce (base32): a new one after a cancel or a reissue, so an old ticket stops working. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  ticketNonce: string | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  /** The organizer's reason for a rejection, shown to the person (personal data: purged with the rest). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;

  /** Until when an offered place waits for an answer (status `offered`), then it goes to the next in line. */
  @Column({ type: TIMESTAMP, nullable: true })
  offerExpiresAt: Date | null;

  /** "✅ Буду" pressed under a reminder. */
  @Column({ type: TIMESTAMP, nullable: true })
  attendanceConfirmedAt: Date | null;

  /** "❌ Не смогу" pressed under a reminder (a participant is then cancelled, a voter loses that slot). */
  @Column({ type: TIMESTAMP, nullable: true })
  attendanceDeclinedAt: Date | null;

  /** The team this participant is in (domain/teams.ts); SET NULL: a dissolved team leaves the registration. */
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'team_id' })
  team: Team | null;
}
