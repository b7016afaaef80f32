/**
 * `npm run bench:reports -- [--days N] [--per-day N] [--calls N] [--prefix P --keep]`: seeds N days (default 90) of report events
 * at 5,000 conversations a day into a private key prefix, through the recorder's own counting (the fast
 * path: each day's counters summed in memory and written in one pipeline, raw events left out), then times
 * every report through the real HTTP route of a real server (signed-in supervisor) and prints p50/p95.
 * Target: p95 under 200 ms for a 90-day report. With `--prefix P --keep` the seeded keys stay under P and a
 * later run with the same prefix (and the same --days/--per-day) skips seeding; delete them with
 * `redis-cli --scan --pattern 'P*' | xargs redis-cli del` when done.
 */
import { performance } from 'node:perf_hooks';
import { WritePlan } from '../src/reports/report-recorder.ts';
import type { ReportEvent } from '../src/reports/report-event.ts';
import { startTestServer } from '../test/helpers/test-server.ts';
import { random } from '../src/core/random.ts';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const CHANNELS = ['web', 'web', 'web', 'telegram', 'slack', 'http'];
const LANGUAGES = ['fa', 'fa', 'en', 'ar'] as const;
const TEAMS = ['default', 'billing', 'shipping'];
const AGENTS = Array.from({ length: 20 }, (_, i) => `agent-${i}`);
const QUESTIONS = Array.from({ length: 300 }, (_, i) => `question number ${i}`);

function text(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** One conversation's events, as the observer would record them. */
function conversation(rand: () => number, id: string, startedAt: number): ReportEvent[] {
  const base = { conversationId: id, channel: pick(rand, CHANNELS), language: pick(rand, LANGUAGES) };
  const events: ReportEvent[] = [{ ...base, type: 'conversation-started', at: startedAt }];
  let at = startedAt + 5_000;
  const roll = rand();
  let outcome: ReportEvent['outcome'] = 'bot-resolved';
  if (roll < 0.6) {
    events.push({ ...base, type: 'bot-answered', at, articleId: 'shipping-cost' });
  } else if (roll < 0.75) {
    events.push({ ...base, type: 'not-answered', at, question: pick(rand, QUESTIONS) });
    outcome = 'unanswered';
  } else {
    outcome = 'escalated';
    const team = pick(rand, TEAMS);
    const agentId = pick(rand, AGENTS);
    const human = { ...base, team };
    events.push({ ...base, type: 'person-requested', at });
    events.push({ ...human, type: 'escalated', at, reasons: rand() < 0.2 ? ['anger'] : ['customer-asked'] });
    const wait = Math.round(10_000 + rand() * 600_000);
    events.push({ ...human, agentId, type: 'taken', at: at + wait, durationMs: wait });
    const reply = Math.round(5_000 + rand() * 120_000);
    events.push({ ...human, agentId, type: 'first-reply', at: at + wait + reply, durationMs: wait + reply });
    const handle = Math.round(60_000 + rand() * 1_200_000);
    const end = at + wait + handle;
    events.push({
      ...human,
      agentId,
      type: 'resolved',
      at: end,
      durationMs: handle,
      resolutionMs: wait + handle,
    });
    if (rand() < 0.4) {
      const rating = 1 + Math.floor(rand() * 5);
      events.push({ ...human, agentId, type: 'rated', at: end + 30_000, rating });
    }
    at = end;
  }
  events.push({
    ...base,
    type: 'conversation-ended',
    at: at + 86_400_000,
    startedAt,
    outcome,
    angry: rand() < 0.05,
  });
  return events;
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const days = argument('days', 90);
  const perDay = argument('per-day', 5000);
  const calls = argument('calls', 20);
  const now = Date.UTC(2026, 5, 1);
  const prefix = text('prefix');
  const keep = process.argv.includes('--keep');
  const server = await startTestServer({
    clock: { now: () => now },
    env: { LOG_LEVEL: 'error' },
    ...(prefix ? { prefix } : {}),
  });
  try {
    const { recorder } = server.hamdel.reports;
    const rand = random(42);
    const seeding = performance.now();
    const marker = `${recorder.keys.base}bench-seeded`;
    const seeded = (await recorder.redis.get(marker)) === `${days}x${perDay}`;
    let events = 0;
    for (let d = seeded ? 0 : days; d >= 1; d--) {
      const plan = new WritePlan();
      const dayStart = now - d * 86_400_000;
      for (let i = 0; i < perDay; i++) {
        const list = conversation(rand, `c-${d}-${i}`, dayStart + Math.floor(rand() * 86_400_000));
        for (const event of list) recorder.plan(plan, event);
        events += list.length;
      }
      const pipeline = recorder.redis.pipeline();
      recorder.apply(pipeline, plan);
      await pipeline.exec();
    }
    const seededIn = (performance.now() - seeding) / 1000;
    if (seeded) console.log(`reusing ${days} days x ${perDay} conversations seeded under ${server.prefix}`);
    else {
      await recorder.redis.set(marker, `${days}x${perDay}`);
      console.log(
        `seeded ${days} days x ${perDay} conversations (${events} events) in ${seededIn.toFixed(1)} s`,
      );
    }

    await server.hamdel.human.agents.remove('boss');
    await server.hamdel.human.agents.create({
      id: 'boss',
      name: 'Boss',
      role: 'supervisor',
      languages: ['en'],
      password: 'a long password 123',
    });
    const login = await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'boss', password: 'a long password 123' }),
    });
    const cookie = /hamdel_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
    const from = new Date(now - days * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(now - 86_400_000).toISOString().slice(0, 10);
    const reports = [
      'summary',
      'summary?groupBy=day',
      'summary?groupBy=week',
      'summary?groupBy=channel',
      'summary?groupBy=language',
      'summary?groupBy=team',
      'summary?groupBy=agent',
      'summary?groupBy=day&tz=Asia/Tehran&lang=fa',
      'summary?groupBy=channel&format=csv',
      'unanswered',
    ];
    const rows: string[] = [];
    for (const report of reports) {
      const path = `/api/reports/${report}${report.includes('?') ? '&' : '?'}from=${from}&to=${to}`;
      const times: number[] = [];
      let cold = 0;
      for (let i = 0; i < calls + 2; i++) {
        const started = performance.now();
        const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
        await response.text();
        if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
        if (i === 0) cold = performance.now() - started; // the first call may build rollups
        if (i >= 2) times.push(performance.now() - started); // two warm-up calls
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 0.5);
      const p95 = percentile(times, 0.95);
      rows.push(
        `${report.padEnd(48)} ${cold.toFixed(1).padStart(8)} ${p50.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${p95 < 200 ? 'ok' : 'OVER'}`,
      );
    }
    console.log(
      `\n${'report (90-day range unless --days)'.padEnd(48)} ${'1st ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
    );
    for (const row of rows) console.log(row);
  } finally {
    await server.close({ keepData: keep });
  }
}

await main();
