import { describe, expect, it } from 'vitest';
import { formatInZone, wallClockInZone } from '../../domain/time.js';

describe('wallClockInZone (the exports’ times)', () => {
  it('agrees with formatInZone minute by minute, across DST changes and odd offsets', () => {
    const cases: Array<[string, string]> = [
      ['Europe/Berlin', '2026-03-29T00:00:00Z'], // spring forward at 01:00 UTC
      ['Europe/Berlin', '2026-10-25T00:00:00Z'], // fall back at 01:00 UTC
      ['America/St_Johns', '2026-03-08T04:00:00Z'], // −03:30 → −02:30
      ['Asia/Kathmandu', '2026-06-01T00:00:00Z'], // +05:45
      ['Europe/Moscow', '2026-12-04T00:00:00Z'],
    ];
    for (const [zone, from] of cases) {
      for (let minute = 0; minute < 4 * 60; minute += 7) {
        const instant = new Date(Date.parse(from) + minute * 60_000 + 13_000);
        const wall = wallClockInZone(instant, zone);
        expect(wall.toISOString().slice(0, 16).replace('T', ' '), `${zone} ${instant.toISOString()}`).toBe(formatInZone(instant, zone));
        expect(wall.getUTCSeconds()).toBe(13);
      }
    }
  });
});
