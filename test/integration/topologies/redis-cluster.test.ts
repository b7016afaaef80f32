import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { SlackState } from '../../../src/adapters/slack/slack-state.ts';
import { TelegramState } from '../../../src/adapters/telegram/telegram-state.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { createRedis } from '../../../src/core/redis.ts';
import type { RedisConnection } from '../../../src/core/redis-script.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { packet } from '../../helpers/handoff.ts';
import { startRedisCluster, type LocalRedisCluster } from '../../helpers/redis-cluster.ts';
import { withServer } from '../../helpers/redis-processes.ts';
import { randomPrefix } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const TOKEN = 'cluster-test-token-0123';
const PASSWORD = 'agent password 123';

interface Reply {
  kind?: string;
  articleId?: string;
  language: string;
  text: string;
}

/** A widget's wait, whose failure says which frames did arrive. */
async function seen<T>(client: WidgetTestClient, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    const frames = client.frames.map((f) => (f.type === 'entry' ? `entry(${f.entry.author.kind})` : f.type));
    throw new Error(`${String(error)}; frames so far: ${frames.join(', ')}`);
  }
}

/**
 * hamdel's whole path on a real three-master Redis Cluster that the test starts: two hamdel processes
 * (REDIS_MODE=cluster) answer customers in fa, ar and en, hand one to a person through BullMQ, and pass
 * events between them over the Cluster's pub/sub.
 */
describe('hamdel on a three-master Redis Cluster', () => {
  let cluster: LocalRedisCluster | undefined;
  let a: TestServer | undefined;
  let b: TestServer | undefined;
  let admin: RedisConnection | undefined;
  const prefix = randomPrefix();

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const env = { ...cluster.env, HTTP_CHANNEL_TOKEN: TOKEN };
    a = await startTestServer({ prefix, env });
    b = await startTestServer({ prefix, env });
    admin = createRedis(loadConfig(cluster.env), 'test-admin');
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    admin?.disconnect();
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await cluster?.stop();
  }, 30_000);

  const servers = () => {
    if (!a || !b || !cluster) throw new Error('the cluster or the servers did not start');
    return { a, b, cluster };
  };

  async function post(server: TestServer, customerId: string, text: string, messageId = randomUUID()) {
    const response = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ customerId, text, messageId }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { replies: Reply[] }).replies;
  }

  /** The keys under the test's prefix that each master holds, by master port. */
  async function keysByMaster(match: string): Promise<Map<number, string[]>> {
    const byMaster = new Map<number, string[]>();
    for (const master of servers().cluster.masters) {
      const keys = await withServer(master.port, servers().cluster.password, async (redis) => {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}${match}`, 'COUNT', 1000);
          cursor = next;
          found.push(...batch);
        } while (cursor !== '0');
        return found;
      });
      byMaster.set(master.port, keys);
    }
    return byMaster;
  }

  it('answers in Persian, Arabic and English from either process, with conversations spread over the masters', async () => {
    const { a, b } = servers();
    const questions = [
      ['fa', 'چطور می‌تونم کالا رو پس بدم؟'],
      ['ar', 'كيف أرجع منتج اشتريته؟'],
      ['en', 'how can I return an item I bought?'],
    ] as const;
    for (let round = 0; round < 4; round += 1) {
      for (const [language, text] of questions) {
        const replies = await post(round % 2 === 0 ? a : b, `crm-${language}-${round}`, text);
        const answer = replies.find((r) => r.kind === 'answer');
        expect(answer).toMatchObject({ articleId: 'returns', language });
      }
    }
    // A conversation's next message goes through the other process and continues the same conversation.
    const again = await post(b, 'crm-fa-0', 'ارسال چقدر طول میکشه؟');
    expect(again.find((r) => r.kind === 'answer')?.language).toBe('fa');

    // Twelve conversations, each in its own slot (its id is the hash tag): every master holds some.
    const conversationKeys = await keysByMaster('conv:*');
    const holders = [...conversationKeys.values()].filter((keys) => keys.length > 0).length;
    expect(holders).toBe(3);
  });

  it('hands a widget customer on one process to an agent on the other through BullMQ, and the customer sees the agent (pub/sub)', async () => {
    const { a, b } = servers();
    await b.hamdel.human.agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    const customer = await WidgetTestClient.connect(a.url, { lang: 'fa' });
    try {
      customer.send({ type: 'hello' });
      const { conversationId } = await seen(customer, customer.welcome());
      await seen(customer, customer.say('سلام، میخوام با یه کارشناس صحبت کنم', randomUUID()));
      const queue = b.hamdel.human.queue;
      await eventually(async () => (await queue.waitingIds()).includes(conversationId), 'the ticket in line');
      expect(await queue.packet(conversationId)).toMatchObject({
        language: 'fa',
        reasons: ['customer-asked'],
      });

      const sara = await b.hamdel.human.agents.get('sara');
      if (!sara) throw new Error('no agent sara');
      const taken = await b.hamdel.human.service.take(sara);
      expect(taken).toMatchObject({ kind: 'taken', ticket: { conversationId, agentId: 'sara' } });
      const from = customer.frames.length;
      await b.hamdel.human.service.say(sara, conversationId, 'سلام، سارا هستم. چطور کمکتون کنم؟');
      await seen(
        customer,
        customer.waitFor(
          (f) =>
            f.type === 'entry' && f.entry.author.kind === 'agent' && f.entry.text.startsWith('سلام، سارا'),
          10_000,
          from,
        ),
      );

      const closed = await b.hamdel.human.service.resolve(sara, conversationId, 'done');
      expect(closed).toMatchObject({ conversationId, agentId: 'sara', language: 'fa' });
      expect((await a.hamdel.human.queue.closedTickets(10)).map((t) => t.ref)).toContain(closed?.ref);
      expect(await a.hamdel.human.queue.chatsOf('sara')).toEqual([]);
    } finally {
      await customer.close();
    }
    // Every key of the human side (agents, the queue, BullMQ's pools) is on one master: one slot.
    const human = await keysByMaster('{human}:*');
    const withHuman = [...human.values()].filter((keys) => keys.length > 0);
    expect(withHuman.length).toBe(1);
    expect(withHuman[0]?.some((key) => key.includes('{human}:bull:handoff.'))).toBe(true);
  });

  it('signs an agent in on one process and knows them on the other: sessions, sign-in limits, presence', async () => {
    const { a, b } = servers();
    await a.hamdel.human.agents.create({
      id: 'omid',
      name: 'امید',
      languages: ['fa', 'en'],
      password: PASSWORD,
    });
    const login = (server: TestServer, password: string) =>
      fetch(`${server.url}/api/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'omid', password }),
      });
    expect((await login(b, 'not the password')).status).toBe(401);
    const signedIn = await login(a, PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers
      .getSetCookie()
      .find((c) => c.startsWith('hamdel_session='))
      ?.split(';')[0];
    const me = (server: TestServer) =>
      fetch(`${server.url}/api/agent/me`, { headers: { cookie: cookie ?? '' } });
    expect(((await (await me(b)).json()) as { agent: { id: string } }).agent.id).toBe('omid');

    const now = Date.now();
    await b.hamdel.human.presence.heartbeat('omid');
    expect(await a.hamdel.human.presence.get('omid')).toMatchObject({ status: 'online' });
    const expired = await a.hamdel.human.presence.sweep(now + 10 * 60_000);
    expect(expired.map((e) => e.agentId)).toEqual(['omid']);
    expect((await b.hamdel.human.presence.get('omid')).status).toBe('offline');

    const logout = await fetch(`${b.url}/api/agent/logout`, {
      method: 'POST',
      headers: { cookie: cookie ?? '', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(logout.status).toBe(200);
    expect((await me(a)).status).toBe(401);
  });

  it("keeps Slack's threads and Telegram's state on the Cluster", async () => {
    const redis = admin;
    if (!redis) throw new Error('no admin connection');
    const slack = new SlackState(redis, prefix);
    const record = {
      channel: 'C0AGENTS',
      ts: '1700000000.000100',
      enqueuedAt: 1,
      packet: packet('web-x', 'ar'),
    };
    await slack.saveThread('web-x', record); // one MULTI: the record, the root and the followed set
    expect(await slack.thread('web-x')).toEqual(record);
    expect(await slack.conversationOfThread('C0AGENTS', '1700000000.000100')).toBe('web-x');
    expect(await slack.followed()).toEqual(['web-x']);
    expect(await slack.locked('escalation', async () => 'done')).toBe('done');

    const telegram = new TelegramState({ redis, prefix });
    expect(await Promise.all([telegram.deliveries.claim('7'), telegram.deliveries.claim('7')])).toEqual([
      true,
      false,
    ]);
    await telegram.rememberWait('tg-1', { messageId: 42 });
    expect(await telegram.waitMessage('tg-1')).toEqual({ messageId: 42 });
  });

  it('handles every message of one conversation once when both processes take its messages at once', async () => {
    const { a, b } = servers();
    const texts = [
      'hello',
      'how can I return an item?',
      'do you deliver abroad?',
      'what are your opening hours?',
    ];
    await Promise.all(texts.map((text, i) => post(i % 2 === 0 ? a : b, 'crm-both', text)));
    if (!admin) throw new Error('no admin connection');
    const store = new RedisConversationStore({ redis: admin, prefix, clock: systemClock });
    const transcript = await store.transcript('http-crm-both');
    const fromCustomer = transcript.filter((e) => e.author.kind === 'customer').map((e) => e.text);
    expect([...fromCustomer].sort()).toEqual([...texts].sort());
    // Each message is followed by the bot's answer to it before the next message is taken.
    const authors = transcript.map((e) => e.author.kind).join(',');
    expect(authors).not.toMatch(/customer,customer/);
  });
});
