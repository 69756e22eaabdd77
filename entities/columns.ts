import type { ValueTransformer } from 'typeorm';

/**
 * node-postgres returns bigint as a string, SQLite as a number. Telegram ids fit in 52 bits, so the domain
 * always sees a number on both databases.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/**
 * Timestamps are declared with the JS `Date` type: SQLite stores it as `datetime` (UTC text), and the
 * PostgreSQL data source maps it to `timestamp with time zone` (see db/data-source.ts). One entity
 * definition, the right type on each database.
 */
export const TIMESTAMP = Date;

export const REGISTRATION_ROLES = ['participant', 'voter'] as const;
export type RegistrationRole = (typeof REGISTRATION_ROLES)[number];

/** `offered`: a freed place offered to the first on the waiting list, until `offer_expires_at` (domain/offers.ts). */
export const REGISTRATION_STATUSES = ['pending', 'approved', 'waitlisted', 'offered', 'rejected', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * `sending`: marked in flight before the call to Telegram; `interrupted`: was in flight when its sender died,
 * so nobody knows whether it arrived — never re-sent on its own, an organizer may retry it; `cancelled`: a
 * cancelled broadcast's unsent rest.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'blocked', 'interrupted', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const BROADCAST_STATES = ['draft', 'scheduled', 'sending', 'done', 'cancelled'] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

/** `checkin`: door staff — the scanner, its search and their own account, nothing else. */
export const ADMIN_ROLES = ['admin', 'organizer', 'checkin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** What happened to a registration, one row of its history each (registration_events). */
export const REGISTRATION_EVENTS = [
  'created',
  'status_changed',
  'promoted',
  'checked_in',
  'check_in_undone',
  'slots_changed',
  'panel_assigned',
  'panel_removed',
  'attendance_confirmed',
  'attendance_declined',
  'offered',
  'offer_accepted',
  'offer_declined',
  'offer_expired',
] as const;
export type RegistrationEventKind = (typeof REGISTRATION_EVENTS)[number];

/** A broadcast's audience narrowed by the answer to the reminder. */
export const ATTENDANCE_FILTERS = ['confirmed', 'declined', 'unanswered'] as const;
export type AttendanceFilter = (typeof ATTENDANCE_FILTERS)[number];

/** What a reminder is about: a participant's competition or a voter's chosen slot. */
/** `team`: the once-a-day-before-the-deadline reminder to a team below its minimum (domain/teams.ts). */
export const REMINDER_TARGETS = ['competition', 'slot', 'team'] as const;
export type ReminderTarget = (typeof REMINDER_TARGETS)[number];

/** Who did it: the user in the bot, an admin user, or the system itself. */
export const ACTOR_KINDS = ['user', 'admin', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Through what: the bot, the admin, the system's own work, a reminder's answer, the door scanner. */
export const EVENT_SOURCES = ['bot', 'admin', 'system', 'reminder', 'scan'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** Staff tokens: a one-time Telegram link token, or a scanner token from the Mini App (a door shift). */
export const STAFF_TOKEN_KINDS = ['link', 'scanner'] as const;
export type StaffTokenKind = (typeof STAFF_TOKEN_KINDS)[number];

/** How a consent was given: by the person in the bot, or by an admin on their behalf (a walk-in). */
export const CONSENT_PATHS = ['bot', 'admin'] as const;
export type ConsentPath = (typeof CONSENT_PATHS)[number];

/** `"column" IN ('a','b')`: the CHECK expression for an enum-like column, shared by entities and migrations. */
export function oneOf(column: string, values: readonly string[]): string {
  return `"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`;
}

/** What a competition's own question asks for (domain/answer-rules.ts reads and checks each kind). */
export const QUESTION_KINDS = ['text', 'long_text', 'number', 'yes_no', 'choice', 'multi_choice', 'date', 'time', 'datetime', 'email', 'phone', 'country', 'file'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Team mode of a competition: no teams, solo or in a team, or in a team only (domain/teams.ts). */
export const TEAM_MODES = ['off', 'optional', 'required'] as const;
export type TeamMode = (typeof TEAM_MODES)[number];

/** What `max_participants` counts: people, or teams (a team takes its place when created). */
export const PLACES_COUNTS = ['people', 'teams'] as const;
export type PlacesCount = (typeof PLACES_COUNTS)[number];

/** `forming`: below the minimum; `complete`: at least the minimum; `incomplete`: below it at the deadline (organizers decide). */
export const TEAM_STATUSES = ['forming', 'complete', 'incomplete', 'dissolved'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

/** A broadcast to captains only, to whole teams (every member), or to people in no team. */
export const TEAM_AUDIENCES = ['captains', 'teams', 'solo'] as const;
export type TeamAudience = (typeof TEAM_AUDIENCES)[number];
