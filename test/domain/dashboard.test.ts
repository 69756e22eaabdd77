import { describe, expect, it } from 'vitest';
import { Registration, TimeSlot, VoterTimeSlot, type RegistrationRole, type RegistrationStatus } from '../../entities/index.js';
import { dashboardSummary } from '../../domain/read-models/dashboard.js';
import { formatInZone } from '../../domain/time.js';
import { makeCompetition, makeUser, useDomainFixture } from './fixtures.js';

const f = useDomainFixture();
const TZ = 'Europe/Moscow';

describe('the dashboard summary', () => {
  it("adds up a competition's registrations: statuses, places, the door, voters' slots, the reminder's answers, the chart", async () => {
    const competition = await makeCompetition(f.db, { title: 'Сводный кубок', maxParticipants: 10, startsAt: new Date(Date.now() + 60_000) });
    const slot = await f.db.write(async (m) =>
      m.save(
        m.create(TimeSlot, {
          competitionId: competition.id,
          startsAt: new Date(Date.now() + 3_600_000),
          endsAt: new Date(Date.now() + 7_200_000),
          capacity: 3,
        }),
      ),
    );
    const now = new Date();
    const add = async (role: RegistrationRole, status: RegistrationStatus, extra: Partial<Registration> = {}, inSlot = false) => {
      const user = await makeUser(f.db);
      const registration = await f.db.write(async (m) =>
        m.save(
          m.create(Registration, {
            userId: user.id,
            competitionId: competition.id,
            role,
            status,
            consentGiven: true,
            statusChangedAt: now,
            ...extra,
          }),
        ),
      );
      if (inSlot) await f.db.write((m) => m.insert(VoterTimeSlot, { registrationId: registration.id, timeSlotId: slot.id }));
    };
    await add('participant', 'approved', { checkedIn: true, checkedInAt: now, attendanceConfirmedAt: now });
    await add('participant', 'approved', { attendanceDeclinedAt: now });
    await add('participant', 'approved');
    await add('participant', 'pending');
    await add('participant', 'waitlisted');
    await add('participant', 'cancelled', { attendanceDeclinedAt: now });
    await add('voter', 'approved', {}, true);
    await add('voter', 'cancelled', {}, true);
    // Registered four days ago (its day in TZ_DISPLAY), and one too old for the chart.
    await add('participant', 'rejected', { createdAt: new Date(now.getTime() - 4 * 86_400_000) });
    await add('participant', 'rejected', { createdAt: new Date(now.getTime() - 30 * 86_400_000) });

    const summary = (await dashboardSummary(f.db, TZ)).find((s) => s.id === competition.id)!;
    expect(summary).toMatchObject({
      title: 'Сводный кубок',
      counts: { approved: 4, pending: 1, waitlisted: 1, cancelled: 2, rejected: 2 },
      checkedIn: 1,
      placesTaken: 4,
      capacity: 10,
      expected: 4,
      voters: 1,
      slots: [{ id: slot.id, taken: 1, capacity: 3 }],
      attendance: { confirmed: 1, declined: 2, unanswered: 2 },
    });
    // The door's count shows on the competition's day only (it starts in a minute: today, unless at midnight).
    const today = formatInZone(now, TZ).slice(0, 10);
    if (formatInZone(competition.startsAt!, TZ).slice(0, 10) === today) expect(summary.door).toEqual({ checkedIn: 1, expected: 4 });
    expect(summary.perDay).toHaveLength(14);
    expect(summary.perDay.at(-1)).toEqual({ day: today, count: 8 });
    expect(summary.perDay.find((d) => d.day === formatInZone(new Date(now.getTime() - 4 * 86_400_000), TZ).slice(0, 10))?.count).toBe(1);
    expect(summary.perDay.reduce((n, d) => n + d.count, 0)).toBe(9);
  });
});
