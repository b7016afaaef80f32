import { withTimeout } from './with-timeout.ts';

/** Each condition of readiness: true when it is met. `draining` is true while the process shuts down. */
export interface ReadinessChecks {
  /** Redis answers PING. */
  readonly redis: boolean;
  /** The knowledge base and the message catalog are loaded. */
  readonly content: boolean;
  /** The process is shutting down (it should get no new work). */
  readonly draining: boolean;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: ReadinessChecks;
}

export interface ReadinessOptions {
  /** Whether Redis answers (a PING). */
  readonly redis: () => Promise<boolean>;
  /** Whether content (knowledge base and catalog) is loaded. */
  readonly content: () => boolean;
  /** How long the Redis check may take before it counts as down (default 1000 ms). */
  readonly timeoutMs?: number;
}

/**
 * Whether this process should get traffic: Redis answers, content is loaded, and it is not draining.
 * `setDraining()` is called on SIGTERM, so a load balancer stops sending work while turns finish.
 */
export class Readiness {
  private drainingNow = false;

  constructor(private readonly o: ReadinessOptions) {}

  /** From now on the process reads as not ready (it is shutting down). */
  setDraining(draining = true): void {
    this.drainingNow = draining;
  }

  get draining(): boolean {
    return this.drainingNow;
  }

  async check(): Promise<ReadinessReport> {
    const redis = await withTimeout(this.o.redis(), this.o.timeoutMs ?? 1000, 'Redis PING').catch(
      () => false,
    );
    let content: boolean;
    try {
      content = this.o.content();
    } catch {
      content = false;
    }
    const checks = { redis, content, draining: this.drainingNow };
    return { ready: redis && content && !checks.draining, checks };
  }
}
