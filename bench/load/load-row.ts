import { loadavg } from 'node:os';
import type { Channel, Load, RunSamples } from './generator-protocol.ts';
import { diffInfo } from './redis-info.ts';
import type { RedisLink, Snapshot } from './rig.ts';
import { percentile, sortedCopy } from './stats.ts';

/** Redis work per second with no traffic (supervisor ticks, lease renewals), taken off a run's counts. */
export interface IdleRates {
  readonly commandsPerSecond: number;
  readonly readsPerSecond: number;
  /** CPU the hamdel processes use per second doing nothing (reported, not taken off). */
  readonly serverCpuMsPerSecond: number;
  /** The most-run idle commands per second. */
  readonly topCommands: Record<string, number>;
}

/** One line of the report. */
export interface LoadRow {
  readonly channel: Channel;
  readonly processes: number;
  /** How the processes reached Redis (TCP on loopback or its Unix socket). */
  readonly link: RedisLink;
  readonly target: string;
  readonly sent: number;
  readonly answered: number;
  readonly achievedPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: Record<string, number>;
  readonly kinds: Record<string, number>;
  /** user+sys CPU of the hamdel processes per answered turn. */
  readonly serverCpuMsPerTurn: number;
  readonly redisCpuMsPerTurn: number;
  readonly generatorCpuMsPerTurn: number;
  /** The generator's CPU as a share of one core over the run. */
  readonly generatorCoreShare: number;
  readonly generatorSendLagP99Ms: number;
  /** Commands Redis ran per turn (those inside scripts included), idle background taken off. */
  readonly redisCommandsPerTurn: number;
  /** Socket reads Redis processed per turn, idle background taken off (see the report's note). */
  readonly redisReadsPerTurn: number;
  readonly redisBytesPerTurn: number;
  readonly redisKeysPerTurn: number;
  /** The most-run commands per turn. */
  readonly topCommands: Record<string, number>;
  readonly serverRssMb: readonly number[];
  readonly idle: IdleRates;
  /** The machine's 1-minute load average at the end of the run (the machine is shared). */
  readonly loadAverage: number;
}

export function describeLoad(load: Load): string {
  if (load.kind === 'open') return `${load.rate}/s`;
  return load.concurrency === 1 ? 'one at a time' : `max (closed, ${load.concurrency} senders)`;
}

export function loadRow(
  run: {
    channel: Channel;
    processes: number;
    link: RedisLink;
    load: Load;
    samples: RunSamples;
    rssBytes: readonly number[];
  },
  before: Snapshot,
  after: Snapshot,
  idle: IdleRates,
): LoadRow {
  const { samples } = run;
  const sorted = sortedCopy(samples.latenciesMs);
  const answered = sorted.length;
  const perTurn = (value: number) => (answered > 0 ? value / answered : Number.NaN);
  const seconds = (after.at - before.at) / 1000;
  const redis = diffInfo(before.info, after.info);
  const serverCpu = after.serverCpuMs.reduce((sum, ms, i) => sum + ms - (before.serverCpuMs[i] ?? 0), 0);
  const topCommands: Record<string, number> = {};
  for (const [command, calls] of [...redis.byCommand].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    topCommands[command] = round(perTurn(calls), 2);
  }
  return {
    channel: run.channel,
    processes: run.processes,
    link: run.link,
    target: describeLoad(run.load),
    sent: samples.sent,
    answered,
    achievedPerSecond: samples.elapsedMs > 0 ? (answered * 1000) / samples.elapsedMs : 0,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    errors: samples.errors,
    kinds: samples.kinds,
    serverCpuMsPerTurn: perTurn(serverCpu),
    redisCpuMsPerTurn: perTurn(after.redisCpuMs - before.redisCpuMs),
    generatorCpuMsPerTurn: perTurn(samples.generatorCpuMs),
    generatorCoreShare: samples.elapsedMs > 0 ? samples.generatorCpuMs / samples.elapsedMs : 0,
    generatorSendLagP99Ms: samples.sendLagP99Ms,
    redisCommandsPerTurn: perTurn(Math.max(0, redis.commands - idle.commandsPerSecond * seconds)),
    redisReadsPerTurn: perTurn(Math.max(0, redis.reads - idle.readsPerSecond * seconds)),
    redisBytesPerTurn: perTurn(redis.usedMemory),
    redisKeysPerTurn: perTurn(redis.keys),
    topCommands,
    serverRssMb: run.rssBytes.map((bytes) => round(bytes / 2 ** 20, 1)),
    idle,
    loadAverage: round(loadavg()[0] ?? 0, 2),
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
