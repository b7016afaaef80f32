import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isHamdelError } from '../../src/core/errors.ts';
import { loadConfig } from '../../src/core/config.ts';
import { createRedis } from '../../src/core/redis.ts';
import type { ConversationEvent } from '../../src/conversations/conversation-events.ts';
import { RedisConversationEvents } from '../../src/conversations/redis-conversation-events.ts';
import { randomPrefix } from '../helpers/redis.ts';
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { WidgetTestClient } from '../helpers/ws-client.ts';

const TOKEN = 'outage-test-token-0123456789';
const JSON_HEADERS = { 'content-type': 'application/json' };
const unavailable = { code: 'REDIS_UNAVAILABLE', message: expect.any(String) };
/** Shaped like a session token (43 base64url characters), so that it is looked up in Redis. */
const SOME_TOKEN = 'A'.repeat(43);

/** Opens the agent console's socket with a session cookie; resolves with its frames and close code. */
async function consoleAttempt(baseUrl: string, token: string): Promise<{ frames: unknown[]; code: number }> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/agent/ws`, {
    headers: { cookie: `hamdel_session=${token}` },
  });
  const frames: unknown[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  const code = await new Promise<number>((resolve, reject) => {
    socket.once('close', resolve);
    socket.once('error', reject);
  });
  return { frames, code };
}

/**
 * Redis goes away under a running server (SIGKILL of a redis-server of the test's own) and comes back
 * on the same port, empty. Bounded: every wait below has a timeout, the whole file takes about 20 s.
 */
describe('while Redis is away, and after it comes back', () => {
  let redis: OwnRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startOwnRedis();
    server = await startTestServer({
      env: { REDIS_URL: redis.url, HTTP_CHANNEL_TOKEN: TOKEN, LOG_LEVEL: 'error' },
    });
  });
  afterAll(async () => {
    await redis?.start(); // in case a test stopped half-way
    await server?.close();
    await redis?.kill();
  });

  it('answers 503 REDIS_UNAVAILABLE, tells widgets, and a widget that connected meanwhile gets welcome when it is back', async () => {
    const before = await WidgetTestClient.connect(server.url);
    before.send({ type: 'hello' });
    await before.waitFor((f) => f.type === 'welcome');
    expect(WidgetTestClient.botTexts(await before.say('Hello', randomUUID())).length).toBeGreaterThan(0);

    await redis.kill();

    const { app } = server.hamdel;
    const [message, signIn, admin, consolePage, health, consoleSocket] = await Promise.all([
      app.inject({
        method: 'POST',
        url: '/api/messages',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${TOKEN}` },
        payload: { customerId: 'c-1', text: 'Where is my parcel?' },
      }),
      app.inject({
        method: 'POST',
        url: '/api/agent/login',
        headers: JSON_HEADERS,
        payload: { id: 'sara', password: 'whatever password' },
      }),
      app.inject({ method: 'GET', url: '/api/admin/agents', cookies: { hamdel_session: SOME_TOKEN } }),
      app.inject({ method: 'GET', url: '/agent/', cookies: { hamdel_session: SOME_TOKEN } }),
      app.inject({ method: 'GET', url: '/readyz' }),
      consoleAttempt(server.url, SOME_TOKEN),
    ]);
    for (const response of [message, signIn, admin, consolePage]) {
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json()).toEqual(unavailable);
      expect(response.headers['retry-after']).toBe('5');
    }
    expect(health.statusCode).toBe(503); // not ready; /healthz (alive) stays 200
    expect(consoleSocket.code).toBe(1013); // the console reconnects by itself
    expect(consoleSocket.frames).toEqual([{ type: 'error', ...unavailable }]);

    // A connected widget's message is refused with the code (the widget offers to send it again)...
    const refusedId = randomUUID();
    const refused = await before.say('Are you there?', refusedId);
    expect(refused).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'REDIS_UNAVAILABLE', clientMessageId: refusedId }),
    );
    // ...and a widget that connects now is told, but not welcomed.
    const during = await WidgetTestClient.connect(server.url);
    during.send({ type: 'hello' });
    await during.waitFor((f) => f.type === 'error' && f.code === 'REDIS_UNAVAILABLE', 10_000);
    expect(during.frames.some((f) => f.type === 'welcome')).toBe(false);

    await redis.start();

    // The same connection is welcomed once Redis answers, and its messages are answered.
    await during.waitFor((f) => f.type === 'welcome', 15_000);
    const answered = await during.say('How long does delivery take?', randomUUID());
    expect(WidgetTestClient.botTexts(answered).length).toBeGreaterThan(0);
    // The widget connected before the outage works again on the same connection.
    const again = await before.say('And returns?', randomUUID());
    expect(WidgetTestClient.botTexts(again).length).toBeGreaterThan(0);
    const webStats = server.hamdel.webConnections.stats();
    expect(webStats.redisRetries).toBeGreaterThan(0);
    await before.close();
    await during.close();
  }, 40_000);

  it('answers sign-in with 503 REDIS_UNAVAILABLE while Redis is away (not 500), and as usual after', async () => {
    const { app, human } = server.hamdel;
    await redis.start(); // in case the test before stopped half-way
    await human.agents.create({ id: 'sara', name: 'Sara', languages: ['fa'], password: 'sara password 123' });
    const signIn = () =>
      app.inject({
        method: 'POST',
        url: '/api/agent/login',
        headers: JSON_HEADERS,
        payload: { id: 'sara', password: 'sara password 123' },
      });
    expect((await signIn()).statusCode).toBe(200);

    await redis.kill();
    const during = await signIn();
    expect(during.statusCode).toBe(503);
    expect(during.json()).toEqual(unavailable);

    await redis.start(); // empty: the account is gone, but Redis answers again
    const after = await signIn();
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'AUTH_FAILED' });
  }, 30_000);

  it('refuses a subscription while Redis is away, and tells subscribers when events flow again', async () => {
    await redis.start(); // in case a test before stopped half-way
    const quiet = { onError: () => undefined };
    const commands = createRedis(loadConfig({ REDIS_URL: redis.url }), 'test-commands', quiet);
    const subscriber = createRedis(loadConfig({ REDIS_URL: redis.url }), 'test-events', quiet);
    await Promise.all([commands.connect(), subscriber.connect()]);
    const events = new RedisConversationEvents({ redis: commands, subscriber, prefix: randomPrefix() });
    try {
      const seen: ConversationEvent[] = [];
      await events.subscribe('c-1', (event) => seen.push(event));
      let resumed = 0;
      events.onResume(() => (resumed += 1));

      await redis.kill();
      const refused = await events.subscribe('c-2', () => undefined).catch((error: unknown) => error);
      expect(isHamdelError(refused, 'REDIS_UNAVAILABLE')).toBe(true);

      await redis.start();
      await expect.poll(() => resumed, { timeout: 10_000 }).toBe(1);
      // Subscribed again (by ioredis) before the listeners were told: an event published now arrives.
      await events.publish('c-1', { type: 'typing', who: 'bot', on: true });
      await expect.poll(() => seen, { timeout: 5_000 }).toEqual([{ type: 'typing', who: 'bot', on: true }]);
    } finally {
      await events.close();
      commands.disconnect();
    }
  }, 30_000);
});
