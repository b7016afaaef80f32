import type { LoadRow } from './load-row.ts';

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function errorsText(errors: Record<string, number>): string {
  const entries = Object.entries(errors).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '0' : entries.map(([code, count]) => `${count} ${code}`).join(', ');
}

/** The load runs as a Markdown table, then the notes a reader needs to read it. */
export function loadTable(rows: readonly LoadRow[]): string {
  const header = [
    'channel',
    'procs',
    'Redis link',
    'target',
    'achieved/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'errors',
    'CPU ms/turn',
    'Redis cmds/turn',
    'Redis reads/turn',
    'Redis bytes/turn',
    'Redis CPU ms/turn',
    'gen CPU ms/turn (core share)',
    'gen lag p99 ms',
    'RSS MiB',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cells = [
      row.channel,
      String(row.processes),
      row.link,
      row.target,
      fixed(row.achievedPerSecond, 0),
      fixed(row.p50Ms),
      fixed(row.p95Ms),
      fixed(row.p99Ms),
      fixed(row.maxMs),
      errorsText(row.errors),
      fixed(row.serverCpuMsPerTurn, 2),
      fixed(row.redisCommandsPerTurn),
      fixed(row.redisReadsPerTurn),
      fixed(row.redisBytesPerTurn, 0),
      fixed(row.redisCpuMsPerTurn, 3),
      `${fixed(row.generatorCpuMsPerTurn, 2)} (${fixed(row.generatorCoreShare * 100, 0)}%)`,
      fixed(row.generatorSendLagP99Ms),
      row.serverRssMb.map((mb) => fixed(mb, 0)).join(' + '),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** What each sequential run's commands were, per turn. */
export function commandMix(rows: readonly LoadRow[]): string {
  return rows
    .filter((row) => row.target === 'one at a time')
    .map(
      (row) =>
        `- ${row.channel} (${row.link}): ${Object.entries(row.topCommands)
          .map(([command, calls]) => `${command} ${calls}`)
          .join(', ')}`,
    )
    .join('\n');
}

export const LOAD_NOTES = `Notes:
- Open loop: Poisson arrivals at the target rate, each turn timed from its scheduled send time (no
  coordinated omission); "max" is a closed loop (each sender sends its next turn when the last is answered),
  whose latencies are service times. "one at a time" is a closed loop of one sender, to count round trips.
- achieved/s = answered turns / (first scheduled send .. last reply). A widget turn is done when the bot's
  first entry after the customer's entry arrives (a turn of a conversation handed to a person is done at
  the customer's entry).
- Each run is measured from a quiet Redis to a quiet Redis (under 10 commands in 250 ms), so the work a turn
  does after its reply (typing off, its result) is counted in its run.
- CPU ms/turn: user+sys CPU of all hamdel processes (/proc/<pid>/stat) over the run / answered turns.
- Redis cmds/turn: INFO commandstats calls (commands inside Lua scripts counted too) / answered turns;
  Redis reads/turn: INFO total_reads_processed, one per arrival of data on a client socket. With one sender
  at a time nothing else is in flight, so reads/turn counts the round trips a turn makes to Redis (commands
  sent together in one pipeline are one read; SUBSCRIBE/UNSUBSCRIBE included); under load, commands of
  different turns share reads, so it is a lower bound. Both have the idle background (the processes' timers,
  measured for 5 s before the runs) taken off.
- Redis bytes/turn: INFO used_memory after - before / answered turns, with the server's default retention
  (TRANSCRIPT_RETENTION_DAYS=90, message ids remembered 24 h): nothing expires during a run.
- The generator runs in its own process but on the same 2 cores as the servers and Redis: its CPU per turn
  and its share of one core are shown, and "gen lag" is how late it sent turns against the schedule (p99);
  a large lag means the machine starved the generator too (the lag is inside the latencies).
- HTTP: a keep-alive pool of at most 512 connections per process; turns beyond it wait in the generator
  (their wait counts). Conversations handed to a person are replaced by new customers.`;
