/**
 * Who may read and write a widget conversation, on a real server with real Redis and real WebSockets:
 * only the browser holding the visitor's secret, or a site user signed with IDENTITY_SECRET.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame, VisitorCredentials } from '../../src/adapters/web/protocol.ts';
import { userHash } from '../../src/adapters/web/user-signature.ts';
import { systemClock } from '../../src/core/clock.ts';
import { RedisConversationStore } from '../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../helpers/redis.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { TestVisitor, WidgetTestClient } from '../helpers/ws-client.ts';
import { eventually } from '../helpers/time.ts';

const IDENTITY_SECRET = randomBytes(32).toString('hex');
const SECRET_WORDS = 'my order number is 4471 and my address is 12 Palm Street';

/** The credentials the server gave a test visitor (fails the test if it gave none). */
function credentialsOf(visitor: TestVisitor): VisitorCredentials {
  if (!visitor.credentials) throw new Error('the visitor was given no credentials');
  return visitor.credentials;
}

/** Someone else's guess at a secret: the right shape, the wrong value. */
const guessedSecret = () => randomBytes(32).toString('base64url');

/** What the server stored of a conversation (read straight from Redis). */
async function storedTexts(server: TestServer, conversationId: string): Promise<string[]> {
  const redis = connectRedis();
  try {
    const store = new RedisConversationStore({
      redis,
      prefix: server.prefix,
      retentionDays: 1,
      clock: systemClock,
    });
    return (await store.transcript(conversationId)).map((e) => e.text);
  } finally {
    redis.disconnect();
  }
}

/** A client that connected with these hello fields and was refused: its close code and every frame. */
async function refused(server: TestServer, hello: Record<string, unknown>, alsoSay?: string) {
  const client = await WidgetTestClient.connect(server.url);
  client.sendRaw({ type: 'hello', ...hello });
  if (alsoSay) client.sendRaw({ type: 'say', clientMessageId: randomUUID(), text: alsoSay });
  const code = await client.closed();
  return { code, frames: client.frames };
}

const errorOf = (code: string) => [expect.objectContaining({ type: 'error', code })];

describe('an anonymous visitor', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { IDENTITY_SECRET } });
  });
  afterAll(async () => {
    await server.close();
  });

  /** A visitor with a conversation: what it said, its welcome and its client. */
  async function visitorWithHistory() {
    const client = await WidgetTestClient.connect(server.url);
    client.send({ type: 'hello' });
    const welcome = await client.welcome();
    await client.say(SECRET_WORDS, randomUUID());
    return { client, welcome, visitor: client.visitor };
  }

  it('is given an id and a secret by the server, and its handle (not its id) is what agents see', async () => {
    const { client, welcome, visitor } = await visitorWithHistory();
    expect(welcome.visitor?.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(welcome.visitor?.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(welcome.customerId).toMatch(/^visitor-[0-9a-f]{16}$/);
    expect(welcome.conversationId).toBe(`web-${welcome.customerId}`);
    const credentials = credentialsOf(visitor);
    expect(welcome.conversationId).not.toContain(credentials.id);

    // Asking for a person: the packet agents get names the handle; neither the id nor the secret is in it.
    await client.say('I want to talk to a person please', randomUUID());
    const queue = server.hamdel.human.queue;
    await eventually(async () => (await queue.waitingIds()).includes(welcome.conversationId), 'in line');
    const packet = await queue.packet(welcome.conversationId);
    expect(packet?.customer.id).toBe(welcome.customerId);
    expect(JSON.stringify(packet)).not.toContain(credentials.id);
    expect(JSON.stringify(packet)).not.toContain(credentials.secret);

    // The same browser comes back: its credentials are not issued again, and its history is replayed.
    await client.close();
    const back = await WidgetTestClient.connect(server.url, { visitor });
    back.send({ type: 'hello' });
    const again = await back.welcome();
    expect(again).toMatchObject({ conversationId: welcome.conversationId, customerId: welcome.customerId });
    expect(again.visitor).toBeUndefined();
    await back.waitFor((f) => f.type === 'entry' && f.entry.text === SECRET_WORDS);
    await back.close();
  });

  it('cannot be opened by whoever knows its id or handle but not its secret: no welcome, no replay, no say', async () => {
    const { client, welcome, visitor } = await visitorWithHistory();
    const { id } = credentialsOf(visitor);
    const attempts: Record<string, unknown>[] = [
      { visitor: { id, secret: guessedSecret() } }, // the id with a wrong secret
      { visitor: { id } }, // the id alone
      { visitor: { id: welcome.customerId, secret: guessedSecret() } }, // the handle agents see
      { visitor: id }, // not even the right shape
    ];
    for (const hello of attempts) {
      const result = await refused(server, hello, 'I am the customer now');
      expect(result.code).toBe(4403);
      expect(result.frames).toEqual(errorOf('VISITOR_SECRET_INVALID'));
    }

    // An old widget's way (the id in the URL) names nobody: it is a new visitor with an empty chat.
    const url = `${server.url.replace(/^http/, 'ws')}/ws?customer=${id}&conversation=${welcome.conversationId}`;
    const legacy = await WidgetTestClient.connectUrl(url);
    legacy.send({ type: 'hello' });
    const fresh = await legacy.welcome();
    expect(fresh.conversationId).not.toBe(welcome.conversationId);
    await legacy.say('hello?', randomUUID());
    expect(legacy.entries().some((e) => e.text === SECRET_WORDS)).toBe(false);
    await legacy.close();

    // The customer's conversation has only what the customer wrote.
    const texts = await storedTexts(server, welcome.conversationId);
    expect(texts).toContain(SECRET_WORDS);
    expect(texts).not.toContain('I am the customer now');
    expect(texts).not.toContain('hello?');
    await client.close();
  });

  it('refuses messages before the connection is welcomed', async () => {
    const client = await WidgetTestClient.connect(server.url);
    const clientMessageId = randomUUID();
    client.send({ type: 'say', clientMessageId, text: 'hi' });
    const error = await client.waitFor((f) => f.type === 'error');
    expect(error).toMatchObject({ code: 'HELLO_REQUIRED', clientMessageId });
    await client.close();
  });

  it('gets a new secret on rotate, after which the old one opens nothing', async () => {
    const { client, welcome, visitor } = await visitorWithHistory();
    const old = credentialsOf(visitor);
    client.send({ type: 'rotate' });
    const rotated = (await client.waitFor((f) => f.type === 'visitor')) as Extract<
      ServerFrame,
      { type: 'visitor' }
    >;
    expect(rotated.visitor.id).toBe(old.id);
    expect(rotated.visitor.secret).not.toBe(old.secret);
    expect(visitor.credentials).toEqual(rotated.visitor);
    // The connection that rotated keeps working.
    const answer = await client.say('still me', randomUUID());
    expect(answer.some((f) => f.type === 'ack')).toBe(true);
    await client.close();

    const stale = await refused(server, { visitor: old });
    expect(stale.code).toBe(4403);
    expect(stale.frames).toEqual(errorOf('VISITOR_SECRET_INVALID'));

    const back = await WidgetTestClient.connect(server.url, { visitor });
    back.send({ type: 'hello' });
    expect((await back.welcome()).conversationId).toBe(welcome.conversationId);
    await back.waitFor((f) => f.type === 'entry' && f.entry.text === 'still me');
    await back.close();
  });
});

describe('a signed site user', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { IDENTITY_SECRET } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('sees the same conversation on a second device with nothing stored', async () => {
    const userId = `u-${randomUUID()}`;
    const user = { id: userId, hash: userHash(userId, IDENTITY_SECRET) };
    const laptop = await WidgetTestClient.connect(server.url, { visitor: new TestVisitor(user) });
    laptop.send({ type: 'hello' });
    const first = await laptop.welcome();
    expect(first).toMatchObject({ customerId: `user:${userId}` });
    expect(first.visitor).toBeUndefined(); // nothing for the browser to keep
    await laptop.say('Where is order 5512?', randomUUID());
    const shown = laptop.entries().map((e) => e.text);

    const phone = await WidgetTestClient.connect(server.url, { visitor: new TestVisitor(user) });
    phone.send({ type: 'hello' });
    expect((await phone.welcome()).conversationId).toBe(first.conversationId);
    await phone.waitFor((f) => f.type === 'entry' && f.entry.text === shown.at(-1));
    expect(phone.entries().map((e) => e.text)).toEqual(shown);

    // Both devices follow the conversation live.
    await phone.say('And can I change the address?', randomUUID());
    await laptop.waitFor((f) => f.type === 'entry' && f.entry.text === 'And can I change the address?');
    // A signed user has no visitor secret to rotate.
    phone.send({ type: 'rotate' });
    expect(await phone.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'MESSAGE_INVALID' });
    await laptop.close();
    await phone.close();
  });

  it('is refused with a forged, missing or malformed signature, and nothing is opened', async () => {
    const userId = `u-${randomUUID()}`;
    const user = { id: userId, hash: userHash(userId, IDENTITY_SECRET) };
    const owner = await WidgetTestClient.connect(server.url, { visitor: new TestVisitor(user) });
    owner.send({ type: 'hello' });
    await owner.welcome();
    await owner.say(SECRET_WORDS, randomUUID());

    const forgeries: Record<string, unknown>[] = [
      { user: { id: userId, hash: userHash(userId, 'a guess at the secret, long enough to look real') } },
      { user: { id: userId, hash: userHash(`${userId}x`, IDENTITY_SECRET) } }, // another user's hash
      { user: { id: userId } }, // no hash
      { user: { id: userId, hash: '' } },
      { user: { id: userId, hash: user.hash.slice(0, 62) } }, // too short
      { user: { id: `${userId}\u0000`, hash: user.hash } }, // not a user id
      { user: userId },
      // A signed user's claim wins over anything else the hello carries.
      { user: { id: userId, hash: '0'.repeat(64) }, visitor: owner.visitor.credentials },
    ];
    for (const hello of forgeries) {
      const result = await refused(server, hello, 'I am the customer now');
      expect(result.code).toBe(4422);
      expect(result.frames).toEqual(errorOf('IDENTITY_INVALID'));
    }
    const texts = await storedTexts(server, `web-user-${userId}`);
    expect(texts).toContain(SECRET_WORDS);
    expect(texts).not.toContain('I am the customer now');
    await owner.close();
  });
});

describe('signed users without IDENTITY_SECRET', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('are refused: verified identity is off', async () => {
    const userId = 'u-42';
    const result = await refused(server, { user: { id: userId, hash: userHash(userId, IDENTITY_SECRET) } });
    expect(result.code).toBe(4422);
    expect(result.frames).toEqual(errorOf('IDENTITY_INVALID'));
  });
});
