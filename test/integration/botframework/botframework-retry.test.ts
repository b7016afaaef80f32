/**
 * The Bot Connector busy or failing, with the real botbuilder stack against the fake Connector. The SDK's
 * HTTP pipeline (botframework-connector on @azure/core-rest-pipeline) tries a send or an update again: a 429
 * or 503 after the Retry-After the Connector sent, another 5xx (or a 408) after a pause growing from 1 s,
 * three times at most (four tries in all); what never gets through is given up and reported, not retried
 * forever. hamdel adds no retry of its own on top (that would multiply the tries); these tests hold the SDK
 * to it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botConversationId } from '../../../src/adapters/botframework/botframework-translate.ts';
import { FakeBotConnector, type ConnectorCall, type Customer } from '../../helpers/fake-bot-connector.ts';
import { clockFrom, startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually } from '../../helpers/time.ts';

const QUESTION = 'كم تكلفة الشحن؟';

describe('the Bot Framework channel when the Connector answers 429 or 5xx', () => {
  let fake: FakeBotConnector;
  let server: TestServer;

  beforeEach(async () => {
    fake = await FakeBotConnector.start();
    server = await startTestServer({
      // Monday 12:00 in Dubai, whatever time the tests run: the sample team is at work (content/teams.yaml),
      // so a request for a person gets a place in line, not the out-of-hours notice.
      clock: clockFrom(Date.UTC(2026, 10, 23, 8, 0)),
      env: fake.env({ HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' }),
    });
  });
  afterEach(async () => {
    await server.close();
    await fake.close();
  });

  const callsTo = (customer: Customer) =>
    fake.calls.filter((c) => c.conversationId === customer.conversationId && c.activity.type === 'message');
  /** Every message reached the customer once (none lost, none twice). */
  const deliveredOnce = (customer: Customer) => {
    const delivered = callsTo(customer).filter((c) => c.status === 201);
    const texts = delivered.map((c) => String(c.activity.text));
    const sent = new Set(callsTo(customer).map((c) => String(c.activity.text)));
    return texts.length === new Set(texts).size && sent.size === texts.length;
  };
  const answered = (customer: Customer) => (c: ConnectorCall) =>
    c.conversationId === customer.conversationId && c.status === 201 && /١٥/.test(String(c.activity.text));

  it('waits out a 429 for the time Retry-After asks, then sends', async () => {
    const layla = fake.customer('msteams', 'ليلى', 'ar-SA');
    fake.failNext(429, { 'retry-after': '1' });
    const asked = Date.now();
    await fake.send(server.url, fake.message(layla, QUESTION));
    await fake.waitFor(answered(layla), 'the answer after the 429');
    const [refused, retried] = callsTo(layla);
    expect([refused?.status, retried?.status]).toEqual([429, 201]);
    expect(retried?.activity.text).toBe(refused?.activity.text); // the same message, tried again
    expect(deliveredOnce(layla)).toBe(true);
    expect(Date.now() - asked).toBeGreaterThanOrEqual(1_000); // not before the Connector said
  });

  it('tries a 503 again after a short pause, and an update (PUT) the same way', async () => {
    const omar = fake.customer('msteams', 'عمر', 'ar-SA');
    fake.failNext(503);
    await fake.send(server.url, fake.message(omar, QUESTION));
    await fake.waitFor(answered(omar), 'the answer after the 503');
    const [refused, retried] = callsTo(omar);
    expect([refused?.status, retried?.status]).toEqual([503, 201]);
    expect(retried?.activity.text).toBe(refused?.activity.text);
    expect(deliveredOnce(omar)).toBe(true);

    // The place in line, then its update refused once by a busy Connector: replaced in place all the same.
    const id = botConversationId('msteams', omar.conversationId);
    await fake.send(server.url, fake.message(omar, 'ابي اكلم موظف خدمة العملاء'));
    const wait = await fake.waitFor(
      (c) =>
        c.conversationId === omar.conversationId &&
        c.status === 201 &&
        /ترتيبك/.test(String(c.activity.text)),
      'the place in line',
    );
    const conversation = await eventually(
      async () => (await server.hamdel.human.service.chat(id)) && (await storeGet(server, id)),
      'the conversation waiting',
    );
    // The adapter remembers the wait's activity id once the Connector has answered, a moment after the fake
    // saw the send; without it the update below would be a new message.
    await eventually(async () => (await rememberedWait(server, id)) === wait.id, 'the wait remembered');
    fake.failNext(429, { 'retry-after': '0' });
    await server.hamdel.channels.showWait(conversation, { position: 1, text: 'ترتيبك في قائمة الانتظار: ١' });
    const puts = fake.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => [c.activityId, c.status])).toEqual([
      [wait.id, 429],
      [wait.id, 200],
    ]);
    expect(fake.textOf(wait.id ?? '')).toBe('ترتيبك في قائمة الانتظار: ١');
  });

  it('gives up after four tries; the next call starts afresh', async () => {
    const sami = fake.customer('msteams', 'سامي', 'ar-SA');
    await fake.send(server.url, fake.message(sami, QUESTION));
    await fake.waitFor(answered(sami), 'the answer');
    await server.hamdel.turns.settled(); // everything the turn says is sent
    const id = botConversationId('msteams', sami.conversationId);
    const conversation = await storeGet(server, id);
    if (!conversation) throw new Error('no conversation');
    const before = callsTo(sami).length;
    for (let i = 0; i < 5; i += 1) fake.failNext(503);
    // A wait shown while the Connector keeps failing: four tries (the first and three more), then given up.
    await server.hamdel.channels.showWait(conversation, { position: 2, text: 'ترتيبك في قائمة الانتظار: ٢' });
    expect(
      callsTo(sami)
        .slice(before)
        .map((c) => c.status),
    ).toEqual([503, 503, 503, 503]);
    // The next call has its own tries: the one failure left, then through.
    await server.hamdel.channels.showWait(conversation, { position: 1, text: 'ترتيبك في قائمة الانتظار: ١' });
    expect(
      callsTo(sami)
        .slice(before + 4)
        .map((c) => c.status),
    ).toEqual([503, 201]);
  });
});

async function storeGet(server: TestServer, id: string) {
  const { RedisConversationStore } = await import('../../../src/conversations/redis-conversation-store.ts');
  const { connectRedis } = await import('../../helpers/redis.ts');
  const redis = connectRedis();
  try {
    return await new RedisConversationStore({ redis, prefix: server.prefix, clock: { now: Date.now } }).get(
      id,
    );
  } finally {
    redis.disconnect();
  }
}

async function rememberedWait(server: TestServer, id: string): Promise<string | undefined> {
  const { connectRedis } = await import('../../helpers/redis.ts');
  const redis = connectRedis();
  try {
    const stored = await redis.get(`${server.prefix}botframework:wait:${id}`);
    return stored ? (JSON.parse(stored) as { activityId?: string }).activityId : undefined;
  } finally {
    redis.disconnect();
  }
}
