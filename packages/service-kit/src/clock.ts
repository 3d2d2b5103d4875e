/**
 * Time as the procedures see it, injectable so tests (and demo mode) can move it
 * (issue: "the clock injectable so tests can move time").
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and move. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(d: Date): void {
    this.current = d;
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

/**
 * The calendar date in the city (Asia/Shanghai, UTC+8, no DST) of an instant, `YYYY-MM-DD`.
 */
export function cityDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
