/**
 * `npm run bench:queue -- [--seed N] [--days N] [--load X] [--agents N] [--overtake S] [--memory | --compare]`: simulated
 * support days (bench/queue-sim.ts) comparing, for every customer, the wait hamdel predicted at enqueue time and the
 * wait a Dynamics-style static average predicted with the wait they really had. Target: hamdel's median
 * absolute error is at most half the static average's.
 *
 * Errors compare the figure the customer reads: the middle of hamdel's range ("about 4–6 minutes" is 5),
 * half a minute for "a few minutes", and the static average rounded up to whole minutes. The error as a
 * share of the real wait is |predicted − real| / max(real, 1 minute), so that waits of a few seconds do
 * not blow it up. Customers told "we cannot estimate yet" (by either method) are counted apart, and the
 * harder half of the day (customers who really waited 5 minutes or more) is shown on its own.
 *
 * The queue under test is the real one, `HandoffQueue` on BullMQ and Redis (bench/redis-sim-queue.ts, a
 * random key prefix removed afterwards; REDIS_URL or 127.0.0.1:6379), driven by the simulation's clock.
 * `--memory` runs the in-memory reference queue instead; `--compare` runs every day on both and checks that
 * they agree customer by customer (who waited how long, and the estimate each was told). The default is
 * five days at load 1 (about 1,300 customers a day), about 10 s a day on Redis (a minute in all on 2 cores).
 *
 * Fairness (docs/queue-fairness.md): every day is also run on the in-memory queue under the rule the line had
 * before (priority by reason, one class up per 10 minutes), and the two are printed side by side: the
 * longest any customer had waited when a later arrival who went ahead of them came, and the mean and p90
 * wait per reason. `--overtake S` sets the bound (`HANDOFF_MAX_OVERTAKE_SECONDS`, default 120).
 */
import { staticSpokenMs } from '../src/handoff/static-estimate.ts';
import type { WaitEstimate } from '../src/handoff/wait-estimator.ts';
import type { Clock } from '../src/core/clock.ts';
import {
  MemoryQueue,
  simulateDay,
  type CustomerRecord,
  type LineRule,
  type SimOptions,
} from './queue-sim.ts';
import { fairness, type Fairness } from './queue-fairness.ts';
import { RedisSimQueue } from './redis-sim-queue.ts';

const MIN = 60_000;

/** The figure a customer takes away from hamdel's estimate: a range's middle, half a minute for "a few". */
function spokenWaitMs(estimate: WaitEstimate): number | undefined {
  if (estimate.kind === 'minutes') return ((estimate.low + estimate.high) / 2) * MIN;
  return estimate.kind === 'few-minutes' ? MIN / 2 : undefined;
}

function argument(name: string, fallback: number, least = Number.MIN_VALUE): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < least)
    throw new Error(`--${name} needs a number of at least ${least}`);
  return value;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Compared {
  readonly record: CustomerRecord;
  readonly realMs: number;
  readonly oursMs: number;
  readonly staticMs: number;
}

interface Errors {
  readonly count: number;
  readonly realMedianMin: number;
  readonly ours: { readonly minutes: number; readonly share: number };
  readonly fixed: { readonly minutes: number; readonly share: number };
  /** Real waits inside hamdel's range ("a few minutes" counts up to 2 minutes; low end minus a minute). */
  readonly coverage: number;
}

function comparable(records: readonly CustomerRecord[]): Compared[] {
  const out: Compared[] = [];
  for (const record of records) {
    const oursMs = spokenWaitMs(record.estimate);
    const staticMs = staticSpokenMs(record.staticEstimate);
    if (record.realWaitMs === undefined || oursMs === undefined || staticMs === undefined) continue;
    out.push({ record, realMs: record.realWaitMs, oursMs, staticMs });
  }
  return out;
}

function errors(rows: readonly Compared[]): Errors {
  const of = (pick: (row: Compared) => number) => ({
    minutes: median(rows.map((row) => Math.abs(pick(row) - row.realMs) / MIN)),
    share: median(rows.map((row) => Math.abs(pick(row) - row.realMs) / Math.max(row.realMs, MIN))),
  });
  const inside = rows.filter(({ record: { estimate }, realMs }) => {
    if (estimate.kind === 'few-minutes') return realMs <= 2 * MIN;
    return estimate.kind === 'minutes' && realMs >= (estimate.low - 1) * MIN && realMs <= estimate.high * MIN;
  });
  return {
    count: rows.length,
    realMedianMin: median(rows.map((row) => row.realMs / MIN)),
    ours: of((row) => row.oursMs),
    fixed: of((row) => row.staticMs),
    coverage: inside.length / Math.max(1, rows.length),
  };
}

type Backend = 'redis' | 'memory';

/** How many recent completions `MemoryQueue` keeps by default (HandoffQueue keeps 500). */
const MEMORY_RECENT = 200;

/** One day on `backend`; a Redis queue is cleaned up whatever happens. */
async function runDay(
  backend: Backend,
  options: Omit<SimOptions, 'queue'>,
  rule: LineRule,
  recentLimit?: number,
): Promise<CustomerRecord[]> {
  if (backend === 'memory') {
    return simulateDay({ ...options, queue: (clock) => new MemoryQueue(clock, MEMORY_RECENT, rule) });
  }
  if (rule.kind !== 'fair') throw new Error('the Redis queue runs the fairness rule only');
  let opened: RedisSimQueue | undefined;
  const queue = (clock: Clock): RedisSimQueue =>
    (opened = new RedisSimQueue({
      clock,
      maxOvertakeMs: rule.maxOvertakeMs,
      ...(recentLimit !== undefined ? { recentLimit } : {}),
    }));
  try {
    return await simulateDay({ ...options, queue });
  } finally {
    await opened?.close();
  }
}

/** How two runs of the same day differ, customer by customer. */
function agreement(memory: readonly CustomerRecord[], redis: readonly CustomerRecord[]): string[] {
  const byId = new Map(redis.map((r) => [r.ticketId, r]));
  const said = (r: CustomerRecord): string => {
    const e = r.estimate;
    return e.kind === 'minutes'
      ? `${e.low}-${e.high}`
      : e.kind === 'unknown'
        ? `unknown:${e.reason}`
        : e.kind;
  };
  let sameWait = 0;
  let sameEstimate = 0;
  const differences: string[] = [];
  for (const m of memory) {
    const r = byId.get(m.ticketId);
    if (r === undefined) {
      differences.push(`${m.ticketId}: missing from the Redis run`);
      continue;
    }
    if (r.realWaitMs === m.realWaitMs) sameWait += 1;
    else differences.push(`${m.ticketId}: waited ${m.realWaitMs} ms in memory, ${r.realWaitMs} ms on Redis`);
    if (said(r) === said(m)) sameEstimate += 1;
    else differences.push(`${m.ticketId}: told ${said(m)} in memory, ${said(r)} on Redis`);
  }
  return [
    `memory ${memory.length} customers, Redis ${redis.length}; same real wait: ${sameWait}, same estimate: ${sameEstimate}`,
    ...differences.slice(0, 3).map((d) => `  ${d}`),
    ...(differences.length > 3 ? [`  ... and ${differences.length - 3} more`] : []),
  ];
}

const num = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const pct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '-');

/** The old rule and the new one side by side. */
function fairnessTable(old: Fairness, fair: Fairness, boundMs: number, where: string): void {
  const min = (ms: number): string => `${num(ms / MIN)} min`;
  const row = (label: string, a: string, b: string): string =>
    `  ${label.padEnd(44)}${a.padStart(18)}${b.padStart(22)}`;
  console.log(
    `\nfairness: the old rule (in memory) and the fairness rule with a ${boundMs / 1000} s bound (${where})`,
  );
  console.log(row('', 'old: class + aging', `new: ${boundMs / 1000} s head start`));
  console.log(
    row(
      'longest waited before a later arrival passed',
      min(old.longestPassedAfterMs),
      min(fair.longestPassedAfterMs),
    ),
  );
  console.log(row('customers passed by a later arrival', String(old.passed), String(fair.passed)));
  console.log(
    row(
      `  ... who came more than ${boundMs / 1000} s later`,
      String(old.passedBeyondBound),
      String(fair.passedBeyondBound),
    ),
  );
  for (const [i, o] of old.byReason.entries()) {
    const n = fair.byReason[i];
    if (n === undefined) continue;
    console.log(row(`${o.reason}: served`, String(o.served), String(n.served)));
    console.log(
      row(
        `  mean wait / p90`,
        `${num(o.meanMs / MIN)} / ${num(o.p90Ms / MIN)}`,
        `${num(n.meanMs / MIN)} / ${num(n.p90Ms / MIN)}`,
      ),
    );
  }
}

function table(title: string, rows: readonly Compared[]): void {
  const e = errors(rows);
  console.log(`${title}: ${e.count} customers, real wait median ${num(e.realMedianMin)} min`);
  console.log('  estimator                          median abs error   share of real wait');
  console.log(
    `  hamdel (live queue replay)       ${`${num(e.ours.minutes)} min`.padStart(14)}${pct(e.ours.share).padStart(21)}`,
  );
  console.log(
    `  static average (Dynamics-style)  ${`${num(e.fixed.minutes)} min`.padStart(14)}${pct(e.fixed.share).padStart(21)}`,
  );
  console.log(
    `  ratio hamdel/static: ${num(e.ours.minutes / e.fixed.minutes)} (target <= 0.50); real wait inside hamdel's range: ${pct(e.coverage)}\n`,
  );
}

async function main(): Promise<void> {
  const seed = argument('seed', 1);
  const days = argument('days', 5);
  const load = argument('load', 1);
  const agents = argument('agents', 16);
  const boundMs = argument('overtake', 120, 0) * 1000;
  const fair: LineRule = { kind: 'fair', maxOvertakeMs: boundMs };
  const compare = process.argv.includes('--compare');
  const backend: Backend = process.argv.includes('--memory') ? 'memory' : 'redis';
  const records: CustomerRecord[] = [];
  const perDay: string[] = [];
  const agreements: string[] = [];
  const fairDays: CustomerRecord[][] = [];
  const oldDays: CustomerRecord[][] = [];
  const started = performance.now();
  for (let day = 0; day < days; day += 1) {
    const options = { seed: seed + day, load, agents };
    const one = await runDay(compare ? 'redis' : backend, options, fair);
    fairDays.push(one);
    oldDays.push(await runDay('memory', options, { kind: 'aging' }));
    if (compare) {
      // The same day in memory, and once more on Redis with the estimator given MemoryQueue's window.
      const memory = await runDay('memory', options, fair);
      const alike = await runDay('redis', options, fair, MEMORY_RECENT);
      agreements.push(
        `  seed ${seed + day}, Redis as the server runs it (the estimator sees the queue's 500 recent completions):`,
        ...agreement(memory, one).map((line) => `    ${line}`),
        `  seed ${seed + day}, Redis with the estimator given the 200 most recent completions, as MemoryQueue keeps:`,
        ...agreement(memory, alike).map((line) => `    ${line}`),
      );
    }
    records.push(...one);
    const e = errors(comparable(one));
    perDay.push(
      `  seed ${String(seed + day).padEnd(5)}${String(one.length).padStart(10)}${num(e.realMedianMin).padStart(13)}${num(e.ours.minutes).padStart(12)}${num(e.fixed.minutes).padStart(12)}${num(e.ours.minutes / e.fixed.minutes).padStart(8)}`,
    );
  }
  const served = records.filter((r) => r.realWaitMs !== undefined).length;
  const unknown = records.filter((r) => r.estimate.kind === 'unknown').length;
  const where =
    backend === 'memory' && !compare
      ? 'the in-memory reference queue (--memory)'
      : 'the real HandoffQueue on BullMQ + Redis';
  console.log(
    `queue simulation: ${days} day(s) from seed ${seed}, load ${load}, ${agents} agents on the roster, through ${where}`,
  );
  console.log(
    `(defaults: 5 days, load 1, 16 agents, seed 1; --days/--load/--agents/--seed to change; ran in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `${records.length} customers, ${served} taken by an agent, ${unknown} told "we cannot estimate yet"\n`,
  );

  const rows = comparable(records);
  table('all customers with a figure from both', rows);
  table(
    'customers who really waited 5 minutes or more',
    rows.filter((row) => row.realMs >= 5 * MIN),
  );
  for (const language of ['fa', 'ar', 'en'] as const) {
    const e = errors(rows.filter((row) => row.record.language === language));
    console.log(
      `  ${language}: ${e.count} customers, hamdel ${num(e.ours.minutes)} min vs static ${num(e.fixed.minutes)} min`,
    );
  }
  if (days > 1) {
    console.log('\n  day       customers  real median  hamdel MAE  static MAE   ratio');
    console.log(perDay.join('\n'));
  }
  fairnessTable(fairness(oldDays, boundMs), fairness(fairDays, boundMs), boundMs, where);
  if (compare) {
    console.log('\nmemory vs Redis, the same days (routing, order and estimates should agree):');
    console.log(agreements.join('\n'));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
