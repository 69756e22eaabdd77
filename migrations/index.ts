import { InitialSchema1700000000001 } from './1700000000001-initial-schema.js';
import { UserFields1700000000002 } from './1700000000002-user-fields.js';
import { EntryFlags1700000000003 } from './1700000000003-entry-flags.js';
import { RegistrationStatus1700000000004 } from './1700000000004-registration-status.js';
import { SlotsAndPanels1700000000005 } from './1700000000005-slots-and-panels.js';
import { OutboxAndBroadcasts1700000000006 } from './1700000000006-outbox-and-broadcasts.js';
import { AdminAndSessions1700000000007 } from './1700000000007-admin-and-sessions.js';
import { BroadcastDeliveryRetries1700000000101 } from './1700000000101-broadcast-delivery-retries.js';
import { AdminSearchIndexes1700000000201 } from './1700000000201-admin-search-indexes.js';
import { RegistrationEvents1700000000301 } from './1700000000301-registration-events.js';
import { AdminSecurity1700000000401 } from './1700000000401-admin-security.js';
import { UpdateLeasesAndPhones1700000000501 } from './1700000000501-update-leases-and-phones.js';
import { BroadcastsAndReminders1700000000601 } from './1700000000601-broadcasts-and-reminders.js';
import { DoorCheckin1700000000701 } from './1700000000701-door-checkin.js';
import { UpdateTurnFunctions1700000000801 } from './1700000000801-update-turn-functions.js';
import { EventLife1700000000901 } from './1700000000901-event-life.js';
import { TicketMessages1700000000902 } from './1700000000902-ticket-messages.js';
import { AdminTypedPhones1700000000903 } from './1700000000903-admin-typed-phones.js';
import { PeopleAddedByHand1700000000923 } from './1700000000923-people-added-by-hand.js';
import { Consents1700000000924 } from './1700000000924-consents.js';
import { Retention1700000000925 } from './1700000000925-retention.js';
import { Questions1700000000926 } from './1700000000926-questions.js';
import { Teams1700000000927 } from './1700000000927-teams.js';

/** Every migration, oldest first. Each runs on SQLite and PostgreSQL alike (a PostgreSQL-only step is a no-op on SQLite). */
export const ALL_MIGRATIONS = [
  InitialSchema1700000000001,
  UserFields1700000000002,
  EntryFlags1700000000003,
  RegistrationStatus1700000000004,
  SlotsAndPanels1700000000005,
  OutboxAndBroadcasts1700000000006,
  AdminAndSessions1700000000007,
  BroadcastDeliveryRetries1700000000101,
  AdminSearchIndexes1700000000201,
  RegistrationEvents1700000000301,
  AdminSecurity1700000000401,
  UpdateLeasesAndPhones1700000000501,
  BroadcastsAndReminders1700000000601,
  DoorCheckin1700000000701,
  UpdateTurnFunctions1700000000801,
  EventLife1700000000901,
  TicketMessages1700000000902,
  AdminTypedPhones1700000000903,
  PeopleAddedByHand1700000000923,
  Consents1700000000924,
  Retention1700000000925,
  Questions1700000000926,
  Teams1700000000927,
];
