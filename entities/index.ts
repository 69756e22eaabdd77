export * from './columns.js';
export { AdminAudit } from './admin-audit.js';
export { Answer } from './answer.js';
export { AdminLoginAttempt } from './admin-login-attempt.js';
export { AdminSession } from './admin-session.js';
export { AdminUser } from './admin-user.js';
export { BotSession } from './bot-session.js';
export { Broadcast } from './broadcast.js';
export { BroadcastDelivery } from './broadcast-delivery.js';
export { Competition } from './competition.js';
export { Consent } from './consent.js';
export { ConsentDocument } from './consent-document.js';
export { JuryPanel } from './jury-panel.js';
export { OutboxMessage } from './outbox-message.js';
export { ProcessedUpdate } from './processed-update.js';
export { Question, type QuestionOption, type QuestionRules, type Condition, type ShowIf } from './question.js';
export { Registration } from './registration.js';
export { StaffToken } from './staff-token.js';
export { Team } from './team.js';
export { RegistrationEvent } from './registration-event.js';
export { ReminderSent } from './reminder-sent.js';
export { TicketMessage } from './ticket-message.js';
export { TimeSlot } from './time-slot.js';
export { User } from './user.js';
export { VoterJuryPanel } from './voter-jury-panel.js';
export { VoterTimeSlot } from './voter-time-slot.js';

import { AdminAudit } from './admin-audit.js';
import { Answer } from './answer.js';
import { AdminLoginAttempt } from './admin-login-attempt.js';
import { AdminSession } from './admin-session.js';
import { AdminUser } from './admin-user.js';
import { BotSession } from './bot-session.js';
import { Broadcast } from './broadcast.js';
import { BroadcastDelivery } from './broadcast-delivery.js';
import { Competition } from './competition.js';
import { Consent } from './consent.js';
import { ConsentDocument } from './consent-document.js';
import { JuryPanel } from './jury-panel.js';
import { OutboxMessage } from './outbox-message.js';
import { ProcessedUpdate } from './processed-update.js';
import { Question } from './question.js';
import { Registration } from './registration.js';
import { RegistrationEvent } from './registration-event.js';
import { ReminderSent } from './reminder-sent.js';
import { TicketMessage } from './ticket-message.js';
import { StaffToken } from './staff-token.js';
import { Team } from './team.js';
import { TimeSlot } from './time-slot.js';
import { User } from './user.js';
import { VoterJuryPanel } from './voter-jury-panel.js';
import { VoterTimeSlot } from './voter-time-slot.js';

export const ALL_ENTITIES = [
  User,
  Competition,
  Registration,
  TimeSlot,
  JuryPanel,
  VoterTimeSlot,
  VoterJuryPanel,
  OutboxMessage,
  Broadcast,
  BroadcastDelivery,
  AdminUser,
  AdminAudit,
  RegistrationEvent,
  BotSession,
  AdminSession,
  ProcessedUpdate,
  AdminLoginAttempt,
  ReminderSent,
  AdminLoginAttempt,
  StaffToken,
  TicketMessage,
  ConsentDocument,
  Consent,
  Question,
  Team,
  Answer,
];

/** Tables in foreign-key order (parents first): the order of copies and of verification. */
export const TABLES_IN_FK_ORDER = [
  'users',
  'competitions',
  'admin_users',
  // Teams and registrations point at each other: teams first, the captain's key checked at commit (deferred).
  'teams',
  'registrations',
  'time_slots',
  'jury_panels',
  'voter_time_slots',
  'voter_jury_panels',
  'outbox_messages',
  'broadcasts',
  'broadcast_deliveries',
  'admin_audit',
  'registration_events',
  'bot_sessions',
  'admin_sessions',
  'processed_updates',
  'admin_login_attempts',
  'reminders_sent',
  'staff_tokens',
  'ticket_messages',
  'consent_documents',
  'consents',
  'questions',
  'answers',
] as const;
