import { setTimeout as sleep } from 'node:timers/promises';
import type { Channel, GeneratorReply, Load } from './generator-protocol.ts';
import { GeneratorClient } from './generator-client.ts';
import { describeLoad, loadRow, round, type IdleRates, type LoadRow } from './load-row.ts';
import { diffInfo } from './redis-info.ts';
import { Rig, type RedisLink } from './rig.ts';

export interface LoadBenchSettings {
  /** Seconds of each measured run. */
  readonly durationMs: number;
  /** Open-loop rates in turns per second; "max" is a closed loop of `maxConcurrency` senders. */
  readonly rates: readonly (number | 'max')[];
  readonly channels: readonly Channel[];
  readonly processCounts: readonly number[];
  /** How hamdel reaches Redis; each link is a set of runs of its own. */
  readonly links: readonly RedisLink[];
  /** Distinct conversations (widget sockets, HTTP customers) per channel and process count. */
  readonly conversations: number;
  readonly maxConcurrency: number;
  /**
   * Longest warm-up before each channel's runs (a closed loop of 16 senders, one turn per conversation:
   * first turns, JIT); not reported.
   */
  readonly warmupMs: number;
  /** The one-sender run that counts Redis round trips per turn, on one process. */
  readonly sampleMs: number;
  readonly log: (line: string) => void;
}

/** Runs every channel × process count × rate and returns one row per run. */
export async function runLoadBench(settings: LoadBenchSettings): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  for (const processes of settings.processCounts) {
    for (const link of settings.links) rows.push(...(await runRig(settings, processes, link)));
  }
  return rows;
}

/** Every channel and rate against one rig: `processes` hamdel processes reaching Redis by `link`. */
async function runRig(settings: LoadBenchSettings, processes: number, link: RedisLink): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  {
    const rig = await Rig.start({ processes, appendOnly: false, link });
    const generator = GeneratorClient.start();
    settings.log(`${processes} process(es) up, Redis over ${link} (logs in ${rig.logDir})`);
    try {
      for (const channel of settings.channels) {
        const ready = await generator.ask({
          type: 'prepare',
          channel,
          servers: rig.urls,
          conversations: settings.conversations,
          token: rig.token,
          seed: processes,
        });
        if (ready.type === 'prepared')
          settings.log(
            `  ${channel}: ${settings.conversations} conversations ready in ${ready.setupMs.toFixed(0)} ms`,
          );
        // Every conversation's first turn (greeting, new conversation) before the measured runs.
        const warmUp = { kind: 'closed', concurrency: 16, durationMs: settings.warmupMs } as const;
        await run(generator, { ...warmUp, maxTurns: settings.conversations }, 0);
        const idle = await idleRates(rig);
        settings.log(
          `  idle: ${idle.commandsPerSecond} Redis commands/s, ${idle.readsPerSecond} reads/s, ` +
            `servers ${idle.serverCpuMsPerSecond} ms CPU/s (${JSON.stringify(idle.topCommands)})`,
        );
        const measured = async (load: Load, seed: number) => {
          await quiet(rig);
          const before = await rig.snapshot();
          const samples = await run(generator, load, seed);
          // A turn goes on after its reply (typing off, its result, turn-done): its tail belongs to this run.
          await quiet(rig);
          const after = await rig.snapshot();
          const row = loadRow(
            { channel, processes, link, load, samples, rssBytes: rig.rss() },
            before,
            after,
            idle,
          );
          settings.log(
            `  ${channel} ${processes}p ${link} ${describeLoad(load)}: ${row.answered} answered, ` +
              `${row.achievedPerSecond.toFixed(0)}/s, p99 ${row.p99Ms.toFixed(1)} ms`,
          );
          rows.push(row);
        };
        if (processes === 1)
          await measured({ kind: 'closed', concurrency: 1, durationMs: settings.sampleMs }, 0);
        for (const [i, rate] of settings.rates.entries()) {
          await measured(
            rate === 'max'
              ? { kind: 'closed', concurrency: settings.maxConcurrency, durationMs: settings.durationMs }
              : { kind: 'open', rate, durationMs: settings.durationMs },
            i + 1,
          );
        }
      }
    } finally {
      await generator.close();
      await rig.stop();
    }
  }
  return rows;
}

async function run(generator: GeneratorClient, load: Load, seed: number) {
  const reply: GeneratorReply = await generator.ask({ type: 'run', load, seed });
  if (reply.type !== 'result') throw new Error(`unexpected answer from the load generator: ${reply.type}`);
  return reply.samples;
}

/** Redis commands and reads per second while nobody writes (the processes' own timers). */
async function idleRates(rig: Rig): Promise<IdleRates> {
  await quiet(rig);
  const before = await rig.snapshot();
  await sleep(5_000); // one supervisor tick at least
  const after = await rig.snapshot();
  const seconds = (after.at - before.at) / 1000;
  const delta = diffInfo(before.info, after.info);
  const serverCpu = after.serverCpuMs.reduce((sum, ms, i) => sum + ms - (before.serverCpuMs[i] ?? 0), 0);
  const top = [...delta.byCommand].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return {
    topCommands: Object.fromEntries(top.map(([command, calls]) => [command, round(calls / seconds, 1)])),
    commandsPerSecond: round(delta.commands / seconds, 2),
    readsPerSecond: round(delta.reads / seconds, 2),
    serverCpuMsPerSecond: round(serverCpu / seconds, 1),
  };
}

/** Waits (up to 20 s) until Redis runs fewer than 10 commands in 250 ms: the last run's turns are over. */
async function quiet(rig: Rig): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last = await rig.redis.info();
  while (Date.now() < deadline) {
    await sleep(250);
    const now = await rig.redis.info();
    if (diffInfo(last, now).commands < 10) return;
    last = now;
  }
}
