import { performance } from 'node:perf_hooks';
import { poissonSchedule } from './arrivals.ts';
import type { ClosedLoad, OpenLoad, RunSamples, TurnOutcome } from './generator-protocol.ts';
import { increment, percentile, sortedCopy } from './stats.ts';

/** Sends turn number `index` and resolves with how it ended (never rejects). */
export type SendTurn = (index: number) => Promise<TurnOutcome>;

class Recorder {
  readonly latenciesMs: number[] = [];
  readonly errors: Record<string, number> = {};
  readonly kinds: Record<string, number> = {};
  readonly lags: number[] = [];
  sent = 0;
  lastDone = 0;
  private readonly cpu = process.cpuUsage();
  readonly start = performance.now();

  now(): number {
    return performance.now() - this.start;
  }

  /** Sends one turn whose clock starts at `from` (ms since the start) and records its end. */
  async turn(send: SendTurn, index: number, from: number): Promise<void> {
    this.sent += 1;
    this.lags.push(this.now() - from);
    let outcome: TurnOutcome;
    try {
      outcome = await send(index);
    } catch (error) {
      outcome = { ok: false, code: `GENERATOR_ERROR ${error instanceof Error ? error.message : error}` };
    }
    const done = this.now();
    this.lastDone = Math.max(this.lastDone, done);
    if (outcome.ok) {
      this.latenciesMs.push(done - from);
      for (const kind of outcome.kinds) increment(this.kinds, kind);
    } else {
      increment(this.errors, outcome.code);
    }
  }

  samples(): RunSamples {
    const lags = sortedCopy(this.lags);
    const cpu = process.cpuUsage(this.cpu);
    return {
      sent: this.sent,
      latenciesMs: this.latenciesMs,
      errors: this.errors,
      kinds: this.kinds,
      elapsedMs: this.lastDone,
      sendLagP99Ms: percentile(lags, 99),
      sendLagMaxMs: lags[lags.length - 1] ?? 0,
      generatorCpuMs: (cpu.user + cpu.system) / 1000,
    };
  }
}

/**
 * Open loop: each turn is sent at its scheduled time whether or not earlier ones were answered, and its
 * latency counts from that scheduled time, so a slow server cannot hide its queue by slowing the sender
 * (no coordinated omission). A generator that falls behind shows as send lag and as latency.
 */
export async function runOpen(send: SendTurn, load: OpenLoad, seed: number): Promise<RunSamples> {
  const times = poissonSchedule(load.rate, load.durationMs, seed);
  const recorder = new Recorder();
  const inFlight: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = recorder.now();
      while (next < times.length && (times[next] ?? Infinity) <= now) {
        inFlight.push(recorder.turn(send, next, times[next] ?? now));
        next += 1;
      }
      if (next >= times.length) return resolve();
      setTimeout(tick, Math.max(0, (times[next] ?? 0) - recorder.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  return recorder.samples();
}

/**
 * Closed loop, to find the most the servers can answer: `concurrency` senders, each sending its next turn
 * as soon as the last one is answered, for `durationMs`. Its latencies are service times, not comparable
 * with the open loop's.
 */
export async function runClosed(send: SendTurn, load: ClosedLoad): Promise<RunSamples> {
  const recorder = new Recorder();
  let next = 0;
  const sender = async () => {
    while (recorder.now() < load.durationMs && next < (load.maxTurns ?? Infinity)) {
      const index = next;
      next += 1;
      await recorder.turn(send, index, recorder.now());
    }
  };
  await Promise.all(Array.from({ length: load.concurrency }, sender));
  return recorder.samples();
}
