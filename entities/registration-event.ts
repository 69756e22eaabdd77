import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import {
  ACTOR_KINDS,
  EVENT_SOURCES,
  REGISTRATION_EVENTS,
  TIMESTAMP,
  oneOf,
  type ActorKind,
  type EventSource,
  type RegistrationEventKind,
  type RegistrationStatus,
} from './columns.js';
import { AdminUser } from './admin-user.js';
import { Registration } from './registration.js';

/**
 * The history of a registration: one row per status change and entry event, with who did it and through
 * what. No personal data: the registration and the admin user are referred to by id only. Goes with its
 * registration (CASCADE); outlives the admin account (SET NULL), like the audit.
 */
@Entity({ name: 'registration_events' })
@Check('CHK_registration_events_event', oneOf('event', REGISTRATION_EVENTS))
@Check('CHK_registration_events_actor_kind', oneOf('actor_kind', ACTOR_KINDS))
@Check('CHK_registration_events_source', oneOf('source', EVENT_SOURCES))
export class RegistrationEvent extends BaseEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Index('IDX_registration_events_registration_id')
  @Column({ type: 'integer' })
  registrationId: number;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'registration_id' })
  registration: Registration;

  @Column({ type: 'varchar', length: 32 })
  event: RegistrationEventKind;

  @Column({ type: 'varchar', length: 16 })
  actorKind: ActorKind;

  @Index('IDX_registration_events_admin_user_id')
  @Column({ type: 'integer', nullable: true })
  adminUserId: number | null;

  @ManyToOne(() => AdminUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'admin_user_id' })
  adminUser: AdminUser | null;

  @Column({ type: 'varchar', length: 16 })
  source: EventSource;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: RegistrationStatus | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: RegistrationStatus | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
