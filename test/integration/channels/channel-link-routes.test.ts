/**
 * An agent parts a customer's linked channel from the console's API (real server, real Redis, the real
 * grammY stack against the fake Bot API): only the agent who holds the chat, or an admin, may list and
 * unlink (401 without a session, 403 for an editor, another agent and a cross-site request), the unlink
 * is audited with the agent as the actor, and the chat's replies go back to its own channel.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageCatalog, MessageKey } from '../../../src/dialogs/message-catalog.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits, toAsciiDigits } from '../../../src/language/digits.ts';
import { ConsoleClient } from '../../helpers/console-client.ts';
import { sampleContent } from '../../helpers/content.ts';
import { FakeTelegram, updates, type TelegramCall } from '../../helpers/fake-telegram.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { movableClock } from '../../helpers/time.ts';
import { WidgetTestClient } from '../../helpers/ws-client.ts';

const SECRET = 'test-webhook-secret-0123456789';
const PASSWORD = 'a long password 123';
const CHAT = 8901;

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});
const fa = (key: MessageKey) => localizeDigits(catalog.text('fa', key), 'fa', DEFAULT_DIGIT_POLICY);
const sendsTo = (contains: string) => (call: TelegramCall) =>
  call.method === 'sendMessage' &&
  call.status === 200 &&
  call.payload.chat_id === CHAT &&
  String(call.payload.text ?? '').includes(contains);

describe('agents unlink a linked channel from the console API (real Redis, fake Telegram)', () => {
  let fake: FakeTelegram;
  let server: TestServer;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0)); // inside the sample team's hours
  const open: { close(): unknown }[] = [];

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
      },
    });
  });
  afterEach(async () => {
    for (const each of open.splice(0)) await each.close();
    await server.close();
    await fake.close();
  });

  const post = (text: string) =>
    fetch(`${server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(updates.text(CHAT, text)),
    });
  const call = (method: string, path: string, cookie?: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method, headers: { ...(cookie ? { cookie } : {}), ...headers } });

  it('lets the holder and an admin list and unlink; refuses everyone else; audits the agent', async () => {
    const agents = server.hamdel.human.agents;
    await agents.create({ id: 'sara', name: 'سارا', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'omid', name: 'امید', languages: ['fa'], password: PASSWORD });
    await agents.create({ id: 'nika', name: 'نیکا', languages: ['fa'], password: PASSWORD, role: 'editor' });
    await agents.create({ id: 'root', name: 'Root', languages: ['en'], password: PASSWORD, role: 'admin' });

    // The customer wrote in Telegram before (a conversation of its own there).
    await post('سلام');
    await fake.waitForCall((c) => c.method === 'sendMessage' && c.payload.chat_id === CHAT, 'greeted');
    // A web customer continues on Telegram and asks for a person there; Sara takes the chat.
    const client = await WidgetTestClient.connect(server.url, { lang: 'fa' });
    open.push(client);
    client.send({ type: 'hello' });
    const welcome = await client.welcome();
    if (welcome.type !== 'welcome') throw new Error('no welcome');
    const home = welcome.conversationId;
    const [reply] = WidgetTestClient.botTexts(await client.say('ادامه در تلگرام', 'w1'));
    const code = /(\d{4})\s(\d{4})/.exec(toAsciiDigits(reply ?? ''));
    if (!code) throw new Error(`no code in ${reply}`);
    await post(`/start ${code[1]}${code[2]}`);
    await fake.waitForCall(sendsTo(fa('link_joined').slice(0, 20)), 'linked');
    await post('میخوام با یک اپراتور صحبت کنم');
    await fake.waitForCall(sendsTo(fa('handoff_connecting').slice(0, 20)), 'handed over');
    const sara = await ConsoleClient.signIn(server.url, 'sara', PASSWORD);
    open.push(sara);
    sara.send({ type: 'take-next', ref: 't1' });
    await sara.waitFor((f) => f.type === 'chat' && f.chat.conversationId === home);

    // The customer's history shows the Telegram chat's earlier conversation beside this one.
    sara.send({ type: 'customer', conversationId: home });
    const history = await sara.waitFor((f) => f.type === 'customer' && f.conversationId === home);
    if (history.type !== 'customer') throw new Error('no history');
    expect(history.conversations.map((c) => [c.conversationId, c.channel, c.current]).sort()).toEqual(
      [
        [home, 'web', true],
        [`tg-${CHAT}`, 'telegram', false],
      ].sort(),
    );

    const links = `/api/agent/chats/${home}/links`;
    const one = `${links}/tg-${CHAT}`;
    const cookie = (id: string) => ConsoleClient.cookieOf(server.url, id, PASSWORD);
    const [saraCookie, omidCookie, nikaCookie, rootCookie] = await Promise.all(
      ['sara', 'omid', 'nika', 'root'].map(cookie),
    );

    const refusals: [Response, number, string][] = [
      [await call('GET', links), 401, 'AUTH_REQUIRED'],
      [await call('GET', links, nikaCookie), 403, 'FORBIDDEN_ROLE'],
      [await call('DELETE', one, nikaCookie), 403, 'FORBIDDEN_ROLE'],
      [await call('GET', links, omidCookie), 403, 'NOT_CHAT_HOLDER'],
      [await call('DELETE', one, omidCookie), 403, 'NOT_CHAT_HOLDER'],
      [await call('DELETE', one, saraCookie, { origin: 'https://evil.example' }), 403, 'CROSS_ORIGIN'],
    ];
    for (const [response, status, code] of refusals) {
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code, message: expect.any(String) });
    }

    for (const who of [saraCookie, rootCookie]) {
      const listed = await call('GET', links, who);
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual({
        links: [{ address: `tg-${CHAT}`, channel: 'telegram', at: expect.any(Number) }],
      });
    }
    const parted = await call('DELETE', one, saraCookie, { origin: server.url });
    expect(parted.status).toBe(200);
    expect(await parted.json()).toMatchObject({ ok: true, link: { address: `tg-${CHAT}`, home } });
    const again = await call('DELETE', one, rootCookie);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'LINK_NOT_FOUND' });
    expect(await (await call('GET', links, saraCookie)).json()).toEqual({ links: [] });

    const audit = await server.hamdel.human.audit.list();
    expect(audit.find((e) => e.action === 'channel-unlinked')).toMatchObject({
      by: 'sara',
      target: `tg-${CHAT}`,
    });

    // Sara's next reply goes to the web (the chat's own channel), not to the parted Telegram chat.
    const before = fake.sent('sendMessage', CHAT).length;
    sara.send({ type: 'say', conversationId: home, text: 'هنوز اینجا هستید؟', ref: 's1' });
    await client.waitFor((f) => f.type === 'entry' && f.entry.text === 'هنوز اینجا هستید؟');
    expect(fake.sent('sendMessage', CHAT)).toHaveLength(before);
  });
});
