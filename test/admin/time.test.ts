import { describe, expect, it } from 'vitest';
import { formatInZone, formatForPeople, parseInZone, TimeFormatError } from '../../domain/time.js';
import { fromDayFirst } from '../../admin/resources/app-resource.js';
import { exportDisposition } from '../../admin/export-route.js';

describe('times entered and shown in TZ_DISPLAY', () => {
  it('reads "YYYY-MM-DD HH:mm" in the zone and shows the instant back the same way', () => {
    const instant = parseInZone('2030-05-01 10:00', 'Europe/Moscow')!;
    expect(instant.toISOString()).toBe('2030-05-01T07:00:00.000Z');
    expect(formatInZone(instant, 'Europe/Moscow')).toBe('2030-05-01 10:00');
    expect(formatInZone(instant, 'UTC')).toBe('2030-05-01 07:00');
  });

  it('follows daylight saving time (Berlin: +1 in winter, +2 in summer, and across the change)', () => {
    expect(parseInZone('2030-01-15 12:00', 'Europe/Berlin')!.toISOString()).toBe('2030-01-15T11:00:00.000Z');
    expect(parseInZone('2030-07-15 12:00', 'Europe/Berlin')!.toISOString()).toBe('2030-07-15T10:00:00.000Z');
    // The last Sunday of March 2030 is the 31st: clocks go 02:00 → 03:00.
    expect(parseInZone('2030-03-31 01:30', 'Europe/Berlin')!.toISOString()).toBe('2030-03-31T00:30:00.000Z');
    expect(parseInZone('2030-03-31 04:00', 'Europe/Berlin')!.toISOString()).toBe('2030-03-31T02:00:00.000Z');
    for (const text of ['2030-03-31 01:30', '2030-03-31 04:00', '2030-10-27 12:00']) {
      expect(formatInZone(parseInZone(text, 'Europe/Berlin'), 'Europe/Berlin')).toBe(text);
    }
  });

  it('takes a date alone as midnight, an ISO instant as is, empty as null, and refuses anything else', () => {
    expect(parseInZone('2030-05-01', 'Europe/Moscow')!.toISOString()).toBe('2030-04-30T21:00:00.000Z');
    expect(parseInZone('2030-05-01T07:00:00.000Z', 'Europe/Moscow')!.toISOString()).toBe('2030-05-01T07:00:00.000Z');
    expect(parseInZone('', 'Europe/Moscow')).toBeNull();
    expect(parseInZone(null, 'Europe/Moscow')).toBeNull();
    expect(() => parseInZone('01.05.2030', 'Europe/Moscow')).toThrow(TimeFormatError);
    expect(() => parseInZone('2030-13-01 10:00', 'Europe/Moscow')).toThrow(TimeFormatError);
    expect(formatInZone(null, 'Europe/Moscow')).toBe('');
  });

  it('shows a time to people day first, as the bot writes it, and reads the same text back', () => {
    const instant = parseInZone('2026-12-03 18:00', 'Europe/Moscow')!;
    expect(formatForPeople(instant, 'Europe/Moscow')).toBe('03.12.2026 18:00');
    expect(parseInZone(fromDayFirst(formatForPeople(instant, 'Europe/Moscow')), 'Europe/Moscow')).toEqual(instant);
    expect(formatForPeople(null, 'Europe/Moscow')).toBe('');
  });

  it('reads dates as organizers type them in the admin: "20.03.2027 11:00", "1.5.2030", and leaves the rest alone', () => {
    expect(fromDayFirst('20.03.2027 11:00')).toBe('2027-03-20 11:00');
    expect(fromDayFirst(' 1.5.2030 9.05 ')).toBe('2030-05-01 09:05');
    expect(fromDayFirst('01/05/2030')).toBe('2030-05-01');
    expect(fromDayFirst('2030-05-01 10:00')).toBe('2030-05-01 10:00');
    // A two-digit year, and the bot's own way of writing it (a comma before the time).
    expect(fromDayFirst('25.12.26 11:00')).toBe('2026-12-25 11:00');
    expect(fromDayFirst('03.12.2026, 18:00')).toBe('2026-12-03 18:00');
    expect(fromDayFirst('завтра')).toBe('завтра');
    expect(parseInZone(fromDayFirst('20.03.2027 11:00'), 'Europe/Moscow')!.toISOString()).toBe('2027-03-20T08:00:00.000Z');
    expect(() => parseInZone(fromDayFirst('31.13.2027 11:00'), 'Europe/Moscow')).toThrow(TimeFormatError);
  });

  it('names the CSV after the competition, with an ASCII fallback', () => {
    const header = exportDisposition('Весна-2027: "финал"', 'ru', '2026-11-30');
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent('Весна-2027 финал — заявки 2026-11-30.csv')}`);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; /);
  });
});
