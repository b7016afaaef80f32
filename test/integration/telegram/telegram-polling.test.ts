/**
 * The Telegram channel in development mode: long polling with @grammyjs/runner (sequential per chat)
 * against the fake Bot API, with a real hamdel server and real Redis.
 */
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../helpers/redis.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';

const sendsTo = (chatId: number, contains: string) => (call: TelegramCall) =>
  call.method === 'sendMessage' &&
  call.status === 200 &&
  call.payload.chat_id === chatId &&
  String(call.payload.text).includes(contains);

describe('Telegram in long-polling mode (real grammY runner, fake Bot API, real Redis)', () => {
  let fake: FakeTelegram;
  let server: TestServer;

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    server = await startTestServer({
      env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }, // polling is the default
    });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  it('fetches updates with getUpdates and answers them, in order per chat', async () => {
    expect(fake.sent('deleteWebhook')).toHaveLength(1); // getUpdates works only without a webhook

    const start = updates.text(7401, '/start', 'fa');
    const question = updates.text(7401, 'هزینه ارسال چقدره؟');
    fake.push(start);
    fake.push(question);
    const answer = await fake.waitForCall(sendsTo(7401, '۱۵'), 'the answer');
    expect(answer.payload.parse_mode).toBe('HTML');
    const greeting = fake.calls.findIndex(sendsTo(7401, 'خوش آمدید'));
    expect(greeting).toBeGreaterThanOrEqual(0);
    expect(greeting).toBeLessThan(fake.calls.indexOf(answer)); // Start was handled before the question

    // A later long poll confirms both updates (offset past them), so Telegram will not send them again.
    const confirms = (r: { method: string; payload: Record<string, unknown> }) =>
      r.method === 'getUpdates' && Number(r.payload.offset) === question.update_id + 1;
    await until(async () => fake.requests.some(confirms), 'the updates confirmed');
    const poll = fake.requests.find((r) => r.method === 'getUpdates');
    expect(poll?.payload.allowed_updates).toEqual(['message', 'callback_query', 'my_chat_member']);
  });

  it('remembers a customer who blocked the bot, and forgets it when they come back', async () => {
    const member = (updateId: number, status: 'kicked' | 'member'): Update => {
      const user = { id: 7402, is_bot: false, first_name: 'Customer' };
      const bot = { id: 123456789, is_bot: true, first_name: 'Hamdel' };
      const chat = { id: 7402, type: 'private' as const, first_name: 'Customer' };
      const old_chat_member = { status: status === 'kicked' ? 'member' : 'kicked', user: bot, until_date: 0 };
      const new_chat_member = { status, user: bot, until_date: 0 };
      return {
        update_id: updateId,
        my_chat_member: { chat, from: user, date: 0, old_chat_member, new_chat_member },
      } as Update;
    };
    const redis = connectRedis();
    const blocked = async () => (await redis.exists(`${server.prefix}telegram:blocked:7402`)) === 1;
    try {
      fake.push(member(9001, 'kicked'));
      await until(blocked, 'the chat marked as blocked');
      fake.push(member(9002, 'member'));
      await until(async () => !(await blocked()), 'the mark cleared');
    } finally {
      redis.disconnect();
    }
  });
});

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Telegram long polling with two hamdel processes (one poller, by a Redis lease)', () => {
  const LEASE_SECONDS = '1';
  let fake: FakeTelegram;
  let redis: ReturnType<typeof connectRedis>;
  const servers: TestServer[] = [];

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    redis = connectRedis();
  });
  afterEach(async () => {
    for (const server of servers.splice(0).reverse()) await server.close();
    redis.disconnect();
    await fake.close();
  });

  /** A process polling through its own API root, so the fake shows which process made each call. */
  const startProcess = async (name: string, prefix?: string) => {
    const server = await startTestServer({
      ...(prefix ? { prefix } : {}),
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRootFor(name),
        TELEGRAM_LEASE_SECONDS: LEASE_SECONDS,
      },
    });
    servers.push(server);
    return server;
  };
  const pollsBy = (caller: string) =>
    fake.requests.filter((r) => r.method === 'getUpdates' && r.caller === caller).length;
  const answersTo = (chatId: number) => fake.calls.filter(sendsTo(chatId, '۱۵')).length;
  const ask = async (chatId: number) => {
    fake.push(updates.text(chatId, 'هزینه ارسال چقدره؟'));
    await fake.waitForCall(sendsTo(chatId, '۱۵'), `the answer to ${chatId}`);
  };

  it('polls from one process only; when it closes, the other takes over and every update is answered once', async () => {
    const a = await startProcess('a');
    await startProcess('b', a.prefix);
    await until(async () => pollsBy('a') > 0, 'the first process polling');

    await ask(7601);
    await ask(7602);
    // Several of b's tries at the lease have passed (it tries every half second): it never polled.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await ask(7603);
    expect(pollsBy('b')).toBe(0);

    // The poller closes: it hands the lease on, and the other process polls from then on. An update sent
    // meanwhile waits at Telegram for the next poll.
    await a.close({ keepData: true });
    servers.splice(servers.indexOf(a), 1);
    fake.push(updates.text(7604, 'هزینه ارسال چقدره؟'));
    await until(async () => pollsBy('b') > 0, 'the second process polling');
    await fake.waitForCall(sendsTo(7604, '۱۵'), 'the update sent during the hand-over answered');
    await ask(7605);

    for (const chatId of [7601, 7602, 7603, 7604, 7605]) expect(answersTo(chatId)).toBe(1);
    expect(fake.calls.filter((c) => c.method === 'getUpdates' && c.status === 409)).toEqual([]);
  });

  it('waits for the lease of a process that died to expire, then polls', async () => {
    const a = await startProcess('a');
    await until(async () => pollsBy('a') > 0, 'the first process polling');
    await a.close({ keepData: true });
    servers.splice(servers.indexOf(a), 1);
    // A holder that died: its lease (another token) is still there, and nobody renews it.
    const key = `${a.prefix}telegram:polling:${fake.token.split(':')[0]}`;
    await redis.set(key, 'a-process-that-died', 'PX', 60_000);

    await startProcess('b', a.prefix); // its first try at the lease is over when this returns
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // and a few more tries
    expect(pollsBy('b')).toBe(0);
    expect(await redis.get(key)).toBe('a-process-that-died');
    await redis.pexpire(key, 200); // time passes: the dead holder's lease runs out
    fake.push(updates.text(7611, 'هزینه ارسال چقدره؟'));
    await fake.waitForCall(sendsTo(7611, '۱۵'), 'the answer once the dead lease expired');
    expect(await redis.get(key)).not.toBe('a-process-that-died');
    expect(answersTo(7611)).toBe(1);
  });
});
