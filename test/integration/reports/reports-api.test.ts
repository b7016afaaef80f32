/**
 * Reports from real turns and a real handoff (real server, real Redis under a random prefix): one widget
 * customer answered by the bot, one handed to an agent who replies and resolves, and who then rates with a
 * comment. After the idle window the reports API shows exactly those figures; roles and CSV are checked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bucketOf, bucketValue } from '../../../src/reports/duration-histogram.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const QUESTION = 'هزینه ارسال چقدره؟';
const ASK_PERSON = 'میخوام با یه کارشناس صحبت کنم';
const PASSWORD = 'a long password 123';
const COMMENT = 'خیلی سریع جواب دادید';

describe('reports API over real turns and a real handoff', () => {
  let server: TestServer;
  let redis: ReturnType<typeof connectRedis>;
  const start = Date.UTC(2026, 2, 10, 9, 0);
  const clock = movableClock(start);

  beforeEach(async () => {
    server = await startTestServer({ clock, env: { HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' } });
    redis = connectRedis();
  });
  afterEach(async () => {
    redis.disconnect();
    await server.close();
  });

  const signIn = async (id: string): Promise<string> => {
    const response = await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = /hamdel_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  };
  const get = (path: string, cookie?: string) =>
    fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} });

  it('counts volume, deflection, first response and CSAT with its comment exactly', async () => {
    const { service, agents, presence } = server.hamdel.human;
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
    await agents.create({
      id: 'maryam',
      name: 'Maryam',
      role: 'supervisor',
      languages: ['fa'],
      password: PASSWORD,
    });
    const sara = await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await presence.setStatus('sara', 'online');

    // A customer the bot answers.
    const answered = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    answered.send({ type: 'hello' });
    const a = `web-${(await answered.welcome()).customerId}`;
    await answered.say(QUESTION, 'a1');
    const aTranscript = await store.transcript(a);
    expect(aTranscript.some((e) => e.meta?.kind === 'answer')).toBe(true);

    // A customer handed to Sara: taken after 60 s in line, first reply 30 s later, resolved, then rated.
    const handed = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    handed.send({ type: 'hello' });
    const b = `web-${(await handed.welcome()).customerId}`;
    await handed.say(ASK_PERSON, 'b1');
    await eventually(async () => (await store.get(b))?.state === 'waiting', 'in line');
    clock.advance(60_000);
    expect(await service.take(sara)).toMatchObject({ kind: 'taken' });
    clock.advance(30_000);
    await service.say(sara, b, 'سلام، من سارا هستم');
    await service.say(sara, b, 'بفرمایید');
    clock.advance(120_000);
    await service.resolve(sara, b, 'done');
    await handed.say(`۴، ${COMMENT}`, 'b2');
    await eventually(async () => (await server.hamdel.human.queue.closedTickets())[0]?.rating === 4, 'rated');
    const [closed] = await server.hamdel.human.queue.closedTickets();
    expect(closed).toMatchObject({ channel: 'web', comment: COMMENT, rating: 4 });

    // Both conversations end after the idle window.
    await server.hamdel.reports.observer.flush();
    clock.advance(25 * 3_600_000);
    expect(await server.hamdel.reports.observer.sweep()).toBe(2);
    await server.hamdel.reports.observer.flush();

    const supervisor = await signIn('maryam');
    const agent = await signIn('sara');
    const range = 'from=2026-03-09&to=2026-03-12';
    expect((await get(`/api/reports/summary?${range}`)).status).toBe(401);
    const refused = await get(`/api/reports/summary?${range}`, agent);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN_ROLE' });

    const response = await get(`/api/reports/summary?${range}&groupBy=channel`, supervisor);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      groups: { key: string; volume: Record<string, number> }[];
      total: {
        volume: Record<string, number>;
        deflection: Record<string, number | null>;
        firstResponse: Record<string, number | null>;
        csat: Record<string, number | null>;
        escalationsByReason: Record<string, number>;
      };
    };
    const { total } = body;
    expect(total.volume).toMatchObject({
      conversations: 2,
      escalations: 1,
      taken: 1,
      resolved: 1,
      answered: 1,
    });
    expect(body.groups.map((g) => g.key)).toEqual(['web']);
    expect(body.groups[0]?.volume.conversations).toBe(2);
    expect(total.deflection).toMatchObject({ ended: 2, botResolved: 1, escalated: 1, rate: 0.5 });
    expect(total.escalationsByReason).toEqual({ 'customer-asked': 1 });
    const firstResponseMs = 90_000;
    expect(total.firstResponse).toMatchObject({
      count: 1,
      medianMs: Math.round(bucketValue(bucketOf(firstResponseMs))),
    });
    expect(total.firstResponse.meanMs).toBeGreaterThanOrEqual(firstResponseMs);
    expect(total.firstResponse.meanMs).toBeLessThan(firstResponseMs + 5_000);
    expect(total.csat).toMatchObject({ ratings: 1, average: 4, satisfiedShare: 1, comments: 1 });

    const comments = (await (await get(`/api/reports/comments?${range}`, supervisor)).json()) as {
      items: { rating: number; comment: string; agentId: string }[];
    };
    expect(comments.items).toEqual([
      expect.objectContaining({ rating: 4, comment: COMMENT, agentId: 'sara' }),
    ]);

    // CSV: a header and one line per group plus the total, parseable by column.
    const csv = await (
      await get(`/api/reports/summary?${range}&groupBy=channel&format=csv`, supervisor)
    ).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const header = (lines[0] ?? '').split(',');
    expect(lines).toHaveLength(3);
    const column = header.indexOf('volume.conversations');
    expect(column).toBeGreaterThan(-1);
    expect(lines.slice(1).map((line) => line.split(',')[column])).toEqual(['2', '2']);

    // Days in the Persian calendar when asked in Persian.
    const byDay = (await (
      await get(`/api/reports/summary?${range}&groupBy=day&lang=fa&tz=Asia/Tehran`, supervisor)
    ).json()) as { groups: { key: string; label: string }[] };
    expect(byDay.groups.map((g) => g.key)).toEqual(['2026-03-10']);
    expect(byDay.groups[0]?.label).toContain('اسفند');

    const bad = await get('/api/reports/summary?groupBy=planet', supervisor);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'REPORT_QUERY_INVALID' });
    await answered.close();
    await handed.close();
  });
});
