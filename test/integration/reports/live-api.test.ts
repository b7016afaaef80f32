/**
 * GET /api/reports/live over a real server and Redis: a real widget customer asks for a person and waits;
 * the live state shows them in their team's and language's line with their wait, and the agents with their
 * load. An agent is refused (403), a supervisor is answered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const PASSWORD = 'a long password 123';

describe('GET /api/reports/live', () => {
  let server: TestServer;
  let redis: ReturnType<typeof connectRedis>;
  const clock = movableClock(Date.UTC(2026, 2, 10, 9, 0));

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
  const live = (cookie?: string) =>
    fetch(`${server.url}/api/reports/live`, { headers: cookie ? { cookie } : {} });

  it('shows a waiting customer by team and language, the longest wait and agents with their load', async () => {
    const { agents, presence, service } = server.hamdel.human;
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
    await agents.create({
      id: 'maryam',
      name: 'Maryam',
      role: 'supervisor',
      languages: ['fa'],
      password: PASSWORD,
    });
    const sara = await agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      capacity: 1,
      password: PASSWORD,
    });
    await agents.create({ id: 'omid', name: 'Omid', languages: ['fa'], password: PASSWORD });

    const customer = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    customer.send({ type: 'hello' });
    const id = `web-${(await customer.welcome()).customerId}`;
    await customer.say('میخوام با یه کارشناس صحبت کنم', 'c1');
    await eventually(async () => (await store.get(id))?.state === 'waiting', 'in line');
    clock.advance(75_000);
    await presence.setStatus('omid', 'away'); // after the wait: a beat older than the TTL reads as offline

    expect((await live()).status).toBe(401);
    const refused = await live(await signIn('sara'));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN_ROLE' });

    const supervisor = await signIn('maryam');
    const response = await live(supervisor);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const ticket = await server.hamdel.human.queue.ticket(id);
    const waiting = (await response.json()) as { at: number } & Record<string, unknown>;
    const waitedMs = waiting.at - (ticket?.enqueuedAt ?? Number.NaN);
    expect(waitedMs).toBeGreaterThanOrEqual(75_000);
    expect(waiting).toMatchObject({
      waiting: 1,
      angryWaiting: 0,
      longestWaitMs: waitedMs,
      longestWaitingId: id,
      lines: [{ team: ticket?.pool.team, language: 'fa', waiting: 1, angry: 0, longestWaitMs: waitedMs }],
      waitingNow: [
        {
          conversationId: id,
          team: ticket?.pool.team,
          language: 'fa',
          channel: 'web',
          enqueuedAt: ticket?.enqueuedAt,
          waitMs: waitedMs,
          angry: false,
        },
      ],
      agents: { online: 0, busy: 0, away: 1 },
      people: [expect.objectContaining({ id: 'omid', status: 'away', chats: 0 })],
    });

    // Sara comes online and takes the chat: the line is empty and she is full (1 of 1).
    await presence.setStatus('sara', 'online');
    expect(await service.take(sara)).toMatchObject({ kind: 'taken' });
    const taken = (await (await live(supervisor)).json()) as Record<string, unknown>;
    expect(taken).toMatchObject({
      waiting: 0,
      longestWaitMs: 0,
      lines: [],
      waitingNow: [],
      agents: { online: 0, busy: 1, away: 1 },
    });
    expect(taken.longestWaitingId).toBeUndefined();
    expect(taken.people).toEqual(
      expect.arrayContaining([
        { id: 'sara', name: 'سارا', team: sara.team, status: 'busy', chats: 1, capacity: 1 },
      ]),
    );
    await customer.close();
  });

  it('takes one filter on the summary, with groupBy day, week or none only', async () => {
    await server.hamdel.human.agents.create({
      id: 'maryam',
      name: 'Maryam',
      role: 'supervisor',
      languages: ['fa'],
      password: PASSWORD,
    });
    const cookie = await signIn('maryam');
    const get = (query: string) =>
      fetch(`${server.url}/api/reports/summary?${query}`, { headers: { cookie } });
    expect((await get('groupBy=day&channel=web')).status).toBe(200);
    for (const bad of ['groupBy=channel&channel=web', 'groupBy=day&channel=web&team=default']) {
      const response = await get(bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'REPORT_QUERY_INVALID' });
    }
  });
});
