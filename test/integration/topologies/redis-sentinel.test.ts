import { randomUUID } from 'node:crypto';
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
    await widget?.close();
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

  const sent: Sent[] = [];
  let widget: WidgetTestClient | undefined;

  /** Sends each message (retrying 503s) and checks it was answered in its language. */
  async function sendAll(messages: readonly Omit<Sent, 'attempts'>[]): Promise<Sent[]> {
    const tracked = messages.map((m) => ({ ...m, attempts: 0 }));
    for (const message of tracked) {
      sent.push(message);
      const replies = await send(message);
      expect(replies.find((r) => r.kind === 'answer')?.language).toBe(message.language);
    }
    return tracked;
  }

  /** Waits until no turn holds its conversation's lock and the replica has every write. */
  async function betweenTurns(local: LocalRedisSentinel): Promise<void> {
    // (A turn cut by a failover leaves its lock on the promoted replica until the lock expires; the turn
    // queue's own tests cover that. Here the failover comes between turns.)
    await eventually(async () => (await local.masterKeys(`${prefix}*:lock`)).length === 0, 'no turn at work');
    await local.replicaCaughtUp();
  }

  /** Every message is in its conversation's transcript once, in order, and the bot answered the last. */
  async function expectTranscripts(local: LocalRedisSentinel): Promise<void> {
    const reader = createRedis(loadConfig(local.env), 'test-reader');
    try {
      // The conversation store still names ioredis's Redis type; a Sentinel-managed connection is one.
      const store = new RedisConversationStore({ redis: reader, prefix, clock: systemClock });
      for (const customerId of new Set(sent.map((m) => m.customerId))) {
        const transcript = await store.transcript(`http-${customerId}`);
        const fromCustomer = transcript.filter((e) => e.author.kind === 'customer').map((e) => e.text);
        expect(fromCustomer).toEqual(sent.filter((m) => m.customerId === customerId).map((m) => m.text));
        expect(transcript.at(-1)?.author.kind).toBe('bot');
      }
    } finally {
      reader.disconnect();
    }
  }

  it('goes on when the master is killed (kill -9): the replica is promoted and no message is lost', async () => {
    const local = sentinel;
    if (!local || !server) throw new Error('Sentinel or the server did not start');
    const before = await sendAll([
      { customerId: 'crm-fa', language: 'fa', text: 'چطور می‌تونم کالا رو پس بدم؟' },
      { customerId: 'crm-ar', language: 'ar', text: 'كيف أرجع منتج اشتريته؟' },
      { customerId: 'crm-en', language: 'en', text: 'how can I return an item I bought?' },
    ]);
    expect(before.every((m) => m.attempts === 1)).toBe(true);
    // A widget customer connected before the failover, subscribed to their conversation's events.
    widget = await WidgetTestClient.connect(server.url, { lang: 'en' });
    widget.send({ type: 'hello' });
    await widget.waitFor((f) => f.type === 'welcome');
    expect(
      WidgetTestClient.botTexts(await widget.say('How long does a refund take?', randomUUID())),
    ).not.toEqual([]);
    await betweenTurns(local);

    await local.killMaster();
    // Straight after the kill, while the Sentinels have not yet agreed the master is down: the same
    // conversations go on, and a new one starts.
    const after = await sendAll([
      { customerId: 'crm-fa', language: 'fa', text: 'ارسال چقدر طول میکشه؟' },
      { customerId: 'crm-ar', language: 'ar', text: 'كم تستغرق مدة التوصيل؟' },
      { customerId: 'crm-en', language: 'en', text: 'How long does delivery take?' },
      { customerId: 'crm-en-new', language: 'en', text: 'Can I pay in instalments?' },
    ]);
    const promoted = `127.0.0.1:${local.currentMaster()}`;
    await eventually(
      async () => (await local.masterAddress()) === promoted,
      'every Sentinel to name the replica',
    );
    // The same socket goes on: its subscription moved to the new master with the connection.
    expect(WidgetTestClient.botTexts(await widget.say('Can I change my order?', randomUUID()))).not.toEqual(
      [],
    );
    expect(widget.frames.filter((f) => f.type === 'error')).toEqual([]);
    await expectTranscripts(local);
    console.log(
      `kill -9 of the master: HTTP posts per message after it: ${after.map((m) => m.attempts).join(', ')}`,
    );
  });

  it('follows a master demoted while it stays up (SENTINEL FAILOVER) to the new master', async () => {
    const local = sentinel;
    if (!local || !server || !widget) throw new Error('the first failover did not run');
    await local.restartKilledAsReplica();
    await betweenTurns(local);
    await local.manualFailover();
    // The old master is still up, and still a master until the Sentinels turn it into a replica, seconds
    // later: hamdel must leave it when the Sentinels announce the new master, or what it writes there is lost.
    const promoted = `127.0.0.1:${local.currentMaster()}`;
    await eventually(
      async () => (await local.masterAddress()) === promoted,
      'every Sentinel to name the new master',
    );
    const after = await sendAll([
      { customerId: 'crm-fa', language: 'fa', text: 'میتونم قسطی پرداخت کنم؟' },
      { customerId: 'crm-ar', language: 'ar', text: 'هل يمكنني الدفع بالتقسيط؟' },
      { customerId: 'crm-en', language: 'en', text: 'Do you ship abroad?' },
    ]);
    expect(
      WidgetTestClient.botTexts(await widget.say('What are your opening hours?', randomUUID())),
    ).not.toEqual([]);
    expect(widget.frames.filter((f) => f.type === 'error')).toEqual([]);
    await widget.close();
    // BullMQ's connection followed both failovers: an escalation goes into the human queue.
    const person = {
      customerId: 'crm-person',
      language: 'en',
      text: 'I want to talk to a human please',
      attempts: 0,
    };
    sent.push(person);
    await send(person);
    const queue = server.hamdel.human.queue;
    expect(await queue.waitingIds()).toContain('http-crm-person');
    expect(await queue.packet('http-crm-person')).toMatchObject({
      language: 'en',
      reasons: ['customer-asked'],
    });
    await expectTranscripts(local);
    console.log(
      `SENTINEL FAILOVER: HTTP posts per message after it: ${after.map((m) => m.attempts).join(', ')}`,
    );
  });
});
