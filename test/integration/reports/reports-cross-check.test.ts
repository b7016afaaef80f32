/**
 * A cross-check of the reports API against a seeded random week: every event goes through the real recorder
 * into real Redis, and the expected figures are computed here from the generated list itself (not from the
 * counters). The reports are read twice (the second time from the rollups the first built), in the
 * business time zone and in another one, and again after a late write to a sealed week.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROWTH } from '../../../src/reports/duration-histogram.ts';
import type { ReportEvent } from '../../../src/reports/report-event.ts';
import { dayNumber, dayOfNumber } from '../../../src/reports/report-units.ts';
import { dayIn, startOfDay } from '../../../src/core/time-zone.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { random } from '../../../src/core/random.ts';
import { summarize } from '../../../bench/week/duration-summary.ts';

const BUSINESS = 'Asia/Tehran';
const PASSWORD = 'a long password 123';
const DAY_MS = 86_400_000;
const REASONS = ['customer-asked', 'anger', 'bot-failed'];
const AGENTS = ['sara', 'reza', 'mina'];

/** A week of conversations (business days, aligned to a 7-day rollup block) as lists of events. */
function week(rand: () => number, firstDay: string): ReportEvent[][] {
  const start = startOfDay(firstDay, BUSINESS);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const conversations: ReportEvent[][] = [];
  for (let i = 0; i < 140; i++) {
    const startedAt = start + Math.floor(rand() * 7 * DAY_MS);
    const base = {
      conversationId: `c${i}`,
      channel: pick(['web', 'telegram']),
      language: pick(['fa', 'en'] as const),
    };
    const events: ReportEvent[] = [{ ...base, type: 'conversation-started', at: startedAt }];
    const roll = rand();
    let outcome: ReportEvent['outcome'] = 'no-question';
    let at = startedAt + 10_000;
    if (roll < 0.4) {
      events.push({ ...base, type: 'bot-answered', at, articleId: 'a' });
      outcome = 'bot-resolved';
    } else if (roll < 0.55) {
      events.push({ ...base, type: 'not-answered', at, question: 'q' });
      outcome = 'unanswered';
    } else if (roll < 0.9) {
      outcome = 'escalated';
      const team = pick(['default', 'billing']);
      const agentId = pick(AGENTS);
      const reasons = rand() < 0.3 ? [pick(REASONS), pick(REASONS)] : [pick(REASONS)];
      events.push({ ...base, team, type: 'escalated', at, reasons });
      const wait = Math.round(2_000 + rand() * 900_000);
      events.push({ ...base, team, agentId, type: 'taken', at: at + wait, durationMs: wait });
      const first = wait + Math.round(1_000 + rand() * 200_000);
      events.push({ ...base, team, agentId, type: 'first-reply', at: at + first, durationMs: first });
      const handle = Math.round(60_000 + rand() * 900_000);
      at += wait + handle;
      events.push({
        ...base,
        team,
        agentId,
        type: 'resolved',
        at,
        durationMs: handle,
        resolutionMs: wait + handle,
      });
      if (rand() < 0.6) {
        at += 5_000;
        events.push({ ...base, team, agentId, type: 'rated', at, rating: 1 + Math.floor(rand() * 5) });
      }
    }
    events.push({ ...base, type: 'conversation-ended', at: at + DAY_MS, startedAt, outcome, angry: false });
    conversations.push(events);
  }
  return conversations;
}

/** The figures the reports should show for these events, computed from the list itself. */
function expected(events: readonly ReportEvent[]) {
  const of = (type: ReportEvent['type']) => events.filter((e) => e.type === type);
  const ended = of('conversation-ended');
  const count = (outcome: string) => ended.filter((e) => e.outcome === outcome).length;
  const firstResponses = of('first-reply')
    .map((e) => e.durationMs as number)
    .sort((a, b) => a - b);
  const ratings = of('rated').map((e) => e.rating as number);
  const reasons: Record<string, number> = {};
  for (const e of of('escalated')) for (const r of new Set(e.reasons)) reasons[r] = (reasons[r] ?? 0) + 1;
  const takenBy: Record<string, number> = {};
  for (const e of of('taken')) takenBy[e.agentId as string] = (takenBy[e.agentId as string] ?? 0) + 1;
  return {
    conversations: of('conversation-started').length,
    ended: ended.length,
    botResolved: count('bot-resolved'),
    rate: count('bot-resolved') / (ended.length - count('no-question')),
    firstResponses,
    ratings,
    reasons,
    takenBy,
  };
}

/** Signs in a supervisor and returns a reader of the summary report over `from`..`to` (days). */
async function summaries(server: TestServer, from: string, to: string) {
  await server.hamdel.human.agents.create({
    id: 'boss',
    name: 'Boss',
    role: 'supervisor',
    languages: ['fa'],
    password: PASSWORD,
  });
  const login = await fetch(`${server.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'boss', password: PASSWORD }),
  });
  const cookie = /hamdel_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
  return async (query: string) => {
    const response = await fetch(`${server.url}/api/reports/summary?from=${from}&to=${to}&${query}`, {
      headers: { cookie },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      groups: {
        key: string;
        volume: { conversations: number; taken: number };
        escalationsByReason: Record<string, number>;
      }[];
      total: {
        volume: { conversations: number; escalations: number };
        deflection: { ended: number; botResolved: number; rate: number };
        firstResponse: { count: number; medianMs: number; p90Ms: number; meanMs: number };
        csat: { ratings: number; average: number };
        escalationsByReason: Record<string, number>;
      };
    };
  };
}

describe('reports cross-checked against a seeded random week', () => {
  let server: TestServer;
  const rand = random(20260307);
  // A business day that starts a 7-day rollup block, and a clock well after the week is sealed.
  const firstDay = dayOfNumber(Math.ceil(dayNumber('2026-03-01') / 7) * 7);
  const lastDay = dayOfNumber(dayNumber(firstDay) + 6);
  const now = startOfDay(lastDay, BUSINESS) + 6 * DAY_MS;

  beforeEach(async () => {
    server = await startTestServer({ clock: { now: () => now }, env: { BUSINESS_TIME_ZONE: BUSINESS } });
  });
  afterEach(async () => {
    await server.close();
  });

  it('returns volume, deflection, first response, CSAT and escalation reasons as the events say', async () => {
    const conversations = week(rand, firstDay);
    const { recorder } = server.hamdel.reports;
    for (const events of conversations) await recorder.record(events);
    const all = conversations.flat();
    const want = expected(all);

    const get = await summaries(server, firstDay, lastDay);

    const check = (total: Awaited<ReturnType<typeof get>>['total'], ended: number) => {
      expect(total.volume.conversations).toBe(want.conversations);
      expect(total.deflection.ended).toBe(ended);
      expect(total.deflection.botResolved).toBe(want.botResolved);
      const { firstResponses, ratings } = want;
      // The bucket rule of docs/reports.md, applied to the raw durations (bench/week/duration-summary.ts).
      expect(total.firstResponse).toEqual(summarize(firstResponses));
      const median = firstResponses[Math.ceil(firstResponses.length / 2) - 1] as number;
      // docs/reports.md: a percentile is within a factor sqrt(1.25) of the true value.
      expect(total.firstResponse.medianMs).toBeGreaterThanOrEqual(median / Math.sqrt(GROWTH) - 1);
      expect(total.firstResponse.medianMs).toBeLessThanOrEqual(median * Math.sqrt(GROWTH) + 1);
      expect(total.csat.ratings).toBe(ratings.length);
      expect(total.csat.average).toBe(ratings.reduce((a, b) => a + b, 0) / ratings.length);
      expect(total.escalationsByReason).toEqual(want.reasons);
    };

    // Twice: the first read builds the week's rollup, the second reads it.
    for (let round = 0; round < 2; round++) {
      const { total } = await get('groupBy=none');
      check(total, want.ended);
      expect(total.deflection.rate).toBeCloseTo(want.rate, 12);
    }

    // One channel only (the dashboard's filter): that channel's conversations, and no other's.
    for (const channel of ['web', 'telegram']) {
      const started = all.filter((e) => e.type === 'conversation-started' && e.channel === channel).length;
      expect(started).toBeGreaterThan(0);
      const { total } = await get(`groupBy=none&channel=${channel}`);
      expect(total.volume.conversations).toBe(started);
    }

    // By agent: the human side only.
    const byAgent = await get('groupBy=agent');
    expect(Object.fromEntries(byAgent.groups.map((g) => [g.key, g.volume.taken]))).toEqual(want.takenBy);

    // By day in UTC (not the business zone): each UTC day's conversations and escalation reasons, twice
    // (edge rollups built, then read).
    const utcDays: Record<string, number> = {};
    const utcReasons: Record<string, Record<string, number>> = {};
    const from = startOfDay(firstDay, 'UTC');
    const to = startOfDay(dayOfNumber(dayNumber(lastDay) + 1), 'UTC');
    for (const e of all) {
      if (e.at < from || e.at >= to) continue;
      const day = dayIn(e.at, 'UTC');
      if (e.type === 'conversation-started') utcDays[day] = (utcDays[day] ?? 0) + 1;
      if (e.type !== 'escalated') continue;
      const reasons = (utcReasons[day] ??= {});
      for (const r of new Set(e.reasons)) reasons[r] = (reasons[r] ?? 0) + 1;
    }
    for (let round = 0; round < 2; round++) {
      const byDay = await get('groupBy=day&tz=UTC');
      expect(Object.fromEntries(byDay.groups.map((g) => [g.key, g.volume.conversations]))).toEqual(utcDays);
      for (const g of byDay.groups) expect(g.escalationsByReason).toEqual(utcReasons[g.key] ?? {});
    }

    // A late write to the sealed week (a long conversation that began in it ends now) shows at once.
    const late = all.find((e) => e.type === 'conversation-started') as ReportEvent;
    await recorder.record([
      {
        ...late,
        conversationId: 'late',
        type: 'conversation-ended',
        at: now,
        startedAt: late.at,
        outcome: 'no-question',
      },
    ]);
    check((await get('groupBy=none')).total, want.ended + 1);
  });

  it('names no escalation reason with 0 in a day of another time zone', async () => {
    // Business day D in Tehran (+3:30) begins at 20:30 UTC the day before: an angry escalation in that
    // evening is in D's day hash, and the UTC day D takes it off again with the slots before midnight.
    const [dayBefore, day] = [dayOfNumber(dayNumber(firstDay) + 1), dayOfNumber(dayNumber(firstDay) + 2)];
    const base = { conversationId: 'z', channel: 'web', language: 'fa' as const, team: 'default' };
    await server.hamdel.reports.recorder.record([
      { ...base, type: 'escalated', at: startOfDay(day, 'UTC') - 3_600_000, reasons: ['anger'] },
      { ...base, type: 'escalated', at: startOfDay(day, 'UTC') + 43_200_000, reasons: ['customer-asked'] },
    ]);
    expect(dayIn(startOfDay(day, 'UTC') - 3_600_000, BUSINESS)).toBe(day);
    const get = await summaries(server, dayBefore, day);
    for (let round = 0; round < 2; round++) {
      const byDay = await get('groupBy=day&tz=UTC');
      expect(Object.fromEntries(byDay.groups.map((g) => [g.key, g.escalationsByReason]))).toEqual({
        [dayBefore]: { anger: 1 },
        [day]: { 'customer-asked': 1 },
      });
    }
  });
});
