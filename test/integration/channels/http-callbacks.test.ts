import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackOutbox } from '../../../src/adapters/http/callback-outbox.ts';
import { verifyCallback } from '../../../src/adapters/http/callback-signature.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { CallbackReceiver, type ReceivedCallback } from '../../helpers/callback-receiver.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';

const TOKEN = 'integrator-token-0123456789';
/** A second integrator's token (HTTP_CHANNEL_TOKENS): its own conversations, none of the first one's. */
const SHOP_TOKEN = 'shop-integrator-token-0123456789';
const SECRET = 'callback-secret-0123456789abcdef0123456789';
const PASSWORD = 'agent password 123';
/** Inside the sample team's hours (Monday 10:00 in Dubai). */
const MONDAY_MORNING = Date.UTC(2026, 10, 23, 6);

interface CallbackBody {
  sequence: number;
  deliveryId: string;
  conversationId: string;
  customerId: string;
  type: 'message' | 'wait';
  message?: { id: string; text: string; kind?: string; author: { kind: string; name?: string } };
  wait?: { position: number; text: string };
}

/** The README's verification, written out as an integrator would (not the server's helper). */
function readmeVerify(secret: string, received: ReceivedCallback, nowSeconds: number): boolean {
  const timestamp = Number(received.headers['x-hamdel-request-timestamp']);
  if (Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = `v1=${createHmac('sha256', secret).update(`v1:${timestamp}:${received.body}`).digest('hex')}`;
  const given = String(received.headers['x-hamdel-signature'] ?? '');
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function toldNothing(): never {
  throw new Error('no callback');
}

const bodyOf = (r: ReceivedCallback) => JSON.parse(r.body) as CallbackBody;

describe("the HTTP channel's way back: signed callbacks, in order, retried, dead letters, polling", () => {
  let server: TestServer;
  let receiver: CallbackReceiver;
  const clock = movableClock(MONDAY_MORNING);
  const open: ConsoleClient[] = [];

  beforeAll(async () => {
    receiver = await CallbackReceiver.start();
    server = await startTestServer({
      clock,
      env: {
        HTTP_CHANNEL_TOKEN: TOKEN,
        HTTP_CHANNEL_TOKENS: `shop:${SHOP_TOKEN}`,
        HTTP_CHANNEL_CALLBACK_URL: `${receiver.url}/hook`,
        HTTP_CHANNEL_CALLBACK_SECRET: SECRET,
        HTTP_CHANNEL_CALLBACK_INSECURE: 'true',
        HTTP_CHANNEL_CALLBACK_ATTEMPTS: '4',
        HTTP_CHANNEL_CALLBACK_BACKOFF_MS: '100',
        HTTP_CHANNEL_CALLBACK_TIMEOUT_MS: '600',
        HANDOFF_SUPERVISOR_INTERVAL_MS: '200',
      },
    });
    const { agents } = server.hamdel.human;
    await agents.create({ id: 'sara', name: 'Sara', languages: ['en'], password: PASSWORD });
    await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await server.close();
    await receiver.close();
  });

  const post = (body: Record<string, unknown>, token = TOKEN) =>
    fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  const poll = (id: string, query = '', token = TOKEN) =>
    fetch(`${server.url}/api/conversations/${id}/messages${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
  const callbacksOf = (path: string, conversationId: string) =>
    receiver.accepted(path).filter((r) => bodyOf(r).conversationId === conversationId);
  const signIn = async (id: string) => {
    const client = await ConsoleClient.signIn(server.url, id, PASSWORD);
    open.push(client);
    return client;
  };

  it('hands an HTTP customer over: the wait, the agent (through a callback failing twice) and the survey arrive signed, once each, in order', async () => {
    const askedAt = Date.now();
    const asked = await post({ customerId: 'crm-a', text: 'I want to talk to a human', messageId: 'a-1' });
    expect(asked.status).toBe(200);
    const { conversationId } = (await asked.json()) as { conversationId: string };
    expect(conversationId).toBe('http-crm-a');
    const second = await post({ customerId: 'crm-b', text: 'I want to talk to a human please' });
    expect(second.status).toBe(200);
    await eventually(
      async () => (await server.hamdel.human.queue.waitingIds()).length === 2,
      'both customers in line',
    );
    // Each is told their place at the callback (not in the answer to their request), first of all: the
    // supervisor's rounds never update a wait before its first notice is told.
    const toldA = await eventually(() => callbacksOf('/hook', 'http-crm-a')[0], 'A told the wait');
    expect(bodyOf(toldA)).toMatchObject({ type: 'message', sequence: 1, message: { kind: 'handoff' } });
    expect(bodyOf(toldA).message?.text).toMatch(/You're number 1 in line/);
    console.info(`first callback (the place in line) ${toldA.at - askedAt} ms after the customer's request`);

    // Sara takes A: B moves up, and the supervisor's next round tells B at the callback (a `wait` update).
    const sara = await signIn('sara');
    sara.send({ type: 'take-next', ref: 't1' });
    await sara.waitFor((f) => f.type === 'chat' && f.chat.conversationId === conversationId);
    clock.advance(30_000); // past the wait notices' least interval
    const waitUpdate = await eventually(
      () => callbacksOf('/hook', 'http-crm-b').find((r) => bodyOf(r).type === 'wait'),
      "B's wait update",
    );
    expect(bodyOf(waitUpdate).wait?.position).toBe(1);
    // B's callbacks so far: the place message, then the update, numbered in order, each once.
    const toldB = callbacksOf('/hook', 'http-crm-b').map((r) => bodyOf(r));
    expect(toldB.map((b) => [b.sequence, b.type])).toEqual([
      [1, 'message'],
      [2, 'wait'],
    ]);
    expect(toldB[0]?.message).toMatchObject({ kind: 'handoff', text: expect.stringMatching(/in line/) });
    expect(toldB[1]?.wait?.text).toMatch(/You're number 1 in line/);
    expect(toldB[1]?.wait?.text).not.toBe(toldB[0]?.message?.text); // an update tells what changed

    // The integrator's endpoint fails: a 500, then no answer (the attempt's timeout), then it works.
    receiver.failNext('/hook', 500, 'hang');
    const before = receiver.received.length;
    const started = Date.now();
    sara.send({ type: 'say', conversationId, text: 'Hello, I am Sara. How can I help?', ref: 's1' });
    sara.send({ type: 'say', conversationId, text: 'Take your time.', ref: 's2' });
    const agentLines = await eventually(() => {
      const lines = callbacksOf('/hook', conversationId).filter(
        (r) => bodyOf(r).message?.author.kind === 'agent',
      );
      return lines.length === 2 ? lines : undefined;
    }, 'both agent lines at the callback');
    const latencyMs = (agentLines[0]?.at ?? 0) - started;
    console.info(`agent reply through a failing callback (500, timeout, 200): ${latencyMs} ms`);
    expect(agentLines.map((r) => bodyOf(r).message?.text)).toEqual([
      'Hello, I am Sara. How can I help?',
      'Take your time.',
    ]);
    const [firstLine] = agentLines;
    if (!firstLine) throw new Error('no agent line');
    expect(bodyOf(firstLine).message?.author).toEqual({ kind: 'agent', name: 'Sara' });
    // Three attempts of the first line, with one delivery id; the second line only after it.
    const attempts = receiver.received.slice(before);
    const firstId = firstLine.headers['x-hamdel-delivery-id'];
    expect(attempts.slice(0, 3).map((r) => [r.headers['x-hamdel-delivery-id'], r.answer])).toEqual([
      [firstId, 500],
      [firstId, 'hang'],
      [firstId, 200],
    ]);
    expect(attempts.slice(0, 3).map((r) => r.headers['x-hamdel-attempt'])).toEqual(['1', '2', '3']);
    expect(attempts.slice(0, 3).map((r) => r.body)).toEqual([firstLine.body, firstLine.body, firstLine.body]);

    // Resolved: the survey arrives; the customer answers through POST /api/messages.
    const resolvedAt = Date.now();
    sara.send({ type: 'resolve', conversationId, ref: 'r1' });
    const survey = await eventually(
      () =>
        callbacksOf('/hook', conversationId).find((r) => /rate the help/.test(bodyOf(r).message?.text ?? '')),
      'the survey at the callback',
    );
    console.info(`the survey at the callback ${survey.at - resolvedAt} ms after the agent resolved`);
    expect(bodyOf(survey).message?.kind).toBeDefined();
    const rated = await post({ customerId: 'crm-a', text: '5', messageId: 'a-2' });
    const ratedBody = (await rated.json()) as { replies: { text: string }[] };
    expect(ratedBody.replies.map((r) => r.text).join(' ')).toMatch(/Thank you for your feedback/);

    // Every accepted callback is signed (both ways of checking agree), each message once, numbers in order.
    const all = callbacksOf('/hook', conversationId);
    const now = Math.floor(clock.now() / 1000);
    for (const received of receiver.received) {
      expect(readmeVerify(SECRET, received, now)).toBe(true);
      const headers = {
        timestamp: String(received.headers['x-hamdel-request-timestamp']),
        signature: String(received.headers['x-hamdel-signature']),
      };
      expect(verifyCallback(SECRET, headers, received.body, now)).toBe(true);
      expect(verifyCallback('another-secret-0123456789abcdef0123', headers, received.body, now)).toBe(false);
      expect(verifyCallback(SECRET, headers, received.body, now + 301)).toBe(false);
    }
    const sequences = all.map((r) => bodyOf(r).sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(new Set(all.map((r) => r.headers['x-hamdel-delivery-id'])).size).toBe(all.length);
    // The customer's rating answer came back in the response, not at the callback.
    expect(all.some((r) => /Thank you for your feedback/.test(bodyOf(r).message?.text ?? ''))).toBe(false);

    // Polling gives the same messages (and the turn replies), in order, page by page.
    const polled: { id: string; text: string }[] = [];
    let after = '';
    for (let page = 0; page < 50; page += 1) {
      const response = await poll(conversationId, `?limit=2${after ? `&after=${after}` : ''}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        messages: { id: string; text: string }[];
        next: string;
        more: boolean;
      };
      polled.push(...body.messages);
      after = body.next;
      if (!body.more) break;
    }
    const calledBack = all.map((r) => bodyOf(r).message).filter((m) => m !== undefined);
    const polledIds = polled.map((m) => m.id);
    expect(calledBack.map((m) => m.id).every((id) => polledIds.includes(id))).toBe(true);
    expect(polledIds.filter((id) => calledBack.some((m) => m.id === id))).toEqual(
      calledBack.map((m) => m.id),
    );
    expect(polled.at(-1)?.text).toMatch(/Thank you for your feedback/);
    const rest = (await (await poll(conversationId, `?after=${after}`)).json()) as { messages: unknown[] };
    expect(rest.messages).toEqual([]);
  });

  it('a callback that always fails ends in the dead-letter list, holds the later messages, and an admin replays it', async () => {
    receiver.breakPath('/broken');
    const asked = await post({
      customerId: 'crm-c',
      text: 'I want to talk to a human',
      callbackUrl: `${receiver.url}/broken`,
    });
    expect(asked.status).toBe(200);
    const conversationId = 'http-crm-c';
    const cookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    const admin = (method: string, path: string, as = cookie) =>
      fetch(`${server.url}${path}`, {
        method,
        headers: { cookie: as, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
    const deadOf = async () => {
      const response = await admin('GET', '/api/admin/http-callbacks/dead');
      expect(response.status).toBe(200);
      return (
        (await response.json()) as {
          dead: { deliveryId: string; conversationId: string; attempts: number }[];
        }
      ).dead.filter((d) => d.conversationId === conversationId);
    };
    const [letter] = await eventually(async () => {
      const dead = await deadOf();
      return dead.length > 0 ? dead : undefined;
    }, 'the dead letter');
    if (!letter) throw new Error('no dead letter');
    expect(letter).toMatchObject({ deliveryId: `${conversationId}.1`, attempts: 4 });
    expect(receiver.received.filter((r) => r.path === '/broken')).toHaveLength(4);

    // A later message waits behind the dead one: nothing more is attempted.
    const redis = connectRedis();
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock: systemClock });
    const conversation = await store.get(conversationId);
    redis.disconnect();
    if (!conversation) throw new Error('no conversation');
    await server.hamdel.channels
      .get('http')
      ?.showWait?.(conversation, { position: 1, text: 'You are next.' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.received.filter((r) => r.path === '/broken')).toHaveLength(4);

    // An agent (not an admin) may not replay; an unknown id is a clear 404.
    const saraCookie = await ConsoleClient.cookieOf(server.url, 'sara', PASSWORD);
    const refused = await admin(
      'POST',
      `/api/admin/http-callbacks/dead/${letter.deliveryId}/replay`,
      saraCookie,
    );
    expect(refused.status).toBe(403);
    const unknown = await admin('POST', '/api/admin/http-callbacks/dead/nope.1/replay');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });

    receiver.fixPath('/broken');
    const replayed = await admin('POST', `/api/admin/http-callbacks/dead/${letter.deliveryId}/replay`);
    expect(replayed.status).toBe(200);
    // The replayed message first (the place message, or the supervisor's first wait update: whichever was
    // first), then what waited behind it (the held update and any added meanwhile), each once, in order.
    const delivered = await eventually(() => {
      const got = receiver.accepted('/broken');
      return got.some((r) => bodyOf(r).wait?.text === 'You are next.') ? got : undefined;
    }, 'the replayed message and the one held behind it');
    expect(bodyOf(delivered[0] ?? toldNothing()).deliveryId).toBe(`${conversationId}.1`);
    expect(delivered.map((r) => bodyOf(r).sequence)).toEqual(delivered.map((_, i) => i + 1));
    expect(delivered.at(-1) && bodyOf(delivered.at(-1) ?? toldNothing()).type).toBe('wait');
    expect(await deadOf()).toEqual([]);
    const audit = (await (await admin('GET', '/api/admin/audit?limit=20')).json()) as {
      entries: { action: string; target: string; by: string }[];
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ action: 'http-callback-replayed', target: letter.deliveryId, by: 'boss' }),
    );
  });

  it('a discarded dead letter lets the later messages go, the gap showing in the numbers', async () => {
    receiver.breakPath('/gone');
    await post({ customerId: 'crm-e', text: 'hello', callbackUrl: `${receiver.url}/gone` });
    const conversationId = 'http-crm-e';
    const redis = connectRedis();
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock: systemClock });
    const conversation = await store.get(conversationId);
    redis.disconnect();
    if (!conversation) throw new Error('no conversation');
    const http = server.hamdel.channels.get('http');
    await http?.showWait?.(conversation, { position: 3, text: 'first' });
    const cookie = await ConsoleClient.cookieOf(server.url, 'boss', PASSWORD);
    const post2 = (path: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      });
    await eventually(async () => {
      const response = await fetch(`${server.url}/api/admin/http-callbacks/dead`, { headers: { cookie } });
      const { dead } = (await response.json()) as { dead: { deliveryId: string }[] };
      return dead.some((d) => d.deliveryId === `${conversationId}.1`);
    }, 'the dead letter');
    await http?.showWait?.(conversation, { position: 2, text: 'second' });
    receiver.fixPath('/gone');
    const discarded = await post2(`/api/admin/http-callbacks/dead/${conversationId}.1/discard`);
    expect(discarded.status).toBe(200);
    const got = await eventually(() => {
      const accepted = receiver.accepted('/gone');
      return accepted.length > 0 ? accepted : undefined;
    }, 'the later message');
    expect(got.map((r) => [bodyOf(r).sequence, bodyOf(r).wait?.text])).toEqual([[2, 'second']]);
    expect(receiver.received.filter((r) => r.path === '/gone' && bodyOf(r).sequence === 1)).toHaveLength(4);
    expect((await post2(`/api/admin/http-callbacks/dead/${conversationId}.1/discard`)).status).toBe(404);
  });

  it('a chain a crash broke (a message stored, its job never added) is restarted by the next message', async () => {
    await post({ customerId: 'crm-d', text: 'hello' });
    const conversationId = 'http-crm-d';
    const redis = connectRedis();
    const store = new RedisConversationStore({ redis, prefix: server.prefix, clock: systemClock });
    const conversation = await store.get(conversationId);
    // The process died right after the append: the message is in the outbox, no job was added.
    const outbox = new CallbackOutbox(redis, server.prefix, 60_000);
    const stranded = await outbox.append(conversationId, {
      conversationId,
      type: 'wait',
      wait: { position: 2 },
    });
    expect(stranded).toEqual({ sequence: 1, startChain: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(callbacksOf('/hook', conversationId)).toEqual([]);
    if (!conversation) throw new Error('no conversation');
    await server.hamdel.channels
      .get('http')
      ?.showWait?.(conversation, { position: 1, text: 'You are next.' });
    const both = await eventually(() => {
      const got = callbacksOf('/hook', conversationId);
      return got.length === 2 ? got : undefined;
    }, 'the stranded message and the next one');
    expect(both.map((r) => [bodyOf(r).sequence, bodyOf(r).wait?.position])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    redis.disconnect();
  });

  it('refuses bad input with clear errors and shows no conversation to the wrong token or of another channel', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const response = await post({ customerId: 'crm-x', text: 'hello', ...body });
      return { status: response.status, body: (await response.json()) as { code: string; message: string } };
    };
    for (const callbackUrl of ['not a url', 'ftp://example.com/hook', 'https://user:pw@example.com/hook']) {
      const refused = await bad({ callbackUrl });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('CALLBACK_URL_INVALID');
      expect(refused.body.message).toMatch(/callbackUrl/);
    }
    expect((await poll('http-crm-a', '', 'wrong-token-0123456789xx')).status).toBe(401);
    const badAfter = await poll('http-crm-a', '?after=yesterday');
    expect(badAfter.status).toBe(400);
    expect(await badAfter.json()).toMatchObject({ code: 'MESSAGE_INVALID' });
    expect((await poll('http-crm-a', '?limit=1000')).status).toBe(400);
    for (const other of ['http-nobody', 'web-crm-a', 'tg-1']) {
      const response = await poll(other);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    }
  });

  it("gives each integrator's token its own conversations: another token reads none of them", async () => {
    // The shop's customer "crm-a" is not the first integrator's "crm-a": another conversation, another customer.
    const asked = await post({ customerId: 'crm-a', text: 'How can I reset my password?' }, SHOP_TOKEN);
    expect(asked.status).toBe(200);
    const { conversationId } = (await asked.json()) as { conversationId: string };
    expect(conversationId).toBe('http-shop~crm-a');

    const own = await poll(conversationId, '', SHOP_TOKEN);
    expect(own.status).toBe(200);
    const page = (await own.json()) as { messages: { text: string }[] };
    expect(page.messages.length).toBeGreaterThan(0);

    // Each token meets the other's conversation as one that does not exist: 404, a clear code and message.
    for (const [id, token] of [
      ['http-crm-a', SHOP_TOKEN],
      [conversationId, TOKEN],
    ] as const) {
      const refused = await poll(id, '', token);
      expect(refused.status).toBe(404);
      const body = (await refused.json()) as { code: string; message: string };
      expect(body).toEqual({
        code: 'CONVERSATION_NOT_FOUND',
        message: `No HTTP channel conversation of this token has the id "${id}"`,
      });
    }
    // A name chosen to look like another integrator's conversation cannot reach it either.
    const sneaky = await post({ customerId: 'x', conversationId: 'shop~crm-a', text: 'hi' });
    expect(sneaky.status).toBe(400);
    expect(await sneaky.json()).toMatchObject({ code: 'MESSAGE_INVALID' });
  });
});
