import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import type { WebChannelStats } from '../../src/adapters/web/web-connections.ts';
import { systemClock } from '../../src/core/clock.ts';
import { RedisConversationStore } from '../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../helpers/redis.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { TestVisitor, WidgetTestClient } from '../helpers/ws-client.ts';

const REPLAY_LIMIT = 20;
const SEND_BUFFER = 128 * 1024;
const PER_IP = 6;
const ENTRIES = 60;
/** An answer of about 2 KB: long entries make replays heavy. */
const LONG_ANSWER =
  'ارسال سفارش‌ها در تهران یک تا دو روز کاری و در شهرهای دیگر دو تا پنج روز کاری طول می‌کشد. '.repeat(12);

describe('back-pressure on the widget socket', () => {
  let server: TestServer;
  let redis: Redis;
  let visitor: TestVisitor;
  let ids: string[];

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        WIDGET_REPLAY_LIMIT: String(REPLAY_LIMIT),
        WIDGET_HELLOS_PER_MINUTE: '6',
        SOCKET_SEND_BUFFER_BYTES: String(SEND_BUFFER),
        WIDGET_CONNECTIONS_PER_IP: String(PER_IP),
      },
    });
    redis = connectRedis();
    const store = new RedisConversationStore({
      redis,
      prefix: server.prefix,
      retentionDays: 1,
      clock: systemClock,
    });
    visitor = await TestVisitor.registered(server.hamdel.visitors);
    const conversationId = visitor.conversationId ?? '';
    await store.ensure({ id: conversationId, channel: 'web', customerId: conversationId.slice(4) });
    ids = [];
    for (let i = 0; i < ENTRIES; i += 1) {
      const entry = await store.append(conversationId, {
        author: i % 2 === 0 ? { kind: 'customer' } : { kind: 'bot' },
        text: i % 2 === 0 ? `question ${i}` : `${LONG_ANSWER} (${i})`,
        at: Date.now(),
        language: 'fa',
      });
      ids.push(entry.id);
    }
  });
  afterAll(async () => {
    redis.disconnect();
    await server.close();
  });

  const stats = (): WebChannelStats => server.hamdel.webConnections.stats();

  it('replays only the newest entries after lastSeenId and says that older ones exist', async () => {
    const client = await WidgetTestClient.connect(server.url, { visitor });
    client.send({ type: 'hello' });
    const welcome = await client.waitFor((f) => f.type === 'welcome');
    expect(welcome).toMatchObject({ olderHistory: true });
    await client.waitFor((f) => f.type === 'entry' && f.entry.id === ids.at(-1));
    expect(client.entries().map((e) => e.id)).toEqual(ids.slice(-REPLAY_LIMIT));
    await client.close();

    const caughtUp = await WidgetTestClient.connect(server.url, { visitor });
    caughtUp.send({ type: 'hello', lastSeenId: ids.at(-6) });
    const second = await caughtUp.waitFor((f) => f.type === 'welcome');
    expect(second.type === 'welcome' && second.olderHistory).toBeFalsy();
    await caughtUp.waitFor((f) => f.type === 'entry' && f.entry.id === ids.at(-1));
    expect(caughtUp.entries().map((e) => e.id)).toEqual(ids.slice(-5));
    await caughtUp.close();
  });

  it('folds hellos that arrive while one waits, and refuses hellos past the allowance', async () => {
    const before = stats();
    const client = await WidgetTestClient.connect(server.url, { visitor });
    for (let i = 0; i < 10; i += 1) client.send({ type: 'hello' });
    await vi.waitFor(() => expect(stats().hellos - before.hellos).toBe(10));
    await vi.waitFor(() => {
      const welcomes = client.frames.filter((f) => f.type === 'welcome').length;
      expect(welcomes).toBe(stats().replays - before.replays);
    });
    const after = stats();
    const replays = after.replays - before.replays;
    expect(replays).toBeGreaterThanOrEqual(1);
    expect(replays).toBeLessThanOrEqual(2); // the burst allowance
    expect(
      after.coalescedHellos - before.coalescedHellos + (after.refusedHellos - before.refusedHellos),
    ).toBe(10 - replays);
    // One hello at a time: the allowance is spent within two more.
    let refused = false;
    for (let i = 0; i < 3 && !refused; i += 1) {
      const from = client.frames.length;
      client.send({ type: 'hello' });
      const answer = await client.waitFor((f) => f.type === 'welcome' || f.type === 'error', 5_000, from);
      refused = answer.type === 'error' && answer.code === 'RATE_LIMITED';
    }
    expect(refused).toBe(true);
    await client.close();
  });

  it('closes a connection that floods hellos and never reads, holding at most its send buffer', async () => {
    const before = stats();
    const url = `${server.url.replace(/^http/, 'ws')}/ws?lang=fa`;
    const socket = new WebSocket(url);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('open', resolve));
    (socket as unknown as { _socket: Socket })._socket.pause(); // never reads a byte
    const hello = JSON.stringify({ type: 'hello', visitor: visitor.credentials });
    let sent = 0;
    // Until the server gives up on it; the kernel's buffers take a few megabytes first.
    while (stats().slowReaders === before.slowReaders && sent < 300_000) {
      for (let i = 0; i < 1_000; i += 1) socket.send(hello);
      sent += 1_000;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(stats().slowReaders).toBe(before.slowReaders + 1);
    await vi.waitFor(() => expect(stats().open).toBe(0), { timeout: 10_000 }); // closed by the server
    const after = stats();
    // However many hellos, at most the burst allowance became replays (plus one per 10 s of refill).
    expect(after.replays - before.replays).toBeLessThanOrEqual(3);
    expect(after.hellos - before.hellos).toBeGreaterThan(1_000);
    expect(after.refusedHellos - before.refusedHellos).toBeGreaterThan(0);
    // No connection ever held more than its limit plus one frame (an entry is about 2 KB here).
    expect(after.peakBufferedBytes).toBeGreaterThan(SEND_BUFFER);
    expect(after.peakBufferedBytes).toBeLessThanOrEqual(SEND_BUFFER + 16 * 1024);
    socket.terminate();
  });

  it('refuses connections past the limit per address with 1013, and takes them again once one closes', async () => {
    await vi.waitFor(() => expect(stats().open).toBe(0));
    const clients = [];
    for (let i = 0; i < PER_IP; i += 1) clients.push(await WidgetTestClient.connect(server.url, { visitor }));
    const extra = await WidgetTestClient.connect(server.url, { visitor });
    expect(await extra.closed()).toBe(1013);
    expect(extra.frames).toContainEqual(
      expect.objectContaining({ type: 'error', code: 'TOO_MANY_CONNECTIONS' }),
    );
    await clients.pop()?.close();
    await vi.waitFor(() => expect(stats().open).toBe(PER_IP - 1));
    const again = await WidgetTestClient.connect(server.url, { visitor });
    again.send({ type: 'hello', lastSeenId: ids.at(-1) });
    await again.waitFor((f) => f.type === 'welcome');
    for (const client of [...clients, again]) await client.close();
  });
});
