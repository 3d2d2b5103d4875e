import type { Logger } from './logger';

/** Options of a {@link WorkLoop}. */
export interface WorkLoopOptions {
  /** How long the loop sleeps after a round that did nothing or failed, ms, unless kicked. */
  idleMs: number;
  logger: Logger;
  /** Logged at warn, with the error, when a round fails (the loop carries on). */
  failureMessage: string;
  /** Whether the sleep's timer lets the process exit (`unref`); default false. */
  unrefTimer?: boolean;
}

/**
 * A background loop of rounds of work, as the outbox relay and civil affairs' review runner run
 * (subclasses give {@link round}): after a round that did something the next follows at once;
 * after one that did nothing or failed (logged, never thrown) the loop sleeps `idleMs` or until
 * {@link kick}. {@link stop} ends it after the round in progress; a long round should look at
 * {@link stopped} to end early.
 */
export abstract class WorkLoop {
  private loopStopped = true;
  private loopDone: Promise<void> | undefined;
  private loopWake: (() => void) | undefined;
  private loopTimer: NodeJS.Timeout | undefined;
  /** A kick arrived since the current round began: the loop must not go to sleep after it. */
  private loopKicked = false;

  constructor(private readonly loopOptions: WorkLoopOptions) {}

  /** One round of work; answers whether it did something (then the next round follows at once). */
  protected abstract round(): Promise<boolean>;

  /** True before `start()` and once `stop()` was called. */
  get stopped(): boolean {
    return this.loopStopped;
  }

  /** Starts the loop; nothing when it runs already. */
  start(): void {
    if (!this.loopStopped) return;
    this.loopStopped = false;
    this.loopDone = (async () => {
      while (!this.loopStopped) {
        let worked = false;
        this.loopKicked = false;
        try {
          worked = await this.round();
        } catch (err) {
          this.loopOptions.logger.warn({ err }, this.loopOptions.failureMessage);
        }
        // a kick during the round (e.g. a commit after its SELECT) is remembered, never lost
        if (!worked && !this.loopStopped && !this.loopKicked) {
          await new Promise<void>((resolve) => {
            this.loopWake = resolve;
            this.loopTimer = setTimeout(resolve, this.loopOptions.idleMs);
            if (this.loopOptions.unrefTimer) this.loopTimer.unref();
          });
        }
      }
    })();
  }

  /**
   * Ends the sleep at once: the next round starts now, or — when a round is in progress — right
   * after it, even if that round found nothing to do.
   */
  kick(): void {
    this.loopKicked = true;
    if (this.loopTimer) clearTimeout(this.loopTimer);
    this.loopWake?.();
  }

  /** Stops the loop; resolves once the round in progress has ended. */
  async stop(): Promise<void> {
    this.loopStopped = true;
    this.kick();
    await this.loopDone;
  }
}
