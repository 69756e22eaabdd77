/**
 * The time as the senders and reminders see it. Production uses the system clock; tests pass a clock they
 * move by hand, so nothing ever waits for real time to pass.
 */
export interface Clock {
  now(): Date;
}

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  private at: number;
  constructor(start: Date | number = Date.now()) {
    this.at = typeof start === 'number' ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date | number): void {
    this.at = typeof at === 'number' ? at : at.getTime();
  }
  advance(ms: number): void {
    this.at += ms;
  }
}
