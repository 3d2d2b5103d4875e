import type { Logger } from './logger';

/** Options of a {@link WorkLoop}. */
export interface WorkLoopOptions {
  /** One round of work; answers whether it did something (then the next round follows at once). */
  round: () => Promise<boolean>;
  /** How long the loop sleeps after a round that did nothing or failed, ms, unless kicked. */
  idleMs: number;
  logger: Logger;
  /** Logged at warn, with the error, when a round fails (the loop carries on). */
  failureMessage: string;
  /** Whether the sleep's timer lets the process exit (`unref`); default false. */
  unrefTimer?: boolean;
}

/**
 * A background loop of rounds of work, as the outbox relay and civil affairs' review runner run:
 * after a round that did something the next follows at once; after one that did nothing or failed
 * (logged, never thrown) the loop sleeps `idleMs` or until {@link kick}. {@link stop} ends it after
 * the round in progress; a long round should look at {@link stopped} to end early.
 */
export class WorkLoop {
  private isStopped = true;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: WorkLoopOptions) {}

  /** True before `start()` and once `stop()` was called. */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** Starts the loop; nothing when it runs already. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.loop = (async () => {
      while (!this.isStopped) {
        let worked = false;
        try {
          worked = await this.o.round();
        } catch (err) {
          this.o.logger.warn({ err }, this.o.failureMessage);
        }
        if (!worked && !this.isStopped) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.timer = setTimeout(resolve, this.o.idleMs);
            if (this.o.unrefTimer) this.timer.unref();
          });
        }
      }
    })();
  }

  /** Ends the sleep at once: the next round starts now (after the round in progress, if any). */
  kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  /** Stops the loop; resolves once the round in progress has ended. */
  async stop(): Promise<void> {
    this.isStopped = true;
    this.kick();
    await this.loop;
  }
}
