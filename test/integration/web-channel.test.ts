import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { TestVisitor, WidgetTestClient } from '../helpers/ws-client.ts';

describe('web channel on a real server and Redis', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '30', MAX_MESSAGE_CHARS: '500' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers a Persian, an Arabic and an English question about returns with the returns article', async () => {
    const questions = [
      ['fa', 'چطور می‌تونم کالا رو پس بدم؟'],
      ['ar', 'كيف أرجع منتج اشتريته؟'],
      ['en', 'how can I return an item I bought?'],
    ] as const;
    for (const [language, text] of questions) {
      const client = await WidgetTestClient.connect(server.url);
      client.send({ type: 'hello' });
      const frames = await client.say(text, randomUUID());
      const bot = frames.flatMap((f) =>
        f.type === 'entry' && f.entry.author.kind === 'bot' ? [f.entry] : [],
      );
      expect(bot.length).toBe(3); // the greeting, the answer, then "did this help?" with Yes and No
      expect(bot.every((e) => e.language === language)).toBe(true);
      expect(bot[2]?.choices?.map((c) => c.value)).toEqual(['#helpful:yes', '#helpful:no']);
      const answer = bot[1]?.text ?? '';
      expect(answer).toMatch(language === 'fa' ? /۱۴ روز/ : language === 'ar' ? /١٤ يوم/ : /14 days/);
      await client.close();
    }
  });

  it('replays what was missed after a dropped connection, once, and handles a resent message once', async () => {
    const customer = new TestVisitor(); // one browser's storage
    const first = await WidgetTestClient.connect(server.url, { visitor: customer });
    first.send({ type: 'hello' });
    const id1 = randomUUID();
    await first.say('How long does delivery take?', id1);
    const seen = first.entries();
    const lastSeenId = seen.at(-1)?.id;
    await first.close();

    // While disconnected, the same conversation moves on (another tab).
    const other = await WidgetTestClient.connect(server.url, { visitor: customer });
    other.send({ type: 'hello', lastSeenId });
    await other.say('Can I pay in instalments?', randomUUID());
    await other.close();

    const back = await WidgetTestClient.connect(server.url, { visitor: customer });
    back.send({ type: 'hello', lastSeenId });
    await back.waitFor((f) => f.type === 'entry' && f.entry.text === 'Can I pay in instalments?');
    // The client did not know whether its last message got through and sends it again.
    const resent = await back.say('How long does delivery take?', id1);
    expect(resent.some((f) => f.type === 'ack')).toBe(true);

    const replayed = back.entries();
    const ids = replayed.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => !seen.some((s) => s.id === id))).toBe(true);
    const all = await server.hamdel.app.inject({ method: 'GET', url: '/healthz' });
    expect(all.statusCode).toBe(200);
    const customerTexts = [...seen, ...replayed]
      .filter((e) => e.author.kind === 'customer')
      .map((e) => e.text);
    expect(customerTexts).toEqual(['How long does delivery take?', 'Can I pay in instalments?']);
    await back.close();
  });

  it('refuses a message over the size limit with a clear error and keeps the connection', async () => {
    const client = await WidgetTestClient.connect(server.url);
    client.send({ type: 'hello' });
    const frames = await client.say('x'.repeat(501), 'too-big');
    expect(frames).toContainEqual(expect.objectContaining({ type: 'error', code: 'MESSAGE_TOO_LARGE' }));
    const ok = await client.say('hello', 'small');
    expect(ok.some((f) => f.type === 'ack')).toBe(true);
    await client.close();
  });

  it('answers a malformed frame with MESSAGE_INVALID', async () => {
    const client = await WidgetTestClient.connect(server.url);
    (client as unknown as { socket: { send(s: string): void } }).socket.send('{not json');
    const error = await client.waitFor((f) => f.type === 'error');
    expect(error).toMatchObject({ code: 'MESSAGE_INVALID' });
    await client.close();
  });

  it('limits the rate of messages per connection', async () => {
    const client = await WidgetTestClient.connect(server.url);
    client.send({ type: 'hello' });
    const codes: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const frames = await client.say(`hi ${i}`, `burst-${i}`);
      for (const f of frames) if (f.type === 'error') codes.push(f.code);
    }
    expect(codes).toContain('RATE_LIMITED');
    await client.close();
  });
});

describe('origin allow-list', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ALLOWED_ORIGINS: 'https://shop.example' } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('lets an allowed page talk and tells another page it may not, closing with 1008', async () => {
    const ok = await WidgetTestClient.connect(server.url, { origin: 'https://shop.example' });
    ok.send({ type: 'hello' });
    await ok.waitFor((f) => f.type === 'welcome');
    await ok.close();

    const refused = await WidgetTestClient.connect(server.url, { origin: 'https://evil.example' });
    expect(await refused.closed()).toBe(1008);
    expect(refused.frames).toEqual([expect.objectContaining({ type: 'error', code: 'ORIGIN_FORBIDDEN' })]);
  });
});

describe('a restarted server', () => {
  it('keeps the conversation: the history is replayed and the bot does not greet again', async () => {
    const customer = new TestVisitor();
    const before = await startTestServer();
    const c1 = await WidgetTestClient.connect(before.url, { visitor: customer });
    c1.send({ type: 'hello' });
    await c1.say('Where is my order?', randomUUID());
    const history = c1.entries().map((e) => e.text);
    await c1.close();
    await before.close({ keepData: true });

    const after = await startTestServer({ prefix: before.prefix });
    try {
      const c2 = await WidgetTestClient.connect(after.url, { visitor: customer });
      c2.send({ type: 'hello' });
      await c2.waitFor((f) => f.type === 'entry' && f.entry.text === history.at(-1));
      expect(c2.entries().map((e) => e.text)).toEqual(history);
      const frames = await c2.say('And how much does delivery cost?', randomUUID());
      const botTexts = WidgetTestClient.botTexts(frames);
      expect(botTexts.length).toBeGreaterThan(0);
      expect(botTexts.join(' ')).not.toContain('welcome to Tabasom');
      await c2.close();
    } finally {
      await after.close();
    }
  });
});
