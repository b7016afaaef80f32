/**
 * The Bot Framework channel with the real botbuilder stack (CloudAdapter, the SDK's JWT validation, MSAL for
 * the bot's own token), a fake Bot Connector service on local HTTP(S), real hamdel servers and real Redis:
 * tokens refused and logged, repeated deliveries, and an Arabic Teams customer's whole journey through the
 * human queue (the wait replaced in place, the agent's reply sent by another process, the rating), and a
 * Web Chat customer's (suggested actions, a new message for each wait).
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../../src/agents/agent.ts';
import { botConversationId } from '../../../src/adapters/botframework/botframework-translate.ts';
import { RedisConversationStore } from '../../../src/conversations/redis-conversation-store.ts';
import { CustomerData } from '../../../src/privacy/customer-data.ts';
import type { MessageCatalog, MessageKey } from '../../../src/dialogs/message-catalog.ts';
import { LRI, PDI } from '../../../src/language/bidi.ts';
import { DEFAULT_DIGIT_POLICY, localizeDigits } from '../../../src/language/digits.ts';
import { sampleContent } from '../../helpers/content.ts';
import {
  FAKE_CERT_KEY_FILE,
  FAKE_LOGIN_CA_FILE,
  FAKE_TENANT_ID,
  FakeBotConnector,
  type ConnectorCall,
  type Customer,
} from '../../helpers/fake-bot-connector.ts';
import { connectRedis } from '../../helpers/redis.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';
import { eventually, movableClock } from '../../helpers/time.ts';

const QUESTION = 'كم تكلفة الشحن؟';
const PERSON = 'ابي اكلم موظف خدمة العملاء';

let catalog: MessageCatalog;
beforeAll(async () => {
  ({ catalog } = await sampleContent());
});
const ar = (key: MessageKey, values: Record<string, string> = {}) =>
  localizeDigits(catalog.text('ar', key, values), 'ar', DEFAULT_DIGIT_POLICY);

const textOf = (call: ConnectorCall) => String(call.activity.text ?? '');
const sendsTo = (customer: Customer, contains: string) => (call: ConnectorCall) =>
  call.method === 'POST' &&
  call.status === 201 &&
  call.conversationId === customer.conversationId &&
  textOf(call).includes(contains);
type CardAction = { type: string; title: string; data: { msteams: Record<string, string> } };
const cardActions = (call: ConnectorCall): CardAction[] => {
  const [card] = (call.activity.attachments ?? []) as {
    contentType: string;
    content: { actions: CardAction[]; rtl: boolean };
  }[];
  expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  expect(card?.content.rtl).toBe(true);
  return card?.content.actions ?? [];
};

describe('the Bot Framework channel (real botbuilder, fake Bot Connector, real Redis)', () => {
  let fake: FakeBotConnector;
  let server: TestServer;
  let redis: Redis;
  let store: RedisConversationStore;
  const clock = movableClock(Date.UTC(2026, 10, 23, 8, 0));

  beforeEach(async () => {
    fake = await FakeBotConnector.start();
    server = await startTestServer({
      clock,
      // The test moves waits on itself (service.updateWait), exactly as the supervisor would.
      env: fake.env({ HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' }),
    });
    redis = connectRedis();
    store = new RedisConversationStore({ redis, prefix: server.prefix, clock });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    redis.disconnect();
    await server.close();
    await fake.close();
  });

  it('refuses and logs a request without a valid token, and handles nothing', async () => {
    const warn = vi.spyOn(server.hamdel.app.log, 'warn');
    const layla = fake.customer('msteams', 'ليلى', 'ar-SA');
    const kinds = ['none', 'forged', 'wrong-audience', 'expired'] as const;
    for (const kind of kinds) {
      const response = await fake.send(server.url, fake.message(layla, QUESTION), kind);
      expect(response.status, kind).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    // A good token for another service URL than the activity's: the SDK's serviceurl claim check.
    const elsewhere = { ...fake.message(layla, QUESTION), serviceUrl: 'http://127.0.0.1:1/' };
    const token = fake.channelToken('good');
    const response = await fetch(`${server.url}/api/botframework`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
      body: JSON.stringify(elsewhere),
    });
    expect(response.status).toBe(401);
    const refusals = warn.mock.calls.filter((call) => String(call[1]).includes('missing or bad token'));
    expect(refusals).toHaveLength(kinds.length + 1);
    expect(refusals[0]?.[0]).toMatchObject({ channelId: 'msteams', reason: expect.any(String) });
    // Not an activity at all: 400 with the problem, before any token is looked at.
    const junk = await fetch(`${server.url}/api/botframework`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(junk.status).toBe(400);
    expect(await junk.json()).toMatchObject({ code: 'MESSAGE_INVALID' });

    expect(await store.get(botConversationId('msteams', layla.conversationId))).toBeUndefined();
    expect(fake.calls).toEqual([]);
    expect(fake.tokenRequests).toEqual([]);
    // The same customer with the channel's token is served.
    expect((await fake.send(server.url, fake.message(layla, QUESTION))).status).toBe(200);
    await fake.waitFor(sendsTo(layla, '١٥'), 'the answer');
  });

  it('handles an activity delivered several times once', async () => {
    const omar = fake.customer('msteams', 'عمر', 'ar-AE');
    const activity = fake.message(omar, QUESTION);
    const responses = await Promise.all([1, 2, 3].map(() => fake.send(server.url, activity)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await fake.waitFor(sendsTo(omar, '١٥'), 'the answer');
    // A later message is handled after everything before it: a second run would show by then.
    await fake.send(server.url, fake.message(omar, 'شكرا'));
    const conversationId = botConversationId('msteams', omar.conversationId);
    await eventually(
      async () =>
        (await store.transcript(conversationId)).filter((e) => e.author.kind === 'customer').length === 2,
      'the second message in the transcript',
    );
    expect((await fake.send(server.url, activity)).status).toBe(200);
    const transcript = await store.transcript(conversationId);
    expect(transcript.filter((e) => e.text === QUESTION)).toHaveLength(1);
    expect(fake.calls.filter(sendsTo(omar, '١٥'))).toHaveLength(1);
    // The activity is kept whole while handled; the transcript keeps its allow-listed ids.
    expect(transcript[0]?.raw).toMatchObject({ id: activity.id, channelId: 'msteams' });
  });

  it('takes an Arabic Teams customer from a question to an agent and a rating, the wait replaced in place', async () => {
    const { service, agents, queue, presence } = server.hamdel.human;
    const amal: Agent = await agents.create({
      id: 'amal',
      name: 'Amal',
      languages: ['ar'],
      capacity: 3,
      password: 'amal-password-123',
    });
    await presence.setStatus('amal', 'online');
    // Someone else is already in line.
    const first = fake.customer('msteams', 'سالم', 'ar-SA');
    await fake.send(server.url, fake.message(first, PERSON));
    await fake.waitFor(sendsTo(first, 'ترتيبك في قائمة الانتظار: ١'), 'first in line');

    // The customer asks: the article in Markdown with Arabic digits, sent with the bot's own token.
    const layla = fake.customer('msteams', 'ليلى', 'ar-SA');
    const id = botConversationId('msteams', layla.conversationId);
    await fake.send(server.url, fake.message(layla, QUESTION));
    const answer = await fake.waitFor(sendsTo(layla, '١٥'), 'the answer');
    expect(answer.activity).toMatchObject({ type: 'message', textFormat: 'markdown', locale: 'ar' });
    expect(textOf(answer)).toContain('**');
    expect(textOf(answer)).not.toMatch(/[0-9]/);

    // She asks for a person: her place in line, with a "leave the line" button on a right-to-left card.
    await fake.send(server.url, fake.message(layla, PERSON));
    const wait = await fake.waitFor(sendsTo(layla, 'ترتيبك في قائمة الانتظار: ٢'), 'the place in line');
    expect(cardActions(wait)).toEqual([
      {
        type: 'Action.Submit',
        title: ar('leave_line_choice'),
        data: {
          msteams: { type: 'messageBack', displayText: ar('leave_line_choice'), text: '#cancel-wait' },
          choice: '#cancel-wait',
        },
      },
    ]);

    // Amal takes the first customer; the line moves and the same message is replaced (PUT), button kept.
    expect(await service.take(amal)).toMatchObject({
      kind: 'taken',
      ticket: { conversationId: botConversationId('msteams', first.conversationId) },
    });
    clock.advance(25_000);
    const waiting = await store.get(id);
    if (!waiting) throw new Error('no conversation');
    await service.updateWait(waiting);
    const update = await fake.waitFor(
      (c) => c.method === 'PUT' && c.conversationId === layla.conversationId,
      'the wait replaced',
    );
    expect(update.activityId).toBe(wait.id);
    expect(update.status).toBe(200);
    expect(fake.textOf(wait.id ?? '')).toContain('ترتيبك في قائمة الانتظار: ١');
    expect(cardActions(update)).toEqual(cardActions(wait));

    // Amal takes this chat and answers from ANOTHER process: the reference is in Redis.
    const other = await startTestServer({
      prefix: server.prefix,
      clock,
      env: fake.env({ HANDOFF_SUPERVISOR_INTERVAL_MS: '3600000' }),
    });
    try {
      expect(await other.hamdel.human.service.take(amal)).toMatchObject({
        kind: 'taken',
        ticket: { conversationId: id },
      });
      await fake.waitFor(sendsTo(layla, 'من فريقنا معك الآن'), 'the agent joined');
      await other.hamdel.human.service.say(amal, id, 'مرحبا ليلى، رقم التتبع AB-123 وسيصل الطلب غدا');
      const reply = await fake.waitFor(sendsTo(layla, 'مرحبا ليلى'), "the agent's reply");
      // Her name first (a line of its own, left to right as written), and the Latin run isolated in the Arabic.
      expect(textOf(reply)).toBe(`**Amal**\n\nمرحبا ليلى، رقم التتبع ${LRI}AB-123${PDI} وسيصل الطلب غدا`);
      // No further PUT: the wait is over once the agent is there.
      const puts = fake.calls.filter((c) => c.method === 'PUT').length;

      // Amal resolves: the 1-5 question as a card whose buttons send the rating and show Arabic digits.
      await other.hamdel.human.service.resolve(amal, id, 'tracking sent');
      const question = await fake.waitFor(sendsTo(layla, ar('survey_question')), 'the survey');
      const actions = cardActions(question);
      expect(actions.map((a) => a.title)).toEqual(['١', '٢', '٣', '٤', '٥']);
      expect(actions.map((a) => a.data.msteams.text)).toEqual([1, 2, 3, 4, 5].map((n) => `#rate:${n}`));
      // Teams sends the button's text (the value) and shows its displayText.
      await fake.send(server.url, fake.message(layla, '#rate:5', { value: { choice: '#rate:5' } }));
      await fake.waitFor(sendsTo(layla, ar('survey_thanks')), 'thanks');
      const [closed] = await eventually(async () => {
        const tickets = await queue.closedTickets();
        return tickets.find((t) => t.conversationId === id)?.rating === 5 && tickets;
      }, 'the rating stored');
      expect(closed).toMatchObject({ agentId: 'amal', language: 'ar' });
      const transcript = await store.transcript(id);
      expect(transcript.filter((e) => e.author.kind === 'customer').at(-1)).toMatchObject({ text: '٥' });
      expect(fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(puts);
      expect(fake.calls.every((c) => c.status < 300)).toBe(true); // every call carried the bot's token
    } finally {
      await other.close({ keepData: true });
    }
  });

  it('offers choices on Web Chat as suggested actions and sends each new wait as a new message', async () => {
    const { service, agents, queue, presence } = server.hamdel.human;
    const amal = await agents.create({
      id: 'amal',
      name: 'أمل',
      languages: ['ar'],
      capacity: 3,
      password: 'amal-password-123',
    });
    await presence.setStatus('amal', 'online');
    const first = fake.customer('webchat', 'سالم', 'ar');
    await fake.send(server.url, fake.message(first, PERSON));
    await fake.waitFor(sendsTo(first, 'ترتيبك'), 'first in line');

    const noor = fake.customer('webchat', 'نور', 'ar');
    const id = botConversationId('webchat', noor.conversationId);
    await fake.send(server.url, fake.message(noor, PERSON));
    const wait = await fake.waitFor(sendsTo(noor, 'ترتيبك في قائمة الانتظار: ٢'), 'the place in line');
    const leave = ar('leave_line_choice');
    expect(wait.activity.suggestedActions).toEqual({
      actions: [{ type: 'imBack', title: leave, value: leave }],
    });

    expect(await service.take(amal)).toMatchObject({ kind: 'taken' });
    clock.advance(25_000);
    const waiting = await store.get(id);
    if (!waiting) throw new Error('no conversation');
    await service.updateWait(waiting);
    const moved = await fake.waitFor(
      sendsTo(noor, 'ترتيبك في قائمة الانتظار: ١'),
      'the new place, a new message',
    );
    expect(moved.activity.suggestedActions).toEqual(wait.activity.suggestedActions);
    expect(fake.calls.filter((c) => c.method === 'PUT')).toEqual([]);

    expect(await service.take(amal)).toMatchObject({ kind: 'taken', ticket: { conversationId: id } });
    await service.say(amal, id, 'أهلا نور، تم حل المشكلة');
    await fake.waitFor(sendsTo(noor, 'تم حل المشكلة'), "the agent's reply");
    await service.resolve(amal, id);
    const question = await fake.waitFor(sendsTo(noor, ar('survey_question')), 'the survey');
    expect(question.activity.suggestedActions).toEqual({
      actions: ['١', '٢', '٣', '٤', '٥'].map((label) => ({ type: 'imBack', title: label, value: label })),
    });
    // The tapped suggested action comes back as its label, read back to the rating.
    await fake.send(server.url, fake.message(noor, '٤'));
    await fake.waitFor(sendsTo(noor, ar('survey_thanks')), 'thanks');
    await eventually(async () => {
      const tickets = await queue.closedTickets();
      return tickets.find((t) => t.conversationId === id)?.rating === 4;
    }, 'the rating stored');
  });
  it('sends the wait anew when Teams refuses the update, and skips a conversation that blocked the bot', async () => {
    const sami = fake.customer('msteams', 'سامي', 'ar-SA');
    const id = botConversationId('msteams', sami.conversationId);
    await fake.send(server.url, fake.message(sami, PERSON));
    const wait = await fake.waitFor(sendsTo(sami, 'ترتيبك في قائمة الانتظار: ١'), 'the place in line');
    // The message is gone on Teams' side (deleted, or too old): the update fails with 404.
    // The adapter remembers the activity id once the Connector has answered the send, a moment after
    // the fake saw it.
    const waitKey = `${server.prefix}botframework:wait:${id}`;
    const storedWait = async () =>
      JSON.parse((await redis.get(waitKey)) ?? '{}') as { activityId?: string; choices?: unknown };
    await eventually(async () => (await storedWait()).activityId === wait.id, 'the wait remembered');
    const stored = await storedWait();
    await redis.set(waitKey, JSON.stringify({ ...stored, activityId: 'deleted-activity' }));
    const waiting = await store.get(id);
    if (!waiting) throw new Error('no conversation');
    // What the handoff service does when the line moves (the channel's showWait).
    const moved = ar('queue_status', { position: '1', wait: ar('wait_few') });
    await server.hamdel.channels.showWait(waiting, { position: 1, text: moved });
    await fake.waitFor((c) => c.method === 'PUT' && c.status === 404, 'the refused update');
    const anew = await fake.waitFor(
      (c) => sendsTo(sami, ar('wait_few'))(c) && c.id !== wait.id,
      'the wait sent as a new message',
    );
    expect(cardActions(anew)).toEqual(cardActions(wait));
    await eventually(async () => (await storedWait()).activityId === anew.id, 'the new wait remembered');

    // A customer who blocked the bot: every send answers 403; the turn still ends, logged, no crash.
    const warn = vi.spyOn(server.hamdel.app.log, 'warn');
    const hiba = fake.customer('msteams', 'هبة', 'ar-SA');
    fake.block(hiba.conversationId);
    expect((await fake.send(server.url, fake.message(hiba, QUESTION))).status).toBe(200);
    await eventually(
      () => warn.mock.calls.some((call) => String(call[1]).includes('blocked the bot or is gone')),
      'the blocked conversation logged',
    );
    const hibaId = botConversationId('msteams', hiba.conversationId);
    await eventually(
      async () => (await store.transcript(hibaId)).some((e) => e.author.kind === 'bot'),
      'the answer in the transcript, for an agent to see',
    );
    expect(fake.to(hiba.conversationId)).toEqual([]);
  });

  it('shows "typing…", and exports and erases what it keeps about a customer', async () => {
    const noor = fake.customer('webchat', 'نور', 'ar');
    const id = botConversationId('webchat', noor.conversationId);
    const activity = fake.message(noor, QUESTION);
    await fake.send(server.url, activity);
    await fake.waitFor(sendsTo(noor, '١٥'), 'the answer');
    const conversation = await store.get(id);
    if (!conversation) throw new Error('no conversation');
    await server.hamdel.channels.showTyping(conversation, true);
    await fake.waitFor(
      (c) => c.conversationId === noor.conversationId && c.activity.type === 'typing',
      'typing',
    );

    const data = new CustomerData({ redis, prefix: server.prefix, queue: server.hamdel.human.queue, clock });
    const customer = {
      channel: 'botframework',
      id: `webchat:${String((activity.from as { aadObjectId: string }).aadObjectId)}`,
    };
    const exported = await data.export([customer]);
    expect(exported.conversations.map((c) => c.id)).toEqual([id]);
    expect(exported.conversations[0]?.botframework).toMatchObject({
      reference: {
        channelId: 'webchat',
        conversation: { id: noor.conversationId },
        serviceUrl: fake.serviceUrl,
      },
    });
    const keys = [
      `${server.prefix}botframework:ref:${id}`,
      `${server.prefix}botframework:activity:${id}:${String(activity.id)}`,
    ];
    expect(await redis.exists(...keys)).toBe(2);
    await data.erase([customer]);
    expect(await redis.exists(...keys)).toBe(0);
    expect(await store.get(id)).toBeUndefined();
  });
});

describe("the bot's own token (MSAL against the fake login service)", () => {
  let fake: FakeBotConnector;
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    await fake.close();
  });

  it('is asked from the botframework.com tenant for a multi-tenant bot', async () => {
    // Each test its own app id: the SDK keeps tokens in a process-wide cache by app id.
    fake = await FakeBotConnector.start('21111111-2222-4333-8444-555555555555');
    server = await startTestServer({ env: fake.env() });
    const layla = fake.customer('webchat', 'ليلى', 'ar');
    await fake.send(server.url, fake.message(layla, QUESTION));
    await fake.waitFor(sendsTo(layla, '١٥'), 'the answer');
    expect(fake.tokenRequests).toEqual([
      { tenant: 'botframework.com', clientId: '21111111-2222-4333-8444-555555555555', accepted: true },
    ]);
  });

  it("is asked from the bot's own tenant for a single-tenant bot", async () => {
    fake = await FakeBotConnector.start('31111111-2222-4333-8444-555555555555');
    server = await startTestServer({
      env: fake.env({ BOTFRAMEWORK_APP_TYPE: 'SingleTenant', BOTFRAMEWORK_TENANT_ID: FAKE_TENANT_ID }),
    });
    const layla = fake.customer('msteams', 'ليلى', 'ar-SA');
    await fake.send(server.url, fake.message(layla, QUESTION));
    await fake.waitFor(sendsTo(layla, '١٥'), 'the answer');
    expect(fake.tokenRequests.map((r) => r.tenant)).toEqual([FAKE_TENANT_ID]);
  });

  it('is asked with a certificate instead of a password', async () => {
    fake = await FakeBotConnector.start('51111111-2222-4333-8444-555555555555');
    const certificate = new X509Certificate(readFileSync(FAKE_LOGIN_CA_FILE));
    const { BOTFRAMEWORK_APP_PASSWORD: _password, ...env } = fake.env({
      BOTFRAMEWORK_CERT_THUMBPRINT: certificate.fingerprint.replace(/:/g, ''),
      BOTFRAMEWORK_CERT_KEY_FILE: FAKE_CERT_KEY_FILE,
    });
    server = await startTestServer({ env });
    const layla = fake.customer('msteams', 'ليلى', 'ar-SA');
    await fake.send(server.url, fake.message(layla, QUESTION));
    await fake.waitFor(sendsTo(layla, '١٥'), 'the answer');
    expect(fake.tokenRequests).toEqual([
      { tenant: 'botframework.com', clientId: '51111111-2222-4333-8444-555555555555', accepted: true },
    ]);
  });

  it('sends nothing, and logs it, when the login service refuses the app secret', async () => {
    fake = await FakeBotConnector.start('41111111-2222-4333-8444-555555555555');
    server = await startTestServer({ env: fake.env({ BOTFRAMEWORK_APP_PASSWORD: 'not-the-secret' }) });
    const error = vi.spyOn(server.hamdel.app.log, 'error');
    const layla = fake.customer('msteams', 'ليلى', 'ar-SA');
    expect((await fake.send(server.url, fake.message(layla, QUESTION))).status).toBe(200);
    await eventually(() => fake.tokenRequests.some((r) => !r.accepted), 'the refused token request');
    await eventually(
      () => error.mock.calls.some((call) => String(call[1]).includes('turn failed')),
      'the failure logged',
    );
    expect(fake.calls).toEqual([]);
  });
});
