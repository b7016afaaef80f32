/**
 * One person's data, exported and erased through the admin API of a real server (real Redis, the fake
 * Telegram Bot API): they wrote in the widget and in Telegram, were handed to an agent who resolved the chat
 * with a note, and rated it. After the erasure nothing under the test prefix names them (no key, member,
 * field or value), while another customer's data is whole.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../src/agents/agent.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { ReportErasure } from '../../../src/reports/report-erasure.ts';
import { InboxErasure } from '../../../src/inbox/inbox-erasure.ts';
import type { Language } from '../../../src/core/language.ts';
import { CustomerData, type CustomerExport } from '../../../src/privacy/customer-data.ts';
import { HandoffQueue } from '../../../src/handoff/handoff-queue.ts';
import { conversationKeys } from '../../../src/conversations/redis-keys.ts';
import { queryWords } from '../../../src/language/search-terms.ts';
import { toAsciiDigits } from '../../../src/language/digits.ts';
import { runCustomerCli } from '../../../src/privacy/customer-cli.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import { connectRedis, REDIS_URL } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const SECRET = 'test-webhook-secret-0123456789';
const ASK_PERSON = 'سلام، میخوام با یه کارشناس صحبت کنم';
const QUESTION = 'هزینه ارسال چقدره؟';
const ANGRY = 'سه هفته‌ست سفارشم نرسیده، واقعاً افتضاحه!!! دیگه هیچوقت از شما خرید نمیکنم';
const PASSWORD = 'a long password 123';
const HTTP_TOKEN = 'test-http-token-0123456789';

/** A writable stream that keeps what is written. */
function sink(): NodeJS.WritableStream & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe("one customer's data: export and erasure (real server, real Redis, fake Telegram)", () => {
  let fake: FakeTelegram;
  let server: TestServer;
  let redis: Redis;
  let store: RedisConversationStore;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0));

  beforeEach(async () => {
    fake = await FakeTelegram.start();
    server = await startTestServer({
      clock,
      env: {
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: fake.apiRoot,
        HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000',
        HTTP_CHANNEL_TOKEN: HTTP_TOKEN,
      },
    });
    redis = connectRedis();
    store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
  });
  afterEach(async () => {
    redis.disconnect();
    await server.close();
    await fake.close();
  });

  const postUpdate = (update: unknown) =>
    fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
  const sentTo = (chatId: number) => (call: TelegramCall) =>
    call.method === 'sendMessage' && call.status === 200 && call.payload.chat_id === chatId;

  const signIn = async (id: string): Promise<string> => {
    const response = await fetch(`${server.url}/api/agent/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = /hamdel_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  };
  const api = (method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method, headers });

  /** Every key under the test prefix, with everything it holds, as text. */
  const everything = async (): Promise<{ key: string; content: string }[]> => {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${server.prefix}*`, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    const dump: { key: string; content: string }[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === 'string'
          ? await redis.get(key)
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'list'
              ? await redis.lrange(key, 0, -1)
              : type === 'set'
                ? await redis.smembers(key)
                : type === 'zset'
                  ? await redis.zrange(key, 0, -1)
                  : type === 'stream'
                    ? await redis.xrange(key, '-', '+')
                    : `(${type})`;
      dump.push({ key, content: JSON.stringify(value) });
    }
    return dump;
  };

  it('exports a widget and Telegram customer whole, then erases every trace of them and nobody else’s', async () => {
    const { service, agents, presence, queue } = server.hamdel.human;
    await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
    const sara: Agent = await agents.create({
      id: 'sara',
      name: 'سارا',
      languages: ['fa'],
      capacity: 3,
      password: PASSWORD,
    });
    await presence.setStatus('sara', 'online');

    const chat = 556_677_881;
    const otherChat = 556_677_882;
    const note = `refund sent to card ending 4242 (${randomUUID()})`;
    const otherNote = `other customer note ${randomUUID()}`;

    // The customer asks for a person in the widget; Sara takes the chat.
    const widget = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    widget.send({ type: 'hello' });
    // The widget's customer is named by its display handle; its private id and secret are the browser's.
    const visitor = (await widget.welcome()).customerId;
    const visitorId = widget.visitor.credentials?.id ?? 'no credentials';
    await widget.say(QUESTION, 'm1');
    await widget.say(ASK_PERSON, 'm2');
    await eventually(async () => (await store.get(`web-${visitor}`))?.state === 'waiting', 'in line');
    expect(await service.take(sara)).toMatchObject({
      kind: 'taken',
      ticket: { conversationId: `web-${visitor}` },
    });
    await service.say(sara, `web-${visitor}`, 'سلام، من سارا هستم');

    // ...and writes in Telegram too, a question and a photo.
    await postUpdate(updates.text(chat, QUESTION));
    await fake.waitForCall(sentTo(chat), 'the Telegram answer');
    await postUpdate(updates.photo(chat, 'رسید پرداخت'));
    await eventually(async () => (await store.transcript(`tg-${chat}`)).length >= 4, 'the photo stored');

    // Another customer, on both channels, with a closed ticket of their own.
    const otherWidget = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    otherWidget.send({ type: 'hello' });
    const other = (await otherWidget.welcome()).customerId;
    await otherWidget.say(QUESTION, 'o1');
    await postUpdate(updates.text(otherChat, ANGRY));
    await eventually(async () => (await store.get(`tg-${otherChat}`))?.state === 'waiting', 'other in line');
    expect(await service.take(sara)).toMatchObject({ ticket: { conversationId: `tg-${otherChat}` } });
    await service.resolve(sara, `tg-${otherChat}`, otherNote);

    const admin = await signIn('boss');
    const agent = await signIn('sara');
    const keys = encodeURIComponent(`web:${visitor},telegram:${chat}`);

    // Who may read and erase: admins only, and only from the console's own site.
    expect((await api('GET', `/api/admin/customers/${keys}/export`)).status).toBe(401);
    const asAgent = await api('GET', `/api/admin/customers/${keys}/export`, { cookie: agent });
    expect(asAgent.status).toBe(403);
    expect(await asAgent.json()).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    const crossSite = await api('GET', `/api/admin/customers/${keys}/export`, {
      cookie: admin,
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    const foreign = await api('DELETE', `/api/admin/customers/${keys}`, {
      cookie: admin,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect((await api('DELETE', `/api/admin/customers/${keys}`, { cookie: agent })).status).toBe(403);
    const badKey = await api('GET', '/api/admin/customers/no-channel/export', { cookie: admin });
    expect(badKey.status).toBe(400);
    expect(await badKey.json()).toMatchObject({ code: 'CUSTOMER_KEY_INVALID' });

    // While Sara holds the chat the erasure is refused, and nothing is removed.
    const refused = await api('DELETE', `/api/admin/customers/${keys}`, { cookie: admin });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'CUSTOMER_IN_CHAT' });
    expect(await store.get(`web-${visitor}`)).toMatchObject({ state: 'agent' });
    expect(await store.get(`tg-${chat}`)).toBeDefined();

    // Sara resolves with a note; the customer rates the chat.
    await service.resolve(sara, `web-${visitor}`, note);
    await widget.say('#rate:4', 'm3');
    expect((await queue.closedTickets()).find((c) => c.note === note)).toMatchObject({ rating: 4 });

    // The export: both customers' records, both conversations with their whole transcripts and the ticket.
    const response = await api('GET', `/api/admin/customers/${keys}/export`, { cookie: admin });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const exported = (await response.json()) as CustomerExport;
    expect(exported.customers.map((c) => c.key)).toEqual([`web:${visitor}`, `telegram:${chat}`]);
    expect(exported.customers.every((c) => c.record?.firstSeen)).toBe(true);
    expect(exported.conversations.map((c) => c.id).sort()).toEqual([`tg-${chat}`, `web-${visitor}`].sort());
    const web = exported.conversations.find((c) => c.id === `web-${visitor}`);
    const tg = exported.conversations.find((c) => c.id === `tg-${chat}`);
    const texts = (c: typeof web) => c?.transcript.map((e) => e.text) ?? [];
    expect(texts(web)).toEqual(expect.arrayContaining([QUESTION, ASK_PERSON, 'سلام، من سارا هستم']));
    expect(web?.transcript).toEqual(await store.transcript(`web-${visitor}`));
    expect(web?.closedTickets).toEqual([expect.objectContaining({ note, rating: 4, agentId: 'sara' })]);
    expect(texts(tg)).toEqual(expect.arrayContaining([QUESTION, expect.stringContaining('رسید پرداخت')]));
    expect(tg?.transcript).toEqual(await store.transcript(`tg-${chat}`));
    // What a platform sent is kept as its allow-listed ids and file metadata only.
    const photo = tg?.transcript.find((e) => e.text.includes('رسید پرداخت'));
    expect(photo?.raw).toMatchObject({ message: { photo: [{ file_id: expect.any(String) }] } });
    expect(JSON.stringify(tg?.transcript)).not.toContain('first_name');
    expect(JSON.stringify(exported)).not.toContain(otherNote);
    // The reports' raw events about their conversations (the hourly counters hold no ids).
    expect(exported.reportEvents?.map((e) => e.conversationId)).toEqual(
      expect.arrayContaining([`web-${visitor}`, `tg-${chat}`]),
    );
    expect(
      exported.reportEvents?.every((e) => [`web-${visitor}`, `tg-${chat}`].includes(e.conversationId ?? '')),
    ).toBe(true);

    // Before: the customer is all over Redis.
    const theirs = (text: string) =>
      [visitor, visitorId, String(chat), note, ASK_PERSON, 'رسید پرداخت'].some((needle) =>
        text.includes(needle),
      );
    const before = await everything();
    expect(before.filter((k) => theirs(k.key) || theirs(k.content)).length).toBeGreaterThan(5);
    const otherTranscripts = {
      web: await store.transcript(`web-${other}`),
      tg: await store.transcript(`tg-${otherChat}`),
    };
    // The search index has their lines: in their conversation's own terms, and among closed conversations.
    const termsKey = conversationKeys(server.prefix).terms(`web-${visitor}`);
    expect(await redis.exists(termsKey)).toBe(1);
    const findClosed = async (words: string) =>
      (await service.index.inClosed({ all: true }, queryWords(words))).map((hit) => hit.conversationId);
    expect(await findClosed('سارا هستم')).toContain(`web-${visitor}`);
    expect(await findClosed('کارشناس صحبت')).toContain(`web-${visitor}`);
    expect(await findClosed('افتضاحه')).toContain(`tg-${otherChat}`);

    const erased = await api('DELETE', `/api/admin/customers/${keys}`, { cookie: admin });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({
      ok: true,
      customers: 2,
      conversations: [`tg-${chat}`, `web-${visitor}`],
      closedTickets: 1,
    });

    // After: no key, member, field or value under the prefix names them, the search index's included.
    const after = await everything();
    expect(after.filter((k) => theirs(k.key) || theirs(k.content))).toEqual([]);
    expect(await redis.exists(termsKey)).toBe(0);
    expect(await findClosed('سارا هستم')).not.toContain(`web-${visitor}`);
    expect(await findClosed('کارشناس صحبت')).toEqual([]);
    expect(await service.index.reachOf(`web-${visitor}`)).toBeUndefined();
    expect(await findClosed('افتضاحه')).toContain(`tg-${otherChat}`);
    // The other customer's data is whole.
    expect(await store.transcript(`web-${other}`)).toEqual(otherTranscripts.web);
    expect(await store.transcript(`tg-${otherChat}`)).toEqual(otherTranscripts.tg);
    expect(await store.getCustomer('web', other)).toBeDefined();
    expect(await store.getCustomer('telegram', String(otherChat))).toBeDefined();
    expect((await queue.closedTickets()).map((c) => c.note)).toEqual([otherNote]);
    expect(after.some((k) => k.key.includes(other))).toBe(true);

    // Erasing again does nothing and says so; an export now finds nothing.
    const again = await api('DELETE', `/api/admin/customers/${keys}`, { cookie: admin });
    expect(await again.json()).toMatchObject({ ok: true, customers: 0, conversations: [] });
    const gone = await api('GET', `/api/admin/customers/${keys}/export`, { cookie: admin });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    await widget.close();
    await otherWidget.close();
  });

  it('erasing a customer who linked a channel removes the links, the codes and the linked chat too', async () => {
    const { agents } = server.hamdel.human;
    await agents.create({ id: 'boss', name: 'Boss', role: 'admin', languages: ['en'], password: PASSWORD });
    const chat = 556_677_891;
    // The customer wrote in Telegram first, then in the widget, and continued the widget chat on Telegram.
    await postUpdate(updates.text(chat, QUESTION));
    await fake.waitForCall(sentTo(chat), 'the Telegram answer');
    const widget = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    widget.send({ type: 'hello' });
    const visitor = (await widget.welcome()).customerId;
    const codeOf = async (ref: string) => {
      const text = WidgetTestClient.botTexts(await widget.say('ادامه در تلگرام', ref)).join('\n');
      const shown = /\u2066(\d{4})\s(\d{4})\u2069/.exec(toAsciiDigits(text));
      if (!shown) throw new Error(`no code in ${text}`);
      return `${shown[1]}${shown[2]}`;
    };
    const used = await codeOf('l1');
    await postUpdate(updates.text(chat, `/start ${used}`));
    await eventually(
      async () => (await store.transcript(`web-${visitor}`)).some((e) => e.channel === 'telegram'),
      'linked',
    );
    const live = await codeOf('l2'); // asked for, never used
    const home = `web-${visitor}`;
    const exported = (await (
      await api('GET', `/api/admin/customers/web:${visitor}/export`, { cookie: await signIn('boss') })
    ).json()) as CustomerExport;
    // The linked chat's own earlier conversation is the same person's.
    expect(exported.conversations.map((c) => c.id)).toEqual([`tg-${chat}`, home]);
    expect(exported.conversations.find((c) => c.id === home)?.links).toMatchObject([
      { address: `tg-${chat}`, channel: 'telegram', home },
    ]);

    const erased = await api('DELETE', `/api/admin/customers/web:${visitor}`, {
      cookie: await signIn('boss'),
    });
    expect(await erased.json()).toMatchObject({ ok: true, conversations: [`tg-${chat}`, home] });
    // Nothing but the audit log (who linked and unlinked what, trimmed by age) names the chat or the codes.
    const theirs = (text: string) => [String(chat), visitor, used, live].some((n) => text.includes(n));
    const left = (await everything()).filter((k) => !k.key.endsWith('{admin}:audit'));
    expect(left.filter((k) => theirs(k.key) || theirs(k.content))).toEqual([]);
    // The Telegram chat starts afresh: its next message is its own conversation again.
    await postUpdate(updates.text(chat, QUESTION));
    await eventually(async () => (await store.get(`tg-${chat}`)) !== undefined, 'its own conversation');
    expect(await store.get(home)).toBeUndefined();
    await widget.close();
  });

  it('the CLI finds conversations through the customer’s index, exports them, and erases them', async () => {
    const customer = `acme-${randomUUID()}`;
    const conversations = ['order-77', 'order-78'].map((c) => `${c}-${randomUUID().slice(0, 8)}`);
    for (const conversationId of conversations) {
      const response = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${HTTP_TOKEN}` },
        body: JSON.stringify({ customerId: customer, conversationId, text: QUESTION, language: 'fa' }),
      });
      expect(response.status).toBe(200);
    }
    const env = { REDIS_URL, KEY_PREFIX: server.prefix, REDIS_AUTOSTART: 'false' };
    const run = async (...argv: string[]) => {
      const io = { output: sink(), stdout: sink(), env };
      const code = await runCustomerCli(argv, io);
      return { code, out: io.stdout.text(), err: io.output.text() };
    };

    const exported = await run('export', `http:${customer}`);
    expect(exported.code).toBe(0);
    const data = JSON.parse(exported.out) as CustomerExport;
    expect(data.conversations.map((c) => c.id).sort()).toEqual(conversations.map((c) => `http-${c}`).sort());
    expect(data.conversations.every((c) => c.transcript.some((e) => e.text === QUESTION))).toBe(true);

    expect(await run('delete', `http:${customer}`)).toMatchObject({ code: 2 }); // no --yes
    expect(await run('export', 'nonsense')).toMatchObject({
      code: 2,
      err: expect.stringContaining('not a customer key'),
    });
    const erased = await run('delete', `http:${customer}`, '--yes');
    expect(erased).toMatchObject({ code: 0, err: expect.stringContaining('2 conversation(s)') });
    for (const conversationId of conversations)
      expect(await store.get(`http-${conversationId}`)).toBeUndefined();
    expect(await run('export', `http:${customer}`)).toMatchObject({
      code: 1,
      err: expect.stringContaining('CUSTOMER_NOT_FOUND'),
    });
  });

  it('an erasure cut short at any write finishes when run again', async () => {
    const { service, agents } = server.hamdel.human;
    const sara = await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await server.hamdel.human.presence.setStatus('sara', 'online');
    const customer = `crash-${randomUUID()}`;
    const say = (text: string, messageId: string) =>
      fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${HTTP_TOKEN}` },
        // A conversation id of the integrator's: only the customer's index leads to it.
        body: JSON.stringify({
          customerId: customer,
          conversationId: `order-${customer}`,
          text,
          messageId,
          language: 'fa',
        }),
      });
    await say(QUESTION, 'h1');
    await say(ASK_PERSON, 'h2');
    await eventually(async () => (await store.get(`http-order-${customer}`))?.state === 'waiting', 'in line');
    expect(await service.take(sara)).toMatchObject({ kind: 'taken' });
    await service.resolve(sara, `http-order-${customer}`, `note about ${customer}`);
    await say(QUESTION, 'h3');

    // Every write of the erasure (its own, the queue's, the channels' state) may be the one that crashes.
    const bull = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const writes = new Set(['del', 'zrem', 'srem', 'lrem', 'xdel', 'multi', 'zincrby', 'zremrangebyscore']);
    const crashingAt = (failAt: number) => {
      let count = 0;
      return new Proxy(redis, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (writes.has(String(property)) && ++count === failAt)
              throw new Error(`crash at write ${failAt}`);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
    };
    const erase = (failAt: number) => {
      const crashing = crashingAt(failAt);
      const queue = new HandoffQueue({ redis: crashing, bullConnection: bull, prefix: server.prefix, clock });
      const reports = new ReportErasure({ redis: crashing, prefix: server.prefix, timeZone: 'UTC' });
      const vocabulary = (language: Language) => server.hamdel.inbox.inbox.vocabulary(language);
      const inbox = new InboxErasure({ redis: crashing, prefix: server.prefix, vocabulary });
      const data = new CustomerData({ redis: crashing, prefix: server.prefix, queue, clock, reports, inbox });
      return data.erase([{ channel: 'http', id: customer }]).finally(() => queue.close());
    };
    let crashes = 0;
    for (let failAt = 1; ; failAt += 1) {
      const done = await erase(failAt).then(
        () => true,
        (error: unknown) => {
          expect(String(error)).toContain('crash at write');
          return false;
        },
      );
      if (done) break;
      crashes += 1;
    }
    bull.disconnect();
    expect(crashes).toBeGreaterThan(5);
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${server.prefix}*`, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
    for (const key of keys) {
      expect(key).not.toContain(customer);
      const type = await redis.type(key);
      const content =
        type === 'string'
          ? await redis.get(key)
          : type === 'hash'
            ? await redis.hgetall(key)
            : type === 'stream'
              ? await redis.xrange(key, '-', '+')
              : type === 'zset'
                ? await redis.zrange(key, 0, -1)
                : type === 'set'
                  ? await redis.smembers(key)
                  : await redis.lrange(key, 0, -1);
      expect(JSON.stringify(content)).not.toContain(customer);
    }
  });
});
