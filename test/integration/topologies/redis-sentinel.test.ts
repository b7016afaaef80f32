import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import { loadConfig } from '../../../src/core/config.ts';
import { createRedis } from '../../../src/core/redis.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { startRedisSentinel, type LocalRedisSentinel } from '../../helpers/redis-sentinel.ts';
import { sleep } from '../../helpers/redis-processes.ts';
import { randomPrefix } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const TOKEN = 'sentinel-test-token-0123';

interface Sent {
  readonly customerId: string;
  readonly text: string;
  readonly language: string;
  /** HTTP posts it took (a 503 while the master is being replaced is sent again, with the same id). */
  attempts: number;
}

/**
 * hamdel on a Sentinel-managed master and replica that the test starts: customers are answered, the master is
 * killed (kill -9), the Sentinels promote the replica, and hamdel goes on on it with nothing lost.
 */
describe('hamdel on Redis Sentinel across a failover', () => {
  let sentinel: LocalRedisSentinel | undefined;
  let server: TestServer | undefined;
  const prefix = randomPrefix();

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    server = await startTestServer({ prefix, env: { ...sentinel.env, HTTP_CHANNEL_TOKEN: TOKEN } });
  }, 60_000);

  afterAll(async () => {
    await server?.close().catch(() => undefined);
    await sentinel?.stop();
  }, 30_000);

  /** Posts until answered; a 503 (Redis away mid-failover) is retried with the same message id for 20 s. */
  async function send(message: Sent): Promise<{ kind?: string; language: string }[]> {
    if (!server) throw new Error('the server did not start');
    const messageId = randomUUID();
    const deadline = Date.now() + 20_000;
    for (;;) {
      message.attempts += 1;
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ customerId: message.customerId, text: message.text, messageId }),
      });
      if (response.status === 200) {
        return ((await response.json()) as { replies: { kind?: string; language: string }[] }).replies;
      }
      expect(response.status).toBe(503);
      if (Date.now() > deadline) throw new Error(`still 503 after 20 s: ${message.text}`);
      await sleep(200);
    }
  }

  it('answers before and after the master is killed, on the promoted replica, losing no message', async () => {
    const local = sentinel;
    if (!local || !server) throw new Error('Sentinel or the server did not start');
    const before: Sent[] = [
      { customerId: 'crm-fa', language: 'fa', text: 'چطور می‌تونم کالا رو پس بدم؟', attempts: 0 },
      { customerId: 'crm-ar', language: 'ar', text: 'كيف أرجع منتج اشتريته؟', attempts: 0 },
      { customerId: 'crm-en', language: 'en', text: 'how can I return an item I bought?', attempts: 0 },
    ];
    for (const message of before) {
      const replies = await send(message);
      expect(replies.find((r) => r.kind === 'answer')?.language).toBe(message.language);
    }
    expect(before.every((m) => m.attempts === 1)).toBe(true);
    // A widget customer connected before the failover, subscribed to their conversation's events.
    const widget = await WidgetTestClient.connect(server.url, `visitor-${randomUUID()}`, { lang: 'en' });
    widget.send({ type: 'hello' });
    await widget.waitFor((f) => f.type === 'welcome');
    const first = await widget.say('How long does a refund take?', randomUUID());
    expect(WidgetTestClient.botTexts(first).length).toBeGreaterThan(0);
    // The kill comes between turns: no conversation's lock is held. (A turn cut by the kill leaves its lock on
    // the promoted replica until the lock expires; the turn queue's own tests cover that.)
    await eventually(async () => (await local.masterKeys(`${prefix}*:lock`)).length === 0, 'no turn at work');
    await local.replicaCaughtUp();

    await local.killMaster();
    // Straight after the kill, while the Sentinels have not yet agreed the master is down: the same
    // conversations go on, and new ones start.
    const after: Sent[] = [
      { customerId: 'crm-fa', language: 'fa', text: 'ارسال چقدر طول میکشه؟', attempts: 0 },
      { customerId: 'crm-ar', language: 'ar', text: 'كم تستغرق مدة التوصيل؟', attempts: 0 },
      { customerId: 'crm-en', language: 'en', text: 'How long does delivery take?', attempts: 0 },
      { customerId: 'crm-en-new', language: 'en', text: 'Can I pay in instalments?', attempts: 0 },
    ];
    for (const message of after) {
      const replies = await send(message);
      expect(replies.find((r) => r.kind === 'answer')?.language).toBe(message.language);
    }
    const promoted = `127.0.0.1:${local.replicaPort}`;
    await eventually(
      async () => (await local.masterAddress()) === promoted,
      'every Sentinel to name the replica',
    );

    // The same socket goes on: its subscription moved to the new master with the connection.
    const frames = await widget.say('Can I change my order?', randomUUID());
    expect(WidgetTestClient.botTexts(frames).length).toBeGreaterThan(0);
    // No message of the widget's was refused: the failover happened between its turns.
    expect(widget.frames.filter((f) => f.type === 'error')).toEqual([]);
    await widget.close();

    // Every message is in its conversation's transcript once, each followed by the bot's answer.
    const reader = createRedis(loadConfig(local.env), 'test-reader');
    try {
      const store = new RedisConversationStore({ redis: reader as Redis, prefix, clock: systemClock });
      for (const customerId of ['crm-fa', 'crm-ar', 'crm-en', 'crm-en-new']) {
        const transcript = await store.transcript(`http-${customerId}`);
        const fromCustomer = transcript.filter((e) => e.author.kind === 'customer').map((e) => e.text);
        const expected = [...before, ...after].filter((m) => m.customerId === customerId).map((m) => m.text);
        expect(fromCustomer).toEqual(expected);
        expect(transcript.at(-1)?.author.kind).toBe('bot');
      }
    } finally {
      reader.disconnect();
    }
    console.log(
      `Sentinel failover: HTTP posts per message after kill -9 of the master: ${after.map((m) => m.attempts).join(', ')}`,
    );
  });
});
