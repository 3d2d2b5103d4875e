import type { DataSource } from 'typeorm';
import { cityDate, systemClock, type Clock } from '@wuhai/service-kit';

/**
 * The procedure's clock: the injected clock (system time in production) plus, in demo mode only,
 * an offset in days kept in the database so a demo can let a notice period run out.
 */
export class ProcedureClock {
  constructor(
    private readonly ds: DataSource,
    private readonly demo: boolean,
    private readonly base: Clock = systemClock,
  ) {}

  async offsetDays(): Promise<number> {
    if (!this.demo) return 0;
    const [row] = await this.ds.query('SELECT offset_days FROM demo_clock WHERE id = 1');
    return Number(row?.offset_days ?? 0);
  }

  async now(): Promise<Date> {
    return new Date(this.base.now().getTime() + (await this.offsetDays()) * 86_400_000);
  }

  /** Today in the city, `YYYY-MM-DD`. */
  async today(): Promise<string> {
    return cityDate(await this.now());
  }

  async advance(days: number): Promise<void> {
    await this.ds.query('UPDATE demo_clock SET offset_days = offset_days + $1 WHERE id = 1', [days]);
  }

  async state() {
    const now = await this.now();
    return { now: now.toISOString(), today: cityDate(now), offsetDays: await this.offsetDays(), demo: this.demo };
  }
}
