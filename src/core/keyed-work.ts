export interface KeyedWorkOptions {
  /** Jobs of one lane that run at once (default 4); the others wait their turn in order. */
  readonly perLane?: number;
  /** A job failed (it is not retried; whoever added it may add it again). */
  readonly onError?: (error: unknown, key: string) => void;
}

interface Job {
  readonly key: string;
  readonly run: () => Promise<void>;
}

/**
 * Background jobs that nobody awaits one by one: at most one job per key is queued or running (adding a
 * key that is still busy is refused), and each lane (e.g. a channel) runs at most `perLane` jobs at once,
 * so a slow lane never delays another lane's jobs nor the code that adds them.
 */
export class KeyedWork {
  private readonly perLane: number;
  private readonly busyKeys = new Set<string>();
  private readonly lanes = new Map<string, { running: number; waiting: Job[] }>();
  private idle: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(private readonly o: KeyedWorkOptions = {}) {
    this.perLane = Math.max(1, o.perLane ?? 4);
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.busyKeys.size;
  }

  /** Whether a job with this key is queued or running. */
  busy(key: string): boolean {
    return this.busyKeys.has(key);
  }

  /** Queues `run` in `lane` under `key`; false (and nothing queued) when that key is still busy. */
  add(key: string, lane: string, run: () => Promise<void>): boolean {
    if (this.busyKeys.has(key)) return false;
    this.busyKeys.add(key);
    let state = this.lanes.get(lane);
    if (!state) {
      state = { running: 0, waiting: [] };
      this.lanes.set(lane, state);
    }
    state.waiting.push({ key, run });
    this.pump(lane);
    return true;
  }

  /** Resolves once no job is queued or running. */
  settled(): Promise<void> {
    if (this.busyKeys.size === 0) return Promise.resolve();
    if (!this.idle) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.idle = { promise, resolve };
    }
    return this.idle.promise;
  }

  private pump(lane: string): void {
    const state = this.lanes.get(lane);
    if (!state) return;
    while (state.running < this.perLane) {
      const job = state.waiting.shift();
      if (!job) break;
      state.running += 1;
      void this.start(job).finally(() => {
        state.running -= 1;
        this.busyKeys.delete(job.key);
        if (state.running === 0 && state.waiting.length === 0) this.lanes.delete(lane);
        else this.pump(lane);
        if (this.busyKeys.size === 0) {
          this.idle?.resolve();
          this.idle = undefined;
        }
      });
    }
  }

  private async start(job: Job): Promise<void> {
    try {
      await job.run();
    } catch (error) {
      this.o.onError?.(error, job.key);
    }
  }
}
