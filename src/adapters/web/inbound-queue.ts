export interface InboundQueueOptions {
  /** When this many tasks wait, reading from the client stops (TCP pushes back on it) until half are done. */
  readonly pauseAt: number;
  /** At most this many tasks wait; more are refused (frames already read when reading stopped). */
  readonly maxWaiting: number;
  /** Stop and restart reading from the client. */
  readonly pause: () => void;
  readonly resume: () => void;
  /** A task failed (it is not retried). */
  readonly onError: (error: unknown) => void;
}

/**
 * A connection's incoming frames, handled one after another in the order received, with bounded waiting
 * work: a client that sends faster than the server handles is paused (its frames stay in the network,
 * not in this process's memory), and the few frames already read past that point are refused.
 */
export class InboundQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private running = false;
  private paused = false;
  private stopped = false;

  constructor(private readonly o: InboundQueueOptions) {}

  /** Queues a task; false when too many wait (the caller refuses the frame). */
  push(task: () => Promise<void>): boolean {
    if (this.stopped || this.waiting.length >= this.o.maxWaiting) return false;
    this.waiting.push(task);
    if (!this.paused && this.waiting.length >= this.o.pauseAt) {
      this.paused = true;
      this.o.pause();
    }
    void this.run();
    return true;
  }

  get size(): number {
    return this.waiting.length;
  }

  /** Drops waiting tasks and takes no more (the connection closed). */
  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let task = this.waiting.shift(); task; task = this.waiting.shift()) {
        if (this.paused && this.waiting.length <= this.o.pauseAt / 2) {
          this.paused = false;
          if (!this.stopped) this.o.resume();
        }
        try {
          await task();
        } catch (error) {
          this.o.onError(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
