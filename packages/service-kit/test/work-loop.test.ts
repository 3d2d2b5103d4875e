/**
 * The background loop of the outbox relay and the review runner: a kick that arrives while a round
 * is running (an event committed after the round's SELECT) must start another round at once, not
 * wait for the idle sleep. Timers are jest's fake timers, so "at once" means without any timer
 * firing.
 */
import { createLogger, WorkLoop } from '../src';

/** A loop whose rounds the test releases one by one; each round reports that it did nothing. */
class HeldLoop extends WorkLoop {
  rounds = 0;
  private release: (() => void) | undefined;
  private started: (() => void) | undefined;
  private nextStart = new Promise<void>((r) => (this.started = r));

  constructor() {
    super({ idleMs: 60_000, logger: createLogger('work-loop-test', 'silent'), failureMessage: 'round failed' });
  }

  protected round(): Promise<boolean> {
    this.rounds++;
    const started = this.started!;
    this.nextStart = new Promise<void>((r) => (this.started = r));
    started();
    return new Promise<boolean>((resolve) => (this.release = () => resolve(false)));
  }

  /** Resolves when the next round begins. */
  roundStarted(): Promise<void> {
    return this.nextStart;
  }

  finishRound(): void {
    this.release?.();
  }
}

/** Lets every pending promise callback run (no timer advances under fake timers). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

test('when kicked while a round that finds nothing is running, then the next round starts right after it, without the idle sleep', async () => {
  const loop = new HeldLoop();
  const first = loop.roundStarted();
  loop.start();
  await first;
  const second = loop.roundStarted();
  loop.kick();
  loop.finishRound();
  await second;
  expect(loop.rounds).toBe(2);
  const stopped = loop.stop();
  loop.finishRound();
  await stopped;
});

test('when nobody kicks, then after a round that found nothing the loop sleeps until the idle time has passed', async () => {
  const loop = new HeldLoop();
  const first = loop.roundStarted();
  loop.start();
  await first;
  loop.finishRound();
  await settle();
  expect(loop.rounds).toBe(1);
  const second = loop.roundStarted();
  jest.advanceTimersByTime(60_000);
  await second;
  expect(loop.rounds).toBe(2);
  const stopped = loop.stop();
  loop.finishRound();
  await stopped;
});
