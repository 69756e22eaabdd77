import type { Competition } from '../entities/index.js';
import { formatInZone, parseInZone } from './time.js';

/*
 * A competition's time line: registration until the deadline, then the start, then the end. The deadline
 * defaults to the start (an organizer may set an earlier one), the end to the end of the start's day in
 * TZ_DISPLAY. A competition with no start has none of these: it stays open until it gets a date.
 */

type Times = Pick<Competition, 'startsAt' | 'endsAt' | 'registrationClosesAt' | 'registrationOpen'>;

/** Where a competition is in its life: before the deadline, between it and the start, running, over. */
export type Phase = 'open' | 'closed' | 'started' | 'ended';

/** The registration deadline: `registration_closes_at`, or the start; null when neither is set. */
export function registrationDeadline(competition: Times): Date | null {
  return competition.registrationClosesAt ?? competition.startsAt;
}

/** When the competition ends: `ends_at`, or the last millisecond of the start's day in `timeZone`. */
export function competitionEnd(competition: Pick<Times, 'startsAt' | 'endsAt'>, timeZone: string): Date | null {
  if (competition.endsAt) return competition.endsAt;
  if (!competition.startsAt) return null;
  const day = formatInZone(competition.startsAt, timeZone).slice(0, 10);
  const nextDay = new Date(parseInZone(day, timeZone)!.getTime() + 36 * 3_600_000); // past any DST change
  return new Date(parseInZone(formatInZone(nextDay, timeZone).slice(0, 10), timeZone)!.getTime() - 1);
}

export function hasStarted(competition: Times, now: Date): boolean {
  return competition.startsAt !== null && competition.startsAt.getTime() <= now.getTime();
}

/** Open for registration: published (`registration_open`) and its deadline not passed. */
export function isRegistrationOpen(competition: Times, now = new Date()): boolean {
  const deadline = registrationDeadline(competition);
  return competition.registrationOpen && (deadline === null || deadline.getTime() > now.getTime());
}

export function phaseOf(competition: Times, now: Date, timeZone: string): Phase {
  const end = competitionEnd(competition, timeZone);
  if (end && end.getTime() <= now.getTime()) return 'ended';
  if (hasStarted(competition, now)) return 'started';
  return isRegistrationOpen(competition, now) ? 'open' : 'closed';
}

/** Whether `moment` falls on the same day as `now` in `timeZone` (a reminder on the event's own day). */
export function isSameDay(moment: Date, now: Date, timeZone: string): boolean {
  return formatInZone(moment, timeZone).slice(0, 10) === formatInZone(now, timeZone).slice(0, 10);
}

const DAY_MS = 86_400_000;

/**
 * When the competition's personal data is purged: its end plus `retention_days` (RETENTION_DAYS when unset).
 * null: undated, kept until it has a date.
 */
export function purgeDate(competition: Pick<Competition, 'startsAt' | 'endsAt' | 'retentionDays'>, settings: { timeZone: string; retentionDays: number }): Date | null {
  const end = competitionEnd(competition, settings.timeZone);
  return end && new Date(end.getTime() + (competition.retentionDays ?? settings.retentionDays) * DAY_MS);
}
