/**
 * The conversations behind each figure, through the reports API on a real server and Redis: a seeded random
 * week of events (every kind, several channels, languages, teams, agents, reasons, SLA breaches, late
 * conversation ends) goes through the real recorder; then for every figure that has a list, over the whole
 * period and over one day, without a filter and with one, the list paged to its end holds exactly as many
 * rows as the summary's figure says (and the answer's own `count` is that figure). Roles, bad input, paging,
 * CSV and the read-only transcript are checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random } from '../../../src/core/random.ts';
import { dayIn, startOfDay } from '../../../src/core/time-zone.ts';
import { LISTED_FIGURES, figureAt } from '../../../src/reports/figure-events.ts';
import type { ReportEvent } from '../../../src/reports/report-event.ts';
import { dayNumber, dayOfNumber } from '../../../src/reports/report-units.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';

const BUSINESS = 'Asia/Tehran';
const PASSWORD = 'a long password 123';
const DAY_MS = 86_400_000;
const REASONS = ['customer-asked', 'anger', 'repeated-failure'];
const AGENTS = ['sara', 'reza', 'mina'];
const HTTP_TOKEN = 'test-http-token-0123456789';

/** A week of conversations as lists of events (times within the week of `firstDay`). */
function week(rand: () => number, firstDay: string): ReportEvent[][] {
  const start = startOfDay(firstDay, BUSINESS);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const conversations: ReportEvent[][] = [];
  for (let i = 0; i < 160; i++) {
    const startedAt = start + Math.floor(rand() * 7 * DAY_MS);
    const base = {
      conversationId: `c${i}`,
      channel: pick(['web', 'telegram', 'http']),
      language: pick(['fa', 'ar', 'en'] as const),
    };
    const angry = rand() < 0.25;
    const events: ReportEvent[] = [{ ...base, type: 'conversation-started', at: startedAt }];
    let at = startedAt + 10_000;
    let outcome: ReportEvent['outcome'] = 'no-question';
    const roll = rand();
    if (roll < 0.3) {
      events.push({ ...base, type: 'bot-answered', at, articleId: 'a' });
      if (rand() < 0.3) events.push({ ...base, type: 'clarified', at: at + 1_000 });
      outcome = 'bot-resolved';
    } else if (roll < 0.45) {
      events.push({ ...base, type: 'clarified', at });
      events.push({ ...base, type: 'choices-rejected', at: at + 2_000 });
      events.push({ ...base, type: 'not-answered', at: at + 4_000, question: `q${i}` });
      outcome = 'unanswered';
    } else if (roll < 0.95) {
      outcome = 'escalated';
      const team = pick(['default', 'billing']);
      const agentId = pick(AGENTS);
      if (rand() < 0.5) events.push({ ...base, type: 'person-requested', at });
      const reasons = rand() < 0.3 ? [pick(REASONS), pick(REASONS)] : [pick(REASONS)];
      const mood = angry ? { anger: 'angry' as const } : {};
      events.push({ ...base, ...mood, team, type: 'escalated', at, reasons });
      const wait = Math.round(2_000 + rand() * 900_000); // up to 15 minutes: some over the 5-minute target
      if (rand() < 0.15) {
        events.push({ ...base, team, type: 'left-line', at: at + wait, durationMs: wait });
      } else {
        events.push({ ...base, team, agentId, type: 'taken', at: at + wait, durationMs: wait });
        if (rand() < 0.2) {
          events.push({ ...base, team, agentId, type: 'released', at: at + wait + 1_000 });
          events.push({
            ...base,
            team,
            agentId,
            type: 'taken',
            at: at + wait + 2_000,
            durationMs: wait + 2_000,
          });
        }
        if (rand() < 0.2) {
          events.push({
            ...base,
            team,
            agentId,
            type: 'transferred',
            at: at + wait + 3_000,
            toAgentId: 'reza',
          });
        }
        const first = wait + Math.round(1_000 + rand() * 200_000);
        events.push({ ...base, team, agentId, type: 'first-reply', at: at + first, durationMs: first });
        const handle = Math.round(60_000 + rand() * 900_000);
        at += wait + handle;
        const resolution = rand() < 0.9 ? { resolutionMs: wait + handle } : {};
        events.push({ ...base, team, agentId, type: 'resolved', at, durationMs: handle, ...resolution });
        if (rand() < 0.6) {
          at += 5_000;
          const comment = rand() < 0.4 ? { comment: `comment ${i}` } : {};
          events.push({
            ...base,
            team,
            agentId,
            type: 'rated',
            at,
            rating: 1 + Math.floor(rand() * 5),
            ...comment,
          });
        }
      }
    }
    events.push({ ...base, type: 'conversation-ended', at: at + DAY_MS, startedAt, outcome, angry });
    conversations.push(events);
  }
  return conversations;
}

interface ListAnswer {
  count: number;
  items: { conversationId: string; at: string; value?: string | number; channel: string }[];
  next?: string;
  unit: string;
}

describe('the conversations behind each figure (real server, real Redis)', () => {
  let server: TestServer;
  let cookie = '';
  let agentCookie = '';
  const rand = random(20261207);
  const firstDay = dayOfNumber(dayNumber('2026-11-02'));
  const lastDay = dayOfNumber(dayNumber(firstDay) + 6);
  // A few days after the week (its conversations have all ended), within the events' retention.
  const now = startOfDay(lastDay, BUSINESS) + 4 * DAY_MS;
  const range = `from=${firstDay}&to=${lastDay}`;
  const middle = dayOfNumber(dayNumber(firstDay) + 3);

  const login = async (id: string) => {
    const response = await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password: PASSWORD }),
    });
    return /hamdel_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0] ?? '';
  };
  const get = (path: string, as = cookie) => fetch(`${server.url}${path}`, { headers: { cookie: as } });
  const json = async <T>(path: string): Promise<T> => {
    const response = await get(path);
    const body = (await response.json()) as T;
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };

  /** Every row of a list, page after page. */
  async function wholeList(
    query: string,
    limit: number,
  ): Promise<{ count: number; rows: ListAnswer['items'] }> {
    const rows: ListAnswer['items'] = [];
    let cursor: string | undefined;
    let count = -1;
    for (let page = 0; page < 1000; page++) {
      const answer = await json<ListAnswer>(
        `/api/reports/conversations?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      if (count >= 0) expect(answer.count).toBe(count);
      count = answer.count;
      expect(answer.items.length).toBeLessThanOrEqual(limit);
      rows.push(...answer.items);
      if (!answer.next) break;
      cursor = answer.next;
    }
    return { count, rows };
  }

  beforeAll(async () => {
    server = await startTestServer({
      clock: { now: () => now },
      env: {
        BUSINESS_TIME_ZONE: BUSINESS,
        API_RATE_LIMIT_PER_MINUTE: '100000',
        HTTP_CHANNEL_TOKEN: HTTP_TOKEN,
      },
    });
    const { recorder } = server.hamdel.reports;
    for (const events of week(rand, firstDay)) await recorder.record(events);
    // Two conversations on the very edges of a day: one at its first instant, one at the next day's.
    for (const [id, day] of [
      ['edge-1', middle],
      ['edge-2', dayOfNumber(dayNumber(middle) + 1)],
    ] as const) {
      const at = startOfDay(day, BUSINESS);
      await recorder.record([{ type: 'conversation-started', at, conversationId: id, channel: 'web' }]);
    }
    const { agents } = server.hamdel.human;
    await agents.create({
      id: 'boss',
      name: 'Boss',
      role: 'supervisor',
      languages: ['fa'],
      password: PASSWORD,
    });
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    cookie = await login('boss');
    agentCookie = await login('sara');
  });
  afterAll(async () => {
    await server.close();
  });

  it('lists exactly the events each figure counts, over the week and one day, with and without a filter', async () => {
    const metrics = LISTED_FIGURES.filter((m) => !m.includes('<')).concat(
      REASONS.map((r) => `escalationsByReason.${r}`),
    );
    const filters = ['', 'channel=web', 'language=ar', 'team=billing', 'agent=sara'];
    let checked = 0;
    for (const filter of filters) {
      const extra = filter ? `&${filter}` : '';
      const summary = await json<{ total: object }>(`/api/reports/summary?${range}${extra}`);
      const byDay = await json<{ groups: ({ key: string } & object)[] }>(
        `/api/reports/summary?${range}&groupBy=day${extra}`,
      );
      const dayFigures = byDay.groups.find((g) => g.key === middle) ?? {};
      for (const metric of metrics) {
        const whole = await wholeList(`${range}&metric=${metric}${extra}`, 200);
        const figure = figureAt(summary.total, metric);
        expect({ metric, filter, rows: whole.rows.length, count: whole.count }).toEqual({
          metric,
          filter,
          rows: figure,
          count: figure,
        });
        const day = await wholeList(`${range}&metric=${metric}&bucket=${middle}${extra}`, 200);
        expect({ metric, filter, day: day.rows.length }).toEqual({
          metric,
          filter,
          day: figureAt(dayFigures, metric),
        });
        checked += figure;
      }
    }
    expect(checked).toBeGreaterThan(2000); // the figures were not all zero
  });

  it('pages with a cursor without losing or repeating a row, newest day first', async () => {
    const whole = await wholeList(`${range}&metric=volume.conversations`, 7);
    expect(whole.rows).toHaveLength(162);
    expect(new Set(whole.rows.map((r) => r.conversationId)).size).toBe(162);
    const edge = await json<ListAnswer>(
      `/api/reports/conversations?${range}&metric=volume.conversations&bucket=${middle}&limit=200`,
    );
    expect(edge.items.map((r) => r.conversationId)).toContain('edge-1');
    expect(edge.items.map((r) => r.conversationId)).not.toContain('edge-2');
    const days = whole.rows.map((r) => dayIn(Date.parse(r.at), BUSINESS));
    expect(days).toEqual([...days].sort().reverse());
  });

  it('shows each row its value: seconds of a wait, the rating, the reasons, the outcome', async () => {
    const waits = await json<ListAnswer>(`/api/reports/conversations?${range}&metric=sla.breaches&limit=200`);
    expect(waits.unit).toBe('seconds');
    expect(waits.items.length).toBeGreaterThan(0);
    expect(waits.items.every((r) => typeof r.value === 'number' && r.value > 300)).toBe(true);
    const ratings = await json<ListAnswer>(
      `/api/reports/conversations?${range}&metric=csat.comments&limit=200`,
    );
    expect(ratings.items.every((r) => typeof r.value === 'number' && r.value >= 1 && r.value <= 5)).toBe(
      true,
    );
    expect(ratings.items.every((r) => 'comment' in r)).toBe(true);
    const angry = await json<ListAnswer>(
      `/api/reports/conversations?${range}&metric=escalationsByReason.anger&limit=200`,
    );
    expect(angry.items.every((r) => String(r.value).split(',').includes('anger'))).toBe(true);
    const ended = await json<ListAnswer>(
      `/api/reports/conversations?${range}&metric=deflection.ended&limit=200`,
    );
    expect(new Set(ended.items.map((r) => r.value))).toEqual(
      new Set(['bot-resolved', 'escalated', 'unanswered', 'no-question']),
    );
  });

  it('is for supervisors and admins, and answers bad input with REPORT_QUERY_INVALID', async () => {
    const path = `/api/reports/conversations?${range}&metric=volume.escalations`;
    expect((await get(path, '')).status).toBe(401);
    const asAgent = await get(path, agentCookie);
    expect(asAgent.status).toBe(403);
    expect(await asAgent.json()).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    for (const bad of [
      `${range}`,
      `${range}&metric=nonsense`,
      `${range}&metric=volume.messages`,
      `${range}&metric=volume.escalations&groupBy=channel`,
      `${range}&metric=volume.escalations&channel=web&team=billing`,
      `${range}&metric=volume.escalations&bucket=2020-01-01`,
      `${range}&metric=volume.escalations&bucket=yesterday`,
      `${range}&metric=volume.escalations&limit=0`,
      `${range}&metric=volume.escalations&limit=500`,
      `${range}&metric=volume.escalations&cursor=not-a-cursor`,
      `from=${lastDay}&to=${firstDay}&metric=volume.escalations`,
    ]) {
      const response = await get(`/api/reports/conversations?${bad}`);
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe('REPORT_QUERY_INVALID');
      expect(body.message.length).toBeGreaterThan(10);
    }
  });

  it('downloads a list as CSV, and opens a conversation read-only', async () => {
    const csv = await get(
      `/api/reports/conversations?${range}&metric=volume.escalations&format=csv&limit=200`,
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('conversationId');
    const summary = await json<{ total: { volume: { escalations: number } } }>(
      `/api/reports/summary?${range}`,
    );
    expect(lines.length - 1).toBe(Math.min(200, summary.total.volume.escalations));

    // The seeded events name conversations that were never stored: not found. A stored one opens.
    const missing = await get('/api/reports/conversations/c1');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    const said = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${HTTP_TOKEN}` },
      body: JSON.stringify({
        customerId: 'crm-7',
        text: 'هزینه ارسال چقدره؟',
        messageId: 'm1',
        language: 'fa',
      }),
    });
    expect(said.status).toBe(200);
    const { conversationId } = (await said.json()) as { conversationId: string };
    const read = await json<{ channel: string; transcript: { author: { kind: string }; text: string }[] }>(
      `/api/reports/conversations/${conversationId}`,
    );
    expect(read.channel).toBe('http');
    expect(read.transcript[0]).toMatchObject({ author: { kind: 'customer' }, text: 'هزینه ارسال چقدره؟' });
    expect(read.transcript.length).toBeGreaterThan(1);
    expect(JSON.stringify(read)).not.toContain('"raw"');
    expect((await get(`/api/reports/conversations/${conversationId}`, agentCookie)).status).toBe(403);
  });
});
