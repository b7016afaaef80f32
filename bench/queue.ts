/**
 * `npm run bench:queue -- [--seed N] [--load X] [--agents N]`: one simulated support day (bench/queue-sim.ts)
 * comparing, for every customer, the wait hamdel predicted at enqueue time and the wait a Dynamics-style
 * static average predicted with the wait they really had. Target: hamdel's median absolute error is at
 * most half the static average's.
 *
 * Errors compare the figure the customer reads: the middle of hamdel's range ("about 4–6 minutes" is 5),
 * half a minute for "a few minutes", and the static average rounded up to whole minutes. The error as a
 * share of the real wait is |predicted − real| / max(real, 1 minute), so that waits of a few seconds do
 * not blow it up. Customers told "we cannot estimate yet" (by either method) are counted apart.
 */
import type { Language } from '../src/core/language.ts';
import { staticSpokenMs, staticWaitEstimate } from '../src/handoff/static-estimate.ts';
import { spokenWaitMs } from '../src/handoff/wait-estimator.ts';
import { simulateDay, type CustomerRecord } from './queue-sim.ts';

const MIN = 60_000;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Errors {
  readonly minutes: number;
  readonly share: number;
}

function errors(pairs: readonly (readonly [number, number])[]): Errors {
  return {
    minutes: median(pairs.map(([p, r]) => Math.abs(p - r) / MIN)),
    share: median(pairs.map(([p, r]) => Math.abs(p - r) / Math.max(r, MIN))),
  };
}

/** The comparison over `records` (customers an agent took, with a figure from both methods). */
export function compare(records: readonly CustomerRecord[], hindsightMs?: number) {
  const served = records.filter((r) => r.realWaitMs !== undefined);
  const both = served.filter(
    (r) => spokenWaitMs(r.estimate) !== undefined && staticSpokenMs(r.staticEstimate) !== undefined,
  );
  const real = (r: CustomerRecord): number => r.realWaitMs ?? 0;
  const ours = errors(both.map((r) => [spokenWaitMs(r.estimate) ?? 0, real(r)]));
  const fixed = errors(both.map((r) => [staticSpokenMs(r.staticEstimate) ?? 0, real(r)]));
  const hindsight = hindsightMs === undefined ? undefined : errors(both.map((r) => [hindsightMs, real(r)]));
  const inRange = both.filter((r) => {
    const e = r.estimate;
    const wait = real(r) / MIN;
    if (e.kind === 'few-minutes') return wait <= 2;
    return e.kind === 'minutes' && wait >= e.low - 1 && wait <= e.high;
  }).length;
  return {
    served,
    both,
    ours,
    fixed,
    hindsight,
    coverage: inRange / Math.max(1, both.length),
    realMedian: median(both.map(real)) / MIN,
  };
}

const pad = (value: string | number, width: number): string => String(value).padStart(width);
const f = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '-');
const pct = (n: number): string => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '-');

async function main(): Promise<void> {
  const seed = argument('seed', 1);
  const load = argument('load', 1);
  const agents = argument('agents', 16);
  const records = await simulateDay({ seed, load, agents });
  const served = records.filter((r) => r.realWaitMs !== undefined);
  const day = staticWaitEstimate(
    served.map((r) => ({
      language: r.language,
      team: '',
      waitMs: r.realWaitMs ?? 0,
      handleMs: 0,
      endedAt: 0,
    })),
  );
  const hindsightMs = staticSpokenMs(day);
  const all = compare(records, hindsightMs);
  const unknown = records.filter((r) => r.estimate.kind === 'unknown').length;

  console.log(
    `queue simulation: seed ${seed}, load ${load}, ${agents} agents, ${records.length} customers, ${served.length} served`,
  );
  console.log(
    `real wait: median ${f(all.realMedian)} min; hamdel said "cannot estimate" to ${unknown}; compared: ${all.both.length}\n`,
  );
  console.log('estimator                         median abs error   share of real wait');
  const row = (name: string, e: Errors): void =>
    console.log(`${name.padEnd(34)}${pad(`${f(e.minutes)} min`, 14)}${pad(pct(e.share), 20)}`);
  row('hamdel live estimate', all.ours);
  row('static running average (Dynamics)', all.fixed);
  if (all.hindsight !== undefined) row("static, the day's final average", all.hindsight);
  console.log(
    `\nratio hamdel / static: ${f(all.ours.minutes / all.fixed.minutes)} (target <= 0.50); real wait inside hamdel's range: ${pct(all.coverage)}\n`,
  );

  console.log('lang   compared   real median   hamdel MAE   static MAE');
  for (const language of ['fa', 'ar', 'en'] as const satisfies readonly Language[]) {
    const part = compare(records.filter((r) => r.language === language));
    console.log(
      `${language.padEnd(6)}${pad(part.both.length, 9)}${pad(`${f(part.realMedian)} min`, 14)}${pad(f(part.ours.minutes), 13)}${pad(f(part.fixed.minutes), 13)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
