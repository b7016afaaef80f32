import type { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.ts';
import type { Language } from '../../../src/core/language.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import type { MessageCatalog } from '../../../src/dialogs/message-catalog.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { sampleContent } from '../../helpers/content.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';
import { eventually } from '../../helpers/time.ts';

const PASSWORD = 'agent password 123';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});

describe("an agent's console dies or the agent steps away mid-chat (real server, Redis, BullMQ)", () => {
  let server: TestServer;
  let redis: Redis;
  let store: RedisConversationStore;
  const open: { close(): unknown }[] = [];

  beforeEach(async () => {
    server = await startTestServer({
      env: { AGENT_PRESENCE_TTL_SECONDS: '2', HANDOFF_SUPERVISOR_INTERVAL_MS: '200' },
    });
    redis = connectRedis();
    store = new RedisConversationStore({ redis, prefix: server.prefix, clock: systemClock });
    const agents = server.hamdel.human.agents;
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'reza', name: 'رضا', languages: ['fa'], password: PASSWORD });
  });
  afterEach(async () => {
    for (const client of open.splice(0)) await client.close();
    redis.disconnect();
    await server.close();
  });

  /** A customer in the widget who asks for a person in Persian. */
  async function customerAsks(visitor: string, lang = 'fa', text = 'سلام، میخوام با یه کارشناس صحبت کنم') {
    const customer = await WidgetTestClient.connect(server.url, { lang });
    open.push(customer);
    customer.send({ type: 'hello' });
    const { conversationId } = await customer.welcome();
    await customer.say(text, `${visitor}-1`);
    await eventually(
      async () => (await server.hamdel.human.queue.waitingIds()).includes(conversationId),
      `${conversationId} in line`,
      10_000,
    );
    return { customer, conversationId };
  }

  async function signIn(agentId: string): Promise<ConsoleClient> {
    const client = await ConsoleClient.signIn(server.url, agentId, PASSWORD);
    open.push(client);
    return client;
  }

  /**
   * An Arabic customer waits (nobody here serves Arabic); Sara takes the Persian chat that came after and
   * answers; a second Persian customer then waits behind everyone.
   */
  async function saraIsMidChat() {
    const arabic = await customerAsks('visitor-ar', 'ar', 'ابي اكلم موظف خدمة العملاء');
    const first = await customerAsks('visitor-a');
    const sara = await signIn('sara');
    sara.send({ type: 'take-next', ref: 't1' });
    const taken = await sara.waitFor(
      (f) => f.type === 'chat' && f.chat.conversationId === first.conversationId,
    );
    expect(taken).toMatchObject({ chat: { packet: { language: 'fa', reasons: ['customer-asked'] } } });
    sara.send({ type: 'say', conversationId: first.conversationId, text: 'سلام، سارا هستم.', ref: 'r1' });
    await first.customer.waitFor((f) => f.type === 'entry' && f.entry.author.kind === 'agent', 10_000);
    expect((await store.get(first.conversationId))?.state).toBe('agent');
    const second = await customerAsks('visitor-b');
    const line = [arabic.conversationId, second.conversationId];
    expect(await server.hamdel.human.queue.waitingIds()).toEqual(line);
    return { sara, first, line };
  }

  const released = (language: Language, agent: string): string =>
    localizeDigits(catalog.text(language, 'agent_released', { agent }), language, DEFAULT_DIGIT_POLICY);

  /**
   * The chat is back at the front (ahead of the Arabic customer who came earlier), waiting; the customer
   * was told; another agent takes it, with the whole transcript.
   */
  async function expectReturnedAndTakenOver(
    first: { customer: WidgetTestClient; conversationId: string },
    line: readonly string[],
  ) {
    const { queue } = server.hamdel.human;
    await eventually(
      async () => (await queue.waitingIds())[0] === first.conversationId,
      'the chat back at the front of the line',
      10_000,
    );
    expect(await queue.waitingIds()).toEqual([first.conversationId, ...line]);
    expect(await queue.chatsOf('sara')).toEqual([]);
    // The service moves the ticket first, then the conversation's state: a moment apart.
    await eventually(
      async () => (await store.get(first.conversationId))?.state === 'waiting',
      'the conversation waiting',
    );
    const notice = released('fa', 'سارا');
    await first.customer.waitFor(
      (f) => f.type === 'entry' && f.entry.author.kind === 'system' && f.entry.text === notice,
      10_000,
    );

    const reza = await signIn('reza');
    reza.send({ type: 'take-next', ref: 't2' });
    const frame = await reza.waitFor((f) => f.type === 'chat');
    if (frame.type !== 'chat') throw new Error('expected a chat frame');
    expect(frame.chat.conversationId).toBe(first.conversationId);
    const transcript = frame.chat.transcript.map((e) => ({ kind: e.author.kind, text: e.text }));
    expect(transcript).toEqual(
      expect.arrayContaining([
        { kind: 'customer', text: 'سلام، میخوام با یه کارشناس صحبت کنم' },
        { kind: 'agent', text: 'سلام، سارا هستم.' },
        { kind: 'system', text: notice },
      ]),
    );
    const order = (text: string) => transcript.findIndex((e) => e.text === text);
    expect(order('سلام، میخوام با یه کارشناس صحبت کنم')).toBeLessThan(order('سلام، سارا هستم.'));
    expect(order('سلام، سارا هستم.')).toBeLessThan(order(notice));
    await eventually(
      async () => (await store.get(first.conversationId))?.state === 'agent',
      'the conversation with Reza',
    );
    expect(await queue.waitingIds()).toEqual(line);
    await first.customer.waitFor(
      (f) => f.type === 'entry' && f.entry.author.kind === 'system' && f.entry.text.includes('رضا'),
      10_000,
    );
  }

  it("returns the chat to the front of the line when the agent's socket is killed", async () => {
    const { sara, first, line } = await saraIsMidChat();
    sara.socket.terminate(); // no close handshake: the console just vanishes
    await expectReturnedAndTakenOver(first, line);
  });

  it('returns the chat the same way when the agent says they are away', async () => {
    const { sara, first, line } = await saraIsMidChat();
    const from = sara.frames.length;
    sara.send({ type: 'status', status: 'away' });
    await sara.waitFor((f) => f.type === 'status' && f.status === 'away', from);
    await sara.waitFor(
      (f) => f.type === 'chat-closed' && f.conversationId === first.conversationId && f.reason === 'released',
      from,
    );
    await expectReturnedAndTakenOver(first, line);
  });
});
